// Bearer-token authentication: a shared secret that callers present as gRPC
// metadata "authorization: Bearer <token>" (RFC 6750's header, which proxies
// and other gRPC clients already know how to send).
//
// The secret comes from a file (--auth-token-file / PARLEY_AUTH_TOKEN_FILE),
// so it is not on any command line or in `ps`, or from the environment
// (PARLEY_AUTH_TOKEN, e.g. a Kubernetes Secret). Without TLS the token
// crosses the network in clear text: use it with --tls-cert or behind a
// TLS-terminating proxy.
#ifndef PARLEY_RPC_BEARER_TOKEN_H_
#define PARLEY_RPC_BEARER_TOKEN_H_

#include <array>
#include <string>

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace parley::rpc {

// The token to use: the contents of `token_file` (trailing whitespace and
// newline removed) when it is not empty, else $PARLEY_AUTH_TOKEN, else ""
// (no token). Errors name --auth-token-file (`flag`) or the variable: file
// unreadable, token empty (PARLEY_AUTH_TOKEN set but empty too: an unfilled
// Secret must not turn authentication off) or not printable ASCII without
// spaces.
absl::StatusOr<std::string> ResolveBearerToken(const std::string& token_file,
                                               absl::string_view flag = "--auth-token-file");

// Server side: accepts calls that carry the configured token. Only a digest
// of the token is kept, and the comparison takes the same time wherever the
// presented token differs.
class BearerTokenVerifier {
 public:
  explicit BearerTokenVerifier(absl::string_view token);

  // OK when the call's metadata has exactly one "authorization: Bearer
  // <token>" (the scheme in any case); UNAUTHENTICATED with what to do
  // otherwise, a second authorization header included.
  grpc::Status Check(const grpc::ServerContextBase& context) const;

 private:
  std::array<unsigned char, 32> digest_;  // SHA-256 of the token.
};

}  // namespace parley::rpc

#endif  // PARLEY_RPC_BEARER_TOKEN_H_
