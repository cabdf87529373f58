// Runs the Store conformance suite (store/store_conformance_test.cc) against
// the PostgreSQL store, each test in a fresh schema of the test server.
#include <vector>

#include "gtest/gtest.h"
#include "parley/store/postgres_store.h"
#include "pg_test_util.h"
#include "store/store_conformance_test.h"

namespace parley::store {
namespace {

std::vector<StoreBackend> PostgresBackends() {
  if (!pg::TestServerUri()) return {};
  StoreBackend backend;
  backend.name = "Postgres";
  backend.fresh_location = [] { return pg::FreshSchemaUri(); };
  backend.open = [](const StoreOptions& options) { return OpenPostgres(options); };
  return {backend};
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreConformanceTest, testing::ValuesIn(PostgresBackends()),
                         BackendName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(StoreConformanceTest);

// Makes the skip visible when no server is configured.
TEST(PostgresConformance, HasServer) {
  if (!pg::TestServerUri()) GTEST_SKIP() << pg::kNoServerReason;
}

}  // namespace
}  // namespace parley::store
