#include "store/sqlite_queries.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "parley/common/status_macros.h"
#include "store/enum_names.h"
#include "store/fold_case.h"
#include "store/fts_query.h"
#include "store/validate.h"

namespace parley::store::sqlite {
namespace {

using Arg = std::variant<int64_t, std::string>;

// Actors a name filter means: the canonical name or any alias, folded.
constexpr char kActorsNamed[] = "SELECT actor_id FROM actor_aliases WHERE alias_lc = ?1";
// Folded canonical country names a country filter means: the name given, and
// the canonical name of a country actor known by that name or alias.
constexpr char kCountriesNamed[] =
    "SELECT ?1 UNION SELECT a.name_lc FROM actor_aliases al JOIN actors a ON a.id = al.actor_id "
    "WHERE al.alias_lc = ?1 AND a.kind = 'country'";
// The same as a subquery, for the actors table (small: no walk needed).
constexpr char kCountriesNamedSubquery[] =
    "(SELECT ? UNION SELECT a.name_lc FROM actor_aliases al JOIN actors a ON a.id = al.actor_id "
    "WHERE al.alias_lc = ? AND a.kind = 'country')";

// Past this many key values one walk per value would make a compound SELECT
// longer than SQLite allows (500 terms); such a filter is read whole and
// sorted instead.
constexpr size_t kMaxBranches = 64;

std::string Placeholders(size_t n) {
  std::vector<absl::string_view> marks(n, "?");
  return absl::StrCat("(", absl::StrJoin(marks, ", "), ")");
}

// The ids of one List page as a walk of one index in id order (see the
// header). Without Drive() the listed table is walked by primary key.
class Walk {
 public:
  // `table`: the listed table with its alias ("calls c"); `id` its id column.
  Walk(absl::string_view table, absl::string_view id) : from_(table), id_(id) {}

  // Drives the walk along `from` (the driving table CROSS JOINed to the
  // listed table, so the planner keeps that order) by `id`, where
  // `key_column` equals one of `values` (one bounded walk each) and `extra`
  // holds. `distinct`: the driving table may list an id twice.
  void Drive(absl::string_view from, absl::string_view id, absl::string_view key_column,
             std::vector<Arg> values, bool distinct = false, absl::string_view extra = "",
             std::vector<Arg> extra_args = {}) {
    from_ = std::string(from);
    id_ = std::string(id);
    key_column_ = std::string(key_column);
    values_ = std::move(values);
    extra_ = std::string(extra);
    extra_args_ = std::move(extra_args);
    distinct_ = distinct;
    driven_ = true;
    if (values_.empty()) empty_ = true;
  }
  // Drives the walk along `from` (naming the index to read) by the rows
  // whose `column` lies in [lo, hi], read whole and sorted by id: for a
  // range known to hold few rows (see the header).
  void DriveSorted(absl::string_view from, absl::string_view id, absl::string_view column,
                   std::string lo, std::string hi) {
    from_ = std::string(from);
    id_ = std::string(id);
    key_column_ = std::string(column);
    values_ = {std::move(lo), std::move(hi)};
    sorted_range_ = true;
    driven_ = true;
  }
  // Walks only the ids in [first, last]: those a date range's rows lie
  // between (DatePlan::kById), whichever index drives.
  void BoundIds(int64_t first, int64_t last) {
    first_id_ = first;
    last_id_ = last;
    id_bounded_ = true;
  }
  bool driven() const { return driven_; }
  const std::string& id() const { return id_; }

  // Adds a test on every row the walk yields.
  template <typename... Args>
  void Check(absl::string_view condition, Args&&... args) {
    checks_.push_back(std::string(condition));
    (check_args_.emplace_back(std::forward<Args>(args)), ...);
  }
  // A test that `column` is one of `values`; an empty list matches nothing.
  void CheckIn(absl::string_view column, const std::vector<std::string>& values) {
    if (values.empty()) empty_ = true;
    checks_.push_back(absl::StrCat(column, " IN ", Placeholders(values.size())));
    for (const std::string& v : values) check_args_.emplace_back(v);
  }
  // CheckIn() on a column of a call's participants.
  void CheckParticipant(absl::string_view column, const std::vector<std::string>& values) {
    if (values.empty()) empty_ = true;
    checks_.push_back(absl::StrCat(
        "EXISTS (SELECT 1 FROM call_participants x WHERE x.call_id = ", id_, " AND x.", column,
        " IN ",
        Placeholders(values.size()), ")"));
    for (const std::string& v : values) check_args_.emplace_back(v);
  }
  // A column of the listed table in a check: unary + when another index
  // drives, so the planner cannot trade the driving walk for this column's
  // index (which, being in id order too, would be chosen by a coin toss).
  std::string Own(absl::string_view column) const {
    return driven_ ? absl::StrCat("+", column) : std::string(column);
  }
  void Dates(absl::string_view column, const DateRange& d) {
    if (d.start) Check(absl::StrCat(Own(column), " >= ?"), DayToText(*d.start));
    if (d.end) Check(absl::StrCat(Own(column), " <= ?"), DayToText(*d.end));
  }

