#include "store/page_token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"

namespace parley::store {
namespace {

constexpr char kVersion = 1;
constexpr size_t kMacSize = 12;
constexpr size_t kHeaderSize = 1 + 8 + 8;  // version, last_id, filter hash.

// Little-endian, so tokens stay valid across hosts sharing a store.
void PutU64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}

uint64_t GetU64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return v;
}

uint64_t FilterHash(absl::string_view filters) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(filters.data(), filters.size(), digest, &size, EVP_sha256(), nullptr);
  return GetU64(reinterpret_cast<const char*>(digest));
}

absl::Status BadToken(absl::string_view why) {
  return absl::InvalidArgumentError(std::string("page_token: ") + std::string(why));
}

}  // namespace

std::string PageTokenCodec::Mac(absl::string_view payload) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), mac, &size);
  return std::string(reinterpret_cast<char*>(mac), kMacSize);
}

std::string PageTokenCodec::Encode(const PageCursor& cursor, absl::string_view filters) const {
  std::string payload(1, kVersion);
  PutU64(&payload, static_cast<uint64_t>(cursor.last_id));
  PutU64(&payload, FilterHash(filters));
  payload += cursor.last_key;
  payload += Mac(payload);
  return absl::WebSafeBase64Escape(payload);
}

absl::StatusOr<PageCursor> PageTokenCodec::Decode(absl::string_view token,
                                                  absl::string_view filters) const {
  if (token.empty()) return PageCursor{};
  std::string payload;
  if (!absl::WebSafeBase64Unescape(token, &payload) ||
      payload.size() < kHeaderSize + kMacSize || payload[0] != kVersion) {
    return BadToken("malformed; pass back a next_page_token unchanged");
  }
  absl::string_view body(payload.data(), payload.size() - kMacSize);
  std::string expected = Mac(body);
  if (CRYPTO_memcmp(expected.data(), payload.data() + body.size(), kMacSize) != 0) {
    return BadToken("not issued by this store");
  }
  if (GetU64(payload.data() + 9) != FilterHash(filters)) {
    return BadToken("issued for a request with other filters");
  }
  PageCursor cursor;
  cursor.last_id = static_cast<int64_t>(GetU64(payload.data() + 1));
  cursor.last_key = std::string(body.substr(kHeaderSize));
  return cursor;
}

}  // namespace parley::store
