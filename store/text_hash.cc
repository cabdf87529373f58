#include "store/text_hash.h"

#include <openssl/evp.h>
#include <utf8proc.h>

#include <cstdlib>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"

namespace parley::store {
namespace {

bool IsSpace(utf8proc_int32_t c) {
  switch (c) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case 0x85:
    case 0x2028: case 0x2029:
      return true;
    default:
      return utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
  }
}

std::string CollapseSpaces(absl::string_view nfc) {
  std::string out;
  out.reserve(nfc.size());
  bool pending_space = false;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(nfc.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(nfc.size());
  while (left > 0) {
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &c);  // Input is valid: NFC output.
    if (IsSpace(c)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.append(reinterpret_cast<const char*>(p), n);
    }
    p += n;
    left -= n;
  }
  return out;
}

bool IsAscii(absl::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// CollapseSpaces() for ASCII text, which is its own NFC: the same result
// without decoding (most articles are ASCII; utf8proc was most of the cost).
std::string CollapseAsciiSpaces(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> NormalizeText(absl::string_view text) {
  if (IsAscii(text)) return CollapseAsciiSpaces(text);
  utf8proc_uint8_t* nfc = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                    static_cast<utf8proc_ssize_t>(text.size()), &nfc,
                                    static_cast<utf8proc_option_t>(UTF8PROC_STABLE |
                                                                   UTF8PROC_COMPOSE));
  if (n < 0) return absl::InvalidArgumentError("text: not valid UTF-8");
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(nfc, &std::free);
  return CollapseSpaces(absl::string_view(reinterpret_cast<const char*>(nfc), n));
}

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(digest), size));
}

absl::StatusOr<std::string> ContentSha256(absl::string_view text) {
  absl::StatusOr<std::string> normal = NormalizeText(text);
  if (!normal.ok()) return normal.status();
  return Sha256Hex(*normal);
}

}  // namespace parley::store
