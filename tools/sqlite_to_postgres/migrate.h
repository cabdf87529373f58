// Copies a store into another through the Store interface alone: every
// article (List + Get) with its calls, quotes and sanctions re-ingested in
// the original article order, and the knowledge-base actors. Written for
// SQLite -> PostgreSQL, but any pair of stores works.
//
// What carries over: article text and metadata, every event with its actor
// snapshots and provenance, call merging (the same articles report the same
// calls, so they merge the same way), the event log's order, actors with
// aliases and offices. What is new in the target: ids, sequence numbers,
// ingest times, page tokens.
//
// Safe to rerun: articles already in the target are duplicates (content
// hash) and write nothing, so an interrupted copy resumes where it stopped.
#ifndef PARLEY_TOOLS_SQLITE_TO_POSTGRES_MIGRATE_H_
#define PARLEY_TOOLS_SQLITE_TO_POSTGRES_MIGRATE_H_

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "parley/store/store.h"

namespace parley::tools {

struct MigrateStats {
  int64_t articles = 0;    // Articles read from the source.
  int64_t copied = 0;      // Newly stored in the target.
  int64_t duplicates = 0;  // Already in the target.
  int64_t actors = 0;      // Actors upserted.
};

// Called after each article, for progress output.
using MigrateProgress = std::function<void(const MigrateStats&)>;

absl::StatusOr<MigrateStats> MigrateStore(store::Store& from, store::Store& to,
                                          const MigrateProgress& progress = nullptr);

}  // namespace parley::tools

#endif  // PARLEY_TOOLS_SQLITE_TO_POSTGRES_MIGRATE_H_
