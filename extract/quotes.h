// Quote extraction: direct quotes (words in quotation marks attributed by a
// reporting verb before or after them) and reported speech ("X said that
// ...", "..., X added", "according to X", "X urged Y to Z", "called for X").
// Nested attributions yield the innermost identifiable speaker; generic
// sources ("officials said") yield nothing.
#ifndef PARLEY_EXTRACT_QUOTES_H_
#define PARLEY_EXTRACT_QUOTES_H_

#include <vector>

#include "mentions.h"
#include "parley/extract/events.h"
#include "segmenter.h"

namespace parley::extract {

std::vector<Quote> ExtractQuotes(const Document& doc, const Mentions& mentions);

// Whether token i is a reporting verb ("said", "told", "urged", "according"
// in "according to", ...). Exposed for the other stages, which must not
// mistake a reported clause's speaker for a participant.
bool IsReportingVerbAt(const Document& doc, int i, int end);

}  // namespace parley::extract

#endif  // PARLEY_EXTRACT_QUOTES_H_
