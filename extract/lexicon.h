// Word lists the stages share: titles, generic sources, organisation head
// nouns, stop words, reporting verbs. Kept as code because they are few and
// closed-class; each is a set of actors::NormWord forms.
//
// Segment() tags every token with the classes of its word (WordClass bits,
// one hash lookup per token), so the stages test a bit per token instead of
// hashing the same word against list after list.
#ifndef PARLEY_EXTRACT_LEXICON_H_
#define PARLEY_EXTRACT_LEXICON_H_

#include <cstdint>
#include <string_view>

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

}  // namespace parley::extract::lexicon

#endif  // PARLEY_EXTRACT_LEXICON_H_
