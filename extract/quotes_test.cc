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

TEST(QuotesTest, QuotationRightAfterTheVerbIsDirect) {
  // The whole reported clause is in quotation marks: the speaker's own
  // words, so a direct quote whose text leaves the marks out.
  auto x = RunEngine("Pyongyang said \"the drills will bring nothing but destruction to the aggressors.\" "
               "Moon told reporters \xe2\x80\x9cwe will keep trying for dialogue with the North.\xe2\x80\x9d "
               "Xi said the country \"will never give up its interests\" under any circumstances.",
               absl::CivilDay(2021, 2, 11));
  ASSERT_EQ(x.quotes.size(), 3u);
  EXPECT_EQ(x.quotes[0].speaker.name, "North Korea");
  EXPECT_TRUE(x.quotes[0].direct);
  EXPECT_EQ(x.quotes[0].text, "the drills will bring nothing but destruction to the aggressors");
  EXPECT_EQ(x.quotes[1].speaker.name, "Moon Jae-in");
  EXPECT_TRUE(x.quotes[1].direct);
  EXPECT_EQ(x.quotes[1].text, "we will keep trying for dialogue with the North");
  // Only part of the clause is quoted: reported speech, marks kept.
  EXPECT_EQ(x.quotes[2].speaker.name, "Xi Jinping");
  EXPECT_FALSE(x.quotes[2].direct);
  EXPECT_EQ(x.quotes[2].text, "the country \"will never give up its interests\" under any circumstances");
}

TEST(QuotesTest, DeeplyNestedQuotesAreBounded) {
  std::string s;
  for (int i = 0; i < 20000; ++i) s += "Xi said \"Biden said \xe2\x80\x9cXi said ";
  auto x = RunEngine(s + ".");
  EXPECT_LT(x.quotes.size(), 100000u);
}

}  // namespace
}  // namespace parley::extract
