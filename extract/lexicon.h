// Word lists the stages share: titles, generic sources, organisation head
// nouns, stop words, reporting verbs, cue words; and the call topics. The
// lists are data (data/lexicon/word_classes.tsv and topics.tsv, format in
// data/lexicon/README.md), compiled into the binary and parsed on first use.
//
// Segment() tags every token with the classes of its word (WordClass bits,
// one hash lookup per token), so the stages test a bit per token instead of
// hashing the same word against list after list.
#ifndef PARLEY_EXTRACT_LEXICON_H_
#define PARLEY_EXTRACT_LEXICON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"

namespace parley::extract::lexicon {

enum WordClass : uint32_t {
  kTitleHead = 1u << 0,        // IsTitleHead().
  kTitleModifier = 1u << 1,    // Title words that are not heads ("deputy", "foreign").
  kGenericSource = 1u << 2,    // IsGenericSource().
  kOrgWord = 1u << 3,          // IsOrgWord().
  kThingWord = 1u << 4,        // IsThingWord().
  kNameStop = 1u << 5,         // IsNameStopWord().
  kSayVerb = 1u << 6,          // "said", "stressed": takes a clause.
  kSayParticiple = 1u << 7,    // "saying", "adding".
  kTellVerb = 1u << 8,         // "told": an object, then a clause.
  kUrgeVerb = 1u << 9,         // "urged": "Y to Z".
  kUrgeParticiple = 1u << 10,  // "urging", "telling".
  kAgreementVerb = 1u << 11,   // "agreed", "confirmed": by a group, an agreement.
  kSkipBeforeVerb = 1u << 12,  // "also", "has": between a speaker and the verb.
  // First words of the other reporting phrases ("according to", "called
  // for", "pointed out", "made clear", "quoted as saying").
  kReportingPhrase = 1u << 13,
  // Words a stage's cue scan starts from: the scans skip every other token.
  // Each list must name every word its scan tests first (see lexicon.cc).
  kCallCue = 1u << 14,         // calls.cc FindCue(): "phone", "called", "conversation".
  kWeakCallCue = 1u << 15,     // calls.cc FindWeakCue(): "spoke", "talks".
  kMeetingWord = 1u << 16,     // calls.cc MentionsMeeting(): "met", "summit".
  kMeasureCue = 1u << 17,      // sanctions.cc FindMeasures(): "ban", "tariffs", "assets".
  kSanctionContext = 1u << 18, // sanctions.cc IsSanctionContext(): "sanctions", "embargo".
  // dates.cc: the words a time expression can start with, besides numbers
  // (months, weekdays, "yesterday", "last", "earlier"...).
  kDateWord = 1u << 19,
  // mentions.cc Detect(): the lower-case words a mention can start at
  // besides title words and generic sources (determiners, pronouns, name
  // particles, "two", "leaders"...).
  kMentionCue = 1u << 20,

  kTitleWord = kTitleHead | kTitleModifier,
  kReportingWord = kSayVerb | kSayParticiple | kTellVerb | kUrgeVerb | kUrgeParticiple | kReportingPhrase,
};

// OK when the compiled-in lexicon parsed; else what is wrong with it, as
// "FILE:LINE: message". Extractor::Create() fails with this error, so no
// engine runs on a half-loaded lexicon.
absl::Status Check();

// The WordClass bits of a NormWord form; 0 for a word in no list.
uint32_t ClassesOf(std::string_view w);

// Words that make up office titles ("deputy", "foreign", "minister").
bool IsTitleWord(std::string_view w);
// Words that can end a title ("minister", "spokesman", "president").
bool IsTitleHead(std::string_view w);
// Titles that identify a head of state or government or a foreign minister
// ("president", "prime minister"): those resolve through offices.tsv.
bool IsOfficeTitle(std::string_view title);
// Nouns naming an unidentifiable source ("officials", "experts", "media").
bool IsGenericSource(std::string_view w);
// Head nouns of organisations ("ministry", "council", "agency").
bool IsOrgWord(std::string_view w);
// Head nouns of places, events and documents ("islands", "festival", "treaty").
bool IsThingWord(std::string_view w);
// Capitalised words that are not names ("The", "Monday", "However").
bool IsNameStopWord(std::string_view w);

// One row of topics.tsv: a cue in NameKey form ("korean peninsula") and the
// topic it stands for ("Korean Peninsula").
struct Topic {
  std::string cue, topic;
};
// Every topic cue, in the file's order.
const std::vector<Topic>& Topics();

// The parsed files. Exposed for tests of the parsers.
struct WordClasses {
  absl::flat_hash_map<std::string, uint32_t> classes;  // word -> WordClass bits.
  absl::flat_hash_set<std::string> office_titles;      // IsOfficeTitle().
};
// Parses word_classes.tsv text. Errors name `origin` and the line: unknown
// class, a word not in NormWord form (empty, upper case, blanks), a word
// listed twice in one class, a class with no words.
absl::Status ParseWordClasses(std::string_view tsv, const std::string& origin, WordClasses* out);
// Parses topics.tsv text. Errors name `origin` and the line: an empty
// field, a cue not in NameKey form, a cue listed twice.
absl::Status ParseTopics(std::string_view tsv, const std::string& origin, std::vector<Topic>* out);

}  // namespace parley::extract::lexicon

#endif  // PARLEY_EXTRACT_LEXICON_H_
