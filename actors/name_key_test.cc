#include "parley/actors/name_key.h"

#include "gtest/gtest.h"

namespace parley::actors {
namespace {

TEST(NameKeyTest, IgnoresCasePeriodsAndLeadingThe) {
  EXPECT_EQ(NameKey("N. Korea"), "n korea");
  EXPECT_EQ(NameKey("U.S."), NameKey("US"));
  EXPECT_EQ(NameKey("the White House"), "white house");
  EXPECT_EQ(NameKey("  Moon   Jae-In "), "moon jae-in");
}

TEST(NameKeyTest, StripsAccentsWithUtf8proc) {
  EXPECT_EQ(NameKey("Recep Tayyip Erdoğan"), "recep tayyip erdogan");
  EXPECT_EQ(NameKey("François Hollande"), "francois hollande");
  EXPECT_EQ(NameKey("ÉLYSÉE"), "elysee");
}

TEST(NameKeyTest, SplitsPossessive) {
  EXPECT_EQ(NameKey("People's Republic of China"), "people 's republic of china");
  EXPECT_EQ(NameKey("China\xE2\x80\x99s foreign ministry"), "china 's foreign ministry");
  EXPECT_EQ(NormWord("\xE2\x80\x99s"), "'s");
}

TEST(NameKeyTest, BadInputIsHarmless) {
  EXPECT_EQ(NameKey(""), "");
  EXPECT_EQ(NameKey("the"), "");
  std::string invalid = "\xff\xfe Abc";
  EXPECT_FALSE(NameKey(invalid).empty());
}

}  // namespace
}  // namespace parley::actors
