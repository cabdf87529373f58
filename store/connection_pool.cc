#include "store/connection_pool.h"

#include <algorithm>
#include <thread>

namespace parley::store::sqlite {
namespace {

size_t OnePerCpu() { return std::max<size_t>(2, std::thread::hardware_concurrency()); }

}  // namespace

ConnectionPool::ConnectionPool(std::string path, int flags, size_t max_leased)
    : path_(std::move(path)),
      flags_(flags),
      max_leased_(max_leased == 0 ? OnePerCpu() : max_leased) {}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (leased_ < max_leased_ && waiters_.empty()) {
      ++leased_;
    } else {
      Waiter self;
      waiters_.push_back(&self);
      self.cv.wait(lock, [&] { return self.granted; });  // The slot is ours now.
    }
    if (!idle_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
  }
  absl::StatusOr<std::unique_ptr<Connection>> conn = OpenConnection();
  if (!conn.ok()) {
    Return(nullptr);
    return conn.status();
  }
  return Lease(this, std::move(*conn));
}

absl::StatusOr<std::unique_ptr<Connection>> ConnectionPool::OpenConnection() const {
  absl::StatusOr<std::unique_ptr<Connection>> conn = Connection::Open(path_, flags_);
  if (!conn.ok()) return conn.status();
  // Reads through a memory map (up to SQLite's 2 GB cap) instead of a read()
  // per page into each connection's own 2 MB cache: a page of 50 calls
  // touches ~1,000 B-tree pages, and on the 1M-event store the syscalls and
  // copies were most of a query (bench/README.md, "after the query
  // rewrite"). The map shares the OS page cache between connections.
  absl::Status mapped = (*conn)->Exec("PRAGMA mmap_size = 2147418112");
  if (!mapped.ok()) return mapped;
  return conn;
}

void ConnectionPool::Return(std::unique_ptr<Connection> conn) {
  std::lock_guard<std::mutex> lock(mu_);
  if (conn != nullptr) idle_.push_back(std::move(conn));
  if (waiters_.empty()) {
    --leased_;
    return;
  }
  // Hand the slot over: leased_ stays, and no new read can take it first.
  Waiter* next = waiters_.front();
  waiters_.pop_front();
  next->granted = true;
  next->cv.notify_one();  // Under mu_: `next` lives on a stack that waits for it.
}

size_t ConnectionPool::waiting() {
  std::lock_guard<std::mutex> lock(mu_);
  return waiters_.size();
}

}  // namespace parley::store::sqlite
