// The one place where absl::Status becomes grpc::Status and back. Services
// return absl statuses internally and convert at the handler boundary; the
// CLI converts what a stub returns so every error prints the same way.
#ifndef PARLEY_RPC_STATUS_H_
#define PARLEY_RPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace parley::rpc {

// Same code (the two enums share their numbers), same message.
grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace parley::rpc

#endif  // PARLEY_RPC_STATUS_H_