  IdQuery Done(const PageCursor& cursor, int limit) {
    IdQuery q;
    if (empty_) {
      q.sql = "SELECT 0 WHERE 0";
      return q;
    }
    if (!driven_ || sorted_range_ || values_.size() == 1 || values_.size() > kMaxBranches) {
      q.sql = Branch(values_, cursor, limit, &q.args);
      return q;
    }
    std::vector<std::string> branches;
    for (const Arg& v : values_) {
      branches.push_back(absl::StrCat("SELECT id FROM (", Branch({v}, cursor, limit, &q.args),
                                      ")"));
    }
    q.sql = absl::StrCat(absl::StrJoin(branches, " UNION "), " ORDER BY id LIMIT ?");
    q.args.emplace_back(int64_t{limit});
    return q;
  }

 private:
  // One walk for `values` (one, or all when there are too many to split).
  std::string Branch(const std::vector<Arg>& values, const PageCursor& cursor, int limit,
                     std::vector<Arg>* args) const {
    std::vector<std::string> where;
    if (sorted_range_) {
      where.push_back(absl::StrCat(key_column_, " >= ? AND ", key_column_, " <= ?"));
      args->insert(args->end(), values.begin(), values.end());
    } else if (driven_) {
      where.push_back(values.size() == 1
                          ? absl::StrCat(key_column_, " = ?")
                          : absl::StrCat(key_column_, " IN ", Placeholders(values.size())));
      args->insert(args->end(), values.begin(), values.end());
      if (!extra_.empty()) where.push_back(extra_);
      args->insert(args->end(), extra_args_.begin(), extra_args_.end());
    }
    where.push_back(absl::StrCat(id_, " > ?"));
    if (id_bounded_) {
      args->emplace_back(std::max(cursor.last_id, first_id_ - 1));
      where.push_back(absl::StrCat(id_, " <= ?"));
      args->emplace_back(last_id_);
    } else {
      args->emplace_back(cursor.last_id);
    }
    where.insert(where.end(), checks_.begin(), checks_.end());
    args->insert(args->end(), check_args_.begin(), check_args_.end());
    args->emplace_back(int64_t{limit});
    return absl::StrCat("SELECT ", distinct_ ? "DISTINCT " : "", id_, " AS id FROM ", from_,
                        " WHERE ", absl::StrJoin(where, " AND "), " ORDER BY ", id_,
                        " LIMIT ?");
  }

  std::string from_, id_, key_column_, extra_;
  std::vector<Arg> values_, extra_args_;
  std::vector<std::string> checks_;
  std::vector<Arg> check_args_;
  bool distinct_ = false, driven_ = false, empty_ = false, sorted_range_ = false;
  bool id_bounded_ = false;
  int64_t first_id_ = 0, last_id_ = 0;
};

std::vector<Arg> AsArgs(const std::vector<std::string>& values) {
  return std::vector<Arg>(values.begin(), values.end());
}

absl::StatusOr<std::vector<std::string>> ActorIds(const Lookup& lookup, const std::string& name) {
  return lookup(kActorsNamed, {FoldCase(name)});
}

absl::StatusOr<std::vector<std::string>> Countries(const Lookup& lookup,
                                                   const std::string& country) {
  return lookup(kCountriesNamed, {FoldCase(country)});
}

// How a date range drives a walk (see the header).
struct DatePlan {
  enum Kind { kNothing, kByDay, kSorted, kById } kind = kById;
  std::vector<Arg> days;  // kByDay: each day of the range.
  std::string lo, hi;     // kSorted: the range, narrowed to the days held.
  int64_t first_id = 0, last_id = 0;  // kById: the ids the range's rows lie between.
};

// `table`'s rows number about its largest id; T = sqrt(51 N), at least 64.
int64_t SortedRangeLimit(int64_t rows) {
  return std::max<int64_t>(64, static_cast<int64_t>(std::sqrt(51.0 * static_cast<double>(rows))));
}

// A lookup's single value ("" when it returned no row or NULL).
absl::StatusOr<std::string> LookupOne(const Lookup& lookup, absl::string_view sql,
                                      const std::vector<std::string>& args) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<std::string> values, lookup(sql, args));
  return values.empty() ? std::string() : values.front();
}

