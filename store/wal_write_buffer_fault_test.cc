// The WAL write buffer when the disk refuses its writes: a failed flush must
// make SQLite roll back the whole transaction, never leave it open over
// frames that were dropped. Its own binary: the buffer sits over whatever
// VFS is the default when it is first used, and here that is a VFS whose
// -wal writes fail on demand, registered before anything opens SQLite.
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "store/sqlite_db.h"
#include "store/wal_write_buffer.h"

namespace parley::store::sqlite {
namespace {

namespace fs = std::filesystem;

// While set, every write to a -wal file fails as on a full disk.
std::atomic<bool> disk_full{false};
// -wal writes that reached the file system since its last sync, and syncs.
std::atomic<int> unsynced_writes{0};
std::atomic<int> wal_syncs{0};
sqlite3_vfs* unix_vfs = nullptr;
sqlite3_io_methods failing_methods;
int (*real_write)(sqlite3_file*, const void*, int, sqlite3_int64) = nullptr;
int (*real_sync)(sqlite3_file*, int) = nullptr;

int FailingWrite(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  if (disk_full) return SQLITE_FULL;
  ++unsynced_writes;
  return real_write(file, data, amount, offset);
}

int CountingSync(sqlite3_file* file, int flags) {
  int rc = real_sync(file, flags);
  if (rc == SQLITE_OK) {
    unsynced_writes = 0;
    ++wal_syncs;
  }
  return rc;
}

int FailingOpen(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  int rc = unix_vfs->xOpen(unix_vfs, name, file, flags, out_flags);
  if (rc == SQLITE_OK && (flags & SQLITE_OPEN_WAL) != 0 && file->pMethods != nullptr) {
    if (real_write == nullptr) {
      failing_methods = *file->pMethods;
      real_write = failing_methods.xWrite;
      failing_methods.xWrite = FailingWrite;
      real_sync = failing_methods.xSync;
      failing_methods.xSync = CountingSync;
    }
    file->pMethods = &failing_methods;
  }
  return rc;
}

// The failing VFS as the default, before the buffer is first registered.
void RegisterFailingDefault() {
  static const bool registered = [] {
    TurnOffProcessWideMemoryStatistics();
    static sqlite3_vfs failing;
    unix_vfs = sqlite3_vfs_find(nullptr);
    failing = *unix_vfs;
    failing.zName = "parley-test-failing-wal";
    failing.pNext = nullptr;
    failing.xOpen = FailingOpen;
    return sqlite3_vfs_register(&failing, /*makeDflt=*/1) == SQLITE_OK;
  }();
  ASSERT_TRUE(registered);
}

class WalWriteBufferFaultTest : public testing::Test {
 protected:
  void SetUp() override {
    RegisterFailingDefault();
    fs::path dir = fs::path(testing::TempDir()) / absl::StrCat("parley_walfault_", getpid());
    fs::create_directories(dir);
    path_ = (dir / "t.db").string();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
  }
  void TearDown() override { disk_full = false; }

  std::unique_ptr<Connection> OpenWriter() {
    absl::StatusOr<const char*> vfs = WalWriteBufferVfs();
    EXPECT_TRUE(vfs.ok()) << vfs.status();
    absl::StatusOr<std::unique_ptr<Connection>> db =
        Connection::Open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, *vfs);
    EXPECT_TRUE(db.ok()) << db.status();
    return *std::move(db);
  }

  // What a fresh process finds: the database and its WAL, no shared index.
  std::string Recovered(const std::string& sql) {
    const std::string copy = path_ + ".copy";
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(copy + suffix);
    fs::copy_file(path_, copy);
    if (fs::exists(path_ + "-wal")) fs::copy_file(path_ + "-wal", copy + "-wal");
    return Text(copy, sql);
  }

  static std::string Text(const std::string& path, const std::string& sql) {
    absl::StatusOr<std::unique_ptr<Connection>> db = Connection::Open(path, SQLITE_OPEN_READWRITE);
    if (!db.ok()) return db.status().ToString();
    absl::StatusOr<Statement> st = (*db)->Prepare(sql);
    if (!st.ok()) return st.status().ToString();
    absl::StatusOr<bool> row = st->Step();
    if (!row.ok()) return row.status().ToString();
    return *row ? st->Text(0) : "no row";
  }

