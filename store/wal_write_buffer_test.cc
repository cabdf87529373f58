// The WAL write buffer: fewer writes, and the same database as without it:
// commits visible to other connections, rollbacks of spilled transactions,
// transactions larger than the buffer, WAL restarts, and a writer killed
// mid-transaction losing no commit.
#include "store/wal_write_buffer.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "store/sqlite_db.h"

namespace parley::store::sqlite {
namespace {

namespace fs = std::filesystem;

class WalWriteBufferTest : public testing::Test {
 protected:
  void SetUp() override {
    fs::path dir = fs::path(testing::TempDir()) / absl::StrCat("parley_walbuf_", getpid());
    fs::create_directories(dir);
    path_ =
        (dir / absl::StrCat(testing::UnitTest::GetInstance()->current_test_info()->name(), ".db"))
            .string();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
  }

  // A connection through the buffer, set up as the store's writer is.
  std::unique_ptr<Connection> OpenWriter() {
    absl::StatusOr<const char*> vfs = WalWriteBufferVfs();
    EXPECT_TRUE(vfs.ok()) << vfs.status();
    absl::StatusOr<std::unique_ptr<Connection>> db =
        Connection::Open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, *vfs);
    EXPECT_TRUE(db.ok()) << db.status();
    EXPECT_TRUE((*db)
                    ->Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                           "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, blob BLOB)")
                    .ok());
    return *std::move(db);
  }

  // A connection on SQLite's default VFS.
  std::unique_ptr<Connection> OpenPlain() {
    absl::StatusOr<std::unique_ptr<Connection>> db = Connection::Open(path_, SQLITE_OPEN_READWRITE);
    EXPECT_TRUE(db.ok()) << db.status();
    return *std::move(db);
  }

  // A query's integer; -1 (and a failure) when it fails.
  static int64_t Int(Connection& db, const std::string& sql) {
    absl::StatusOr<int64_t> value = db.QueryInt(sql);
    EXPECT_TRUE(value.ok()) << sql << ": " << value.status();
    return value.ok() ? *value : -1;
  }

  static std::string IntegrityCheck(Connection& db) {
    absl::StatusOr<Statement> st = db.Prepare("PRAGMA integrity_check");
    if (!st.ok()) return st.status().ToString();
    absl::StatusOr<bool> row = st->Step();
    return row.ok() && *row ? st->Text(0) : "no result";
  }

  std::string path_;
};

TEST_F(WalWriteBufferTest, CommitsReachOtherConnectionsInFewWrites) {
  std::unique_ptr<Connection> writer = OpenWriter();
  std::unique_ptr<Connection> reader = OpenPlain();
  const WalWriteCounts before = GetWalWriteCounts();
  for (int i = 1; i <= 50; ++i) {
    // 20 rows of 1 KB: about 6 pages, 12 writes by SQLite.
    ASSERT_TRUE(writer
                    ->Exec("BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                           "FROM n WHERE i < 20) INSERT INTO t(blob) SELECT randomblob(1000) "
                           "FROM n; COMMIT")
                    .ok());
    ASSERT_EQ(Int(*reader, "SELECT count(*) FROM t"), 20 * i);
  }
  const WalWriteCounts after = GetWalWriteCounts();
  const int64_t in = after.writes_in - before.writes_in;
  const int64_t out = after.writes_out - before.writes_out;
  EXPECT_GE(in, 50 * 8);
  // One write per commit (plus the WAL header's).
  EXPECT_LE(out, 50 + 5) << in << " writes in";
  writer.reset();
  reader = OpenPlain();
  EXPECT_EQ(IntegrityCheck(*reader), "ok");
  EXPECT_EQ(Int(*reader, "SELECT count(*) FROM t"), 1000);
}