// `table`'s `column` holds ISO dates (NULL when unknown), indexed with the
// id as (column, id). Called only for a range with a bound.
absl::StatusOr<DatePlan> PlanDates(const Lookup& lookup, absl::string_view table,
                                   absl::string_view column, const DateRange& d) {
  DatePlan plan;
  // The first and last dates held inside the range: one index seek each.
  auto held = [&](absl::string_view fn, absl::string_view op, std::string day) {
    return LookupOne(lookup,
                     absl::StrCat("SELECT ", fn, "(", column, ") FROM ", table, " WHERE ", column,
                                  " ", op, " ?1"),
                     {std::move(day)});
  };
  PARLEY_ASSIGN_OR_RETURN(std::string lo,
                          held("min", ">=", d.start ? DayToText(*d.start) : std::string()));
  PARLEY_ASSIGN_OR_RETURN(
      std::string hi, held("max", "<=", d.end ? DayToText(*d.end) : std::string("9999-12-31")));
  std::optional<absl::CivilDay> first = TextToDay(lo), last = TextToDay(hi);
  if (!first || !last || *first > *last) {
    plan.kind = DatePlan::kNothing;
    return plan;
  }
  if (*last - *first < static_cast<int64_t>(kMaxBranches)) {
    plan.kind = DatePlan::kByDay;
    for (absl::CivilDay day = *first; day <= *last; ++day) plan.days.emplace_back(DayToText(day));
    return plan;
  }
  // Longer: the per-day summary says how many rows the range holds and
  // which ids they lie between (built on its first use; short ranges above
  // never need it).
  DaySummaries own;
  DaySummary* summary = (lookup.days != nullptr ? lookup.days : &own)->Of(table);
  if (summary == nullptr) return absl::InternalError(absl::StrCat("no day summary of ", table));
  PARLEY_ASSIGN_OR_RETURN(DateSpan span, summary->Span(lookup.sql, lo, hi));
  if (span.rows == 0) {  // Not while rows are only appended; never walk an empty bound.
    plan.kind = DatePlan::kNothing;
    return plan;
  }
  if (span.rows < SortedRangeLimit(span.table_last_id)) {
    plan.kind = DatePlan::kSorted;
    plan.lo = std::move(lo);
    plan.hi = std::move(hi);
    return plan;
  }
  plan.first_id = span.first_id;
  plan.last_id = span.last_id;
  return plan;
}

// Makes the date range drive `w` per `plan` (not kById). `table` and
// `alias` name the listed table, `column` its date, `index` its (column, id)
// index.
void DriveByDates(Walk& w, const DatePlan& plan, absl::string_view table, absl::string_view alias,
                  absl::string_view column, absl::string_view index) {
  const std::string from = absl::StrCat(table, " ", alias);
  const std::string id = absl::StrCat(alias, ".id"), date = absl::StrCat(alias, ".", column);
  if (plan.kind == DatePlan::kSorted) {
    w.DriveSorted(absl::StrCat(from, " INDEXED BY ", index), id, date, plan.lo, plan.hi);
  } else {
    w.Drive(from, id, date, plan.days);  // No days (kNothing): an empty page.
  }
}

// A long range holding many rows (kById) bounds whichever walk drives to
// the ids its rows lie between.
void BoundByDates(Walk& w, const DatePlan& plan) {
  if (plan.kind == DatePlan::kById && plan.last_id > 0) w.BoundIds(plan.first_id, plan.last_id);
}

