#include "parley/rpc/bearer_token.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace parley::rpc {
namespace {

constexpr char kEnvToken[] = "PARLEY_AUTH_TOKEN";
constexpr char kHowToSend[] =
    "send gRPC metadata \"authorization: Bearer <token>\" (parley CLI: --token-file FILE or "
    "PARLEY_AUTH_TOKEN)";

std::array<unsigned char, 32> Digest(absl::string_view text) {
  std::array<unsigned char, 32> digest;
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  return digest;
}

// A header value must be visible ASCII; a space would split "Bearer x y".
absl::Status CheckToken(absl::string_view token, absl::string_view source) {
  if (token.empty()) return absl::InvalidArgumentError(absl::StrCat(source, ": token is empty"));
  for (char c : token) {
    if (c <= ' ' || c > '~') {
      return absl::InvalidArgumentError(absl::StrCat(
          source, ": token must be printable ASCII without spaces (e.g. `openssl rand -hex 32`)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> ResolveBearerToken(const std::string& token_file,
                                               absl::string_view flag) {
  if (token_file.empty()) {
    const char* env = std::getenv(kEnvToken);
    if (env == nullptr) return std::string();
    std::string token(absl::StripAsciiWhitespace(env));
    // Set but empty is a template or Secret that was never filled in; taking
    // it as "no token" would turn authentication off without a word.
    if (token.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(kEnvToken, " is set but empty: set it to the token (e.g. `openssl rand "
                                  "-hex 32`), or unset it to run without one"));
    }
    if (absl::Status s = CheckToken(token, kEnvToken); !s.ok()) return s;
    return token;
  }
  std::ifstream in(token_file, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(flag, ": ", token_file, ": cannot open"));
  std::ostringstream text;
  text << in.rdbuf();
  // Files written by `echo` or editors end in a newline that is no part of it.
  std::string token(absl::StripAsciiWhitespace(text.str()));
  if (absl::Status s = CheckToken(token, absl::StrCat(flag, ": ", token_file)); !s.ok()) return s;
  return token;
}

BearerTokenVerifier::BearerTokenVerifier(absl::string_view token) : digest_(Digest(token)) {}

grpc::Status BearerTokenVerifier::Check(const grpc::ServerContextBase& context) const {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  // Two headers are ambiguous: a proxy may check one and the server another,
  // so neither is trusted.
  if (metadata.count("authorization") > 1) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        absl::StrCat("authorization: sent more than once; send exactly one ",
                                     "header \"authorization: Bearer <token>\""));
  }
  if (it == metadata.end()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        absl::StrCat("authorization: missing; this service requires a bearer "
                                     "token: ",
                                     kHowToSend));
  }
  absl::string_view value(it->second.data(), it->second.size());
  constexpr absl::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() || !absl::StartsWithIgnoreCase(value, kScheme)) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        absl::StrCat("authorization: not a bearer token; ", kHowToSend));
  }
  // Comparing digests takes the same time for any presented token, whatever
  // its length or the position of the first difference.
  std::array<unsigned char, 32> presented =
      Digest(absl::StripAsciiWhitespace(value.substr(kScheme.size())));
  if (CRYPTO_memcmp(presented.data(), digest_.data(), digest_.size()) != 0) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "authorization: bearer token not accepted; use the token the server was "
                        "given (--auth-token-file / PARLEY_AUTH_TOKEN)");
  }
  return grpc::Status::OK;
}

}  // namespace parley::rpc
