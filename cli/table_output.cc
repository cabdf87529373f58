#include "cli/table_output.h"

#include <algorithm>

#include <google/protobuf/util/json_util.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace parley::cli {

absl::StatusOr<Format> ParseFormat(const std::string& name) {
  if (name == "table") return Format::kTable;
  if (name == "json") return Format::kJson;
  if (name == "csv") return Format::kCsv;
  return absl::InvalidArgumentError(
      absl::StrCat("--format: \"", name, "\" is not one of table, json, csv"));
}

// Code points, approximating display width (good enough for news text).
static size_t Width(const std::string& s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// At most `max` code points, "..." included when cut; newlines flattened.
static std::string Fit(const std::string& cell, size_t max) {
  std::string flat = cell;
  std::replace_if(flat.begin(), flat.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  if (Width(flat) <= max || max < 4) return flat;
  size_t keep = max - 3, points = 0, i = 0;
  for (; i < flat.size(); ++i) {
    if ((flat[i] & 0xC0) != 0x80 && points++ == keep) break;
  }
  return flat.substr(0, i) + "...";
}

void PrintTable(std::ostream& out, const Row& header, const std::vector<Row>& rows,
                size_t max_cell) {
  std::vector<Row> fitted;
  fitted.reserve(rows.size());
  std::vector<size_t> widths;
  for (const auto& h : header) widths.push_back(Width(h));
  for (const Row& row : rows) {
    Row f;
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      f.push_back(Fit(row[c], max_cell));
      widths[c] = std::max(widths[c], Width(f.back()));
    }
    fitted.push_back(std::move(f));
  }
  auto print_row = [&](const Row& row) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(widths[c] - Width(row[c]) + 2, ' ');
    }
    out << line << "\n";
  };
  print_row(header);
  Row rule;
  for (size_t w : widths) rule.push_back(std::string(w, '-'));
  print_row(rule);
  for (const Row& row : fitted) print_row(row);
}

static std::string CsvCell(const std::string& cell) {
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void PrintCsv(std::ostream& out, const Row& header, const std::vector<Row>& rows) {
  auto print_row = [&](const Row& row) {
    for (size_t c = 0; c < row.size(); ++c) out << (c ? "," : "") << CsvCell(row[c]);
    out << "\r\n";
  };
  print_row(header);
  for (const Row& row : rows) print_row(row);
}

void PrintJson(std::ostream& out, const std::vector<const google::protobuf::Message*>& messages) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  out << "[";
  for (size_t i = 0; i < messages.size(); ++i) {
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(*messages[i], &json, options);
    out << (i ? ",\n " : "\n ") << json;
  }
  out << (messages.empty() ? "]\n" : "\n]\n");
}

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) absl::StrAppend(&out, i ? sep : "", parts[i]);
  return out;
}

std::string EnumCell(const std::string& full_name, const std::string& prefix) {
  std::string name = full_name;
  if (name.rfind(prefix, 0) == 0) name = name.substr(prefix.size());
  return absl::AsciiStrToLower(name);
}

}  // namespace parley::cli
