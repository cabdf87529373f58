// The SQL behind each List*() of the PostgreSQL store: one SELECT of ids per
// filter set, keyset paginated (id > cursor ORDER BY id LIMIT n), every
// filter answered by an index. The same shape as store/sqlite_queries.h, and
// kept apart from execution for the same reason: pg_queries_test.cc runs
// EXPLAIN on the exact SQL the store runs, so the two stores cannot drift on
// indexing.
#ifndef PARLEY_STORE_POSTGRES_PG_QUERIES_H_
#define PARLEY_STORE_POSTGRES_PG_QUERIES_H_

#include <string>

#include "absl/status/statusor.h"
#include "parley/store/store.h"
#include "pg_params.h"
#include "store/page_token.h"

namespace parley::store::pg {

struct IdQuery {
  std::string sql;  // Selects one column: the id (text for actors).
  Params params;
};

// `limit` rows at most after `cursor`. INVALID_ARGUMENT for a bad text
// query; date ranges are the caller's to validate.
absl::StatusOr<IdQuery> CallsQuery(const CallFilter& f, const PageCursor& cursor, int limit);
absl::StatusOr<IdQuery> QuotesQuery(const QuoteFilter& f, const PageCursor& cursor, int limit);
absl::StatusOr<IdQuery> SanctionsQuery(const SanctionFilter& f, const PageCursor& cursor,
                                       int limit);
absl::StatusOr<IdQuery> ActorsQuery(const ActorFilter& f, const PageCursor& cursor, int limit);
absl::StatusOr<IdQuery> ArticlesQuery(const ArticleFilter& f, const PageCursor& cursor,
                                      int limit);

}  // namespace parley::store::pg

#endif  // PARLEY_STORE_POSTGRES_PG_QUERIES_H_
