#include "store/fts_query.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"

namespace parley::store {
namespace {

std::string Quote(absl::string_view term) {
  return absl::StrCat("\"", absl::StrReplaceAll(term, {{"\"", "\"\""}}), "\"");
}

}  // namespace

absl::StatusOr<std::string> ToFts5Query(absl::string_view query) {
  std::vector<std::string> terms;
  size_t i = 0;
  while (i < query.size()) {
    if (absl::ascii_isspace(query[i])) {
      ++i;
    } else if (query[i] == '"') {
      size_t close = query.find('"', i + 1);
      if (close == absl::string_view::npos) {
        return absl::InvalidArgumentError("text_query: unbalanced double quote");
      }
      absl::string_view phrase = absl::StripAsciiWhitespace(query.substr(i + 1, close - i - 1));
      if (!phrase.empty()) terms.push_back(Quote(phrase));
      i = close + 1;
    } else {
      size_t end = i;
      while (end < query.size() && !absl::ascii_isspace(query[end]) && query[end] != '"') ++end;
      terms.push_back(Quote(query.substr(i, end - i)));
      i = end;
    }
  }
  return absl::StrJoin(terms, " ");
}

}  // namespace parley::store
