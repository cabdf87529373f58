// Call extraction: remote conversations (phone or video) between two or more
// people, one record per conversation however often the article mentions it.
// Meetings, visits, letters and calls only planned are not calls.
#ifndef PARLEY_EXTRACT_CALLS_H_
#define PARLEY_EXTRACT_CALLS_H_

#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "mentions.h"
#include "parley/extract/events.h"
#include "segmenter.h"

namespace parley::extract {

std::vector<Call> ExtractCalls(const Document& doc, const Mentions& mentions,
                               std::optional<absl::CivilDay> anchor);

}  // namespace parley::extract

#endif  // PARLEY_EXTRACT_CALLS_H_
