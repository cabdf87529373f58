// The SQL behind each List*(): one SELECT of ids per filter set, keyset
// paginated (id > cursor ORDER BY id LIMIT n), every filter answered by an
// index (sqlite_queries_test.cc checks the plans). Kept apart from execution
// so the plans can be tested on the exact SQL the store runs.
#ifndef PARLEY_STORE_SQLITE_QUERIES_H_
#define PARLEY_STORE_SQLITE_QUERIES_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "parley/store/store.h"
#include "store/page_token.h"
#include "store/sqlite_db.h"

namespace parley::store::sqlite {

struct IdQuery {
  std::string sql;  // Selects one column: the id (text for actors).
  std::vector<std::variant<int64_t, std::string>> args;

  void BindTo(Statement& st) const;
};

// `limit` rows at most after `cursor`. INVALID_ARGUMENT for a bad text query
// or date range.
absl::StatusOr<IdQuery> CallsQuery(const CallFilter& f, const PageCursor& cursor, int limit);
absl::StatusOr<IdQuery> QuotesQuery(const QuoteFilter& f, const PageCursor& cursor, int limit);
absl::StatusOr<IdQuery> SanctionsQuery(const SanctionFilter& f, const PageCursor& cursor,
                                       int limit);
absl::StatusOr<IdQuery> ActorsQuery(const ActorFilter& f, const PageCursor& cursor, int limit);
absl::StatusOr<IdQuery> ArticlesQuery(const ArticleFilter& f, const PageCursor& cursor,
                                      int limit);

}  // namespace parley::store::sqlite

#endif  // PARLEY_STORE_SQLITE_QUERIES_H_
