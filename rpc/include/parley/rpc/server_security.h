// The security settings both services take (flags and environment
// variables of the same names), turned into Server::Options.
//
//   --tls-cert FILE       PARLEY_TLS_CERT        PEM certificate chain: listen with TLS
//   --tls-key FILE        PARLEY_TLS_KEY         its PEM private key
//   --tls-client-ca FILE  PARLEY_TLS_CLIENT_CA   require client certificates signed
//                                                by this CA (mutual TLS)
//   --auth-token-file F   PARLEY_AUTH_TOKEN_FILE require "authorization: Bearer <token>";
//                         (or PARLEY_AUTH_TOKEN, the token itself)
#ifndef PARLEY_RPC_SERVER_SECURITY_H_
#define PARLEY_RPC_SERVER_SECURITY_H_

#include <string>

#include "absl/status/status.h"
#include "parley/rpc/server_runner.h"

namespace parley::rpc {

struct ServerSecurityFlags {
  std::string tls_cert, tls_key, tls_client_ca;
  std::string auth_token_file;
};

// The four path settings: flag, environment variable, and where the value
// goes. Both the flag registration (server_security_flags.h) and the check
// that refuses a variable set but empty (ApplyServerSecurity) use this one
// list, so a path can be neither added to one and forgotten in the other.
struct SecurityPath {
  const char* flag;
  const char* env;
  std::string ServerSecurityFlags::*field;
};
inline constexpr SecurityPath kSecurityPaths[] = {
    {"--tls-cert", "PARLEY_TLS_CERT", &ServerSecurityFlags::tls_cert},
    {"--tls-key", "PARLEY_TLS_KEY", &ServerSecurityFlags::tls_key},
    {"--tls-client-ca", "PARLEY_TLS_CLIENT_CA", &ServerSecurityFlags::tls_client_ca},
    {"--auth-token-file", "PARLEY_AUTH_TOKEN_FILE", &ServerSecurityFlags::auth_token_file},
};

// Sets options->credentials (null without --tls-cert) and options->token
// (null without a token). Files are read and checked now, so a bad one
// stops the binary before it listens; errors name the flag. A variable of
// kSecurityPaths (or PARLEY_AUTH_TOKEN) set but empty is an error too, not
// "no TLS" or "no token": the flag parser drops empty variables.
absl::Status ApplyServerSecurity(const ServerSecurityFlags& flags, Server::Options* options);

// "tls=mutual token=required" and the like, for the start-up log: what
// ApplyServerSecurity built into `options`.
std::string DescribeServerSecurity(const ServerSecurityFlags& flags,
                                   const Server::Options& options);

}  // namespace parley::rpc

#endif  // PARLEY_RPC_SERVER_SECURITY_H_
