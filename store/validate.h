// Checks an Ingest() request before any write, so bad input is rejected with
// a message naming the field and never reaches a transaction. Shared by every
// Store implementation.
#ifndef PARLEY_STORE_VALIDATE_H_
#define PARLEY_STORE_VALIDATE_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "parley/store/store.h"

namespace parley::store {

// INVALID_ARGUMENT when: the text is empty; a provenance span is reversed or
// runs past the text; a call has fewer than two participants; a participant
// or speaker has neither name nor id; a quote has no text.
absl::Status ValidateIngest(const ArticleInput& article, const extract::Extraction& events);

// INVALID_ARGUMENT for a date range whose start is after its end.
absl::Status ValidateDates(const DateRange& dates, absl::string_view field);

}  // namespace parley::store

#endif  // PARLEY_STORE_VALIDATE_H_