TEST_F(WalWriteBufferTest, SpilledTransactionRollsBackAndLargeOneCommits) {
  std::unique_ptr<Connection> writer = OpenWriter();
  // A 10-page cache makes SQLite spill the open transaction to the WAL.
  ASSERT_TRUE(writer->Exec("PRAGMA cache_size = 10").ok());
  constexpr char kInsert[] =
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
      "INSERT INTO t(blob) SELECT randomblob(3000) FROM n";
  ASSERT_TRUE(writer->Exec("INSERT INTO t(blob) VALUES (x'01')").ok());
  ASSERT_TRUE(writer->Exec(absl::StrCat("BEGIN; ", kInsert)).ok());
  ASSERT_TRUE(writer->Exec("ROLLBACK").ok());
  EXPECT_EQ(Int(*writer, "SELECT count(*) FROM t"), 1);
  // 9 MB in one transaction: more than the 4 MiB buffer.
  ASSERT_TRUE(writer->Exec(absl::StrCat("BEGIN; ", kInsert, "; COMMIT")).ok());
  writer.reset();
  std::unique_ptr<Connection> db = OpenPlain();
  EXPECT_EQ(IntegrityCheck(*db), "ok");
  EXPECT_EQ(Int(*db, "SELECT count(*) FROM t"), 3001);
  EXPECT_EQ(Int(*db, "SELECT sum(length(blob)) FROM t"), 1 + 3000 * 3000);
}

TEST_F(WalWriteBufferTest, WalRestartsAfterCheckpoints) {
  std::unique_ptr<Connection> writer = OpenWriter();
  std::unique_ptr<Connection> reader = OpenPlain();
  for (int round = 1; round <= 4; ++round) {
    for (int i = 0; i < 10; ++i) {
      ASSERT_TRUE(writer->Exec("INSERT INTO t(blob) VALUES (randomblob(5000))").ok());
    }
    // TRUNCATE empties the WAL; the next commit writes it from the start.
    ASSERT_TRUE(
        writer
            ->Exec(round % 2 ? "PRAGMA wal_checkpoint(TRUNCATE)" : "PRAGMA wal_checkpoint(RESTART)")
            .ok());
    ASSERT_EQ(Int(*reader, "SELECT count(*) FROM t"), 10 * round);
  }
  writer.reset();
  reader = OpenPlain();
  EXPECT_EQ(IntegrityCheck(*reader), "ok");
  EXPECT_EQ(Int(*reader, "SELECT count(*) FROM t"), 40);
}

// A child commits transactions through the buffer and reports each after
// COMMIT returns; killed at any moment, it must have lost none it reported.
TEST_F(WalWriteBufferTest, KilledWriterLosesNoReportedCommit) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    std::unique_ptr<Connection> writer = OpenWriter();
    for (int64_t n = 1;; ++n) {
      std::string sql = absl::StrCat(
          "BEGIN; WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 40) "
          "INSERT INTO t(id, blob) SELECT ",
          n, " * 100 + i, randomblob(2000) FROM k; COMMIT");
      if (!writer->Exec(sql).ok()) _exit(3);
      if (write(fds[1], &n, sizeof n) != sizeof n) _exit(4);
    }
  }
  close(fds[1]);
  int64_t reported = 0;
  for (int i = 0; i < 60; ++i) {
    ASSERT_EQ(read(fds[0], &reported, sizeof reported), static_cast<ssize_t>(sizeof reported));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  // Commits that landed after the last read are fine too.
  int64_t more = 0;
  while (read(fds[0], &more, sizeof more) == static_cast<ssize_t>(sizeof more)) reported = more;
  close(fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child stopped by itself: " << status;
  std::unique_ptr<Connection> db = OpenPlain();
  EXPECT_EQ(IntegrityCheck(*db), "ok");
  const int64_t rows = Int(*db, "SELECT count(*) FROM t");
  EXPECT_GE(rows, reported * 40);
  EXPECT_EQ(rows % 40, 0) << "a transaction was half written";
  EXPECT_EQ(Int(*db, "SELECT count(*) FROM t WHERE id / 100 <= " + std::to_string(reported)),
            reported * 40);
}

}  // namespace
}  // namespace parley::store::sqlite
