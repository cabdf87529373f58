// Open(): picks the implementation by the form of the location. A plain path
// is SQLite; "scheme://..." goes to the backend registered for that scheme.
#include <map>
#include <mutex>
#include <string>

#include "absl/strings/str_cat.h"
#include "parley/store/backend.h"
#include "parley/store/store.h"
#include "store/sqlite_store.h"

namespace parley::store {
namespace {

// std::mutex (constexpr-constructed, so safe for registrations made by static
// initialisers) rather than absl::Mutex, which ThreadSanitizer cannot see in
// Debian's uninstrumented Abseil.
constinit std::mutex registry_mu;

// Callers hold registry_mu.
std::map<std::string, StoreOpener>& Registry() {
  static auto* registry = new std::map<std::string, StoreOpener>();
  return *registry;
}

}  // namespace

bool RegisterStoreBackend(const std::string& scheme, StoreOpener opener) {
  std::lock_guard<std::mutex> lock(registry_mu);
  Registry()[scheme] = std::move(opener);
  return true;
}

absl::StatusOr<std::unique_ptr<Store>> Open(const StoreOptions& options) {
  if (options.location.empty()) return absl::InvalidArgumentError("location: empty");
  if (options.max_batch <= 0) return absl::InvalidArgumentError("max_batch: must be positive");
  if (options.wal_checkpoint_pages <= 0) {
    return absl::InvalidArgumentError("wal_checkpoint_pages: must be positive");
  }
  size_t sep = options.location.find("://");
  if (sep == std::string::npos) {
    absl::StatusOr<std::unique_ptr<SqliteStore>> sqlite = SqliteStore::Open(options);
    if (!sqlite.ok()) return sqlite.status();
    return std::unique_ptr<Store>(std::move(*sqlite));
  }
  std::string scheme = options.location.substr(0, sep);
  StoreOpener opener;
  {
    std::lock_guard<std::mutex> lock(registry_mu);
    auto it = Registry().find(scheme);
    if (it != Registry().end()) opener = it->second;
  }
  if (opener) return opener(options);
  if (scheme == "postgresql" || scheme == "postgres") {
    return absl::UnimplementedError(
        "location: the PostgreSQL store is not built into this binary yet (target "
        "parley_store_postgres); use a SQLite file path");
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "location: unknown scheme '", scheme, "'; give a file path or a postgresql:// URI"));
}

}  // namespace parley::store
