#include "parley/rpc/server_security_flags.h"

#include <iterator>

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
  const char* help[] = {
      "PEM certificate chain: serve TLS (with --tls-key)",
      "PEM private key of --tls-cert",
      "PEM CA bundle: require client certificates it signed (mutual TLS)",
      token_help.c_str(),
  };
  static_assert(std::size(help) == std::size(kSecurityPaths));
  for (size_t i = 0; i < std::size(kSecurityPaths); ++i) {
    const SecurityPath& path = kSecurityPaths[i];
    app.add_option(path.flag, flags.*path.field, help[i])->envname(path.env)->check(kNonEmptyPath);
  }
}

}  // namespace parley::rpc
