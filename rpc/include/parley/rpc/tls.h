// TLS credentials for Parley's servers and clients, built from PEM files.
// The files are read and checked here (readable, parseable, key matching
// the certificate, certificate not expired) so that a mistake stops the
// binary before it listens or dials, with a message naming the flag;
// gRPC itself would only fail later, at the handshake, with a vague error.
//
// Flag names in messages are the ones every Parley binary uses: --tls-cert,
// --tls-key, --tls-client-ca (server) and --tls-ca (client).
#ifndef PARLEY_RPC_TLS_H_
#define PARLEY_RPC_TLS_H_

#include <memory>
#include <string>

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include "absl/status/statusor.h"

namespace parley::rpc {

struct ServerTlsFiles {
  std::string cert;       // PEM certificate chain, leaf first.
  std::string key;        // PEM private key of the leaf.
  // PEM CA bundle. Set: mutual TLS; every client must present a
  // certificate signed by one of these CAs. Empty: server-only TLS.
  std::string client_ca;
};

// TLS listener credentials; NOT_FOUND / INVALID_ARGUMENT naming the flag
// when a file cannot be read, is not PEM, or the key does not match.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTlsFiles& files);

struct ClientTlsFiles {
  std::string ca;    // PEM CA bundle to verify the server; empty: system roots.
  std::string cert;  // Client certificate for mutual TLS (with `key`), or empty.
  std::string key;
};

// TLS channel credentials; errors as MakeServerCredentials.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeClientCredentials(
    const ClientTlsFiles& files);

}  // namespace parley::rpc

#endif  // PARLEY_RPC_TLS_H_
