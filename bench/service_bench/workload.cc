#include "workload.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace parley::bench {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> CorpusWords(const std::string& dir) {
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".txt") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());  // Same words in the same order everywhere.
  std::vector<std::string> words;
  for (const fs::path& path : paths) {
    for (absl::string_view w : absl::StrSplit(ReadAll(path), absl::ByAnyChar(" \n\t"),
                                              absl::SkipEmpty())) {
      w = absl::StripAsciiWhitespace(w);
      bool alpha = !w.empty();
      for (char ch : w) alpha = alpha && (absl::ascii_isalpha(ch) || ch == '-' || ch == '\'');
      if (alpha) words.emplace_back(w);
    }
  }
  return words;
}

}  // namespace

Pools MakePools(const actors::KnowledgeBase& kb, const std::string& corpus_dir) {
  Pools p;
  p.kb = &kb;
  std::set<std::string> seen;
  for (const actors::Office& o : kb.offices()) {
    const actors::Person* person = kb.FindPerson(o.person);
    if (person != nullptr && seen.insert(person->id).second) p.leaders.push_back(person);
  }
  std::mt19937_64 shuffle(7);
  std::shuffle(p.leaders.begin(), p.leaders.end(), shuffle);
  for (size_t i = 0; i < p.leaders.size(); ++i) p.leader_weights.push_back(1.0 / (i + 3));
  for (const actors::Country& c : kb.countries()) p.countries.push_back(&c);
  for (const actors::Institution& i : kb.institutions()) {
    if (i.kind == actors::InstitutionKind::kInstitution) p.institutions.push_back(&i);
  }
  p.words = CorpusWords(corpus_dir);
  return p;
}

}  // namespace parley::bench
