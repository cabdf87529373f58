#include "store/wal_checkpointer.h"

#include "parley/common/status_macros.h"

namespace parley::store::sqlite {

absl::StatusOr<std::unique_ptr<WalCheckpointer>> WalCheckpointer::Start(Connection* writer,
                                                                        Options options) {
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<Connection> own,
                          Connection::Open(writer->path(), SQLITE_OPEN_READWRITE));
  std::unique_ptr<WalCheckpointer> checkpointer(
      new WalCheckpointer(writer, std::move(own), options));
  sqlite3_wal_hook(writer->raw(), &WalCheckpointer::OnCommit, checkpointer.get());
  return checkpointer;
}

WalCheckpointer::WalCheckpointer(Connection* writer, std::unique_ptr<Connection> own,
                                 Options options)
    : writer_(writer), own_(std::move(own)), options_(options), thread_([this] { Loop(); }) {}

WalCheckpointer::~WalCheckpointer() {
  sqlite3_wal_autocheckpoint(writer_->raw(), 1000);  // Also removes our hook.
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

// Runs on the writer's thread, after each commit, outside any transaction.
int WalCheckpointer::OnCommit(void* arg, sqlite3* db, const char* schema, int wal_pages) {
  auto* self = static_cast<WalCheckpointer*>(arg);
  if (wal_pages >= self->options_.writer_pages) {
    // SQLITE_BUSY here means the background checkpoint is running: it will
    // do the same copying.
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    self->by_writer_.fetch_add(1);
  } else if (wal_pages >= self->options_.background_pages) {
    {
      std::lock_guard<std::mutex> lock(self->mu_);
      self->pending_ = true;
    }
    self->wake_.notify_one();
  }
  return SQLITE_OK;  // A failed checkpoint does not fail the commit.
}

void WalCheckpointer::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    wake_.wait(lock, [this] { return pending_ || stop_; });
    if (stop_) return;
    pending_ = false;
    lock.unlock();
    int rc = sqlite3_wal_checkpoint_v2(own_->raw(), "main", SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                       nullptr);
    // A failure (a full disk) loses nothing: the WAL keeps every commit and
    // the next checkpoint, or the writer's past writer_pages, copies it.
    (rc == SQLITE_OK || rc == SQLITE_BUSY ? background_ : failed_).fetch_add(1);
    lock.lock();
  }
}

}  // namespace parley::store::sqlite
