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

// ASCII text takes a fast path; it must agree with the general one, which
// the same text with a non-ASCII letter appended takes.
TEST(NormalizeTextTest, AsciiFastPathAgreesWithTheGeneralPath) {
  std::string every_ascii;
  for (int c = 1; c < 0x80; ++c) every_ascii.push_back(static_cast<char>(c));
  for (std::string text : {std::string("  Plain  text,\tmore\r\n\v\f end  "), every_ascii,
                           std::string("\x1c\x1d\x1e\x1f x \x7f"), std::string("")}) {
    absl::StatusOr<std::string> fast = NormalizeText(text);
    absl::StatusOr<std::string> general = NormalizeText(text + "\xC3\xA9");
    ASSERT_TRUE(fast.ok() && general.ok());
    EXPECT_EQ(*fast + (fast->empty() || text.back() != ' ' ? "" : " ") + "\xC3\xA9", *general)
        << text;
  }
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
