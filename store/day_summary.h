// What each day holds in one dated table: its rows, and the first and last
// id among them. The plan of a date range longer than 64 days
// (sqlite_queries.h) reads it to learn how many rows the range holds and
// which ids they lie between, without reading the rows of other days. With
// the id bounds, a long range walked by id starts at its own first row and
// stops after its last: in a store filled in date order, asking for the
// last year no longer reads the years before it.
//
// Kept in memory and brought up to date from the rows added since it last
// looked. That is exact because rows of the dated tables are only
// appended, with ids that grow in commit order (one writer), and a row's
// date never changes. Built on first use from the table's (date, id) index,
// which reads every entry of that index once (30-180 ms per table at 1M
// events); after that, a range costs one id seek, the rows added since and
// one entry per day it spans. Memory: one entry per day held (~100 bytes),
// about 2 MB for four tables over 16 years.
//
// Thread-safe: readers of different snapshots may share one. A reader
// older than the summary gets figures that include rows it cannot see:
// more rows, a lower first id and a higher last id, still true bounds for
// the rows it can.
#ifndef PARLEY_STORE_DAY_SUMMARY_H_
#define PARLEY_STORE_DAY_SUMMARY_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace parley::store::sqlite {

// Runs `sql`, a one-column SELECT, with `args` bound to ?1, ?2, ... as
// text, and returns the column's values as text ("" for NULL), on the
// caller's read transaction.
using SqlValues = std::function<absl::StatusOr<std::vector<std::string>>(
    absl::string_view sql, const std::vector<std::string>& args)>;

// The rows of a table dated inside a range.
struct DateSpan {
  int64_t rows = 0;
  std::string first_day, last_day;    // ISO dates; "" when rows == 0
  int64_t first_id = 0, last_id = 0;  // 0 when rows == 0
  int64_t table_last_id = 0;          // the table's largest id, dated or not
};

class DaySummary {
 public:
  // `table`, `column` and `index` (the (column, id) index) are the store's
  // own identifiers, written into SQL as they are.
  DaySummary(std::string table, std::string column, std::string index);

  // The rows dated in [first_day, last_day] (ISO dates, inclusive; "" for
  // no lower bound), after reading the rows added since the last call.
  absl::StatusOr<DateSpan> Span(const SqlValues& sql, absl::string_view first_day,
                                absl::string_view last_day);

 private:
  struct Day {
    int64_t rows = 0, first_id = 0, last_id = 0;
  };
  using Days = std::map<std::string, Day, std::less<>>;
  // Each leaves the summary as it was when it fails.
  absl::Status CatchUp(const SqlValues& sql);
  absl::Status Build(const SqlValues& sql, int64_t last_id);
  static void Add(Days* days, const std::string& day, const Day& more);

  const std::string table_, column_, index_;
  std::mutex mu_;
  Days days_;                  // guarded by mu_
  int64_t seen_last_id_ = -1;  // guarded by mu_; -1: not built yet
};

// The store's four dated tables: calls, quotes and sanctions by date,
// articles by publication date.
class DaySummaries {
 public:
  // The summary of `table`; null for a table without one.
  DaySummary* Of(absl::string_view table);

 private:
  DaySummary calls_{"calls", "date", "calls_by_date"};
  DaySummary quotes_{"quotes", "date", "quotes_by_date"};
  DaySummary sanctions_{"sanctions", "date", "sanctions_by_date"};
  DaySummary articles_{"articles", "published", "articles_by_published"};
};

}  // namespace parley::store::sqlite

#endif  // PARLEY_STORE_DAY_SUMMARY_H_
