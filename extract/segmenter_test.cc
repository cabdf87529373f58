#include "segmenter.h"

#include "gtest/gtest.h"
#include "text_normalizer.h"

namespace parley::extract {
namespace {

Document Seg(const std::string& s) { return Segment(NormalizeText(s)); }

TEST(SegmenterTest, AbbreviationsDoNotEndSentences) {
  Document d = Seg("Gen. Smith met Mr. Xi in Sept. 2017 in the U.S. capital. He left on Dec. 6. The end.");
  ASSERT_EQ(d.sentences.size(), 3u);
  EXPECT_EQ(d.TokenText(0), "Gen.");
  bool us = false;
  for (size_t i = 0; i < d.tokens.size(); ++i) us = us || d.TokenText(i) == "U.S.";
  EXPECT_TRUE(us);
}

TEST(SegmenterTest, QuotesAndPossessives) {
  Document d = Seg("\xe2\x80\x9cWe agree,\xe2\x80\x9d Xi\xe2\x80\x99s aide said. \"Fine,\" he said.");
  EXPECT_EQ(d.tokens[0].kind, TokenKind::kOpenQuote);
  int poss = 0, open = 0, close = 0;
  for (const auto& t : d.tokens) {
    poss += t.kind == TokenKind::kPossessive;
    open += t.kind == TokenKind::kOpenQuote;
    close += t.kind == TokenKind::kCloseQuote;
  }
  EXPECT_EQ(poss, 1);
  EXPECT_EQ(open, 2);
  EXPECT_EQ(close, 2);
  EXPECT_EQ(d.sentences.size(), 2u);  // '," he said' does not split.
}

TEST(SegmenterTest, HeadlinesAreNotProse) {
  Document d = Seg("Xi, Biden talk by phone\n\nBEIJING, Feb. 11 (Xinhua) -- Xi spoke with Biden on Thursday.\n");
  ASSERT_EQ(d.paragraphs.size(), 2u);
  EXPECT_FALSE(d.paragraphs[0].prose);
  EXPECT_TRUE(d.paragraphs[1].prose);
  const Sentence& s = d.sentences.back();
  EXPECT_EQ(d.TokenText(ContentStart(d, s)), "Xi");
}

TEST(SegmenterTest, BadInputIsBounded) {
  EXPECT_TRUE(Seg("").tokens.empty());
  std::string punct(5 << 20, '.');
  for (size_t i = 0; i < punct.size(); i += 7) punct[i] = '"';
  Document d = Seg(punct);
  EXPECT_FALSE(d.tokens.empty());
  std::string binary;
  for (int i = 0; i < 100000; ++i) binary.push_back(static_cast<char>(i * 131 % 256));
  EXPECT_FALSE(Seg(binary).tokens.empty());
}

}  // namespace
}  // namespace parley::extract
