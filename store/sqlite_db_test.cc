// Days as the store writes and reads them, and statements prepared once.
#include "store/sqlite_db.h"

#include <sqlite3.h>

#include "gtest/gtest.h"

namespace parley::store::sqlite {
namespace {

TEST(DayTextTest, RoundTripsThroughText) {
  for (absl::CivilDay day : {absl::CivilDay(2024, 2, 29), absl::CivilDay(999, 1, 9),
                             absl::CivilDay(2026, 12, 31)}) {
    EXPECT_EQ(TextToDay(DayToText(day)), day) << DayToText(day);
  }
}

TEST(DayTextTest, RefusesDaysThatDoNotExist) {
  EXPECT_EQ(TextToDay("2021-02-30"), std::nullopt);
  EXPECT_EQ(TextToDay("2021-13-01"), std::nullopt);
  EXPECT_EQ(TextToDay("2021-00-10"), std::nullopt);
}

TEST(DayTextTest, RefusesWhatIsNotADay) {
  EXPECT_EQ(TextToDay(""), std::nullopt);
  EXPECT_EQ(TextToDay("2021-0a-10"), std::nullopt);
  EXPECT_EQ(TextToDay("2021/02/10"), std::nullopt);
  EXPECT_EQ(TextToDay("yesterday"), std::nullopt);
}

// Counting them serialises every allocation of every connection on one mutex.
TEST(ConnectionTest, SqliteKeepsNoProcessWideMemoryStatistics) {
  absl::StatusOr<std::unique_ptr<Connection>> db =
      Connection::Open(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE((*db)->Exec("CREATE TABLE t(x); INSERT INTO t VALUES (randomblob(100000));").ok());
  EXPECT_EQ(sqlite3_memory_used(), 0);
}

TEST(ConnectionTest, ExecCachedRunsTheStatementEachTime) {
  absl::StatusOr<std::unique_ptr<Connection>> db =
      Connection::Open(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE((*db)->Exec("CREATE TABLE t(x)").ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE((*db)->ExecCached("BEGIN").ok());
    EXPECT_FALSE((*db)->autocommit());
    ASSERT_TRUE((*db)->ExecCached("INSERT INTO t VALUES (1)").ok());
    ASSERT_TRUE((*db)->ExecCached("COMMIT").ok());
    EXPECT_TRUE((*db)->autocommit());
  }
  EXPECT_EQ(*(*db)->QueryInt("SELECT count(*) FROM t"), 3);
  EXPECT_FALSE((*db)->ExecCached("COMMIT").ok()) << "no transaction is open";
}

}  // namespace
}  // namespace parley::store::sqlite
