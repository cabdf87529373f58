#include "parley/rpc/server_security.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "parley/common/status_macros.h"
#include "parley/rpc/tls.h"

namespace parley::rpc {

absl::Status ApplyServerSecurity(const ServerSecurityFlags& flags, Server::Options* options) {
  // An unfilled template or Secret would otherwise start the service with
  // TLS or authentication off.
  for (const SecurityPath& path : kSecurityPaths) {
    const char* env = std::getenv(path.env);
    if ((flags.*path.field).empty() && env != nullptr && absl::StripAsciiWhitespace(env).empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path.env, " is set but empty: set it to a file's path (or give ", path.flag,
                       " FILE), or unset it to go without it"));
    }
  }
  const bool tls = !flags.tls_cert.empty() || !flags.tls_key.empty();
  if (!tls && !flags.tls_client_ca.empty()) {
    return absl::InvalidArgumentError(
        "--tls-client-ca: client certificates need TLS; give --tls-cert and --tls-key too");
  }
  options->credentials = nullptr;
  if (tls) {
    PARLEY_ASSIGN_OR_RETURN(options->credentials,
                            MakeServerCredentials({.cert = flags.tls_cert,
                                                   .key = flags.tls_key,
                                                   .client_ca = flags.tls_client_ca}));
  }
  PARLEY_ASSIGN_OR_RETURN(std::string token, ResolveBearerToken(flags.auth_token_file));
  options->token = token.empty() ? nullptr : std::make_shared<const BearerTokenVerifier>(token);
  return absl::OkStatus();
}

std::string DescribeServerSecurity(const ServerSecurityFlags& flags,
                                   const Server::Options& options) {
  const char* tls = options.credentials == nullptr ? "off"
                    : flags.tls_client_ca.empty()  ? "on"
                                                   : "mutual";
  return absl::StrCat("tls=", tls, " token=", options.token == nullptr ? "off" : "required");
}

}  // namespace parley::rpc
