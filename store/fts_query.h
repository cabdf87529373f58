// Turns a user's full-text query into FTS5 syntax. Users type words and
// "quoted phrases" (all must appear); FTS5 gives meaning to many other
// characters (-, :, *, parentheses, AND/OR/NOT), so every word is quoted and
// the user's input can never be a syntax error or an operator.
#ifndef PARLEY_STORE_FTS_QUERY_H_
#define PARLEY_STORE_FTS_QUERY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace parley::store {

// `Korean peninsula "denuclearization talks"` ->
// `"Korean" "peninsula" "denuclearization talks"`. Empty for a blank query;
// INVALID_ARGUMENT (naming text_query) for an unbalanced quote.
absl::StatusOr<std::string> ToFts5Query(absl::string_view query);

}  // namespace parley::store

#endif  // PARLEY_STORE_FTS_QUERY_H_
