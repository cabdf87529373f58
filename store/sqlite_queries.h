// The SQL behind each List*(): one SELECT of ids per filter set, keyset
// paginated (id > cursor ORDER BY id LIMIT n). Kept apart from execution so
// the plans can be tested on the exact SQL the store runs
// (sqlite_queries_test.cc).
//
// Cost contract: a page costs what it reads, not what the store holds. The
// most selective filter set "drives": its index is walked in id order from
// the cursor and the walk stops once the page is full; every other filter
// is tested on the rows the walk yields. A name or country filter is
// resolved to its actor ids / canonical names first (`lookup`), so the
// driving walk is an `=` range; when a name means several actors, each gets
// its own bounded walk and the walks are merged (UNION: a record found
// through two of them is listed once).
//
// A date range drives when nothing more selective does (no id, name, topic,
// text, country or item filter). The (date, id) index is in id order within
// one day only, so the range is first narrowed to the dates the table holds
// (two index seeks), then:
// - at most 64 days: one walk per day, merged as above;
// - longer: the store's per-day summary of the table (day_summary.h) tells
//   how many rows the range holds and the first and last id among them,
//   without reading rows. Holding fewer than T rows: those rows are read
//   from the date index and sorted. T rows or more: the table is walked by
//   id between the first and last id, and the date tested per row. Spread
//   evenly, a match comes every N/M rows of a table of N, so a page reads
//   ~51 N / M <= 51 N / T rows; in a store filled in date order the walk
//   starts at the range's first row and stops after its last.
// T = sqrt(51 N) bounds both of the last two by ~sqrt(51 N) rows (7,100 at
// 1M rows).
#ifndef PARLEY_STORE_SQLITE_QUERIES_H_
#define PARLEY_STORE_SQLITE_QUERIES_H_

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "parley/store/store.h"
#include "store/day_summary.h"
#include "store/page_token.h"
#include "store/sqlite_db.h"

namespace parley::store::sqlite {

struct IdQuery {
  std::string sql;  // Selects one column: the id (text for actors).
  std::vector<std::variant<int64_t, std::string>> args;

  void BindTo(Statement& st) const;
};

// What the query builders read before they write their SQL: name lookups
// (`sql`, see SqlValues) and what a date range holds (`days`). The store
// runs both on the page's read transaction (LookupOn); the benchmark's SQL
// ceiling on its own connection.
struct Lookup {
  explicit Lookup(SqlValues sql, DaySummaries* days = nullptr) : sql(std::move(sql)), days(days) {}
  absl::StatusOr<std::vector<std::string>> operator()(absl::string_view query,
                                                      const std::vector<std::string>& args) const {
    return sql(query, args);
  }

  SqlValues sql;
  // Kept across pages (the store's). Null: a date range builds its own,
  // reading the table's whole date index (tests and tools).
  DaySummaries* days;
};
Lookup LookupOn(Connection& db, DaySummaries* days = nullptr);

// `limit` rows at most after `cursor`. INVALID_ARGUMENT for a bad text query
// or date range; a lookup error is returned as is.
absl::StatusOr<IdQuery> CallsQuery(const CallFilter& f, const PageCursor& cursor, int limit,
                                   const Lookup& lookup);
absl::StatusOr<IdQuery> QuotesQuery(const QuoteFilter& f, const PageCursor& cursor, int limit,
                                    const Lookup& lookup);
absl::StatusOr<IdQuery> SanctionsQuery(const SanctionFilter& f, const PageCursor& cursor,
                                       int limit, const Lookup& lookup);
absl::StatusOr<IdQuery> ArticlesQuery(const ArticleFilter& f, const PageCursor& cursor, int limit,
                                      const Lookup& lookup);
// Actors need no lookup: the table is small, planned by SQLite.
absl::StatusOr<IdQuery> ActorsQuery(const ActorFilter& f, const PageCursor& cursor, int limit);

}  // namespace parley::store::sqlite

#endif  // PARLEY_STORE_SQLITE_QUERIES_H_
