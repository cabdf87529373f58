#include "store/day_summary.h"

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "parley/common/status_macros.h"

namespace parley::store::sqlite {
namespace {

// `text` as an id; "" (NULL, an empty table) is 0.
absl::StatusOr<int64_t> ParseId(absl::string_view text) {
  int64_t id = 0;
  if (text.empty() || absl::SimpleAtoi(text, &id)) return id;
  return absl::InternalError(absl::StrCat("day summary: \"", text, "\" is not an id"));
}

// One row of the summary's queries: "<day> <number> ...", the day an ISO
// date (no spaces).
absl::StatusOr<std::vector<int64_t>> ParseRow(absl::string_view row, size_t numbers,
                                              std::string* day) {
  std::vector<absl::string_view> parts = absl::StrSplit(row, ' ');
  if (parts.size() != numbers + 1) {
    return absl::InternalError(absl::StrCat("day summary: unexpected row \"", row, "\""));
  }
  *day = std::string(parts[0]);
  std::vector<int64_t> out;
  for (size_t i = 1; i < parts.size(); ++i) {
    PARLEY_ASSIGN_OR_RETURN(int64_t n, ParseId(parts[i]));
    out.push_back(n);
  }
  return out;
}

}  // namespace

DaySummary::DaySummary(std::string table, std::string column, std::string index)
    : table_(std::move(table)), column_(std::move(column)), index_(std::move(index)) {}

absl::StatusOr<DateSpan> DaySummary::Span(const SqlValues& sql, absl::string_view first_day,
                                          absl::string_view last_day) {
  std::lock_guard<std::mutex> lock(mu_);
  PARLEY_RETURN_IF_ERROR(CatchUp(sql));
  DateSpan span;
  span.table_last_id = seen_last_id_;
  for (auto it = days_.lower_bound(first_day); it != days_.end() && it->first <= last_day; ++it) {
    const Day& day = it->second;
    if (span.rows == 0) {
      span.first_day = it->first;
      span.first_id = day.first_id;
      span.last_id = day.last_id;
    }
    span.rows += day.rows;
    span.last_day = it->first;
    span.first_id = std::min(span.first_id, day.first_id);
    span.last_id = std::max(span.last_id, day.last_id);
  }
  return span;
}

absl::Status DaySummary::CatchUp(const SqlValues& sql) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<std::string> last,
                          sql(absl::StrCat("SELECT max(id) FROM ", table_), {}));
  PARLEY_ASSIGN_OR_RETURN(int64_t last_id, ParseId(last.empty() ? "" : last.front()));
  if (seen_last_id_ < 0) return Build(sql, last_id);
  // A reader on an older snapshot than the summary's sees fewer rows:
  // nothing to add (see the header).
  if (last_id <= seen_last_id_) return absl::OkStatus();
  PARLEY_ASSIGN_OR_RETURN(
      std::vector<std::string> rows,
      sql(absl::StrCat("SELECT ", column_, " || ' ' || id FROM ", table_,
                       " WHERE id > CAST(?1 AS INTEGER) AND id <= CAST(?2 AS INTEGER) AND ",
                       column_, " IS NOT NULL"),
          {absl::StrCat(seen_last_id_), absl::StrCat(last_id)}));
  // Parsed whole before any is added, so that an error leaves the summary
  // as it was.
  std::vector<std::pair<std::string, int64_t>> added;
  for (const std::string& row : rows) {
    std::string day;
    PARLEY_ASSIGN_OR_RETURN(std::vector<int64_t> id, ParseRow(row, 1, &day));
    added.emplace_back(std::move(day), id[0]);
  }
  for (const auto& [day, id] : added) Add(&days_, day, Day{1, id, id});
  seen_last_id_ = last_id;
  return absl::OkStatus();
}

absl::Status DaySummary::Build(const SqlValues& sql, int64_t last_id) {
  PARLEY_ASSIGN_OR_RETURN(
      std::vector<std::string> rows,
      sql(absl::StrCat("SELECT ", column_, R"( || ' ' || count(*) || ' ' || min(id) || ' ' || )",
                       "max(id) FROM ", table_, " INDEXED BY ", index_, " WHERE ", column_,
                       " IS NOT NULL AND id <= CAST(?1 AS INTEGER) GROUP BY ", column_),
          {absl::StrCat(last_id)}));
  Days days;
  for (const std::string& row : rows) {
    std::string day;
    PARLEY_ASSIGN_OR_RETURN(std::vector<int64_t> n, ParseRow(row, 3, &day));
    Add(&days, day, Day{n[0], n[1], n[2]});
  }
  days_ = std::move(days);
  seen_last_id_ = last_id;
  return absl::OkStatus();
}

void DaySummary::Add(Days* days, const std::string& day, const Day& more) {
  auto [it, added] = days->try_emplace(day, more);
  if (added) return;
  it->second.rows += more.rows;
  it->second.first_id = std::min(it->second.first_id, more.first_id);
  it->second.last_id = std::max(it->second.last_id, more.last_id);
}

DaySummary* DaySummaries::Of(absl::string_view table) {
  if (table == "calls") return &calls_;
  if (table == "quotes") return &quotes_;
  if (table == "sanctions") return &sanctions_;
  if (table == "articles") return &articles_;
  return nullptr;
}

}  // namespace parley::store::sqlite
