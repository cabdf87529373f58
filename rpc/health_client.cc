#include "parley/rpc/health_client.h"

#include <algorithm>
#include <thread>

#include <grpcpp/client_context.h>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "parley/rpc/status.h"

namespace parley::rpc {

absl::Status CheckServing(grpc::Channel* channel, const std::string& service,
                          absl::Duration timeout) {
  auto stub = grpc::health::v1::Health::NewStub(
      std::shared_ptr<grpc::ChannelInterface>(channel, [](grpc::ChannelInterface*) {}));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  if (response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
    return absl::UnavailableError(absl::StrCat(
        "health: ", service.empty() ? "server" : service, " is ",
        grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status())));
  }
  return absl::OkStatus();
}

absl::Status WaitUntilServing(grpc::Channel* channel, const std::string& service,
                              absl::Duration wait) {
  const absl::Time deadline = absl::Now() + wait;
  while (true) {
    absl::Duration left = std::max(deadline - absl::Now(), absl::Milliseconds(200));
    absl::Status status = CheckServing(channel, service, std::min(left, absl::Seconds(2)));
    if (status.ok() || absl::Now() >= deadline) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace parley::rpc
