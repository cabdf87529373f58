// The command-line side of ServerSecurityFlags: both services register the
// same four flags (with their PARLEY_* environment variables) through this
// one function, so their names and help cannot drift apart.
#ifndef PARLEY_RPC_SERVER_SECURITY_FLAGS_H_
#define PARLEY_RPC_SERVER_SECURITY_FLAGS_H_

#include <string>

#include "CLI/CLI.hpp"
#include "parley/rpc/server_security.h"

namespace parley::rpc {

// Adds --tls-cert, --tls-key, --tls-client-ca and --auth-token-file to `app`,
// writing into `flags` (which must outlive parsing). `token_help` says what
// the token guards in this service.
void AddServerSecurityFlags(CLI::App& app, ServerSecurityFlags& flags,
                            const std::string& token_help);

}  // namespace parley::rpc

#endif  // PARLEY_RPC_SERVER_SECURITY_FLAGS_H_
