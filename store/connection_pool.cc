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
    returned_.wait(lock, [&] { return leased_ < max_leased_; });
    ++leased_;
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
  {
    std::lock_guard<std::mutex> lock(mu_);
    --leased_;
    if (conn != nullptr) idle_.push_back(std::move(conn));
  }
  returned_.notify_one();
}

}  // namespace parley::store::sqlite
