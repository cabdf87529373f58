#include "lexicon.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "actors/tsv.h"
#include "embedded_lexicon.h"
#include "parley/actors/name_key.h"

namespace parley::extract::lexicon {
namespace {

// The class names of word_classes.tsv. office_title is a set of its own
// (titles of several words), not a WordClass bit.
constexpr struct {
  std::string_view name;
  uint32_t bit;
} kClassNames[] = {
    {"title_head", kTitleHead},         {"title_modifier", kTitleModifier},
    {"office_title", 0},                {"generic_source", kGenericSource},
    {"org_word", kOrgWord},             {"thing_word", kThingWord},
    {"name_stop", kNameStop},           {"say_verb", kSayVerb},
    {"say_participle", kSayParticiple}, {"tell_verb", kTellVerb},
    {"urge_verb", kUrgeVerb},           {"urge_participle", kUrgeParticiple},
    {"agreement_verb", kAgreementVerb}, {"skip_before_verb", kSkipBeforeVerb},
    {"reporting_phrase", kReportingPhrase}, {"call_cue", kCallCue},
    {"weak_call_cue", kWeakCallCue},    {"meeting_word", kMeetingWord},
    {"measure_cue", kMeasureCue},       {"sanction_context", kSanctionContext},
    {"date_word", kDateWord},           {"mention_cue", kMentionCue},
};

absl::Status LineError(const std::string& origin, int line, const std::string& message) {
  return absl::InvalidArgumentError(absl::StrCat(origin, ":", line, ": ", message));
}

std::string_view EmbeddedFile(std::string_view name) {
  for (const parley::EmbeddedFile& f : internal::EmbeddedFiles()) {
    if (name == f.name) return f.contents();
  }
  return {};
}

// The compiled-in lexicon, parsed once. On a parse error the lists stay
// empty and `status` says why (Check()).
struct Loaded {
  absl::Status status;
  WordClasses words;
  std::vector<Topic> topics;
};

const Loaded& Lexicon() {
  static const Loaded* loaded = [] {
    auto* l = new Loaded();
    l->status = ParseWordClasses(EmbeddedFile("word_classes.tsv"),
                                 "data/lexicon/word_classes.tsv", &l->words);
    if (l->status.ok()) {
      l->status = ParseTopics(EmbeddedFile("topics.tsv"), "data/lexicon/topics.tsv", &l->topics);
    }
    if (!l->status.ok()) *l = Loaded{l->status, {}, {}};
    return l;
  }();
  return *loaded;
}

}  // namespace

absl::Status ParseWordClasses(std::string_view tsv, const std::string& origin, WordClasses* out) {
  absl::StatusOr<std::vector<actors::TsvRow>> rows =
      actors::ParseTsv(tsv, origin, {"class", "word"});
  if (!rows.ok()) return rows.status();
  absl::flat_hash_map<std::string, int> words_per_class;
  absl::flat_hash_set<std::string> seen;  // "class\tword".
  for (const actors::TsvRow& row : *rows) {
    const std::string& cls = row.fields[0];
    const std::string& word = row.fields[1];
    const auto* known = std::find_if(std::begin(kClassNames), std::end(kClassNames),
                                     [&](const auto& c) { return c.name == cls; });
    if (known == std::end(kClassNames)) {
      return LineError(origin, row.line, absl::StrCat("unknown class '", cls, "'"));
    }
    const bool is_title = known->bit == 0;
    // Lookups compare token norms (NormWord) and titles built from them.
    if (word.empty() || (is_title ? actors::NameKey(word) : actors::NormWord(word)) != word) {
      return LineError(origin, row.line,
                       absl::StrCat("'", word, "' is not in normal form (lower case",
                                    is_title ? ", words separated by one space)" : ", one word)"));
    }
    if (!seen.insert(absl::StrCat(cls, "\t", word)).second) {
      return LineError(origin, row.line, absl::StrCat("'", word, "' listed twice in ", cls));
    }
    ++words_per_class[cls];
    if (is_title) {
      out->office_titles.insert(word);
    } else {
      out->classes[word] |= known->bit;
    }
  }
  for (const auto& c : kClassNames) {
    const std::string name(c.name);
    if (!words_per_class.contains(name)) {
      return absl::InvalidArgumentError(absl::StrCat(origin, ": class ", name, " has no words"));
    }
  }
  return absl::OkStatus();
}

absl::Status ParseTopics(std::string_view tsv, const std::string& origin, std::vector<Topic>* out) {
  absl::StatusOr<std::vector<actors::TsvRow>> rows = actors::ParseTsv(tsv, origin, {"cue", "topic"});
  if (!rows.ok()) return rows.status();
  absl::flat_hash_set<std::string> cues;
  for (const actors::TsvRow& row : *rows) {
    const std::string& cue = row.fields[0];
    const std::string& topic = row.fields[1];
    if (cue.empty() || topic.empty()) return LineError(origin, row.line, "empty cue or topic");
    // FindTopics() looks for the cue in the NameKey of the sentence.
    if (actors::NameKey(cue) != cue) {
      return LineError(origin, row.line,
                       absl::StrCat("cue '", cue, "' is not in NameKey form (lower case, words "
                                                  "separated by one space)"));
    }
    if (!cues.insert(cue).second) {
      return LineError(origin, row.line, absl::StrCat("cue '", cue, "' listed twice"));
    }
    out->push_back(Topic{cue, topic});
  }
  return absl::OkStatus();
}

absl::Status Check() { return Lexicon().status; }

const std::vector<Topic>& Topics() { return Lexicon().topics; }

uint32_t ClassesOf(std::string_view w) {
  const auto& m = Lexicon().words.classes;
  // Debian's Abseil has its own string_view type: convert, no copy.
  auto it = m.find(absl::string_view(w.data(), w.size()));
  return it == m.end() ? 0 : it->second;
}

bool IsTitleWord(std::string_view w) { return (ClassesOf(w) & kTitleWord) != 0; }
bool IsTitleHead(std::string_view w) { return (ClassesOf(w) & kTitleHead) != 0; }
bool IsOfficeTitle(std::string_view t) {
  return Lexicon().words.office_titles.contains(absl::string_view(t.data(), t.size()));
}
bool IsGenericSource(std::string_view w) { return (ClassesOf(w) & kGenericSource) != 0; }
bool IsOrgWord(std::string_view w) { return (ClassesOf(w) & kOrgWord) != 0; }
bool IsThingWord(std::string_view w) { return (ClassesOf(w) & kThingWord) != 0; }
bool IsNameStopWord(std::string_view w) { return (ClassesOf(w) & kNameStop) != 0; }

}  // namespace parley::extract::lexicon
