// Maps libpqxx exceptions to absl::Status, so no exception leaves the store.
// The one place that knows which PostgreSQL errors are worth a retry.
#ifndef PARLEY_STORE_POSTGRES_PG_STATUS_H_
#define PARLEY_STORE_POSTGRES_PG_STATUS_H_

#include <exception>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace parley::store::pg {

// What a caller should do after a failed attempt.
enum class Recovery {
  kNone,       // Report the status.
  kRetry,      // Serialization failure or deadlock: run the transaction again.
  kReconnect,  // The connection is gone: drop it, retry on a fresh one.
};

struct ClassifiedError {
  absl::Status status;
  Recovery recovery = Recovery::kNone;
};

// Call inside a catch block: classifies std::current_exception(). `what`
// names the operation for the message ("ListCalls").
ClassifiedError ClassifyCurrentException(absl::string_view what);

// The status for a SQLSTATE code (exposed for tests): 40001/40P01 ABORTED,
// 53xxx RESOURCE_EXHAUSTED, 08xxx and 57Pxx UNAVAILABLE, 22xxx
// INVALID_ARGUMENT, anything else INTERNAL.
absl::StatusCode CodeForSqlState(absl::string_view sqlstate);

// The URI without its password, for messages and logs.
std::string RedactUri(absl::string_view uri);

}  // namespace parley::store::pg

#endif  // PARLEY_STORE_POSTGRES_PG_STATUS_H_
