// Writes a whole group-commit batch of articles with one statement per table
// (INSERT ... SELECT FROM unnest($1::text[], ...)), so a batch costs about a
// dozen round trips however many articles it holds; pg_ingest.h writes one
// article at a time and stays as the fallback when a batch fails.
//
// Same results as WriteArticle() on each article in batch order: duplicates
// by the UNIQUE content hash (within the batch too: a later copy names the
// first), calls merged by the UNIQUE dedup key, actors filled in as the
// per-article path does, events listed in the order it would list them.
//
// Replicas need no lock of ours while these statements run: every statement
// that can wait on another transaction's row (articles, actors, aliases,
// offices, calls, topics) takes its rows in byte order of their unique key,
// and the statements run in a fixed order, so two batches always wait in the
// same direction and cannot deadlock. Only AppendEvents() serialises
// replicas, from the events insert to commit.
#ifndef PARLEY_STORE_POSTGRES_PG_BATCH_H_
#define PARLEY_STORE_POSTGRES_PG_BATCH_H_

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "parley/store/store.h"
#include "pg_ingest.h"

namespace parley::store::pg {

// One article of a batch, checked (ValidateIngest, CheckStorable) and hashed
// by the caller; `result` is written by WriteBatch.
struct BatchArticle {
  const ArticleInput* article;
  const extract::Extraction* events;
  std::string content_sha256;
  IngestResult result;
};

// Writes `batch` inside `txn` and fills in every result; appends the events
// created to `new_events`. Throws libpqxx exceptions (or std::runtime_error
// when the server answers something impossible) for database errors: the
// batch then fails as a whole, and the caller rolls `txn` back.
void WriteBatch(pqxx::transaction_base& txn, const std::vector<BatchArticle*>& batch,
                std::vector<NewEvent>* new_events);

}  // namespace parley::store::pg

#endif  // PARLEY_STORE_POSTGRES_PG_BATCH_H_
