// Stable names of the event enums as stored in the database columns.
//
// TEMPORARY private copy: events.h declares MeasureName() & co. but the
// extract target did not define them when the store was written. The names
// are the same as events.h documents, so switching to extract's functions is
// a change to this file only.
#ifndef PARLEY_STORE_ENUM_NAMES_H_
#define PARLEY_STORE_ENUM_NAMES_H_

#include "absl/strings/string_view.h"
#include "parley/extract/events.h"

namespace parley::store {

absl::string_view NameOf(extract::Measure m);
absl::string_view NameOf(extract::SanctionStatus s);
absl::string_view NameOf(extract::Medium m);
absl::string_view NameOf(extract::ActorKind k);

// Unknown names (a row written by a newer binary) map to a safe default:
// kOther, kImposed, kPhone, kUnknown.
extract::Measure MeasureFromName(absl::string_view name);
extract::SanctionStatus StatusFromName(absl::string_view name);
extract::Medium MediumFromName(absl::string_view name);
extract::ActorKind ActorKindFromName(absl::string_view name);

}  // namespace parley::store

#endif  // PARLEY_STORE_ENUM_NAMES_H_
