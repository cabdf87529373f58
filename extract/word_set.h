// WordSet: a constant set of words with hashed lookup. The stages test every
// token against several closed word lists; linear scans there dominated the
// engine's profile.
#ifndef PARLEY_EXTRACT_WORD_SET_H_
#define PARLEY_EXTRACT_WORD_SET_H_

#include <string_view>
#include <unordered_set>

namespace parley::extract {

class WordSet {
 public:
  template <size_t N>
  explicit WordSet(const std::string_view (&words)[N]) : set_(std::begin(words), std::end(words)) {}
  bool contains(std::string_view w) const { return set_.count(w) > 0; }

 private:
  std::unordered_set<std::string_view> set_;
};

}  // namespace parley::extract

#endif  // PARLEY_EXTRACT_WORD_SET_H_
