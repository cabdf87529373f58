#include "parley/extract/events.h"

#include "gtest/gtest.h"

namespace parley::extract {
namespace {

TEST(EventsTest, NamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(Measure::kOther); ++i) {
    Measure m;
    ASSERT_TRUE(ParseMeasure(MeasureName(static_cast<Measure>(i)), &m));
    EXPECT_EQ(static_cast<int>(m), i);
  }
  SanctionStatus s;
  EXPECT_TRUE(ParseStatus("lifted", &s));
  EXPECT_EQ(s, SanctionStatus::kLifted);
  Medium md;
  EXPECT_TRUE(ParseMedium("video", &md));
  EXPECT_EQ(md, Medium::kVideo);
  ActorKind k;
  EXPECT_TRUE(ParseActorKind("news_outlet", &k));
  EXPECT_EQ(k, ActorKind::kNewsOutlet);
  EXPECT_STREQ(MeasureName(Measure::kSupplyCap), "supply_cap");
}

TEST(EventsTest, UnknownNamesAreRejected) {
  Measure m;
  EXPECT_FALSE(ParseMeasure("Export_Ban", &m));
  EXPECT_FALSE(ParseMeasure("", &m));
  SanctionStatus s;
  EXPECT_FALSE(ParseStatus("done", &s));
}

}  // namespace
}  // namespace parley::extract
