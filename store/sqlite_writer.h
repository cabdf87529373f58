// Writes one article and its events into an open SQLite transaction. The
// caller (the group-commit batch) rolls the transaction (or the write's
// savepoint) back on error, so an error here leaves nothing of the article
// behind. The key rules (actor ids, call
// merging, titles) are store/event_keys.h, shared with the PostgreSQL store.
#ifndef PARLEY_STORE_SQLITE_WRITER_H_
#define PARLEY_STORE_SQLITE_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
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

// Quote texts written in the open transaction but not yet in quotes_fts.
// The writer fills the full-text index at the end of the transaction
// (Flush() right before COMMIT), in the same transaction as the quotes, so
// the index is exact once committed. Why last: after an FTS5 insert, every
// statement of the transaction that needs a statement journal (a multi-row
// INSERT, INSERT ... RETURNING, a SAVEPOINT) makes FTS5 flush its pending
// terms as a new segment; done last with single-row INSERTs (which need no
// statement journal), the transaction flushes once, at COMMIT.
// Mark()/Undo() as NotedActors, for a write rolled back to its savepoint.
// Writer thread only.
class PendingQuoteText {
 public:
  void Add(int64_t quote_id, std::string text);
  size_t Mark() const { return rows_.size(); }
  void Undo(size_t mark);
  // Inserts the rows into quotes_fts and forgets them, also on error (the
  // caller then rolls the transaction back).
  absl::Status Flush(Connection& db);

 private:
  std::vector<std::pair<int64_t, std::string>> rows_;
};

// Stores the article unless its content hash is already there, in which case
// `out` names the first article and its events, with duplicate = true.
// `content_sha256` is ContentSha256(article.text), computed by the caller
// outside the writer thread. `noted` (may be null) skips actor rows already
// written. The quotes' full-text rows go to `fts`, which the caller must
// Flush() before it commits; when null they are inserted here.
absl::Status WriteArticle(Connection& db, const ArticleInput& article,
                          const extract::Extraction& events, const std::string& content_sha256,
                          IngestResult* out, NotedActors* noted = nullptr,
                          PendingQuoteText* fts = nullptr);

// Inserts or refreshes a knowledge-base actor: name, kind and country are
// replaced, aliases added, offices replaced by `actor.offices`.
absl::Status UpsertActor(Connection& db, const StoredActor& actor);

}  // namespace parley::store::sqlite

#endif  // PARLEY_STORE_SQLITE_WRITER_H_
