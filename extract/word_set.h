// WordSet: a constant set of words with hashed lookup. The stages test every
// token against several closed word lists; linear scans there dominated the
// engine's profile.
#ifndef PARLEY_EXTRACT_WORD_SET_H_
#define PARLEY_EXTRACT_WORD_SET_H_

#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"

namespace parley::extract {

class WordSet {
 public:
  template <size_t N>
  explicit WordSet(const std::string_view (&words)[N]) {
    for (std::string_view w : words) set_.insert(absl::string_view(w.data(), w.size()));
  }
  // Debian's Abseil has its own string_view type: convert, no copy.
  bool contains(std::string_view w) const { return set_.contains(absl::string_view(w.data(), w.size())); }

 private:
  absl::flat_hash_set<absl::string_view> set_;
};

}  // namespace parley::extract

#endif  // PARLEY_EXTRACT_WORD_SET_H_
