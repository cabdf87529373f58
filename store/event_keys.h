// The identity rules every Store backend applies when it writes an article:
// which actors row an event's actor is, when two reports are the same call,
// the stored title, and the names of event types in the events log. One copy
// so the SQLite and PostgreSQL stores (and parley-migrate between them)
// cannot disagree on what is a duplicate.
#ifndef PARLEY_STORE_EVENT_KEYS_H_
#define PARLEY_STORE_EVENT_KEYS_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "parley/extract/events.h"
#include "parley/store/store.h"

namespace parley::store {

// The actors-table id of an event's actor: the knowledge-base id, else one
// derived from the folded name ("unresolved/kim-yo-jong"). Empty when the
// ref has neither (an unnamed sanction imposer): such an actor gets no row.
std::string ActorKey(const extract::ActorRef& ref);

// The name an actors row is created with: the ref's name, else its id.
const std::string& ActorRowName(const extract::ActorRef& ref);

// The calls.dedup_key of a report: two reports are one call when they have
// the same participants (by actor id, else folded name; order and repeats
// ignored), the same date (or both undated) and the same medium.
std::string CallKey(const extract::Call& call);

// Longest stored title, in bytes.
inline constexpr size_t kMaxTitleBytes = 300;

// An article's title: its first non-blank line, trimmed of ASCII
// whitespace, cut to kMaxTitleBytes on a UTF-8 character boundary.
std::string ArticleTitle(absl::string_view text);

// What an article is stored with: the caller's metadata when given, else
// what the engine found in the text.
std::optional<absl::CivilDay> EffectivePublished(const ArticleInput& article,
                                                 const extract::Extraction& events);
const std::string& EffectiveSource(const ArticleInput& article,
                                   const extract::Extraction& events);

// events.type column values: "call", "quote", "sanction". An unknown name
// (a row from a newer binary) reads as kCall.
absl::string_view EventTypeName(SequencedEvent::Type type);
SequencedEvent::Type EventTypeFromName(absl::string_view name);

}  // namespace parley::store

#endif  // PARLEY_STORE_EVENT_KEYS_H_
