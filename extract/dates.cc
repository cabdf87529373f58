#include "dates.h"

#include <cstdlib>
#include <string_view>

#include "lexicon.h"

namespace parley::extract {
namespace {

int MonthOf(std::string_view w) {
  static constexpr std::string_view kFull[] = {"january", "february", "march", "april", "may", "june",
                                               "july", "august", "september", "october", "november", "december"};
  static constexpr std::string_view kShort[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int m = 0; m < 12; ++m) {
    if (w == kFull[m] || w == kShort[m]) return m + 1;
  }
  if (w == "sept") return 9;
  return 0;
}

// 0 = Monday ... 6 = Sunday; -1 if not a weekday name.
int WeekdayOf(std::string_view w) {
  static constexpr std::string_view kDays[] = {"monday", "tuesday", "wednesday", "thursday",
                                               "friday", "saturday", "sunday"};
  for (int d = 0; d < 7; ++d) {
    if (w == kDays[d]) return d;
  }
  return -1;
}

int WeekdayIndex(absl::CivilDay d) {
  switch (absl::GetWeekday(d)) {
    case absl::Weekday::monday: return 0;
    case absl::Weekday::tuesday: return 1;
    case absl::Weekday::wednesday: return 2;
    case absl::Weekday::thursday: return 3;
    case absl::Weekday::friday: return 4;
    case absl::Weekday::saturday: return 5;
    case absl::Weekday::sunday: return 6;
  }
  return 0;
}

bool AllDigits(std::string_view s, size_t min_len, size_t max_len) {
  if (s.size() < min_len || s.size() > max_len) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int ToInt(std::string_view s) { return std::atoi(std::string(s).c_str()); }

// Day-of-month from "6", "06", "6th", "1st".
int DayNumber(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
  if (n == 0 || n > 2) return 0;
  std::string_view rest = s.substr(n);
  if (!rest.empty() && rest != "st" && rest != "nd" && rest != "rd" && rest != "th") return 0;
  int d = ToInt(s.substr(0, n));
  return d >= 1 && d <= 31 ? d : 0;
}

bool ValidDate(int y, int m, int d) {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  absl::CivilDay day(y, m, d);
  return day.year() == y && day.month() == m && day.day() == d;
}

// Whether a time expression may start at `t`: a number or a date word. The
// scans below test every token; this spares them the string comparisons.
bool CanStartDate(const Token& t) { return t.kind == TokenKind::kNumber || t.Is(lexicon::kDateWord); }

struct Parsed {
  int y = 0, m = 0, d = 0;
  int next = 0;  // Token after the expression.
};

// Parses a calendar date starting at token i: ISO, "Month D[, YYYY]",
// "D Month[,] [YYYY]". Year 0 when absent.
bool ParseCalendar(const Document& doc, int i, int e, Parsed* out) {
  auto norm = [&](int k) -> std::string_view {
    return k < e ? std::string_view(doc.tokens[k].norm) : std::string_view();
  };
  auto skip_comma = [&](int k) { return (k < e && doc.tokens[k].norm == ",") ? k + 1 : k; };
  // Month and day take tokens i and i + 1: "[,] YYYY" may follow.
  auto day_month_then_year = [&](int m, int d) {
    int k = skip_comma(i + 2);
    if (AllDigits(norm(k), 4, 4)) {
      *out = {ToInt(norm(k)), m, d, k + 1};
    } else {
      *out = {0, m, d, i + 2};
    }
    return true;
  };
  std::string_view w = norm(i);
  // ISO 2017-11-30, and the year-first 2010/05/24 and 2010.05.24 of Asian
  // wire datelines. Day- or month-first forms stay out: "05/04/2010" is
  // ambiguous. The token's own text: its norm drops the dots.
  const Token& t = doc.tokens[i];
  std::string_view raw = std::string_view(doc.text).substr(t.begin, t.end - t.begin);
  if (raw.size() == 10 && (raw[4] == '-' || raw[4] == '/' || raw[4] == '.') &&
      raw[7] == raw[4] && AllDigits(raw.substr(0, 4), 4, 4) && AllDigits(raw.substr(5, 2), 2, 2) &&
      AllDigits(raw.substr(8, 2), 2, 2)) {
    int y = ToInt(raw.substr(0, 4)), m = ToInt(raw.substr(5, 2)), d = ToInt(raw.substr(8, 2));
    if (!ValidDate(y, m, d)) return false;
    *out = {y, m, d, i + 1};
    return true;
  }
  if (int m = MonthOf(w); m > 0) {
    // "May" is also a verb: demand a capital letter for month names.
    if (!doc.tokens[i].cap) return false;
    int d = DayNumber(norm(i + 1));
    if (d == 0) return false;
    return day_month_then_year(m, d);
  }
  if (int d = DayNumber(w); d > 0) {
    int m = MonthOf(norm(i + 1));
    if (m == 0 || !doc.tokens[i + 1 < e ? i + 1 : i].cap) return false;
    return day_month_then_year(m, d);
  }
  return false;
}

}  // namespace

std::optional<absl::CivilDay> FindPublishedDate(const Document& doc) {
  // The opening: up to the end of the third paragraph that has prose, and no
  // further than 400 tokens.
  int limit = std::min<int>(static_cast<int>(doc.tokens.size()), 400);
  int prose_seen = 0;
  for (const Paragraph& p : doc.paragraphs) {
    if (p.prose && ++prose_seen == 2) {
      limit = std::min(limit, p.begin);
      break;
    }
  }
  for (int i = 0; i < limit; ++i) {
    Parsed p;
    if (CanStartDate(doc.tokens[i]) && ParseCalendar(doc, i, limit, &p) && p.y > 0 && ValidDate(p.y, p.m, p.d)) {
      return absl::CivilDay(p.y, p.m, p.d);
    }
  }
  return std::nullopt;
}

DateMention ResolveDate(const Document& doc, int b, int e, std::optional<absl::CivilDay> anchor) {
  DateMention r;
  for (int i = b; i < e; ++i) {
    const Token& tok = doc.tokens[i];
    if (!CanStartDate(tok)) continue;
    std::string_view w = tok.norm;
    std::string_view prev = i > b ? std::string_view(doc.tokens[i - 1].norm) : std::string_view();
    std::string_view next = i + 1 < e ? std::string_view(doc.tokens[i + 1].norm) : std::string_view();
    Parsed p;
    if (ParseCalendar(doc, i, e, &p)) {
      r.found = true;
      r.token = i;
      if (p.y > 0) {
        if (ValidDate(p.y, p.m, p.d)) r.day = absl::CivilDay(p.y, p.m, p.d);
      } else if (anchor) {
        int y = static_cast<int>(anchor->year());
        if (ValidDate(y, p.m, p.d)) {
          absl::CivilDay d(y, p.m, p.d);
          // A date well after the anchor means last year's.
          if (d > *anchor + 7 && ValidDate(y - 1, p.m, p.d)) d = absl::CivilDay(y - 1, p.m, p.d);
          r.day = d;
        }
      }
      return r;
    }
    if (int wd = WeekdayOf(w); wd >= 0 && doc.tokens[i].cap) {
      r.found = true;
      r.token = i;
      if (prev == "next" || prev == "coming") return r;  // Future: no past day.
      if (anchor) {
        int back = (WeekdayIndex(*anchor) - wd + 7) % 7;
        if (prev == "last" && back == 0) back = 7;
        r.day = *anchor - back;
      }
      return r;
    }
    if (w == "yesterday") {
      r.found = true;
      r.token = i;
      if (anchor) r.day = *anchor - 1;
      return r;
    }
    if (w == "today" || (w == "tonight") || (w == "this" && (next == "morning" || next == "afternoon" || next == "evening"))) {
      r.found = true;
      r.token = i;
      r.day = anchor;
      return r;
    }
    // Vague spans: found, but no single day.
    if ((w == "last" || w == "earlier" || w == "previous" || w == "this" || w == "next") &&
        (next == "week" || next == "month" || next == "year" || next == "weekend" ||
         MonthOf(next) > 0 || next == "this")) {
      r.found = true;
      r.token = i;
      return r;
    }
    if (w == "recently" || w == "previously" || (w == "earlier" && (next == "in" || next == ","))) {
      r.found = true;
      r.token = i;
      return r;
    }
  }
  return r;
}

}  // namespace parley::extract
