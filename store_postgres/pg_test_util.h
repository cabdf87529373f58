// Test support for suites that need a PostgreSQL server: the server comes
// from scripts/with_postgres.sh (PARLEY_TEST_POSTGRES_URI), each test gets a
// schema of its own, and PARLEY_TEST_POSTGRES_CTL stops and starts the server.
#ifndef PARLEY_STORE_POSTGRES_PG_TEST_UTIL_H_
#define PARLEY_STORE_POSTGRES_PG_TEST_UTIL_H_

#include <optional>
#include <string>

namespace parley::store::pg {

// PARLEY_TEST_POSTGRES_URI, or nullopt when unset (tests then GTEST_SKIP).
std::optional<std::string> TestServerUri();

inline constexpr char kNoServerReason[] =
    "PARLEY_TEST_POSTGRES_URI is unset: run under scripts/with_postgres.sh (CTest does)";

// Creates a new empty schema on the test server and returns a URI whose
// search_path selects it. Aborts the test binary if the server is unusable.
std::string FreshSchemaUri();

// The schema name in a FreshSchemaUri() result.
std::string SchemaOf(const std::string& uri);

// Runs `$PARLEY_TEST_POSTGRES_CTL action` ("stop" or "start"); false when the
// variable is unset or the command fails.
bool ServerCtl(const std::string& action);
bool HaveServerCtl();

}  // namespace parley::store::pg

#endif  // PARLEY_STORE_POSTGRES_PG_TEST_UTIL_H_
