#include "tsv.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace parley::actors {
namespace {

// Debian's Abseil has its own string_view type, so these stay local.
std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

absl::StatusOr<std::vector<TsvRow>> ParseTsv(std::string_view contents, const std::string& origin,
                                             const std::vector<std::string>& header) {
  std::vector<TsvRow> rows;
  bool seen_header = false;
  int line_no = 0;
  for (std::string_view line : Split(contents, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    for (std::string_view f : Split(line, '\t')) fields.emplace_back(f);
    if (!seen_header) {
      if (fields != header) {
        return absl::InvalidArgumentError(absl::StrCat(origin, ":", line_no, ": header must be '",
                                                       absl::StrJoin(header, "\\t"), "'"));
      }
      seen_header = true;
      continue;
    }
    if (fields.size() != header.size()) {
      return absl::InvalidArgumentError(absl::StrCat(origin, ":", line_no, ": expected ",
                                                     header.size(), " fields, found ",
                                                     fields.size()));
    }
    for (auto& f : fields) f = std::string(Trim(f));
    rows.push_back(TsvRow{line_no, std::move(fields)});
  }
  if (!seen_header) {
    return absl::InvalidArgumentError(absl::StrCat(origin, ":", line_no, ": missing header line"));
  }
  return rows;
}

std::vector<std::string> SplitMulti(std::string_view field) {
  std::vector<std::string> out;
  for (std::string_view v : Split(field, '|')) {
    v = Trim(v);
    if (!v.empty()) out.emplace_back(v);
  }
  return out;
}

}  // namespace parley::actors
