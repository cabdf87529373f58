#include "gtest/gtest.h"
#include "test_util.h"

namespace parley::extract {
namespace {

TEST(CallsTest, OneRecordPerConversation) {
  auto x = RunEngine("BEIJING, Feb. 11 (Xinhua) -- Chinese President Xi Jinping spoke with his U.S. counterpart "
               "Joe Biden over the phone on Thursday morning.\n\nThursday's call was their first. "
               "Xi and Biden discussed Taiwan in the phone call.",
               absl::CivilDay(2021, 2, 11));
  ASSERT_EQ(x.calls.size(), 1u);
  const Call& c = x.calls[0];
  ASSERT_EQ(c.participants.size(), 2u);
  EXPECT_EQ(c.participants[0].name, "Xi Jinping");
  EXPECT_EQ(c.participants[1].name, "Joe Biden");
  EXPECT_EQ(c.date, absl::CivilDay(2021, 2, 11));
  EXPECT_EQ(c.medium, Medium::kPhone);
}

TEST(CallsTest, VideoAndDatesAndExclusions) {
  auto x = RunEngine("Xi and Biden held talks via video link late Wednesday. "
               "Suga will hold phone talks with Moon next week. Abe met Trump in Tokyo.",
               absl::CivilDay(2021, 2, 11));
  ASSERT_EQ(x.calls.size(), 1u);
  EXPECT_EQ(x.calls[0].medium, Medium::kVideo);
  EXPECT_EQ(x.calls[0].date, absl::CivilDay(2021, 2, 10));
}

TEST(CallsTest, UnanchoredDateIsNull) {
  auto x = RunEngine("Xi spoke by phone with Trump on Monday.");
  ASSERT_EQ(x.calls.size(), 1u);
  EXPECT_FALSE(x.calls[0].date.has_value());
}

TEST(CallsTest, SeparateCallsAndWithListsSplit) {
  auto x = RunEngine("Suga held separate calls on Thursday with Biden and Moon.", absl::CivilDay(2021, 1, 28));
  ASSERT_EQ(x.calls.size(), 2u);
  EXPECT_EQ(x.calls[0].participants[1].name, "Joe Biden");
  EXPECT_EQ(x.calls[1].participants[1].name, "Moon Jae-in");
  x = RunEngine("Moon also spoke by phone with the U.S. president on Tuesday and then with the Japanese leader "
                "30 minutes later.",
                absl::CivilDay(2021, 1, 28));
  ASSERT_EQ(x.calls.size(), 2u);
  EXPECT_EQ(x.calls[0].participants[1].name, "Joe Biden");
  EXPECT_EQ(x.calls[1].participants[1].name, "Yoshihide Suga");
  EXPECT_EQ(x.calls[1].date, absl::CivilDay(2021, 1, 26));
}

TEST(CallsTest, AnaphoricMentionsDateAnEarlierCall) {
  auto x = RunEngine("Biden spoke by phone with Xi for the first time. In the call on Tuesday, they discussed trade.",
                     absl::CivilDay(2021, 2, 11));
  ASSERT_EQ(x.calls.size(), 1u);
  EXPECT_EQ(x.calls[0].date, absl::CivilDay(2021, 2, 9));
}

// "by phone", "over the phone", "on the phone" cue a call; "the phone"
// after any other word does not (the grouping the clang
// -Wlogical-op-parentheses fix kept).
TEST(CallsTest, OverThePhoneButNotAnyPhone) {
  auto over = RunEngine("Xi and Biden talked over the phone on Thursday.", absl::CivilDay(2021, 2, 11));
  ASSERT_EQ(over.calls.size(), 1u);
  EXPECT_EQ(over.calls[0].medium, Medium::kPhone);
  auto other = RunEngine("Xi and Biden discussed the phone maker on Thursday.", absl::CivilDay(2021, 2, 11));
  EXPECT_TRUE(other.calls.empty());
}

}  // namespace
}  // namespace parley::extract