// The builder of the actors and articles queries: conditions on the listed
// table, planned by SQLite.
class Builder {
 public:
  Builder(absl::string_view select, absl::string_view id_column, const PageCursor& cursor,
          bool text_key = false)
      : id_(id_column) {
    absl::StrAppend(&q_.sql, select, " WHERE ", id_, " > ?");
    if (text_key) {
      q_.args.emplace_back(cursor.last_key);
    } else {
      q_.args.emplace_back(cursor.last_id);
    }
  }
  // Adds " AND <condition>" with its arguments.
  template <typename... Args>
  Builder& Where(absl::string_view condition, Args&&... args) {
    absl::StrAppend(&q_.sql, " AND ", condition);
    (q_.args.emplace_back(std::forward<Args>(args)), ...);
    return *this;
  }
  Builder& Country(absl::string_view column, const std::string& country) {
    if (country.empty()) return *this;
    std::string folded = FoldCase(country);
    return Where(absl::StrCat(column, " IN ", kCountriesNamedSubquery), folded, folded);
  }
  IdQuery Done(int limit) {
    absl::StrAppend(&q_.sql, " ORDER BY ", id_, " LIMIT ?");
    q_.args.emplace_back(int64_t{limit});
    return std::move(q_);
  }

 private:
  std::string id_;
  IdQuery q_;
};

}  // namespace

void IdQuery::BindTo(Statement& st) const {
  for (const auto& arg : args) {
    std::visit([&st](const auto& v) { st.Bind(v); }, arg);
  }
}

Lookup LookupOn(Connection& db, DaySummaries* days) {
  SqlValues sql =
      [&db](absl::string_view sql,
            const std::vector<std::string>& args) -> absl::StatusOr<std::vector<std::string>> {
    PARLEY_ASSIGN_OR_RETURN(Statement * st, db.Cached(sql));
    for (const std::string& arg : args) st->Bind(arg);
    std::vector<std::string> out;
    for (;;) {
      PARLEY_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) return out;
      out.push_back(st->Text(0));
    }
  };
  return Lookup(std::move(sql), days);
}

// Drivers, most selective first: the article's mentions, one participant's
// calls, a topic's calls, a country's participations, the date range (see
// the header), a medium; otherwise the calls table by id.
absl::StatusOr<IdQuery> CallsQuery(const CallFilter& f, const PageCursor& cursor, int limit,
                                   const Lookup& lookup) {
  PARLEY_RETURN_IF_ERROR(ValidateDates(f.dates, "date_range"));
  std::vector<std::string> named, countries;
  if (!f.participant.empty()) {
    PARLEY_ASSIGN_OR_RETURN(named, ActorIds(lookup, f.participant));
  }
  if (!f.country.empty()) {
    PARLEY_ASSIGN_OR_RETURN(countries, Countries(lookup, f.country));
  }
  const std::string topic = FoldCase(f.topic);
  Walk w("calls c", "c.id");
  // A participant walk reads (actor, call_id, date) alone: the date is
  // tested in the index, and calls is joined only for a medium filter.
  const absl::string_view participants =
      f.medium ? "call_participants d CROSS JOIN calls c ON c.id = d.call_id"
               : "call_participants d";
  enum { kNone, kArticle, kParticipantId, kParticipant, kTopic, kCountry, kDates, kMedium } by =
      kNone;
  DatePlan dates;
  if (f.article_id == 0 && f.participant_id.empty() && f.participant.empty() && f.topic.empty() &&
      f.country.empty() && (f.dates.start || f.dates.end)) {
    PARLEY_ASSIGN_OR_RETURN(dates, PlanDates(lookup, "calls", "date", f.dates));
  }
  if (f.article_id != 0) {
    w.Drive("call_mentions d CROSS JOIN calls c ON c.id = d.call_id", "d.call_id",
            "d.article_id", {f.article_id}, /*distinct=*/true);
    by = kArticle;
  } else if (!f.participant_id.empty()) {
    w.Drive(participants, "d.call_id", "d.actor", {f.participant_id}, /*distinct=*/true);
    by = kParticipantId;
  } else if (!f.participant.empty()) {
    w.Drive(participants, "d.call_id", "d.actor", AsArgs(named), /*distinct=*/true);
    by = kParticipant;
  } else if (!f.topic.empty()) {
    w.Drive("call_topics d CROSS JOIN calls c ON c.id = d.call_id", "d.call_id", "d.topic_lc",
            {topic});
    by = kTopic;
  } else if (!f.country.empty()) {
    w.Drive("call_participants d CROSS JOIN calls c ON c.id = d.call_id", "d.call_id",
            "d.country_lc", AsArgs(countries), /*distinct=*/true);
    by = kCountry;
  } else if (dates.kind != DatePlan::kById) {
    DriveByDates(w, dates, "calls", "c", "date", "calls_by_date");
    by = kDates;
  } else if (f.medium) {
    w.Drive("calls c", "c.id", "c.medium", {std::string(NameOf(*f.medium))});
    by = kMedium;
  }
  // The listed call's id: the walk's, as calls may not be joined.
  const std::string id = w.id();
  if (f.article_id != 0 && by != kArticle) {
    w.Check(absl::StrCat("EXISTS (SELECT 1 FROM call_mentions x WHERE x.call_id = ", id,
                         " AND x.article_id = ?)"),
            f.article_id);
  }
  if (!f.participant_id.empty() && by != kParticipantId) {
    w.CheckParticipant("actor", {f.participant_id});
  }
  if (!f.participant.empty() && by != kParticipant) {
    w.CheckParticipant("actor", named);
  }
  if (!f.topic.empty() && by != kTopic) {
    w.Check(absl::StrCat("EXISTS (SELECT 1 FROM call_topics x WHERE x.call_id = ", id,
                         " AND x.topic_lc = ?)"),
            topic);
  }
  if (!f.country.empty() && by != kCountry) {
    w.CheckParticipant("country_lc", countries);
  }
  if (f.medium && by != kMedium) {
    w.Check(absl::StrCat(w.Own("c.medium"), " = ?"), std::string(NameOf(*f.medium)));
  }
  if (by == kParticipantId || by == kParticipant) {
    // The copy of the call's date in the walked index.
    if (f.dates.start) w.Check("d.date >= ?", DayToText(*f.dates.start));
    if (f.dates.end) w.Check("d.date <= ?", DayToText(*f.dates.end));
  } else if (by != kDates) {
    w.Dates("c.date", f.dates);
  }
  BoundByDates(w, dates);
  return w.Done(cursor, limit);
}

