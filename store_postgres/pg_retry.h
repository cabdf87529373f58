// Runs a unit of work on a pooled connection, retrying what is worth a retry:
// serialization failures and deadlocks (40001, 40P01) and dropped
// connections (reconnect). Returns UNAVAILABLE at once when no connection can
// be opened: hammering a server that is down helps no one.
#ifndef PARLEY_STORE_POSTGRES_PG_RETRY_H_
#define PARLEY_STORE_POSTGRES_PG_RETRY_H_

#include <utility>

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "connection_pool.h"
#include "pg_status.h"

namespace parley::store::pg {

inline constexpr int kMaxAttempts = 4;

// Short, growing pause before attempt `attempt` (1-based retries).
void RetryBackoff(int attempt);

// `fn(pqxx::connection&)` returns absl::Status or absl::StatusOr<T> and may
// throw libpqxx exceptions; `what` names the operation in messages.
template <typename F>
auto WithRetry(ConnectionPool& pool, absl::string_view what, F&& fn)
    -> decltype(fn(std::declval<pqxx::connection&>())) {
  absl::Status last;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    if (attempt > 0) RetryBackoff(attempt);
    auto lease = pool.Acquire();
    if (!lease.ok()) return lease.status();
    try {
      return fn(lease->conn());
    } catch (...) {
      ClassifiedError e = ClassifyCurrentException(what);
      last = e.status;
      if (e.recovery == Recovery::kNone) return last;
      if (e.recovery == Recovery::kReconnect) {
        // The server went away for every connection, not just this one.
        lease->MarkBroken();
        pool.DropIdle();
      }
    }
  }
  return last;
}

}  // namespace parley::store::pg

#endif  // PARLEY_STORE_POSTGRES_PG_RETRY_H_
