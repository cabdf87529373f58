#include "store/connection_pool.h"

namespace parley::store::sqlite {

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
  }
  absl::StatusOr<std::unique_ptr<Connection>> conn = Connection::Open(path_, flags_);
  if (!conn.ok()) return conn.status();
  // Reads through a memory map (up to SQLite's 2 GB cap) instead of a read()
  // per page into each connection's own 2 MB cache: a page of 50 calls
  // touches ~1,000 B-tree pages, and on the 1M-event store the syscalls and
  // copies were most of a query (bench/README.md, "after the query
  // rewrite"). The map shares the OS page cache between connections.
  absl::Status mapped = (*conn)->Exec("PRAGMA mmap_size = 2147418112");
  if (!mapped.ok()) return mapped;
  return Lease(this, std::move(*conn));
}

void ConnectionPool::Return(std::unique_ptr<Connection> conn) {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(conn));
}

}  // namespace parley::store::sqlite