// Drivers: the article's quotes, a speaker's quotes, the full-text match
// (FTS5 walks its doclists in rowid order), a country's quotes, the date
// range; otherwise the quotes table by id (the direct-only partial index
// when asked).
absl::StatusOr<IdQuery> QuotesQuery(const QuoteFilter& f, const PageCursor& cursor, int limit,
                                    const Lookup& lookup) {
  PARLEY_RETURN_IF_ERROR(ValidateDates(f.dates, "date_range"));
  PARLEY_ASSIGN_OR_RETURN(std::string fts, ToFts5Query(f.text_query));
  std::vector<std::string> named, countries;
  if (!f.speaker.empty()) {
    PARLEY_ASSIGN_OR_RETURN(named, ActorIds(lookup, f.speaker));
  }
  if (!f.country.empty()) {
    PARLEY_ASSIGN_OR_RETURN(countries, Countries(lookup, f.country));
  }
  Walk w("quotes q", "q.id");
  enum { kNone, kArticle, kSpeakerId, kSpeaker, kText, kCountry, kDates } by = kNone;
  DatePlan dates;
  if (f.article_id == 0 && f.speaker_id.empty() && f.speaker.empty() && fts.empty() &&
      f.country.empty() && (f.dates.start || f.dates.end)) {
    PARLEY_ASSIGN_OR_RETURN(dates, PlanDates(lookup, "quotes", "date", f.dates));
  }
  if (f.article_id != 0) {
    w.Drive("quotes q", "q.id", "q.article_id", {f.article_id});
    by = kArticle;
  } else if (!f.speaker_id.empty()) {
    w.Drive("quotes q", "q.id", "q.speaker_actor", {f.speaker_id});
    by = kSpeakerId;
  } else if (!f.speaker.empty()) {
    w.Drive("quotes q", "q.id", "q.speaker_actor", AsArgs(named));
    by = kSpeaker;
  } else if (!fts.empty()) {
    // The hidden column named after the table carries MATCH.
    w.Drive("quotes_fts d CROSS JOIN quotes q ON q.id = d.rowid", "d.rowid", "quotes_fts",
            {fts});
    by = kText;
  } else if (!f.country.empty()) {
    w.Drive("quotes q", "q.id", "q.speaker_country_lc", AsArgs(countries));
    by = kCountry;
  } else if (dates.kind != DatePlan::kById) {
    DriveByDates(w, dates, "quotes", "q", "date", "quotes_by_date");
    by = kDates;
  }
  if (f.article_id != 0 && by != kArticle) {
    w.Check(absl::StrCat(w.Own("q.article_id"), " = ?"), f.article_id);
  }
  if (!f.speaker_id.empty() && by != kSpeakerId) {
    w.Check(absl::StrCat(w.Own("q.speaker_actor"), " = ?"), f.speaker_id);
  }
  if (!f.speaker.empty() && by != kSpeaker) {
    w.CheckIn(w.Own("q.speaker_actor"), named);
  }
  if (!fts.empty() && by != kText) {
    // One doclist seek per row (rowid = ...), never the whole match list.
    w.Check("EXISTS (SELECT 1 FROM quotes_fts WHERE quotes_fts MATCH ? AND rowid = q.id)", fts);
  }
  if (!f.country.empty() && by != kCountry) {
    w.CheckIn(w.Own("q.speaker_country_lc"), countries);
  }
  if (by != kDates) w.Dates("q.date", f.dates);
  // Undriven, "direct = 1" as written lets the planner use the partial
  // index quotes_direct (id-ordered too).
  if (f.direct_only) w.Check(absl::StrCat(w.Own("q.direct"), " = 1"));
  BoundByDates(w, dates);
  return w.Done(cursor, limit);
}

