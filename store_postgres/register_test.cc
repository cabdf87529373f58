// Linking parley_store_postgres_register alone makes store::Open() serve
// postgresql:// URIs: no call from the program.
#include "gtest/gtest.h"
#include "parley/store/store.h"

namespace parley::store {
namespace {

TEST(RegisterTest, OpenRoutesPostgresUrisWithoutACall) {
  for (const char* uri : {"postgresql://parley@127.0.0.1:1/parley", "postgres://127.0.0.1:1/p"}) {
    StoreOptions options;
    options.location = uri;
    absl::Status status = Open(options).status();
    // Port 1 refuses: UNAVAILABLE from the PostgreSQL store, not
    // UNIMPLEMENTED from an Open() that does not know the scheme.
    EXPECT_TRUE(absl::IsUnavailable(status)) << uri << ": " << status;
  }
}

}  // namespace
}  // namespace parley::store
