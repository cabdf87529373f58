// Writes one article and its events inside the caller's (sub)transaction.
// Duplicates are found by the UNIQUE content hash (INSERT ... ON CONFLICT DO
// NOTHING RETURNING, never read-then-write), calls merged by the UNIQUE dedup
// key, so concurrent writers in several replicas agree without locks of ours:
// the second writer waits on the first's index entry, then sees its row.
#ifndef PARLEY_STORE_POSTGRES_PG_INGEST_H_
#define PARLEY_STORE_POSTGRES_PG_INGEST_H_

#include <cstdint>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "parley/store/store.h"

namespace parley::store::pg {

// An event the ingest created, to be appended to the `events` log at the end
// of the batch (see AppendEvents).
struct NewEvent {
  SequencedEvent::Type type;
  int64_t id;
};

// INVALID_ARGUMENT, naming the field, for input PostgreSQL cannot hold: NUL
// bytes, which SQLite stores but PostgreSQL text refuses.
absl::Status CheckStorable(const ArticleInput& article, const extract::Extraction& events);

// Writes the article unless `content_sha256` (ContentSha256 of its text) is
// already stored, in which case the result names the first article and its
// events with duplicate = true. Appends the events it created to
// `new_events`. Throws libpqxx exceptions for database errors.
IngestResult WriteArticle(pqxx::transaction_base& txn, const ArticleInput& article,
                          const extract::Extraction& events, const std::string& content_sha256,
                          std::vector<NewEvent>* new_events);

// Inserts or refreshes a knowledge-base actor like the SQLite store's
// UpsertActor: name, kind and country replaced, aliases added, offices
// replaced. INVALID_ARGUMENT without id or name.
absl::Status UpsertKnownActor(pqxx::transaction_base& txn, const StoredActor& actor);

// Takes the writers' lock (a transaction-level advisory lock, released at
// commit or rollback). The per-article path takes it for its whole batch:
// its statements lock rows in no fixed order, so two replicas' batches that
// share actors, calls or article hashes would deadlock (PostgreSQL error
// 40P01, seen with 2 replicas and 16 clients in bench/service_bench). The
// batch path (pg_batch.h) takes it before its first row: ids come from
// sequences, and a batch that took smaller ids but committed after another
// replica's would appear behind a reader's keyset page cursor, never seen.
void LockWriters(pqxx::transaction_base& txn);

// Appends `events` to the log. Takes the store-wide events lock (the
// writers' lock) first and holds it to commit, so sequence numbers are
// handed out in commit order.
void AppendEvents(pqxx::transaction_base& txn, const std::vector<NewEvent>& events);

}  // namespace parley::store::pg

#endif  // PARLEY_STORE_POSTGRES_PG_INGEST_H_
