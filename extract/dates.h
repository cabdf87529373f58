// Date resolution: the article's anchor date (metadata, else a timestamp or
// dateline in the text) and the dates of events relative to it ("late
// Wednesday", "on Jan. 26", "yesterday").
#ifndef PARLEY_EXTRACT_DATES_H_
#define PARLEY_EXTRACT_DATES_H_

#include <optional>

#include "absl/time/civil_time.h"
#include "segmenter.h"

namespace parley::extract {

// The first full calendar date ("2017-11-30", "2010/05/24", "December 6,
// 2010", "22 Mar, 2021") in the article's opening: its title, byline and
// dateline lines.
std::optional<absl::CivilDay> FindPublishedDate(const Document& doc);

struct DateMention {
  bool found = false;  // A time expression was present.
  std::optional<absl::CivilDay> day;  // Resolved; nullopt when vague or unanchored.
  int token = -1;      // Where the expression starts.
};

// The first time expression in tokens [b, e), resolved against `anchor`:
// weekdays go to the latest such day on or before the anchor, a month and day
// without a year to the latest such date not after it; "last week" and
// "earlier this month" are found but vague (no day).
DateMention ResolveDate(const Document& doc, int b, int e, std::optional<absl::CivilDay> anchor);

}  // namespace parley::extract

#endif  // PARLEY_EXTRACT_DATES_H_
