#include "gtest/gtest.h"
#include "test_util.h"

namespace parley::extract {
namespace {

TEST(QuotesTest, DirectQuoteWithSpeakerAfterAndBefore) {
  auto x = RunEngine("\xe2\x80\x9c" "China and the United States gain from cooperation. Cooperation is the only choice,"
               "\xe2\x80\x9d the Chinese president stressed.\n\nXi told Biden: \"We hope the possibilities will now point up.\"",
               absl::CivilDay(2021, 2, 11));
  ASSERT_EQ(x.quotes.size(), 2u);
  EXPECT_EQ(x.quotes[0].speaker.name, "Xi Jinping");
  EXPECT_TRUE(x.quotes[0].direct);
  EXPECT_EQ(x.quotes[0].text, "China and the United States gain from cooperation. Cooperation is the only choice");
  EXPECT_EQ(x.quotes[1].speaker.name, "Xi Jinping");
}

TEST(QuotesTest, ReportedSpeechForms) {
  auto x = RunEngine("Xi said that relations were at a juncture. The two sides should talk more, he added. "
               "He urged the U.S. side to respect China's core interests. "
               "Some experts say the talks will fail.",
               absl::CivilDay(2021, 2, 11));
  ASSERT_EQ(x.quotes.size(), 3u);
  EXPECT_EQ(x.quotes[0].text, "relations were at a juncture");
  EXPECT_EQ(x.quotes[1].text, "The two sides should talk more");
  EXPECT_EQ(x.quotes[2].text, "the U.S. side to respect China's core interests");
  for (const auto& q : x.quotes) EXPECT_EQ(q.speaker.name, "Xi Jinping");
}

TEST(QuotesTest, NestedAttributionTakesInnermostSpeaker) {
  auto x = RunEngine("The White House said Biden told Xi he had concerns about Hong Kong.", absl::CivilDay(2021, 2, 11));
  ASSERT_EQ(x.quotes.size(), 1u);
  EXPECT_EQ(x.quotes[0].speaker.name, "Joe Biden");
  EXPECT_EQ(x.quotes[0].text, "he had concerns about Hong Kong");
}

TEST(QuotesTest, DeeplyNestedQuotesAreBounded) {
  std::string s;
  for (int i = 0; i < 20000; ++i) s += "Xi said \"Biden said \xe2\x80\x9cXi said ";
  auto x = RunEngine(s + ".");
  EXPECT_LT(x.quotes.size(), 100000u);
}

}  // namespace
}  // namespace parley::extract
