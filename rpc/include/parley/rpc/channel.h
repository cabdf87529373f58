// Client channels to Parley's services: plaintext, TLS (optionally with a
// client certificate, for mutual TLS) and a bearer token sent with every
// call. The CLI, the tests and the benchmarks dial through here.
#ifndef PARLEY_RPC_CHANNEL_H_
#define PARLEY_RPC_CHANNEL_H_

#include <memory>
#include <string>

#include <grpcpp/channel.h>

#include "absl/status/statusor.h"
#include "parley/rpc/tls.h"

namespace parley::rpc {

struct ChannelOptions {
  // Dial with TLS. Implied by any file in `tls_files`; alone, the server
  // certificate is verified against the system's trusted CAs.
  bool tls = false;
  ClientTlsFiles tls_files;
  // TLS: the name the server certificate must carry, when it is not the
  // host of the address (e.g. a port-forward to 127.0.0.1).
  std::string tls_server_name;
  // Sent as "authorization: Bearer <token>" on every call; empty: none.
  std::string bearer_token;
};

// A channel to HOST:PORT that accepts responses up to 64 MiB. Errors name
// the flag of a TLS file that cannot be used.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const std::string& address,
                                                           const ChannelOptions& options);

// Plaintext, no token: MakeChannel(address, {}).
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address);

}  // namespace parley::rpc

#endif  // PARLEY_RPC_CHANNEL_H_
