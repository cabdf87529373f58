// Client side of the standard gRPC health protocol (grpc.health.v1), for
// `parley health` and the tests; Debian ships no grpc_health_probe.
#ifndef PARLEY_RPC_HEALTH_CLIENT_H_
#define PARLEY_RPC_HEALTH_CLIENT_H_

#include <memory>
#include <string>

#include <grpcpp/channel.h>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "parley/rpc/channel.h"  // MakeChannel, which this header used to declare.

namespace parley::rpc {

// One Check call: OK when `service` ("" = the whole server) is SERVING;
// UNAVAILABLE with the reported status otherwise, or the call's error.
absl::Status CheckServing(grpc::Channel* channel, const std::string& service,
                          absl::Duration timeout);

// Retries CheckServing until it succeeds or `wait` has passed (the server
// may still be starting); returns the last error.
absl::Status WaitUntilServing(grpc::Channel* channel, const std::string& service,
                              absl::Duration wait);

}  // namespace parley::rpc

#endif  // PARLEY_RPC_HEALTH_CLIENT_H_
