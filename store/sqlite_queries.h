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

// Runs `sql`, a one-text-column SELECT whose parameters are all `?1`, with
// `arg` bound, and returns the column's values. The store runs it on the
// page's read transaction (LookupOn); the benchmark's SQL ceiling on its own
// connection.
using Lookup = std::function<absl::StatusOr<std::vector<std::string>>(absl::string_view sql,
                                                                      const std::string& arg)>;
Lookup LookupOn(Connection& db);

// `limit` rows at most after `cursor`. INVALID_ARGUMENT for a bad text query
// or date range; a lookup error is returned as is.
absl::StatusOr<IdQuery> CallsQuery(const CallFilter& f, const PageCursor& cursor, int limit,
                                   const Lookup& lookup);
absl::StatusOr<IdQuery> QuotesQuery(const QuoteFilter& f, const PageCursor& cursor, int limit,
                                    const Lookup& lookup);
absl::StatusOr<IdQuery> SanctionsQuery(const SanctionFilter& f, const PageCursor& cursor,
                                       int limit, const Lookup& lookup);
// Actors and articles need no lookup: their tables are small or their
// filters are columns of the listed table.
absl::StatusOr<IdQuery> ActorsQuery(const ActorFilter& f, const PageCursor& cursor, int limit);
absl::StatusOr<IdQuery> ArticlesQuery(const ArticleFilter& f, const PageCursor& cursor,
                                      int limit);

}  // namespace parley::store::sqlite

#endif  // PARLEY_STORE_SQLITE_QUERIES_H_
