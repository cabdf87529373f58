#include "parley/actors/name_key.h"

#include <cstdlib>

#include "utf8proc.h"

namespace parley::actors {
namespace {

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

// Case folds and strips accents of non-ASCII text with utf8proc.
std::string FoldUnicode(std::string_view s) {
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()),
      &out,
      static_cast<utf8proc_option_t>(UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                                     UTF8PROC_COMPAT));
  if (n < 0) return std::string(s);  // Invalid UTF-8: keep the bytes as they are.
  std::string r(reinterpret_cast<char*>(out), static_cast<size_t>(n));
  std::free(out);
  return r;
}

}  // namespace

std::string NormWord(std::string_view word) {
  std::string folded;
  if (IsAscii(word)) {
    folded.assign(word);
    for (char& c : folded) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  } else {
    folded = FoldUnicode(word);
  }
  std::string out;
  out.reserve(folded.size());
  for (size_t i = 0; i < folded.size(); ++i) {
    if (folded[i] == '.') continue;
    // U+2019 RIGHT SINGLE QUOTATION MARK (E2 80 99) and U+2018 as apostrophes.
    if (static_cast<unsigned char>(folded[i]) == 0xE2 &&
        (folded.compare(i, 3, "\xE2\x80\x99") == 0 || folded.compare(i, 3, "\xE2\x80\x98") == 0)) {
      out.push_back('\'');
      i += 2;
      continue;
    }
    out.push_back(folded[i]);
  }
  return out;
}

namespace {

// Calls f(word) for each word of a name, as SplitNameWords() splits it.
template <typename F>
void ForEachNameWord(std::string_view name, F f) {
  size_t i = 0;
  while (i < name.size()) {
    while (i < name.size() && (name[i] == ' ' || name[i] == ',' || name[i] == '\t')) ++i;
    size_t start = i;
    while (i < name.size() && name[i] != ' ' && name[i] != ',' && name[i] != '\t') ++i;
    if (i == start) break;
    std::string_view w = name.substr(start, i - start);
    // Split a trailing possessive: "People's" -> "People" + "'s".
    for (std::string_view pos : {std::string_view("'s"), std::string_view("\xE2\x80\x99s")}) {
      if (w.size() > pos.size() && w.substr(w.size() - pos.size()) == pos) {
        f(w.substr(0, w.size() - pos.size()));
        w = w.substr(w.size() - pos.size());
        break;
      }
    }
    f(w);
  }
}

// Appends NormWord(w) to `out` without a temporary for ASCII words.
void AppendNormWord(std::string_view w, std::string* out) {
  if (!IsAscii(w)) {
    *out += NormWord(w);
    return;
  }
  for (char c : w) {
    if (c == '.') continue;
    out->push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
}

}  // namespace

std::vector<std::string_view> SplitNameWords(std::string_view name) {
  std::vector<std::string_view> words;
  ForEachNameWord(name, [&](std::string_view w) { words.push_back(w); });
  return words;
}

std::string NameKey(std::string_view name) {
  std::string key;
  key.reserve(name.size());
  bool first = true;
  ForEachNameWord(name, [&](std::string_view w) {
    const size_t mark = key.size();
    if (!key.empty()) key.push_back(' ');
    const size_t start = key.size();
    AppendNormWord(w, &key);
    std::string_view n = std::string_view(key).substr(start);
    if (n.empty() || (first && n == "the")) {
      key.resize(mark);
      return;
    }
    first = false;
  });
  return key;
}

}  // namespace parley::actors
