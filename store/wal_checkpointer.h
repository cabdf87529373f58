// Moves WAL checkpoints off the writer's thread. SQLite's default
// (wal_autocheckpoint) copies the WAL back into the database inside the
// commit that crosses 1,000 pages, so the writer, the one serial stage of
// ingest, also did all the copying and the database file's fsync: bulk
// ingest ran 40-50% faster with it gone (bench/README.md, "checkpoints off
// the writer").
//
// A checkpointer has its own connection and thread. The writer's WAL hook
// wakes it once the WAL holds `background_pages`; it then runs PASSIVE
// checkpoints, which never block the writer or readers. A checkpoint cannot
// finish while the writer keeps appending, and SQLite starts the WAL over
// only after a finished one, so under sustained load the WAL could grow
// without bound: past `writer_pages` the writer checkpoints itself at its
// next commit (as SQLite's default would), which bounds the WAL file.
//
// Durability is unchanged: a commit is durable once its WAL frames are
// synced; checkpoints only copy committed pages.
#ifndef PARLEY_STORE_WAL_CHECKPOINTER_H_
#define PARLEY_STORE_WAL_CHECKPOINTER_H_

#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/status/statusor.h"
#include "store/sqlite_db.h"

namespace parley::store::sqlite {

class WalCheckpointer {
 public:
  struct Options {
    int background_pages = 1000;  // SQLite's own autocheckpoint threshold.
    int writer_pages = 16000;     // ~64 MB of WAL at 4 KB pages.
  };

  // Opens a second connection to `writer`'s file and takes over `writer`'s
  // WAL hook (replacing wal_autocheckpoint). `writer` must outlive the
  // checkpointer and commit only on one thread at a time.
  static absl::StatusOr<std::unique_ptr<WalCheckpointer>> Start(Connection* writer,
                                                                Options options);
  static absl::StatusOr<std::unique_ptr<WalCheckpointer>> Start(Connection* writer) {
    return Start(writer, Options());
  }
  // Stops the thread (after the checkpoint it is running) and gives the
  // writer back SQLite's default autocheckpoint. The writer must be idle.
  ~WalCheckpointer();

  // Checkpoints run by the background thread, and by the writer past
  // writer_pages (for tests and benchmarks).
  int64_t background_checkpoints() const { return background_.load(); }
  int64_t writer_checkpoints() const { return by_writer_.load(); }
  int64_t failed_checkpoints() const { return failed_.load(); }

 private:
  WalCheckpointer(Connection* writer, std::unique_ptr<Connection> own, Options options);
  static int OnCommit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void Loop();

  Connection* const writer_;
  const std::unique_ptr<Connection> own_;
  const Options options_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool pending_ = false;  // Guarded by mu_.
  bool stop_ = false;     // Guarded by mu_.
  std::atomic<int64_t> background_{0}, by_writer_{0}, failed_{0};
  std::thread thread_;
};

}  // namespace parley::store::sqlite

#endif  // PARLEY_STORE_WAL_CHECKPOINTER_H_
