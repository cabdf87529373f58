// Case folding for the case-insensitive name, alias, topic, item and source
// filters. Done in C++ (utf8proc) rather than SQL because SQLite's lower()
// and NOCASE only fold ASCII; the folded form is stored in *_lc columns and
// indexed.
#ifndef PARLEY_STORE_FOLD_CASE_H_
#define PARLEY_STORE_FOLD_CASE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace parley::store {

// NFC + Unicode case folding ("Straße" -> "strasse"). Invalid UTF-8 falls
// back to ASCII lower-casing so a filter never fails on odd bytes.
std::string FoldCase(absl::string_view text);

// The smallest string greater than every string starting with `prefix`, for
// `col >= prefix AND col < PrefixSuccessor(prefix)` range scans; empty when
// no such bound exists (prefix all 0xff bytes).
std::string PrefixSuccessor(absl::string_view prefix);

}  // namespace parley::store

#endif  // PARLEY_STORE_FOLD_CASE_H_