// Drivers: the article's sanctions, the target's (with the measure when
// given: index (target_actor, measure, id)), the imposer's (likewise), an
// item's, the date range, a measure's, a status's; otherwise the sanctions
// table by id.
absl::StatusOr<IdQuery> SanctionsQuery(const SanctionFilter& f, const PageCursor& cursor,
                                       int limit, const Lookup& lookup) {
  PARLEY_RETURN_IF_ERROR(ValidateDates(f.dates, "date_range"));
  std::vector<std::string> imposers, targets;
  if (!f.imposer.empty()) {
    PARLEY_ASSIGN_OR_RETURN(imposers, ActorIds(lookup, f.imposer));
  }
  if (!f.target.empty()) {
    PARLEY_ASSIGN_OR_RETURN(targets, ActorIds(lookup, f.target));
  }
  const std::string item = FoldCase(f.item);
  const std::string measure = f.measure ? std::string(NameOf(*f.measure)) : "";
  Walk w("sanctions s", "s.id");
  enum { kNone, kArticle, kTarget, kImposer, kItem, kDates, kMeasure, kStatus } by = kNone;
  DatePlan dates;
  if (f.article_id == 0 && f.target.empty() && f.imposer.empty() && f.item.empty() &&
      (f.dates.start || f.dates.end)) {
    PARLEY_ASSIGN_OR_RETURN(dates, PlanDates(lookup, "sanctions", "date", f.dates));
  }
  bool measure_in_key = false;
  auto by_actor = [&](absl::string_view column, const std::vector<std::string>& ids) {
    if (f.measure) {
      w.Drive("sanctions s", "s.id", column, AsArgs(ids), false, "s.measure = ?", {measure});
      measure_in_key = true;
    } else {
      w.Drive("sanctions s", "s.id", column, AsArgs(ids));
    }
  };
  if (f.article_id != 0) {
    w.Drive("sanctions s", "s.id", "s.article_id", {f.article_id});
    by = kArticle;
  } else if (!f.target.empty()) {
    by_actor("s.target_actor", targets);
    by = kTarget;
  } else if (!f.imposer.empty()) {
    by_actor("s.imposer_actor", imposers);
    by = kImposer;
  } else if (!f.item.empty()) {
    w.Drive("sanction_items d CROSS JOIN sanctions s ON s.id = d.sanction_id", "d.sanction_id",
            "d.item_lc", {item}, /*distinct=*/true);
    by = kItem;
  } else if (dates.kind != DatePlan::kById) {
    DriveByDates(w, dates, "sanctions", "s", "date", "sanctions_by_date");
    by = kDates;
  } else if (f.measure) {
    w.Drive("sanctions s", "s.id", "s.measure", {measure});
    by = kMeasure;
  } else if (f.status) {
    w.Drive("sanctions s", "s.id", "s.status", {std::string(NameOf(*f.status))});
    by = kStatus;
  }
  if (f.article_id != 0 && by != kArticle) {
    w.Check(absl::StrCat(w.Own("s.article_id"), " = ?"), f.article_id);
  }
  if (!f.target.empty() && by != kTarget) {
    w.CheckIn(w.Own("s.target_actor"), targets);
  }
  if (!f.imposer.empty() && by != kImposer) {
    w.CheckIn(w.Own("s.imposer_actor"), imposers);
  }
  if (!f.item.empty() && by != kItem) {
    w.Check(
        "EXISTS (SELECT 1 FROM sanction_items x WHERE x.sanction_id = s.id AND x.item_lc = ?)",
        item);
  }
  if (f.measure && by != kMeasure && !measure_in_key) {
    w.Check(absl::StrCat(w.Own("s.measure"), " = ?"), measure);
  }
  if (f.status && by != kStatus) {
    w.Check(absl::StrCat(w.Own("s.status"), " = ?"), std::string(NameOf(*f.status)));
  }
  if (by != kDates) w.Dates("s.date", f.dates);
  BoundByDates(w, dates);
  return w.Done(cursor, limit);
}

