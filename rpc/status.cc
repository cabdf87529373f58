#include "parley/rpc/status.h"

#include <string>

namespace parley::rpc {

// absl::StatusCode and grpc::StatusCode both mirror google.rpc.Code, 0..16.
// A code outside that range (never produced by absl itself) is UNKNOWN.
static bool IsCanonicalCode(int code) { return code >= 0 && code <= 16; }

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  int code = static_cast<int>(status.code());
  if (!IsCanonicalCode(code)) code = static_cast<int>(grpc::StatusCode::UNKNOWN);
  return grpc::Status(static_cast<grpc::StatusCode>(code), std::string(status.message()));
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  int code = static_cast<int>(status.error_code());
  if (!IsCanonicalCode(code)) code = static_cast<int>(absl::StatusCode::kUnknown);
  return absl::Status(static_cast<absl::StatusCode>(code), status.error_message());
}

}  // namespace parley::rpc
