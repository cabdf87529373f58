// Writes one article and its events into an open SQLite transaction. The
// caller (the group-commit batch) wraps each call in a savepoint, so an error
// here leaves nothing of the article behind. The key rules (actor ids, call
// merging, titles) are store/event_keys.h, shared with the PostgreSQL store.
#ifndef PARLEY_STORE_SQLITE_WRITER_H_
#define PARLEY_STORE_SQLITE_WRITER_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "parley/store/store.h"
#include "store/sqlite_db.h"

namespace parley::store::sqlite {

// The actor rows (actors, alias, office) a connection has already written
// for an event's ActorRef, keyed by everything those rows take from it, so
// naming the same actor again costs no SQL. Entries made inside a
// transaction count only once it commits: Undo() drops those of a write
// that was rolled back. Clear() whenever the rows may have changed behind
// the writer's back (another connection committed, UpsertActor ran).
// Writer thread only.
class NotedActors {
 public:
  bool Contains(absl::string_view key) const;
  void Add(std::string key);
  // A point to come back to: Undo(Mark()) drops what was added since.
  size_t Mark() const { return pending_.size(); }
  void Undo(size_t mark);
  // The transaction committed: what it added holds from now on.
  void Commit();
  void Clear();

 private:
  absl::flat_hash_set<std::string> committed_;
  absl::flat_hash_set<std::string> pending_set_;
  std::vector<std::string> pending_;  // pending_set_ in insertion order.
};

// Stores the article unless its content hash is already there, in which case
// `out` names the first article and its events, with duplicate = true.
// `content_sha256` is ContentSha256(article.text), computed by the caller
// outside the writer thread. `noted` (may be null) skips actor rows already
// written.
absl::Status WriteArticle(Connection& db, const ArticleInput& article,
                          const extract::Extraction& events, const std::string& content_sha256,
                          IngestResult* out, NotedActors* noted = nullptr);

// Inserts or refreshes a knowledge-base actor: name, kind and country are
// replaced, aliases added, offices replaced by `actor.offices`.
absl::Status UpsertActor(Connection& db, const StoredActor& actor);

}  // namespace parley::store::sqlite

#endif  // PARLEY_STORE_SQLITE_WRITER_H_
