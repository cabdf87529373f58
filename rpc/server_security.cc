#include "parley/rpc/server_security.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "parley/common/status_macros.h"
#include "parley/rpc/tls.h"

namespace parley::rpc {
namespace {

constexpr char kEnvTokenFile[] = "PARLEY_AUTH_TOKEN_FILE";

// The files the listener's credentials are built from. ApplyServerSecurity
// and DescribeServerSecurity both take them from here, so the start-up log
// says what was built rather than what the flags asked for.
ServerTlsFiles TlsFilesFrom(const ServerSecurityFlags& flags) {
  return {.cert = flags.tls_cert, .key = flags.tls_key, .client_ca = flags.tls_client_ca};
}

}  // namespace

absl::Status ApplyServerSecurity(const ServerSecurityFlags& flags, Server::Options* options) {
  const bool tls = !flags.tls_cert.empty() || !flags.tls_key.empty();
  if (!tls && !flags.tls_client_ca.empty()) {
    return absl::InvalidArgumentError(
        "--tls-client-ca: client certificates need TLS; give --tls-cert and --tls-key too");
  }
  options->credentials = nullptr;
  if (tls) {
    PARLEY_ASSIGN_OR_RETURN(options->credentials, MakeServerCredentials(TlsFilesFrom(flags)));
  }
  // The flag parser drops an empty variable, so an unfilled
  // PARLEY_AUTH_TOKEN_FILE would otherwise start the service with no token.
  if (const char* env = std::getenv(kEnvTokenFile);
      flags.auth_token_file.empty() && env != nullptr &&
      absl::StripAsciiWhitespace(env).empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        kEnvTokenFile, " is set but empty: set it to the token file's path (or give "
                       "--auth-token-file FILE), or unset it to run without a token"));
  }
  PARLEY_ASSIGN_OR_RETURN(std::string token, ResolveBearerToken(flags.auth_token_file));
  options->token = token.empty() ? nullptr : std::make_shared<const BearerTokenVerifier>(token);
  return absl::OkStatus();
}

std::string DescribeServerSecurity(const ServerSecurityFlags& flags,
                                   const Server::Options& options) {
  const char* tls = options.credentials == nullptr          ? "off"
                    : TlsFilesFrom(flags).client_ca.empty() ? "on"
                                                            : "mutual";
  return absl::StrCat("tls=", tls, " token=", options.token == nullptr ? "off" : "required");
}

}  // namespace parley::rpc
