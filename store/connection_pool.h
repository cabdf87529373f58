// Read connections to one SQLite file, handed out one per read so the
// query service's concurrent RPCs read in parallel (WAL readers never block
// each other or the writer), with at most `max_leased` reads at once.
#ifndef PARLEY_STORE_CONNECTION_POOL_H_
#define PARLEY_STORE_CONNECTION_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "store/sqlite_db.h"

namespace parley::store::sqlite {

class ConnectionPool {
 public:
  // `flags`: sqlite3_open_v2 flags for new connections. Connections are
  // kept once opened (a new one re-parses the schema and re-maps the file),
  // so at most `max_leased` ever exist.
  //
  // `max_leased` bounds reads running at once; Acquire() waits beyond it.
  // Each connection maps the file on its own and faults its pages in again,
  // and reads are CPU-bound once the file is cached, so more connections
  // than CPUs only add page faults and context switches: on 2 CPUs, 16
  // in-flight queries on the 1M-event store ran 2.5x faster through 2
  // connections than through 16 (bench/README.md, "reads at once").
  // 0 means one per CPU (at least 2).
  ConnectionPool(std::string path, int flags, size_t max_leased = 0);

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

  // Waits while `max_leased` leases are out. Waiting reads get connections
  // in the order they asked: a returned slot goes to the longest waiter, and
  // a read arriving meanwhile queues behind it, so no read can be passed
  // over indefinitely (with one shared condition variable, a read arriving
  // as a slot came back could take it ahead of the one woken for it).
  absl::StatusOr<Lease> Acquire();

  // Reads waiting in Acquire() now.
  size_t waiting();

 private:
  // Returns a lease slot; `conn` (null when opening one failed) is kept.
  void Return(std::unique_ptr<Connection> conn);
  absl::StatusOr<std::unique_ptr<Connection>> OpenConnection() const;

  const std::string path_;
  const int flags_;
  const size_t max_leased_;
  // One waiting Acquire(); Return() hands it the slot by setting `granted`.
  struct Waiter {
    std::condition_variable cv;
    bool granted = false;
  };

  // std::mutex so ThreadSanitizer sees the locking (Debian's Abseil is not
  // instrumented).
  std::mutex mu_;
  size_t leased_ = 0;                              // Guarded by mu_.
  std::vector<std::unique_ptr<Connection>> idle_;  // Guarded by mu_.
  std::deque<Waiter*> waiters_;                    // Guarded by mu_; oldest first.
};

}  // namespace parley::store::sqlite

#endif  // PARLEY_STORE_CONNECTION_POOL_H_
