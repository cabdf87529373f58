// Loads stored records by id from an open SQLite connection. The store runs
// a List*() as one read transaction: an IdQuery for the page's ids, then
// these loaders for each id.
#ifndef PARLEY_STORE_SQLITE_READER_H_
#define PARLEY_STORE_SQLITE_READER_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "parley/store/store.h"
#include "store/sqlite_db.h"

namespace parley::store::sqlite {

// NOT_FOUND when no record has that id.
absl::StatusOr<StoredCall> LoadCall(Connection& db, int64_t id);
absl::StatusOr<StoredQuote> LoadQuote(Connection& db, int64_t id);
absl::StatusOr<StoredSanction> LoadSanction(Connection& db, int64_t id);
absl::StatusOr<StoredActor> LoadActor(Connection& db, absl::string_view id);
absl::StatusOr<StoredArticle> LoadArticle(Connection& db, int64_t id, bool with_text);

}  // namespace parley::store::sqlite

#endif  // PARLEY_STORE_SQLITE_READER_H_
