// The SQL behind each List*() of the PostgreSQL store: one SELECT of ids per
// filter set, keyset paginated (id > cursor ORDER BY id LIMIT n), the most
// selective filter walking its index in id order and stopping at the page,
// a name filter walked once per actor it means (LATERAL, each walk bounded
// by the page). The same contract as store/sqlite_queries.h, and
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
  // Planned with bitmap scans priced out (see RunIdQuery): the query walks
  // one key's index in id order and must stop at the page. PostgreSQL
  // estimates a LATERAL key's rows from the column's average, so a leader
  // with thousands of calls looks like one with eight, and a bitmap scan
  // (every row of the key, then a sort) wins on estimated cost. False when a
  // full-text match is tested: GIN answers only by bitmap.
  bool ordered_walk = false;
  // Run as a prepared statement of the connection with a generic plan, made
  // once per connection (see RunIdQuery): a long date range's query, whose
  // plan does not depend on its values (LATERAL seeks, and a walk the range
  // cannot steer) and cost 2.5-6 ms to plan against 0.2-1 ms to run.
  bool plan_once = false;
};

// Runs `prefix` + query.sql ("EXPLAIN " to see its plan) as the store does.
// A plan_once query with a prefix is PREPAREd under a name of its own and
// its EXECUTE explained, so the plan seen is the generic one the store runs.
pqxx::result RunIdQuery(pqxx::transaction_base& txn, const IdQuery& query,
                        const std::string& prefix = "");

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
