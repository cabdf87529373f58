#include "pg_status.h"

#include "connection_pool.h"
#include "gtest/gtest.h"

namespace parley::store::pg {
namespace {

TEST(RedactUriTest, HidesPasswords) {
  EXPECT_EQ(RedactUri("postgresql://u:secret@db:5432/p"), "postgresql://u:***@db:5432/p");
  EXPECT_EQ(RedactUri("postgresql://u@db/p"), "postgresql://u@db/p");
  EXPECT_EQ(RedactUri("postgresql://db/p?password=secret&sslmode=require"),
            "postgresql://db/p?password=***&sslmode=require");
  EXPECT_EQ(RedactUri("postgres://db/p?sslmode=require&password=x"),
            "postgres://db/p?sslmode=require&password=***");
}

TEST(CodeForSqlStateTest, RetryableAndResourceCodes) {
  EXPECT_EQ(CodeForSqlState("40001"), absl::StatusCode::kAborted);
  EXPECT_EQ(CodeForSqlState("40P01"), absl::StatusCode::kAborted);
  EXPECT_EQ(CodeForSqlState("53100"), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(CodeForSqlState("57P01"), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CodeForSqlState("08006"), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CodeForSqlState("22021"), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CodeForSqlState("42P01"), absl::StatusCode::kInternal);
}

TEST(WithClientDefaultsTest, AddsTimeoutsKeepsUserSettings) {
  EXPECT_EQ(WithClientDefaults("postgresql://db/p"),
            "postgresql://db/p?connect_timeout=5&application_name=parley&keepalives_idle=30");
  EXPECT_EQ(WithClientDefaults("postgresql://db/p?connect_timeout=1&application_name=x"),
            "postgresql://db/p?connect_timeout=1&application_name=x&keepalives_idle=30");
}

}  // namespace
}  // namespace parley::store::pg
