// Tokens, sentences and paragraphs of a normalised article.
//
// Word tokens carry their NameKey form (actors::NormWord) so names can be
// looked up in the knowledge base n-gram by n-gram. Abbreviations ("Gen.",
// "Sept.", "U.S.", initials) keep their period and do not end a sentence.
#ifndef PARLEY_EXTRACT_SEGMENTER_H_
#define PARLEY_EXTRACT_SEGMENTER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parley::extract {

enum class TokenKind : uint8_t {
  kWord,        // Letters/digits, may contain - ' and internal periods.
  kNumber,      // Starts with a digit: "2017-11-30", "8:25", "7.5".
  kPossessive,  // "'s" split off a word.
  kOpenQuote,   // “ or ‘ (or a straight " judged to open).
  kCloseQuote,  // ” or ’ (or a straight " judged to close).
  kDash,        // --, —, –, or a hyphen standing alone.
  kPunct,       // Anything else, one character.
};

struct Token {
  uint32_t begin = 0;  // Byte span in the text.
  uint32_t end = 0;
  TokenKind kind = TokenKind::kPunct;
  bool cap = false;        // Starts with an upper-case letter.
  bool all_caps = false;   // Two or more letters, all upper case.
  uint32_t lex = 0;        // lexicon::WordClass bits of `norm` (words and numbers).
  // actors::NormWord for words and numbers; the characters otherwise. Views
  // into the Document's own storage (or static text): stages compare it
  // against literals, and a view compares lengths before bytes.
  std::string_view norm;

  bool Is(uint32_t word_classes) const { return (lex & word_classes) != 0; }
};

struct Sentence {
  int begin = 0;  // Token range [begin, end).
  int end = 0;
  int paragraph = 0;
};

struct Paragraph {
  int begin = 0;  // Token range [begin, end).
  int end = 0;
  // False for headlines, bylines and page furniture: lines that do not end
  // like prose (with . ! ? or a closing quote). Nothing there is an event.
  bool prose = false;
};

struct Document {
  Document() = default;
  // Tokens view `norm_chars`: a copy would point into the original.
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;
  Document(Document&&) = default;
  Document& operator=(Document&&) = default;

  std::string text;  // Normalised text; offsets equal the original's.
  std::vector<char> norm_chars;  // Every token's norm, back to back (moves keep the buffer).
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::vector<Paragraph> paragraphs;

  std::string_view TokenText(int i) const {
    return std::string_view(text).substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
  }
  // Text of tokens [b, e) as written.
  std::string_view Span(int b, int e) const {
    if (b >= e) return {};
    return std::string_view(text).substr(tokens[b].begin, tokens[e - 1].end - tokens[b].begin);
  }
};

// Sentences longer than this are not prose (run-on junk, lists, binary):
// the stages skip them, which keeps their per-sentence work bounded.
constexpr int kMaxSentenceTokens = 300;
inline bool Analyzable(const Sentence& s) { return s.end - s.begin <= kMaxSentenceTokens; }

// First token of a sentence's own words: skips a dateline such as
// "SEOUL, Feb. 4 (Yonhap) --" or "TOKYO -" opening a paragraph.
int ContentStart(const Document& doc, const Sentence& s);

// Tokenises and segments `normalized` (the output of NormalizeText()).
Document Segment(std::string normalized);
// Same, into `doc`, reusing its buffers' capacity: a long-lived Document per
// thread spares the allocator and cold memory on every article.
void SegmentInto(std::string normalized, Document* doc);

}  // namespace parley::extract

#endif  // PARLEY_EXTRACT_SEGMENTER_H_
