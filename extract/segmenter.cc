#include "segmenter.h"

#include <algorithm>
#include <array>

#include "lexicon.h"
#include "word_set.h"

#include "parley/actors/name_key.h"
#include "utf8proc.h"

namespace parley::extract {
namespace {

// Lower-case words that keep their period: titles, months, Latin shorthands.
constexpr std::string_view kAbbreviations[] = {
    "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "cmdr",
    "adm", "maj", "prof", "st", "jr", "sr", "rev", "pres", "amb", "gens", "reps", "sens",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "nos", "vs", "etc", "inc", "corp", "co", "ltd", "mt", "ft", "approx", "dept", "est",
    "govt", "min"};
const WordSet kAbbreviationsSet(kAbbreviations);

// Capitalised words that usually start a sentence; after an abbreviation
// such as "U.S." they signal a sentence break.
constexpr std::string_view kSentenceStarters[] = {
    "the", "he", "she", "it", "they", "we", "i", "but", "in", "on", "a", "an", "this", "that",
    "these", "those", "his", "her", "their", "its", "there", "after", "as", "at", "while", "when"};
const WordSet kSentenceStartersSet(kSentenceStarters);


struct Char {
  int32_t cp = 0;
  int len = 1;
};

Char Decode(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {c, 1};
  utf8proc_int32_t cp = 0;
  utf8proc_ssize_t len = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                          static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  if (len <= 0) return {'?', 1};
  return {cp, static_cast<int>(len)};
}

bool IsWordChar(int32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  }
  auto cat = utf8proc_category(cp);
  return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO);
}

