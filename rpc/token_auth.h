// A server interceptor that rejects calls to the guarded services unless
// they carry the bearer token (bearer_token.h): the call is failed with
// UNAUTHENTICATED as soon as its metadata arrives, so the client gets the
// answer without waiting for the handler, and the handler's replies can no
// longer reach it. The handler still runs (gRPC's synchronous server has
// no way to skip it), so both services also call BearerTokenVerifier::Check()
// themselves before reading or writing anything.
// Private to parley_rpc (used by server_runner.cc).
#ifndef PARLEY_RPC_TOKEN_AUTH_H_
#define PARLEY_RPC_TOKEN_AUTH_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/support/server_interceptor.h>

#include "parley/rpc/bearer_token.h"

namespace parley::rpc {

// `services`: full names ("parley.v1.IngestService"); methods of any other
// service (health, reflection) pass untouched.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeTokenAuthFactory(
    std::shared_ptr<const BearerTokenVerifier> verifier, std::vector<std::string> services);

}  // namespace parley::rpc

#endif  // PARLEY_RPC_TOKEN_AUTH_H_
