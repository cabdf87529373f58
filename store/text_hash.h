// The duplicate key of an article: SHA-256 of its normalised text, so the
// same story re-sent with different line wrapping or Unicode composition is
// recognised as the same article.
#ifndef PARLEY_STORE_TEXT_HASH_H_
#define PARLEY_STORE_TEXT_HASH_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace parley::store {

// Unicode NFC, every run of whitespace (ASCII and Unicode spaces, line and
// paragraph separators) collapsed to one ASCII space, leading and trailing
// whitespace removed. INVALID_ARGUMENT when `text` is not valid UTF-8.
absl::StatusOr<std::string> NormalizeText(absl::string_view text);

// Lower-case hex SHA-256 of NormalizeText(text).
absl::StatusOr<std::string> ContentSha256(absl::string_view text);

// Lower-case hex SHA-256 of raw bytes.
std::string Sha256Hex(absl::string_view bytes);

}  // namespace parley::store

#endif  // PARLEY_STORE_TEXT_HASH_H_
