#include "store/text_hash.h"

#include "gtest/gtest.h"
#include "store/fold_case.h"

namespace parley::store {
namespace {

TEST(NormalizeTextTest, CollapsesWhitespaceAndComposes) {
  EXPECT_EQ(NormalizeText("  a \t\r\n b\xC2\xA0" "c\xE2\x80\xA8" "d  ").value(), "a b c d");
  EXPECT_EQ(NormalizeText("Cafe\xCC\x81").value(), "Caf\xC3\xA9");  // NFD -> NFC.
  EXPECT_EQ(NormalizeText(" \n ").value(), "");
  EXPECT_TRUE(absl::IsInvalidArgument(NormalizeText("bad \xff").status()));
}

TEST(ContentSha256Test, KnownDigestAndWhitespaceInsensitive) {
  EXPECT_EQ(ContentSha256("abc").value(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ContentSha256("  abc\n").value(), ContentSha256("abc").value());
  EXPECT_NE(ContentSha256("ab c").value(), ContentSha256("abc").value());
}

TEST(FoldCaseTest, FoldsUnicodeAndBoundsPrefixes) {
  EXPECT_EQ(FoldCase("Moon JAE-IN"), "moon jae-in");
  EXPECT_EQ(FoldCase("Stra\xC3\x9F" "e"), "strasse");
  EXPECT_EQ(FoldCase("\xC3\x89MILE"), "\xC3\xA9mile");
  EXPECT_EQ(PrefixSuccessor("moon"), "mooo");
  EXPECT_EQ(PrefixSuccessor("a\xff"), "b");
  EXPECT_EQ(PrefixSuccessor("\xff\xff"), "");
}

}  // namespace
}  // namespace parley::store
