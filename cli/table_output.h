// Rendering of query results for the terminal and for tools: an aligned
// table (long cells truncated), CSV (RFC 4180) or a JSON array of the
// messages (proto field names).
#ifndef PARLEY_CLI_TABLE_OUTPUT_H_
#define PARLEY_CLI_TABLE_OUTPUT_H_

#include <ostream>
#include <string>
#include <vector>

#include <google/protobuf/message.h>

#include "absl/status/statusor.h"

namespace parley::cli {

enum class Format { kTable, kJson, kCsv };
absl::StatusOr<Format> ParseFormat(const std::string& name);

using Row = std::vector<std::string>;

// Columns padded to their widest cell, cells cut to `max_cell` code points
// ("..." marks a cut); a rule under the header.
void PrintTable(std::ostream& out, const Row& header, const std::vector<Row>& rows,
                size_t max_cell = 60);
void PrintCsv(std::ostream& out, const Row& header, const std::vector<Row>& rows);
void PrintJson(std::ostream& out, const std::vector<const google::protobuf::Message*>& messages);

// Helpers for cells.
std::string Join(const std::vector<std::string>& parts, const char* sep);
// "EXPORT_BAN" from MEASURE_EXPORT_BAN -> "export_ban": enum names without
// their prefix, lower case.
std::string EnumCell(const std::string& full_name, const std::string& prefix);

}  // namespace parley::cli

#endif  // PARLEY_CLI_TABLE_OUTPUT_H_
