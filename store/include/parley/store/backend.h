// How Open() finds a store implementation: each backend registers the URI
// schemes it serves. SQLite serves plain file paths and is built in; the
// PostgreSQL store (target parley_store_postgres) registers "postgresql" and
// "postgres" by calling RegisterStoreBackend() from a static initializer in
// an OBJECT library, or from the service's main().
#ifndef PARLEY_STORE_BACKEND_H_
#define PARLEY_STORE_BACKEND_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "parley/store/store.h"

namespace parley::store {

using StoreOpener = std::function<absl::StatusOr<std::unique_ptr<Store>>(const StoreOptions&)>;

// `scheme` without "://", e.g. "postgresql". A later registration of the
// same scheme replaces the earlier one. Thread-safe. Returns true, so it can
// initialise a static.
bool RegisterStoreBackend(const std::string& scheme, StoreOpener opener);

}  // namespace parley::store

#endif  // PARLEY_STORE_BACKEND_H_
