// Opaque keyset page tokens. A token carries where the previous page ended
// (the last id, or the last key for string-keyed lists), a hash of the
// request's filters and a MAC keyed by a secret kept in the store itself, so:
// - a token reused with other filters is INVALID_ARGUMENT (AIP-158);
// - a forged or corrupted token is INVALID_ARGUMENT, not a silent jump;
// - every process and replica sharing the store accepts the others' tokens.
#ifndef PARLEY_STORE_PAGE_TOKEN_H_
#define PARLEY_STORE_PAGE_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace parley::store {

struct PageCursor {
  int64_t last_id = 0;   // Integer-keyed lists: resume after this id.
  std::string last_key;  // String-keyed lists (actors): resume after this key.
};

class PageTokenCodec {
 public:
  // `secret`: random bytes shared by all users of one store.
  explicit PageTokenCodec(std::string secret) : secret_(std::move(secret)) {}

  // `filters`: a canonical serialisation of the list method and its filters
  // (see filter_fingerprint.h).
  std::string Encode(const PageCursor& cursor, absl::string_view filters) const;

  // An empty token is the first page (a zero cursor).
  absl::StatusOr<PageCursor> Decode(absl::string_view token, absl::string_view filters) const;

 private:
  std::string Mac(absl::string_view payload) const;
  std::string secret_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_PAGE_TOKEN_H_
