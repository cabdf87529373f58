// A small fixed pool of PostgreSQL connections shared by the store's threads.
//
// Connections are opened lazily and replaced when they break, so the store
// survives a database restart: while the server is down Acquire() returns
// UNAVAILABLE (naming the server, never the password), and the first call
// after it comes back reconnects. Thread-safe.
#ifndef PARLEY_STORE_POSTGRES_CONNECTION_POOL_H_
#define PARLEY_STORE_POSTGRES_CONNECTION_POOL_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace parley::store::pg {

class ConnectionPool {
 public:
  // `uri` is a postgresql:// URI; a connect_timeout is added when it has none
  // so that an unreachable host fails in seconds, not minutes.
  ConnectionPool(std::string uri, int size);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Exclusive use of one connection until destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    pqxx::connection& conn() { return *conn_; }
    // The connection failed: close it instead of returning it to the pool.
    void MarkBroken() { broken_ = true; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<pqxx::connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    ConnectionPool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
    bool broken_ = false;
  };

  // Waits up to `wait` for a free connection (DEADLINE_EXCEEDED after);
  // opens one if needed (UNAVAILABLE when the server cannot be reached).
  absl::StatusOr<Lease> Acquire(absl::Duration wait = absl::Seconds(30));

  // Closes idle connections (tests use it after a server restart).
  void DropIdle();

  const std::string& redacted_uri() const { return redacted_uri_; }

 private:
  void Release(std::unique_ptr<pqxx::connection> conn, bool broken);
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Connect();

  const std::string uri_;
  const std::string redacted_uri_;
  const int size_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;  // Guarded by mu_.
  int open_ = 0;  // Idle plus leased; guarded by mu_.
};

// `uri` with connect_timeout (and the other client settings the store
// relies on) added when absent.
std::string WithClientDefaults(const std::string& uri);

}  // namespace parley::store::pg

#endif  // PARLEY_STORE_POSTGRES_CONNECTION_POOL_H_