bool IsUpper(int32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

bool IsLower(int32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

bool IsDigit(int32_t cp) { return cp >= '0' && cp <= '9'; }

// ASCII letters and digits, by byte: the tokenizer's inner loop.
constexpr std::array<bool, 256> kAsciiAlnum = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  return t;
}();
bool IsSpace(int32_t cp) { return cp == ' ' || cp == '\n' || cp == '\t'; }

// Appends NormWord(w) to `out`: an ASCII fast path (lower case, periods
// dropped), the knowledge base's own function otherwise. Returns whether w
// is ASCII.
bool AppendNorm(std::string_view w, std::vector<char>* out) {
  for (unsigned char c : w) {
    if (c >= 0x80) {
      std::string n = actors::NormWord(w);
      out->insert(out->end(), n.begin(), n.end());
      return false;
    }
  }
  for (char c : w) {
    if (c == '.') continue;
    out->push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return true;
}

class Tokenizer {
 public:
  explicit Tokenizer(Document* doc) : doc_(doc), s_(doc->text) {}

  void Run() {
    // A token has at least one byte: reserving one per byte means the token
    // arrays never regrow (regrowth copies dominated hostile input such as
    // megabytes of punctuation). Pages are touched only as tokens are added.
    doc_->norm_chars.reserve(s_.size() + 16);
    doc_->tokens.reserve(s_.size() + 1);
    norm_spans_.reserve(s_.size() + 1);
    ScanAll();
    // Norms were appended while the buffer could still grow: point at them now.
    const char* base = doc_->norm_chars.data();
    for (size_t k = 0; k < doc_->tokens.size(); ++k) {
      Token& t = doc_->tokens[k];
      t.norm = std::string_view(base + norm_spans_[k].first, norm_spans_[k].second);
      // The word lists hold only words: punctuation needs no lookup.
      if (t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber) t.lex = lexicon::ClassesOf(t.norm);
    }
  }

 private:
  void ScanAll() {
    size_t i = 0;
    const size_t n = s_.size();
    while (i < n) {
      Char c = Decode(s_, i);
      if (IsSpace(c.cp)) {
        ++i;
        continue;
      }
      if (IsWordChar(c.cp)) {
        i = ScanWord(i);
        continue;
      }
      i = ScanPunct(i, c);
    }
  }

  // The end of the run of ASCII letters and digits at j: most of a word,
  // scanned without decoding.
  size_t SkipAsciiAlnum(size_t j) const {
    const char* p = s_.data();
    const size_t n = s_.size();
    while (j < n && kAsciiAlnum[static_cast<unsigned char>(p[j])]) ++j;
    return j;
  }

  // Scans a word starting at i; returns the position after it (and after a
  // split-off possessive).
  size_t ScanWord(size_t i) {
    const size_t n = s_.size();
    size_t j = i;
    size_t segment_start = i;
    bool digit_start = IsDigit(Decode(s_, i).cp);
    bool initialism = false;  // Saw "X." with X one letter.
    while (j < n) {
      j = SkipAsciiAlnum(j);
      if (j >= n) break;
      Char c = Decode(s_, j);
      if (IsWordChar(c.cp)) {
        j += c.len;
        continue;
      }
      if (j + c.len >= n) break;
      Char next = Decode(s_, j + c.len);
      if (!IsWordChar(next.cp)) break;
      if (c.cp == '\'' || c.cp == 0x2019) {
        // Possessive "'s" at word end is split off below.
        if ((next.cp == 's' || next.cp == 'S') &&
            (j + c.len + 1 >= n || !IsWordChar(Decode(s_, j + c.len + 1).cp))) {
          break;
        }
        j += c.len;
        continue;
      }
      if (c.cp == '-') {
        j += 1;
        segment_start = j;
        continue;
      }
      if (c.cp == '.') {
        bool one_letter = (j - segment_start) == 1 && !digit_start;
        bool numeric = digit_start && IsDigit(next.cp);
        if (one_letter || numeric || initialism) {
          initialism = initialism || one_letter;
          j += 1;
          segment_start = j;
          continue;
        }
        break;
      }
      if ((c.cp == ':' || c.cp == ',' || c.cp == '/') && digit_start && IsDigit(next.cp) &&
          IsDigit(Decode(s_, j - 1).cp)) {
        j += 1;
        continue;
      }
      break;
    }
    // A trailing period belongs to initialisms ("U.S."), initials ("W.") and
    // known abbreviations ("Gen.").
    if (j < n && s_[j] == '.') {
      std::string low = actors::NormWord(s_.substr(i, j - i));
      bool single_cap = (j - i) == 1 && IsUpper(Decode(s_, i).cp);
      if (initialism || single_cap || (!digit_start && kAbbreviationsSet.contains(low))) {
        ++j;
        // "U.S.-led": keep going through a hyphen.
        if (j + 1 < n && s_[j] == '-' && IsWordChar(Decode(s_, j + 1).cp)) {
          size_t k = j + 1;
          while (k < n && IsWordChar(Decode(s_, k).cp)) k += Decode(s_, k).len;
          j = k;
        }
      }
    }
    Add(i, j, digit_start ? TokenKind::kNumber : TokenKind::kWord);
    // Possessive.
    if (j < n) {
      Char c = Decode(s_, j);
      if ((c.cp == '\'' || c.cp == 0x2019) && j + c.len < n &&
          (s_[j + c.len] == 's' || s_[j + c.len] == 'S')) {
        size_t e = j + c.len + 1;
        if (e >= n || !IsWordChar(Decode(s_, e).cp)) {
          Add(j, e, TokenKind::kPossessive, "'s");
          return e;
        }
      }
      // Plural possessive "leaders'": swallow the apostrophe.
      if (c.cp == '\'' && j > i && (s_[j - 1] == 's' || s_[j - 1] == 'S') &&
          (j + 1 >= n || !IsWordChar(Decode(s_, j + 1).cp))) {
        Add(j, j + 1, TokenKind::kPossessive, "'");
        return j + 1;
      }
    }
    return j;
  }

  size_t ScanPunct(size_t i, Char c) {
    const size_t n = s_.size();
    TokenKind kind = TokenKind::kPunct;
    size_t e = i + c.len;
    switch (c.cp) {
      case 0x201C: case 0x2018: case 0x00AB: case 0x201E:
        kind = TokenKind::kOpenQuote;
        break;
      case 0x201D: case 0x2019: case 0x00BB:
        kind = TokenKind::kCloseQuote;
        break;
      case '"': {
        int32_t prev = i == 0 ? ' ' : static_cast<unsigned char>(s_[i - 1]);
        bool opens = prev == ' ' || prev == '\n' || prev == '(' || prev == '[' || prev == '-' ||
                     prev == '\t' || i == 0;
        kind = opens ? TokenKind::kOpenQuote : TokenKind::kCloseQuote;
        break;
      }
      case 0x2014: case 0x2013:
        kind = TokenKind::kDash;
        break;
      case '-':
        if (e < n && s_[e] == '-') {
          while (e < n && s_[e] == '-') ++e;
          kind = TokenKind::kDash;
        } else if ((i == 0 || IsSpace(static_cast<unsigned char>(s_[i - 1]))) &&
                   (e >= n || IsSpace(static_cast<unsigned char>(s_[e])))) {
          kind = TokenKind::kDash;
        }
        break;
      default:
        break;
    }
    Add(i, e, kind);
    return e;
  }

  // cap: starts upper case; all_caps: two or more upper-case letters, no
  // lower-case one.
  static void SetCase(std::string_view w, bool ascii, Token* t) {
    int upper = 0;
    bool any_lower = false;
    if (ascii) {
      for (char c : w) {
        upper += c >= 'A' && c <= 'Z';
        any_lower = any_lower || (c >= 'a' && c <= 'z');
      }
      t->cap = w[0] >= 'A' && w[0] <= 'Z';
    } else {
      for (size_t k = 0; k < w.size();) {
        Char c = Decode(w, k);
        if (IsLower(c.cp)) any_lower = true;
        if (IsUpper(c.cp)) ++upper;
        k += c.len;
      }
      t->cap = IsUpper(Decode(w, 0).cp);
    }
    t->all_caps = upper >= 2 && !any_lower;
  }

  // Adds token [b, e); `fixed_norm` overrides the computed norm.
  void Add(size_t b, size_t e, TokenKind kind, std::string_view fixed_norm = {}) {
    Token t;
    t.begin = static_cast<uint32_t>(b);
    t.end = static_cast<uint32_t>(e);
    t.kind = kind;
    std::string_view w = s_.substr(b, e - b);
    std::vector<char>& chars = doc_->norm_chars;
    const size_t off = chars.size();
    if (!fixed_norm.empty()) {
      chars.insert(chars.end(), fixed_norm.begin(), fixed_norm.end());
    } else if (kind == TokenKind::kWord || kind == TokenKind::kNumber) {
      const bool ascii = AppendNorm(w, &chars);
      SetCase(w, ascii, &t);
    } else {
      chars.insert(chars.end(), w.begin(), w.end());
    }
    norm_spans_.emplace_back(static_cast<uint32_t>(off), static_cast<uint32_t>(chars.size() - off));
    doc_->tokens.push_back(t);
  }

  Document* doc_;
  std::string_view s_;
  std::vector<std::pair<uint32_t, uint32_t>> norm_spans_;  // (offset, length) in norm_chars.
};

bool IsTerminal(const Token& t) {
  return t.kind == TokenKind::kPunct && (t.norm == "." || t.norm == "!" || t.norm == "?");
}

bool IsAbbrevEnd(const Document& d, int i) {
  const Token& t = d.tokens[i];
  return t.kind == TokenKind::kWord && d.text[t.end - 1] == '.';
}

// Paragraph breaks: a blank line, or a newline after a line that is short
// or ends like a sentence (so hard-wrapped text stays one paragraph).
std::vector<bool> ParagraphStarts(const Document& d) {
  std::vector<bool> starts(d.tokens.size(), false);
  if (d.tokens.empty()) return starts;
  starts[0] = true;
  for (size_t i = 1; i < d.tokens.size(); ++i) {
    uint32_t gap_b = d.tokens[i - 1].end, gap_e = d.tokens[i].begin;
    int newlines = 0;
    for (uint32_t k = gap_b; k < gap_e; ++k) newlines += d.text[k] == '\n';
    if (newlines == 0) continue;
    if (newlines >= 2) {
      starts[i] = true;
      continue;
    }
    // Length of the previous line.
    uint32_t line_start = gap_b;
    while (line_start > 0 && d.text[line_start - 1] != '\n') --line_start;
    const Token& prev = d.tokens[i - 1];
    bool ends_prose = IsTerminal(prev) || prev.kind == TokenKind::kCloseQuote || prev.norm == ":";
    starts[i] = ends_prose || (gap_b - line_start) < 60;
  }
  return starts;
}

void SplitSentences(Document* d, int pb, int pe, int para) {
  int start = pb;
  for (int i = pb; i < pe; ++i) {
    const Token& t = d->tokens[i];
    bool end_here = false;
    int last = i;
    if (IsTerminal(t)) {
      end_here = true;
    } else if (IsAbbrevEnd(*d, i) && i + 1 < pe) {
      const Token& nx = d->tokens[i + 1];
      end_here = nx.cap && kSentenceStartersSet.contains(nx.norm);
    }
    if (!end_here) continue;
    // Absorb closing quotes and brackets.
    while (last + 1 < pe && (d->tokens[last + 1].kind == TokenKind::kCloseQuote ||
                             d->tokens[last + 1].norm == ")")) {
      ++last;
    }
    // '," he said' or '?" she asked': the sentence continues.
    if (last + 1 < pe) {
      const Token& nx = d->tokens[last + 1];
      if ((nx.kind == TokenKind::kWord && !nx.cap) || nx.norm == "," ) continue;
    }
    d->sentences.push_back(Sentence{start, last + 1, para});
    start = last + 1;
    i = last;
  }
  if (start < pe) d->sentences.push_back(Sentence{start, pe, para});
}

}  // namespace

int ContentStart(const Document& doc, const Sentence& s) {
  const Paragraph& p = doc.paragraphs[s.paragraph];
  if (p.begin != s.begin) return s.begin;
  int limit = std::min(s.end, s.begin + 16);
  for (int i = s.begin + 1; i < limit; ++i) {
    if (doc.tokens[i].kind != TokenKind::kDash) continue;
    // A dateline opens with an upper-case place name.
    const Token& first = doc.tokens[s.begin];
    if (first.all_caps || doc.tokens[i - 1].norm == ")") return i + 1;
    return s.begin;
  }
  return s.begin;
}

Document Segment(std::string normalized) {
  Document doc;
  SegmentInto(std::move(normalized), &doc);
  return doc;
}

void SegmentInto(std::string normalized, Document* out) {
  Document& doc = *out;
  doc.text = std::move(normalized);
  doc.norm_chars.clear();
  doc.tokens.clear();
  doc.sentences.clear();
  doc.paragraphs.clear();
  Tokenizer(&doc).Run();
  std::vector<bool> starts = ParagraphStarts(doc);
  const int n = static_cast<int>(doc.tokens.size());
  for (int i = 0; i < n;) {
    int j = i + 1;
    while (j < n && !starts[j]) ++j;
    Paragraph p{i, j, false};
    const Token& last = doc.tokens[j - 1];
    p.prose = IsTerminal(last) || last.kind == TokenKind::kCloseQuote || IsAbbrevEnd(doc, j - 1) ||
              ((last.norm == ")") && j - i > 12);
    // A "sentence" of two or three words is a label, not prose.
    if (j - i < 4) p.prose = false;
    int para = static_cast<int>(doc.paragraphs.size());
    doc.paragraphs.push_back(p);
    SplitSentences(&doc, i, j, para);
    i = j;
  }
}

}  // namespace parley::extract
