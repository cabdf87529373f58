#include "dates.h"

#include "gtest/gtest.h"
#include "text_normalizer.h"

namespace parley::extract {
namespace {

Document Seg(const std::string& s) { return Segment(NormalizeText(s)); }

TEST(DatesTest, PublishedFromTimestampOrDateline) {
  EXPECT_EQ(FindPublishedDate(Seg("Source: Xinhua | 2017-11-30 09:22:39 | Editor\n\nText.")),
            absl::CivilDay(2017, 11, 30));
  EXPECT_EQ(FindPublishedDate(Seg("Headline\n\nOn December 6, 2010, Hu spoke.")), absl::CivilDay(2010, 12, 6));
  EXPECT_EQ(FindPublishedDate(Seg("Published: 11:48pm, 22 Mar, 2021\n\nText here now.")),
            absl::CivilDay(2021, 3, 22));
  EXPECT_FALSE(FindPublishedDate(Seg("WASHINGTON, Dec 6 (Reuters) - No year here at all.")).has_value());
  // Year-first with slashes or dots (Yonhap, Asian wires); never day- or
  // month-first, which are ambiguous.
  EXPECT_EQ(FindPublishedDate(Seg("Headline\n\n2010/05/24 14:35 KST\n\nSEOUL, May 24 (Yonhap) -- Text.")),
            absl::CivilDay(2010, 5, 24));
  EXPECT_EQ(FindPublishedDate(Seg("Headline\n\n2021.03.22 09:10\n\nText here now.")),
            absl::CivilDay(2021, 3, 22));
  EXPECT_FALSE(FindPublishedDate(Seg("Headline\n\n05/04/2010\n\nText here now.")).has_value());
  EXPECT_FALSE(FindPublishedDate(Seg("Headline\n\n2010/13/24 and 2010/05-24\n\nText.")).has_value());
}

TEST(DatesTest, RelativeExpressions) {
  absl::CivilDay thu(2021, 2, 11);  // A Thursday.
  auto resolve = [&](const std::string& s) {
    Document d = Seg(s);
    return ResolveDate(d, 0, static_cast<int>(d.tokens.size()), thu);
  };
  EXPECT_EQ(resolve("they spoke late Wednesday").day, absl::CivilDay(2021, 2, 10));
  EXPECT_EQ(resolve("on Thursday morning").day, thu);
  EXPECT_EQ(resolve("last Thursday").day, absl::CivilDay(2021, 2, 4));
  EXPECT_EQ(resolve("yesterday").day, absl::CivilDay(2021, 2, 10));
  EXPECT_EQ(resolve("on Nov. 12").day, absl::CivilDay(2020, 11, 12));
  EXPECT_EQ(resolve("on Jan. 26").day, absl::CivilDay(2021, 1, 26));
  DateMention vague = resolve("earlier this month");
  EXPECT_TRUE(vague.found);
  EXPECT_FALSE(vague.day.has_value());
  EXPECT_FALSE(resolve("nothing dated here").found);
  // "earlier" is a vague date only as "earlier in ..." or "earlier, ...";
  // "a day earlier" is a relative offset, not a date (the clang
  // -Wlogical-op-parentheses fix kept this grouping).
  EXPECT_TRUE(resolve("earlier in the week they spoke").found);
  EXPECT_FALSE(resolve("a day earlier they spoke").found);
  EXPECT_TRUE(resolve("they had spoken recently").found);
  Document d = Seg("on Monday");
  EXPECT_FALSE(ResolveDate(d, 0, 2, std::nullopt).day.has_value());
}

}  // namespace
}  // namespace parley::extract
