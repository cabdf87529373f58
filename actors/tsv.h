// A minimal reader for the knowledge base's TSV dialect: one header line,
// tab-separated fields, '#' comment lines and blank lines skipped.
#ifndef PARLEY_ACTORS_TSV_H_
#define PARLEY_ACTORS_TSV_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace parley::actors {

struct TsvRow {
  int line = 0;  // 1-based line number in the file.
  std::vector<std::string> fields;
};

// Parses `contents`, checking the header equals `header` and every row has
// as many fields. Errors read "ORIGIN:LINE: message".
absl::StatusOr<std::vector<TsvRow>> ParseTsv(std::string_view contents, const std::string& origin,
                                             const std::vector<std::string>& header);

// Splits a multi-valued field at '|', trimming blanks and dropping empties.
std::vector<std::string> SplitMulti(std::string_view field);

}  // namespace parley::actors

#endif  // PARLEY_ACTORS_TSV_H_
