// Name keys: the normal form under which names are indexed and looked up.
// "N. Korea", "n korea" and "N Korea" share a key; so do "Erdoğan" and
// "Erdogan". The extraction engine computes the same key from article tokens,
// so both sides must agree on word boundaries: see SplitNameWords().
#ifndef PARLEY_ACTORS_NAME_KEY_H_
#define PARLEY_ACTORS_NAME_KEY_H_

#include <string>
#include <string_view>
#include <vector>

namespace parley::actors {

// One word: case folded, accents stripped, periods dropped, curly apostrophes
// made straight. "U.S." -> "us", "Jae-In" -> "jae-in", "’s" -> "'s".
std::string NormWord(std::string_view word);

// Words of a name: split at spaces and commas; a possessive "'s" is its own
// word ("People's" -> "People", "'s"), as the article tokenizer does.
std::vector<std::string_view> SplitNameWords(std::string_view name);

// NormWord of each word, joined by single spaces; a leading "the" is dropped.
std::string NameKey(std::string_view name);

}  // namespace parley::actors

#endif  // PARLEY_ACTORS_NAME_KEY_H_
