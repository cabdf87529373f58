#include "parley/extract/extractor.h"

#include <atomic>
#include <thread>

#include "gtest/gtest.h"
#include "test_util.h"

namespace parley::extract {
namespace {

TEST(ExtractorTest, RejectsNullKb) { EXPECT_FALSE(Extractor::Create(nullptr).ok()); }

// With no metadata the article's own timestamp or dateline is the anchor
// that dates the call ("late Wednesday", "last Thursday").
struct DatelineCase {
  const char* text;
  absl::CivilDay published, call;
  const char* counterpart;  // The call's second participant.
  const char* quote;        // The one quote, or nullptr for none.
};

TEST(ExtractorTest, PublishedFromTextWhenNoMetadata) {
  const DatelineCase cases[] = {
      {"Xi, Trump talk\n\nSource: Xinhua | 2017-11-30 09:22:39\n\nBEIJING, Nov. 30 (Xinhua) -- "
       "Chinese President Xi Jinping told his U.S. counterpart, Donald Trump, in a telephone "
       "conversation late Wednesday that peace is the goal.",
       absl::CivilDay(2017, 11, 30), absl::CivilDay(2017, 11, 29), "Donald Trump",
       "peace is the goal"},
      // Year first with slashes, as Yonhap's; 2016/03/07 is a Monday.
      {"Park, Abe talk\n\n2016/03/07 10:05 KST\n\nSEOUL, March 7 (Yonhap) -- South Korean "
       "President Park Geun-hye and Japanese Prime Minister Shinzo Abe held a 20-minute phone "
       "conversation last Thursday.",
       absl::CivilDay(2016, 3, 7), absl::CivilDay(2016, 3, 3), "Shinzo Abe", nullptr},
  };
  for (const DatelineCase& c : cases) {
    SCOPED_TRACE(c.text);
    auto x = RunEngine(c.text);
    EXPECT_EQ(x.published, c.published);
    ASSERT_EQ(x.calls.size(), 1u);
    EXPECT_EQ(x.calls[0].date, c.call);
    ASSERT_EQ(x.calls[0].participants.size(), 2u);
    EXPECT_EQ(x.calls[0].participants[1].name, c.counterpart);
    ASSERT_EQ(x.quotes.size(), c.quote != nullptr ? 1u : 0u);
    if (c.quote != nullptr) EXPECT_EQ(x.quotes[0].text, c.quote);
  }
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
