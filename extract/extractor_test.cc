#include "parley/extract/extractor.h"

#include <atomic>
#include <thread>

#include "gtest/gtest.h"
#include "test_util.h"

namespace parley::extract {
namespace {

TEST(ExtractorTest, RejectsNullKb) { EXPECT_FALSE(Extractor::Create(nullptr).ok()); }

TEST(ExtractorTest, PublishedFromTextWhenNoMetadata) {
  auto x = RunEngine("Xi, Trump talk\n\nSource: Xinhua | 2017-11-30 09:22:39\n\nBEIJING, Nov. 30 (Xinhua) -- "
               "Chinese President Xi Jinping told his U.S. counterpart, Donald Trump, in a telephone "
               "conversation late Wednesday that peace is the goal.");
  EXPECT_EQ(x.published, absl::CivilDay(2017, 11, 30));
  ASSERT_EQ(x.calls.size(), 1u);
  EXPECT_EQ(x.calls[0].date, absl::CivilDay(2017, 11, 29));
  EXPECT_EQ(x.calls[0].participants[1].name, "Donald Trump");
  ASSERT_EQ(x.quotes.size(), 1u);
  EXPECT_EQ(x.quotes[0].text, "peace is the goal");
}

TEST(ExtractorTest, BadInputNeverFails) {
  for (std::string s : {std::string(), std::string("\0\0\0", 3), std::string(100000, '"'),
                        std::string("\xff\xfe\xfd Xi said \xc3", 14)}) {
    Extraction x = RunEngine(s);
    EXPECT_TRUE(x.calls.empty());
  }
}

TEST(ExtractorTest, ConcurrentExtractsAgree) {
  auto ex = Extractor::Create(&FixtureKb());
  ASSERT_TRUE(ex.ok());
  std::string text = "Xi said that peace matters. Biden spoke with Xi by phone on Monday.";
  ArticleMeta meta;
  meta.published = absl::CivilDay(2021, 2, 11);
  auto ref = (*ex)->Extract(text, meta);
  ASSERT_TRUE(ref.ok());
  std::vector<std::thread> pool;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    pool.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        auto x = (*ex)->Extract(text, meta);
        if (!x.ok() || x->quotes.size() != ref->quotes.size() || x->calls.size() != ref->calls.size()) ++mismatches;
      }
    });
  }
  for (auto& t : pool) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace parley::extract
