#include "parley/rpc/server_security_flags.h"

namespace parley::rpc {

void AddServerSecurityFlags(CLI::App& app, ServerSecurityFlags& flags,
                            const std::string& token_help) {
  app.add_option("--tls-cert", flags.tls_cert, "PEM certificate chain: serve TLS (with --tls-key)")
      ->envname("PARLEY_TLS_CERT");
  app.add_option("--tls-key", flags.tls_key, "PEM private key of --tls-cert")
      ->envname("PARLEY_TLS_KEY");
  app.add_option("--tls-client-ca", flags.tls_client_ca,
                 "PEM CA bundle: require client certificates it signed (mutual TLS)")
      ->envname("PARLEY_TLS_CLIENT_CA");
  app.add_option("--auth-token-file", flags.auth_token_file, token_help)
      ->envname("PARLEY_AUTH_TOKEN_FILE");
}

}  // namespace parley::rpc
