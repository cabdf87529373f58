// The PostgreSQL store: the Store interface over a PostgreSQL database, for
// deployments that outgrow one machine (several stateless ingest and query
// replicas sharing one database). Same guarantees as the SQLite store (see
// store.h), checked by the same conformance suite.
//
// Beyond those:
// - Open() creates and migrates the schema (in the URI's search_path schema,
//   "public" by default); replicas may start at the same moment.
// - Ingest() group-commits like the SQLite store. Replicas write
//   concurrently: duplicates and merged calls are resolved by UNIQUE
//   constraints, so two replicas ingesting the same text store it once.
// - EventsAfter() never skips an event committed late by another replica:
//   sequence numbers are handed out in commit order.
// - While the database is down every call returns UNAVAILABLE (naming the
//   server, never the password); the store reconnects by itself when it is
//   back. Serialization failures and deadlocks are retried.
// - StoreOptions::read_only is ignored (use a read-only database role).
#ifndef PARLEY_STORE_POSTGRES_STORE_H_
#define PARLEY_STORE_POSTGRES_STORE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "parley/store/store.h"

namespace parley::store {

// `options.location` is a libpq URI: postgresql://user:pass@host:port/db
// (postgres:// too; query parameters such as sslmode or
// options=-csearch_path%3Dname pass through to libpq).
absl::StatusOr<std::unique_ptr<Store>> OpenPostgres(const StoreOptions& options);

// Makes store::Open() route postgresql:// and postgres:// URIs to
// OpenPostgres(). Idempotent; returns true so it can initialise a static.
// Linking the parley_store_postgres_register object library does this at
// start-up.
bool RegisterPostgresStore();

}  // namespace parley::store

#endif  // PARLEY_STORE_POSTGRES_STORE_H_
