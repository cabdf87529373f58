#include "connection_pool.h"

#include <chrono>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "pg_status.h"

namespace parley::store::pg {

std::string WithClientDefaults(const std::string& uri) {
  std::string out = uri;
  auto add = [&out](absl::string_view key, absl::string_view value) {
    if (absl::StrContains(out, absl::StrCat(key, "="))) return;
    absl::StrAppend(&out, absl::StrContains(out, "?") ? "&" : "?", key, "=", value);
  };
  add("connect_timeout", "5");
  add("application_name", "parley");
  // Notice a vanished server on an idle connection within a minute.
  add("keepalives_idle", "30");
  return out;
}

ConnectionPool::ConnectionPool(std::string uri, int size)
    : uri_(WithClientDefaults(uri)), redacted_uri_(RedactUri(uri)), size_(size < 1 ? 1 : size) {}

ConnectionPool::~ConnectionPool() = default;

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), conn_(std::move(other.conn_)), broken_(other.broken_) {
  other.pool_ = nullptr;
}

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->Release(std::move(conn_), broken_);
}

absl::StatusOr<std::unique_ptr<pqxx::connection>> ConnectionPool::Connect() {
  try {
    auto conn = std::make_unique<pqxx::connection>(uri_);
    // Dates and times the store parses back are ISO and UTC whatever the
    // server's defaults.
    pqxx::nontransaction txn(*conn);
    txn.exec("SET DateStyle = ISO; SET TimeZone = 'UTC'");
    return conn;
  } catch (const std::exception& e) {
    // libpq's message names host and port, never the password.
    return absl::UnavailableError(
        absl::StrCat("PostgreSQL at ", redacted_uri_, " is unreachable: ",
                     absl::StripTrailingAsciiWhitespace(e.what())));
  }
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire(absl::Duration wait) {
  std::unique_lock<std::mutex> lock(mu_);
  auto deadline = std::chrono::steady_clock::now() + absl::ToChronoNanoseconds(wait);
  while (idle_.empty() && open_ >= size_) {
    if (freed_.wait_until(lock, deadline) == std::cv_status::timeout &&
        idle_.empty() && open_ >= size_) {
      return absl::DeadlineExceededError(absl::StrCat(
          "all ", size_, " PostgreSQL connections stayed busy for ", absl::FormatDuration(wait)));
    }
  }
  if (!idle_.empty()) {
    std::unique_ptr<pqxx::connection> conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
  }
  ++open_;
  lock.unlock();
  absl::StatusOr<std::unique_ptr<pqxx::connection>> conn = Connect();
  if (!conn.ok()) {
    lock.lock();
    --open_;
    freed_.notify_one();
    return conn.status();
  }
  return Lease(this, *std::move(conn));
}

void ConnectionPool::Release(std::unique_ptr<pqxx::connection> conn, bool broken) {
  std::unique_ptr<pqxx::connection> doomed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (broken || conn == nullptr || !conn->is_open()) {
      doomed = std::move(conn);
      --open_;
    } else {
      idle_.push_back(std::move(conn));
    }
  }
  freed_.notify_one();
  // Closing talks to the server: outside the lock.
  doomed.reset();
}

void ConnectionPool::DropIdle() {
  std::vector<std::unique_ptr<pqxx::connection>> doomed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    doomed.swap(idle_);
    open_ -= static_cast<int>(doomed.size());
  }
  freed_.notify_all();
}

}  // namespace parley::store::pg
