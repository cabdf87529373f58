// The SQLite schema as numbered migrations. Open() applies the missing ones
// in one transaction, so a file is always at a whole version. The version
// lives in PRAGMA user_version, with a schema_migrations row per step for
// humans reading the file.
#ifndef PARLEY_STORE_SCHEMA_H_
#define PARLEY_STORE_SCHEMA_H_

#include <string>

#include "absl/status/statusor.h"
#include "store/sqlite_db.h"

namespace parley::store::sqlite {

// The version this binary writes and reads.
int LatestSchemaVersion();

// Brings the database to LatestSchemaVersion(): creates it on an empty file,
// applies the missing steps on an older one, and refuses (FAILED_PRECONDITION)
// a file from a newer binary.
absl::Status Migrate(Connection& db);

// Migrate() stopping at `version`: how tests make a file as an older binary
// left it, to check that it upgrades.
absl::Status MigrateTo(Connection& db, int version);

// For read-only users: OK only when the file is at LatestSchemaVersion().
absl::Status CheckSchema(Connection& db);

// The random secret page tokens are signed with (created by the first
// migration).
absl::StatusOr<std::string> ReadTokenSecret(Connection& db);

}  // namespace parley::store::sqlite

#endif  // PARLEY_STORE_SCHEMA_H_