absl::StatusOr<IdQuery> ActorsQuery(const ActorFilter& f, const PageCursor& cursor, int limit) {
  Builder b("SELECT a.id FROM actors a", "a.id", cursor, /*text_key=*/true);
  if (!f.name_prefix.empty()) {
    std::string low = FoldCase(f.name_prefix), high = PrefixSuccessor(low);
    if (high.empty()) {
      b.Where("a.id IN (SELECT actor_id FROM actor_aliases WHERE alias_lc >= ?)", low);
    } else {
      b.Where("a.id IN (SELECT actor_id FROM actor_aliases WHERE alias_lc >= ? AND alias_lc < ?)",
              low, high);
    }
  }
  b.Country("a.country_lc", f.country);
  if (!f.office.empty()) {
    b.Where("a.id IN (SELECT actor_id FROM actor_offices WHERE office_lc = ?)",
            FoldCase(f.office));
  }
  if (f.kind) b.Where("a.kind = ?", std::string(NameOf(*f.kind)));
  if (f.with_events_only) {
    b.Where(
        "(EXISTS (SELECT 1 FROM call_participants WHERE actor = a.id)"
        " OR EXISTS (SELECT 1 FROM quotes WHERE speaker_actor = a.id)"
        " OR EXISTS (SELECT 1 FROM sanctions WHERE imposer_actor = a.id)"
        " OR EXISTS (SELECT 1 FROM sanctions WHERE target_actor = a.id))");
  }
  return b.Done(limit);
}

// Drivers: an external id, a source, the date range (as for events);
// otherwise the articles table by id.
absl::StatusOr<IdQuery> ArticlesQuery(const ArticleFilter& f, const PageCursor& cursor, int limit,
                                      const Lookup& lookup) {
  PARLEY_RETURN_IF_ERROR(ValidateDates(f.dates, "date_range"));
  const std::string source = FoldCase(f.source);
  Walk w("articles r", "r.id");
  DatePlan dates;
  if (f.external_id.empty() && f.source.empty() && (f.dates.start || f.dates.end)) {
    PARLEY_ASSIGN_OR_RETURN(dates, PlanDates(lookup, "articles", "published", f.dates));
  }
  enum { kNone, kExternalId, kSource, kDates } by = kNone;
  if (!f.external_id.empty()) {
    w.Drive("articles r", "r.id", "r.external_id", {f.external_id});
    by = kExternalId;
  } else if (!f.source.empty()) {
    w.Drive("articles r", "r.id", "r.source_lc", {source});
    by = kSource;
  } else if (dates.kind != DatePlan::kById) {
    DriveByDates(w, dates, "articles", "r", "published", "articles_by_published");
    by = kDates;
  }
  if (!f.source.empty() && by != kSource) {
    w.Check(absl::StrCat(w.Own("r.source_lc"), " = ?"), source);
  }
  if (by != kDates) w.Dates("r.published", f.dates);
  BoundByDates(w, dates);
  return w.Done(cursor, limit);
}

}  // namespace parley::store::sqlite
