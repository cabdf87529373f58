// Idle read connections to one SQLite file, handed out one per read so the
// query service's concurrent RPCs read in parallel (WAL readers never block
// each other or the writer).
#ifndef PARLEY_STORE_CONNECTION_POOL_H_
#define PARLEY_STORE_CONNECTION_POOL_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "store/sqlite_db.h"

namespace parley::store::sqlite {

class ConnectionPool {
 public:
  // `flags`: sqlite3_open_v2 flags for new connections. `max_idle` covers
  // the query service's concurrent reads: a connection opened per read
  // beyond it re-parses the schema and re-maps the file (its pages fault in
  // again), which at 16 reads in flight with 8 kept cost 3-4x throughput.
  ConnectionPool(std::string path, int flags, size_t max_idle = 64)
      : path_(std::move(path)), flags_(flags), max_idle_(max_idle) {}

  // Returns the connection to the pool when destroyed.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (conn_) pool_->Return(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  absl::StatusOr<Lease> Acquire();

 private:
  void Return(std::unique_ptr<Connection> conn);

  const std::string path_;
  const int flags_;
  const size_t max_idle_;
  // std::mutex so ThreadSanitizer sees the locking (Debian's Abseil is not
  // instrumented).
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;  // Guarded by mu_.
};

}  // namespace parley::store::sqlite

#endif  // PARLEY_STORE_CONNECTION_POOL_H_
