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
// - longer, holding fewer than T rows (counted on the date index, stopping
//   at T): those rows are read from the date index and sorted;
// - longer, holding T rows or more: the table is walked by id and the date
//   tested per row. Spread evenly, a match comes every N/M rows of a table
//   of N, so a page reads ~51 N / M <= 51 N / T rows.
// T = sqrt(51 N) bounds both of the last two by ~sqrt(51 N) rows (7,100 at
// 1M rows). A long range whose rows all sit at one end of the id order
// (a store filled in date order, asked for its last year) can still read
// up to the rows before them.
#ifndef PARLEY_STORE_SQLITE_QUERIES_H_
#define PARLEY_STORE_SQLITE_QUERIES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "parley/store/store.h"
#include "store/page_token.h"
#include "store/sqlite_db.h"

namespace parley::store::sqlite {

struct IdQuery {
  std::string sql;  // Selects one column: the id (text for actors).
  std::vector<std::variant<int64_t, std::string>> args;

  void BindTo(Statement& st) const;
};

// Runs `sql`, a one-column SELECT, with `args` bound to ?1, ?2, ... as
// text, and returns the column's values as text ("" for NULL). The store
// runs it on the page's read transaction (LookupOn); the benchmark's SQL
// ceiling on its own connection.
using Lookup = std::function<absl::StatusOr<std::vector<std::string>>(
    absl::string_view sql, const std::vector<std::string>& args)>;
Lookup LookupOn(Connection& db);

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
