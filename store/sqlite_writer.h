// Writes one article and its events into an open SQLite transaction. The
// caller (the group-commit batch) wraps each call in a savepoint, so an error
// here leaves nothing of the article behind. The key rules (actor ids, call
// merging, titles) are store/event_keys.h, shared with the PostgreSQL store.
#ifndef PARLEY_STORE_SQLITE_WRITER_H_
#define PARLEY_STORE_SQLITE_WRITER_H_

#include <string>

#include "absl/status/status.h"
#include "parley/store/store.h"
#include "store/sqlite_db.h"

namespace parley::store::sqlite {

// Stores the article unless its content hash is already there, in which case
// `out` names the first article and its events, with duplicate = true.
// `content_sha256` is ContentSha256(article.text), computed by the caller
// outside the writer thread.
absl::Status WriteArticle(Connection& db, const ArticleInput& article,
                          const extract::Extraction& events, const std::string& content_sha256,
                          IngestResult* out);

// Inserts or refreshes a knowledge-base actor: name, kind and country are
// replaced, aliases added, offices replaced by `actor.offices`.
absl::Status UpsertActor(Connection& db, const StoredActor& actor);

}  // namespace parley::store::sqlite

#endif  // PARLEY_STORE_SQLITE_WRITER_H_
