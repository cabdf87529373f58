#include "lexicon.h"

#include "gtest/gtest.h"
#include "segmenter.h"
#include "text_normalizer.h"

namespace parley::extract::lexicon {
namespace {

TEST(LexiconTest, ClassesOfWords) {
  EXPECT_NE(ClassesOf("said") & kSayVerb, 0u);
  EXPECT_NE(ClassesOf("said") & kReportingWord, 0u);
  EXPECT_NE(ClassesOf("according") & kReportingWord, 0u);
  EXPECT_NE(ClassesOf("minister") & kTitleHead, 0u);
  EXPECT_EQ(ClassesOf("deputy") & kTitleHead, 0u);
  EXPECT_NE(ClassesOf("deputy") & kTitleWord, 0u);
  EXPECT_NE(ClassesOf("phone") & kCallCue, 0u);
  EXPECT_NE(ClassesOf("tariffs") & (kMeasureCue | kSanctionContext), 0u);
  EXPECT_NE(ClassesOf("sept") & kDateWord, 0u);
  // A word in several lists has every bit: "confirmed" reports and agrees.
  EXPECT_EQ(ClassesOf("confirmed") & (kSayVerb | kAgreementVerb), kSayVerb | kAgreementVerb);
  EXPECT_EQ(ClassesOf("zebra"), 0u);
  EXPECT_EQ(ClassesOf("Said"), 0u);  // Lists hold NormWord forms (lower case).
  EXPECT_TRUE(IsTitleWord("foreign"));
  EXPECT_TRUE(IsOfficeTitle("prime minister"));
  EXPECT_FALSE(IsOrgWord("minister"));
}

TEST(LexiconTest, SegmenterTagsWordTokensOnly) {
  Document d = Segment(NormalizeText("Xi SAID, \"Phone me.\""));
  ASSERT_GE(d.tokens.size(), 4u);
  EXPECT_TRUE(d.tokens[1].Is(kSayVerb));   // Tagged by its norm, "said".
  EXPECT_EQ(d.tokens[2].lex, 0u);          // ","
  EXPECT_TRUE(d.tokens[4].Is(kCallCue));   // "Phone".
}

}  // namespace
}  // namespace parley::extract::lexicon
