#include "topics.h"

#include <algorithm>

#include "lexicon.h"
#include "parley/actors/name_key.h"

namespace parley::extract {

// The cues come from data/lexicon/topics.tsv (lexicon::Topics()).
std::vector<std::string> FindTopics(std::string_view text) {
  std::string key = " ";
  key += actors::NameKey(text);
  key += ' ';
  std::string_view k(key);
  std::vector<std::string> out;
  for (const lexicon::Topic& t : lexicon::Topics()) {
    std::string_view cue = t.cue;
    // " cue" without building it: find the cue, check the space before.
    size_t p = k.find(cue);
    while (p != std::string_view::npos && k[p - 1] != ' ') p = k.find(cue, p + 1);
    if (p == std::string_view::npos) continue;
    char after = k[p + cue.size()];
    // Whole words (a trailing plural 's' allowed).
    if (after != ' ' && after != 's' && after != '-') continue;
    if (std::find(out.begin(), out.end(), t.topic) == out.end()) out.emplace_back(t.topic);
  }
  return out;
}

}  // namespace parley::extract
