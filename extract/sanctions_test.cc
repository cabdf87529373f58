#include "gtest/gtest.h"
#include "test_util.h"

namespace parley::extract {
namespace {

TEST(SanctionsTest, MeasureItemsAndParties) {
  auto x = RunEngine("The UN Security Council imposed export bans on North Korea's exports of coal, iron, lead, "
               "textiles and seafood.",
               absl::CivilDay(2017, 11, 30));
  ASSERT_EQ(x.sanctions.size(), 1u);
  const Sanction& s = x.sanctions[0];
  EXPECT_EQ(s.imposer.name, "UN Security Council");
  EXPECT_EQ(s.target.name, "North Korea");
  EXPECT_EQ(s.measure, Measure::kExportBan);
  EXPECT_EQ(s.items, (std::vector<std::string>{"coal", "iron", "lead", "textiles", "seafood"}));
  EXPECT_EQ(s.status, SanctionStatus::kImposed);
}

TEST(SanctionsTest, StatusAndSeparateImposers) {
  auto x = RunEngine("Japan and South Korea froze the assets of North Korean officials. "
               "The United States lifted sanctions and tariffs on China.",
               absl::CivilDay(2017, 11, 30));
  int freezes = 0, lifted = 0;
  for (const auto& s : x.sanctions) {
    freezes += s.measure == Measure::kAssetFreeze && s.target.name == "North Korea";
    lifted += s.status == SanctionStatus::kLifted;
  }
  EXPECT_EQ(freezes, 2);
  EXPECT_GE(lifted, 1);
}

TEST(SanctionsTest, LaterSentencesBorrowTheFrame) {
  auto x = RunEngine("Japan imposed new sanctions on North Korea on Friday. "
                     "The measures include a travel ban and an asset freeze.",
                     absl::CivilDay(2016, 2, 10));
  int found = 0;
  for (const auto& s : x.sanctions) {
    if (s.imposer.name == "Japan" && s.target.name == "North Korea" &&
        (s.measure == Measure::kTravelBan || s.measure == Measure::kAssetFreeze)) {
      ++found;
    }
  }
  EXPECT_EQ(found, 2);
}

TEST(SanctionsTest, ThreatsAreThreatened) {
  auto x = RunEngine("The United States warned China that more penalties would follow.", absl::CivilDay(2021, 2, 10));
  ASSERT_EQ(x.sanctions.size(), 1u);
  EXPECT_EQ(x.sanctions[0].measure, Measure::kOther);
  EXPECT_EQ(x.sanctions[0].status, SanctionStatus::kThreatened);
}

// Joint ventures are an investment ban by themselves; "investment" only
// with a ban word near it (the grouping the clang -Wlogical-op-parentheses
// fix kept).
TEST(SanctionsTest, InvestmentNeedsABanNearby) {
  auto banned = RunEngine("China imposed sanctions on North Korea, banning new investment in the country.",
                          absl::CivilDay(2017, 11, 30));
  int bans = 0;
  for (const auto& s : banned.sanctions) bans += s.measure == Measure::kInvestmentBan;
  EXPECT_EQ(bans, 1);
  auto rose = RunEngine("China imposed sanctions on North Korea, and investment in the country rose sharply.",
                        absl::CivilDay(2017, 11, 30));
  for (const auto& s : rose.sanctions) EXPECT_NE(s.measure, Measure::kInvestmentBan);
}

}  // namespace
}  // namespace parley::extract