  std::string path_;
};

TEST_F(WalWriteBufferFaultTest, AFlushFailingInAStatementRollsBackTheWholeTransaction) {
  std::unique_ptr<Connection> db = OpenWriter();
  ASSERT_TRUE(db->Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                       "PRAGMA temp_store = MEMORY; "
                       "CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT UNIQUE, blob BLOB); "
                       "INSERT INTO t(blob) VALUES (randomblob(3000))")
                  .ok());
  // A small cache, so the transaction's pages spill into the WAL (and sit
  // in the buffer) before it commits, as a large batch's do.
  ASSERT_TRUE(db->Exec("PRAGMA cache_size = 10").ok());
  ASSERT_TRUE(db->Exec("BEGIN IMMEDIATE").ok());
  ASSERT_TRUE(db->Exec("SAVEPOINT first; "
                       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                       "WHERE i < 300) INSERT INTO t(blob) SELECT randomblob(3000) FROM n; "
                       "RELEASE first")
                  .ok());
  // The store's per-article savepoint, around a statement that reads back
  // spilled frames (flushing the buffer) while the disk is full.
  ASSERT_TRUE(db->Exec("SAVEPOINT second").ok());
  disk_full = true;
  absl::Status failed = db->Exec("INSERT INTO t(k, blob) SELECT 'x' || id, blob FROM t");
  disk_full = false;
  ASSERT_FALSE(failed.ok());
  // Had SQLite kept the transaction, the store would roll back this article
  // alone and commit the first: over frames the disk never got.
  EXPECT_TRUE(db->autocommit()) << "the transaction survived a dropped flush: " << failed;
  if (!db->autocommit()) {
    ASSERT_TRUE(db->Exec("ROLLBACK TO second; RELEASE second").ok());
    db->Exec("COMMIT").IgnoreError();
  }
  EXPECT_EQ(Text(path_, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(Text(path_, "SELECT count(*) FROM t"), "1");
  EXPECT_EQ(Recovered("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(Recovered("SELECT count(*) FROM t"), "1");

  // And the writer goes on: the next transaction starts over the hole.
  ASSERT_TRUE(db->Exec("INSERT INTO t(blob) VALUES (randomblob(3000))").ok());
  EXPECT_EQ(Text(path_, "SELECT count(*) FROM t"), "2");
  EXPECT_EQ(Recovered("SELECT count(*) FROM t"), "2");
  EXPECT_EQ(Recovered("PRAGMA integrity_check"), "ok");
}

TEST_F(WalWriteBufferFaultTest, AFullDiskAtCommitFailsItAndKeepsEarlierCommits) {
  std::unique_ptr<Connection> db = OpenWriter();
  ASSERT_TRUE(db->Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                       "CREATE TABLE t(id INTEGER PRIMARY KEY, blob BLOB); "
                       "INSERT INTO t(blob) VALUES (randomblob(3000))")
                  .ok());
  disk_full = true;
  absl::Status failed = db->Exec("INSERT INTO t(blob) VALUES (randomblob(3000))");
  disk_full = false;
  EXPECT_TRUE(absl::IsResourceExhausted(failed)) << failed;
  EXPECT_TRUE(db->autocommit());
  ASSERT_TRUE(db->Exec("INSERT INTO t(blob) VALUES (randomblob(3000))").ok());
  EXPECT_EQ(Text(path_, "SELECT count(*) FROM t"), "2");
  EXPECT_EQ(Recovered("SELECT count(*) FROM t"), "2");
  EXPECT_EQ(Recovered("PRAGMA integrity_check"), "ok");
}

// What kill -9 tests cannot see (the page cache survives them): every
// commit's frames are synced to the disk before the commit returns, as
// after a power cut they would otherwise be gone though acknowledged.
TEST_F(WalWriteBufferFaultTest, EveryCommitIsSyncedBeforeItReturns) {
  std::unique_ptr<Connection> db = OpenWriter();
  ASSERT_TRUE(db->Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                       "CREATE TABLE t(id INTEGER PRIMARY KEY, blob BLOB)")
                  .ok());
  const int syncs_before = wal_syncs;
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(db->Exec("INSERT INTO t(blob) VALUES (randomblob(5000))").ok());
    EXPECT_EQ(unsynced_writes, 0) << "commit " << i << " returned before its frames were synced";
  }
  EXPECT_GE(wal_syncs - syncs_before, 20);
}

// The same at the file level: after a dropped flush, nothing may read the
// dropped bytes or write past them until writing starts over before them.
TEST_F(WalWriteBufferFaultTest, AfterADroppedFlushOnlyAFreshStartIsWritten) {
  absl::StatusOr<const char*> name = WalWriteBufferVfs();
  ASSERT_TRUE(name.ok()) << name.status();
  sqlite3_vfs* vfs = sqlite3_vfs_find(*name);
  ASSERT_NE(vfs, nullptr);
  std::string storage(static_cast<size_t>(vfs->szOsFile), '\0');
  auto* file = reinterpret_cast<sqlite3_file*>(storage.data());
  const std::string wal = path_ + "-wal";
  { std::ofstream database(path_); }  // A -wal file takes its database's mode.
  int out_flags = 0;
  ASSERT_EQ(vfs->xOpen(vfs, wal.c_str(), file,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_WAL, &out_flags),
            SQLITE_OK);
  const sqlite3_io_methods& io = *file->pMethods;
  const std::string page(4096, 'p');
  char back[4096];
  ASSERT_EQ(io.xWrite(file, page.data(), 4096, 0), SQLITE_OK);
  ASSERT_EQ(io.xSync(file, SQLITE_SYNC_FULL), SQLITE_OK);  // Offset 0 is on disk.
  ASSERT_EQ(io.xWrite(file, page.data(), 4096, 4096), SQLITE_OK);  // Buffered.

  disk_full = true;
  EXPECT_EQ(io.xRead(file, back, 4096, 4096), SQLITE_IOERR_WRITE);  // The flush fails.
  disk_full = false;
  EXPECT_EQ(io.xRead(file, back, 4096, 4096), SQLITE_IOERR_READ);  // Dropped bytes.
  EXPECT_EQ(io.xRead(file, back, 4096, 0), SQLITE_OK);               // Written before.
  EXPECT_EQ(io.xWrite(file, page.data(), 4096, 8192), SQLITE_IOERR_WRITE);  // Past the hole.
  EXPECT_EQ(io.xWrite(file, page.data(), 4096, 4096), SQLITE_OK);  // Over it: a fresh start.
  EXPECT_EQ(io.xSync(file, SQLITE_SYNC_FULL), SQLITE_OK);
  EXPECT_EQ(io.xRead(file, back, 4096, 4096), SQLITE_OK);
  EXPECT_EQ(io.xClose(file), SQLITE_OK);
}

}  // namespace
}  // namespace parley::store::sqlite
