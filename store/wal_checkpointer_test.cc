// WAL checkpoints run on the checkpointer's thread, and the writer bounds
// the WAL when they cannot keep up.
#include "store/wal_checkpointer.h"

#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace parley::store::sqlite {
namespace {

namespace fs = std::filesystem;

class WalCheckpointerTest : public testing::Test {
 protected:
  void SetUp() override {
    fs::path dir = fs::path(testing::TempDir()) / absl::StrCat("parley_ckpt_", getpid());
    fs::create_directories(dir);
    path_ = (dir / absl::StrCat(testing::UnitTest::GetInstance()->current_test_info()->name(),
                                ".db"))
                .string();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
    absl::StatusOr<std::unique_ptr<Connection>> db =
        Connection::Open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    ASSERT_TRUE(db.ok()) << db.status();
    writer_ = std::move(*db);
    ASSERT_TRUE(writer_->Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                              "CREATE TABLE t(id INTEGER PRIMARY KEY, blob BLOB)")
                    .ok());
  }

  // `n` transactions of one 8 KB row each (3 pages with the table's).
  void Write(int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(writer_->Exec("INSERT INTO t(blob) VALUES (zeroblob(8192))").ok());
    }
  }

  int64_t Rows() { return *writer_->QueryInt("SELECT count(*) FROM t"); }
  uintmax_t WalBytes() { return fs::file_size(path_ + "-wal"); }

  std::string path_;
  std::unique_ptr<Connection> writer_;
};

TEST_F(WalCheckpointerTest, BackgroundThreadCheckpointsAndTheWriterDoesNot) {
  absl::StatusOr<std::unique_ptr<WalCheckpointer>> checkpointer =
      WalCheckpointer::Start(writer_.get(), {.background_pages = 20, .writer_pages = 1 << 30});
  ASSERT_TRUE(checkpointer.ok()) << checkpointer.status();
  Write(200);
  for (int i = 0; i < 500 && (*checkpointer)->background_checkpoints() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GT((*checkpointer)->background_checkpoints(), 0);
  EXPECT_EQ((*checkpointer)->writer_checkpoints(), 0);
  EXPECT_EQ((*checkpointer)->failed_checkpoints(), 0);
  checkpointer->reset();
  EXPECT_EQ(Rows(), 200);
}

TEST_F(WalCheckpointerTest, WriterBoundsTheWalWhenTheBackgroundCannotKeepUp) {
  // The background thread is never woken: only the writer's bound applies.
  absl::StatusOr<std::unique_ptr<WalCheckpointer>> checkpointer =
      WalCheckpointer::Start(writer_.get(), {.background_pages = 1 << 30, .writer_pages = 50});
  ASSERT_TRUE(checkpointer.ok()) << checkpointer.status();
  Write(500);  // ~1,500 pages, ~6 MB of WAL without checkpoints.
  EXPECT_GT((*checkpointer)->writer_checkpoints(), 0);
  EXPECT_EQ((*checkpointer)->background_checkpoints(), 0);
  EXPECT_LT(WalBytes(), 1u << 20);
  EXPECT_EQ(Rows(), 500);
}

TEST_F(WalCheckpointerTest, StoppingGivesTheWriterSqlitesAutocheckpointBack) {
  {
    absl::StatusOr<std::unique_ptr<WalCheckpointer>> checkpointer = WalCheckpointer::Start(
        writer_.get(), {.background_pages = 1 << 30, .writer_pages = 1 << 30});
    ASSERT_TRUE(checkpointer.ok()) << checkpointer.status();
  }
  Write(1000);  // ~3,000 pages (12 MB); SQLite's checkpoint at 1,000 pages caps the WAL.
  EXPECT_LT(WalBytes(), 6u << 20);
}

}  // namespace
}  // namespace parley::store::sqlite
