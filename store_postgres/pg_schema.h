// The PostgreSQL schema as numbered migrations, applied by the program.
//
// Migrate() applies the missing steps in one transaction, recording each in
// `schema_migrations`. It first takes a transaction-scoped advisory lock, so
// replicas starting at the same moment run the steps once: the others wait,
// then find them applied. A database migrated by a newer Parley (a version
// this binary does not know) is FAILED_PRECONDITION, never touched.
#ifndef PARLEY_STORE_POSTGRES_PG_SCHEMA_H_
#define PARLEY_STORE_POSTGRES_PG_SCHEMA_H_

#include <string>

#include <pqxx/pqxx>

#include "absl/status/status.h"

namespace parley::store::pg {

// The newest migration this binary knows.
int LatestSchemaVersion();

// Brings the current schema (search_path) up to date. Throws libpqxx
// exceptions on database errors (callers wrap it in WithRetry).
absl::Status Migrate(pqxx::connection& conn);

// The random secret page tokens are signed with (made by the first
// migration, so every replica signs alike). Throws like Migrate().
std::string ReadTokenSecret(pqxx::connection& conn);

}  // namespace parley::store::pg

#endif  // PARLEY_STORE_POSTGRES_PG_SCHEMA_H_
