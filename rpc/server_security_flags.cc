#include "parley/rpc/server_security_flags.h"

namespace parley::rpc {
namespace {

// An empty path given on purpose (`--auth-token-file ""`, often a variable
// that was meant to be filled) would read as "flag absent", turning
// authentication or TLS off without a word: it is an error instead.
const CLI::Validator kNonEmptyPath(
    [](std::string& path) -> std::string {
      return path.empty() ? "an empty path; leave the flag out to go without it" : "";
    },
    "PATH");

}  // namespace

void AddServerSecurityFlags(CLI::App& app, ServerSecurityFlags& flags,
                            const std::string& token_help) {
  app.add_option("--tls-cert", flags.tls_cert, "PEM certificate chain: serve TLS (with --tls-key)")
      ->envname("PARLEY_TLS_CERT")
      ->check(kNonEmptyPath);
  app.add_option("--tls-key", flags.tls_key, "PEM private key of --tls-cert")
      ->envname("PARLEY_TLS_KEY")
      ->check(kNonEmptyPath);
  app.add_option("--tls-client-ca", flags.tls_client_ca,
                 "PEM CA bundle: require client certificates it signed (mutual TLS)")
      ->envname("PARLEY_TLS_CLIENT_CA")
      ->check(kNonEmptyPath);
  app.add_option("--auth-token-file", flags.auth_token_file, token_help)
      ->envname("PARLEY_AUTH_TOKEN_FILE")
      ->check(kNonEmptyPath);
}

}  // namespace parley::rpc
