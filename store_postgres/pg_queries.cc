#include "pg_queries.h"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "parley/common/status_macros.h"
#include "store/enum_names.h"
#include "store/fold_case.h"
#include "store/fts_query.h"

namespace parley::store::pg {
namespace {

// A WHERE clause built from the filters that are set.
struct Where {
  Params p;
  std::vector<std::string> conds;
  void Add(std::string cond) { conds.push_back(std::move(cond)); }
  std::string Sql() const {
    return conds.empty() ? "" : absl::StrCat(" WHERE ", absl::StrJoin(conds, " AND "));
  }
};

// `column` names an actor whose canonical name or any alias is `name`, case
// folded (the aliases table holds canonical names too).
std::string NameMatch(Params& p, absl::string_view column, absl::string_view name) {
  return absl::StrCat(column, " IN (SELECT actor_id FROM actor_aliases WHERE alias_lc = ",
                      p.Add(FoldCase(name)), ")");
}

// Folded canonical country names a country filter means: the name given,
// and the canonical name of a country actor known by that name or alias.
// name_lc is COLLATE "C" and the *country_lc columns are not: without the
// cast the comparison takes "C" and no country index can answer it (EXPLAIN
// showed a full primary-key scan; pg_queries_test.cc guards it).
std::string CountryMatch(Params& p, absl::string_view column, absl::string_view country) {
  std::string folded = FoldCase(country);
  std::string arg = p.Add(folded);
  return absl::StrCat(column, " IN (SELECT ", arg,
                      "::text UNION SELECT a.name_lc COLLATE \"default\" FROM",
                      " actor_aliases al JOIN actors a ON a.id = al.actor_id WHERE al.alias_lc = ",
                      arg, " AND a.kind = 'country')");
}

// The user's words and "quoted phrases", all required (the SQLite store's
// rule, via its FTS5 translation): one phraseto_tsquery per term, ANDed.
absl::StatusOr<std::string> TextMatch(Params& p, absl::string_view column, absl::string_view query) {
  PARLEY_ASSIGN_OR_RETURN(std::string fts, ToFts5Query(query));
  // ToFts5Query yields "term" "a phrase" ... with inner quotes doubled.
  std::vector<std::string> parts;
  for (size_t i = 0; i < fts.size();) {
    if (fts[i] != '"') {
      ++i;
      continue;
    }
    std::string term;
    size_t j = i + 1;
    for (; j < fts.size(); ++j) {
      if (fts[j] != '"') {
        term += fts[j];
      } else if (j + 1 < fts.size() && fts[j + 1] == '"') {
        term += '"';
        ++j;
      } else {
        break;
      }
    }
    parts.push_back(absl::StrCat("phraseto_tsquery('simple', ", p.Add(term), ")"));
    i = j + 1;
  }
  if (parts.empty()) return std::string();
  return absl::StrCat(column, " @@ (", absl::StrJoin(parts, " && "), ")");
}

// The finished query: `select` with the filters, in id order.
IdQuery Finish(absl::string_view select, absl::string_view id_col, Where w, int limit) {
  return IdQuery{absl::StrCat(select, w.Sql(), " ORDER BY ", id_col, " LIMIT ", limit),
                 std::move(w.p)};
}

// The SELECT of the actor ids a name filter means.
std::string ActorKeys(Params& p, absl::string_view name) {
  return absl::StrCat("SELECT actor_id FROM actor_aliases WHERE alias_lc = ",
                      p.Add(FoldCase(name)));
}

// The SELECT of the folded country names a country filter means (see
// CountryMatch for the collation).
std::string CountryKeys(Params& p, absl::string_view country) {
  std::string arg = p.Add(FoldCase(country));
  return absl::StrCat("SELECT ", arg,
                      "::text UNION SELECT a.name_lc COLLATE \"default\" FROM actor_aliases al"
                      " JOIN actors a ON a.id = al.actor_id WHERE al.alias_lc = ",
                      arg, " AND a.kind = 'country'");
}

// A page's ids as a walk of one index in id order from the cursor that
// stops once the page is full, the other filters tested on the rows it
// yields (the contract of store/sqlite_queries.h). A filter naming several
// keys (an alias of several actors) walks each key in a LATERAL subquery
// bounded by the page size, and the walks are merged; a B-tree index cannot
// give one id order across keys, and without the per-key LIMIT the planner
// reads every row of every key before sorting.
class Walk {
 public:
  // `table`: the listed table with its alias; `id`: its id column.
  Walk(absl::string_view table, absl::string_view id) : from_(table), id_(id) {}

  // Walks `from` along `id` where `condition` holds (one key).
  void Drive(absl::string_view from, absl::string_view id, std::string condition,
             bool distinct = false) {
    from_ = std::string(from);
    id_ = std::string(id);
    w_.Add(std::move(condition));
    distinct_ = distinct;
  }
  // Walks `from` along `id` once per value `keys` (a one-column SELECT)
  // yields for `key_column`.
  void DriveEach(absl::string_view from, absl::string_view id, absl::string_view key_column,
                 std::string keys, bool distinct = false) {
    Drive(from, id, absl::StrCat(key_column, " = k.k"), distinct);
    keys_ = std::move(keys);
  }
  void Check(std::string condition) { w_.Add(std::move(condition)); }
  Params& p() { return w_.p; }

  // A date range on `listed_column` ("c.date"), tested on every row.
  // `drive`: nothing more selective drives the walk (it is on the listed
  // table itself, by id or by a low-cardinality column), so the range
  // shapes it, as in the SQLite store:
  // - When the dates `table` holds inside `d` span at most 64 days, each
  //   day is walked on the (`column`, id) index and the walks merged.
  // - A longer span is walked by id between the range's first and last
  //   id, found by one seek at each end of each day at the span's ragged
  //   ends and of each whole month between them, on the (month, id) index
  //   (schema step 3). Without the bounds a walk by id read every row
  //   before the range's first (in a store filled in date order, a late
  //   year read most of the table: 180-350 ms at 1M events) and the last
  //   page every row after its last. With them a year costs 2-3 ms at any
  //   store size, 16 years (~380 seeks) 5-12 ms; a span holding every
  //   date the table holds skips the seeks.
  // The query itself picks the branch from two index seeks (the first and
  // last date held), so the choice fits the data it reads; it is planned
  // once per connection (IdQuery::plan_once). A range given as at most 64
  // days skips the seeks and the other branch.
  void Dates(absl::string_view table, absl::string_view column, absl::string_view listed_column,
             const DateRange& d, bool drive) {
    if (d.start) date_tests_.push_back({">=", w_.p.Add(d.start)});
    if (d.end) date_tests_.push_back({"<=", w_.p.Add(d.end)});
    day_column_ = std::string(listed_column);
    if (!drive || date_tests_.empty()) return;
    table_ = std::string(table);
    column_ = std::string(column);
    if (d.start && d.end && *d.end - *d.start < 64) {
      few_days_ = absl::StrCat("generate_series(", w_.p.Add(d.start), "::date, ", w_.p.Add(d.end),
                               "::date, interval '1 day')");
      return;
    }
    auto bound = [&](const char* fn, const char* op, const std::optional<absl::CivilDay>& day) {
      std::string sql = absl::StrCat("(SELECT ", fn, "(", column, ") FROM ", table);
      if (day) absl::StrAppend(&sql, " WHERE ", column, " ", op, " ", w_.p.Add(day));
      return absl::StrCat(sql, ")");
    };
    days_ = absl::StrCat("SELECT ", bound("min", ">=", d.start), " AS lo, ",
                         bound("max", "<=", d.end), " AS hi");
  }

  // `ordered`: see IdQuery::ordered_walk.
  IdQuery Done(const PageCursor& cursor, int limit, bool ordered = true) {
    w_.Add(absl::StrCat(id_, " > ", w_.p.Add(cursor.last_id)));
    std::string walk =
        absl::StrCat("SELECT ", distinct_ ? "DISTINCT " : "", id_, " AS id FROM ", from_,
                     Conditions(DatesAs::kIndexed), " ORDER BY ", id_, " LIMIT ", limit);
    if (!days_.empty() || !few_days_.empty()) return ByDaysOr(limit, ordered);
    if (keys_.empty()) return IdQuery{std::move(walk), std::move(w_.p), ordered};
    return IdQuery{absl::StrCat("SELECT DISTINCT w.id FROM (", keys_,
                                ") AS k (k) CROSS JOIN LATERAL (", walk,
                                ") AS w ORDER BY w.id LIMIT ", limit),
                   std::move(w_.p), ordered};
  }

 private:
  // How the WHERE clause states the date range. kOpaque hides it from the
  // planner's index matching: between the id bounds the walk must go by
  // id, and with the range indexable PostgreSQL reads the whole range on
  // the date index and sorts it (it cannot know the bounds hold the range
  // closely: measured 23,000 rows read for a page of a two-year range).
  enum class DatesAs { kIndexed, kOpaque };
  std::string Conditions(DatesAs as, absl::string_view extra = "") const {
    std::vector<std::string> conds = w_.conds;
    for (const auto& [op, arg] : date_tests_) {
      conds.push_back(as == DatesAs::kIndexed
                          ? absl::StrCat(day_column_, " ", op, " ", arg)
                          : absl::StrCat("(", day_column_, " + 0) ", op, " ", arg));
    }
    if (!extra.empty()) conds.emplace_back(extra);
    return absl::StrCat(" WHERE ", absl::StrJoin(conds, " AND "));
  }

  // The per-day walks when the range's dates held span at most 64 days,
  // else the walk by id between the range's first and last id: two
  // branches, one of them gated off by the span (a one-time filter, so it
  // never runs).
  IdQuery ByDaysOr(int limit, bool ordered) {
    const std::string day_walk =
        absl::StrCat("SELECT ", id_, " AS id FROM ", from_,
                     Conditions(DatesAs::kIndexed, absl::StrCat(day_column_, " = k.k::date")),
                     " ORDER BY ", id_, " LIMIT ", limit);
    if (!few_days_.empty()) {
      return IdQuery{absl::StrCat("SELECT w.id FROM ", few_days_, " AS k (k) CROSS JOIN LATERAL (",
                                  day_walk, ") AS w ORDER BY w.id LIMIT ", limit),
                     std::move(w_.p), ordered};
    }
    const std::string bounded_walk = absl::StrCat(
        "SELECT ", id_, " AS id FROM ", from_,
        Conditions(DatesAs::kOpaque, absl::StrCat(id_, " >= ids.first AND ", id_, " <= ids.last")),
        " ORDER BY ", id_, " LIMIT ", limit);
    return IdQuery{
        absl::StrCat(
            "WITH span AS MATERIALIZED (", days_, "), ", IdBounds(),
            " SELECT u.id FROM (SELECT w.id FROM span",
            " CROSS JOIN LATERAL generate_series(span.lo, span.hi, interval '1 day') AS k (k)",
            " CROSS JOIN LATERAL (", day_walk, ") AS w WHERE span.hi - span.lo < 64",
            " UNION ALL SELECT b.id FROM ids CROSS JOIN LATERAL (", bounded_walk,
            ") AS b) AS u ORDER BY u.id LIMIT ", limit),
        std::move(w_.p), ordered, /*plan_once=*/true};
  }

  // CTEs `ends` and `ids`: the least and greatest id dated inside the span
  // (ids.first, ids.last; none when the span is under 64 days, which the
  // day walks serve). `ends` splits the span into its whole months, m1
  // (inclusive) to m2 (exclusive), and the days outside them.
  std::string IdBounds() const {
    const std::string month = absl::StrCat("date_trunc('month', ", column_, "::timestamp)");
    // One seek at each end of `key` = k for each k of `series`.
    auto seeks = [&](absl::string_view key, absl::string_view k, absl::string_view series) {
      auto seek = [&](const char* dir) {
        return absl::StrCat("(SELECT id FROM ", table_, " WHERE ", key, " = ", k, " ORDER BY id",
                            dir, " LIMIT 1)");
      };
      return absl::StrCat("SELECT f.id AS first, l.id AS last FROM ends CROSS JOIN LATERAL ",
                          series, " AS k (k) CROSS JOIN LATERAL ", seek(""),
                          " AS f CROSS JOIN LATERAL ", seek(" DESC"), " AS l WHERE NOT ends.whole");
    };
    // A span from the table's first date held to its last bounds nothing:
    // every dated row is inside, and the ids are not looked for.
    return absl::StrCat(
        "ends AS MATERIALIZED (SELECT span.lo::timestamp AS lo, span.hi::timestamp AS hi,",
        " date_trunc('month', (span.lo - 1)::timestamp) + interval '1 month' AS m1,",
        " date_trunc('month', (span.hi + 1)::timestamp) AS m2,", " span.lo <= (SELECT min(",
        column_, ") FROM ", table_, ") AND span.hi >= (SELECT max(", column_, ") FROM ", table_,
        ") AS whole FROM span WHERE span.hi - span.lo >= 64),",
        " ids AS MATERIALIZED (SELECT CASE WHEN (SELECT whole FROM ends) THEN 0 ELSE",
        " min(s.first) END AS first, CASE WHEN (SELECT whole FROM ends) THEN",
        " 9223372036854775807 ELSE max(s.last) END AS last FROM (",
        seeks(month, "k.k",
              "generate_series(ends.m1, ends.m2 - interval '1 month', interval '1 month')"),
        " UNION ALL ",
        seeks(column_, "k.k::date",
              "generate_series(ends.lo, LEAST(ends.hi, ends.m1 - interval '1 day'), "
              "interval '1 day')"),
        " UNION ALL ",
        seeks(column_, "k.k::date",
              "generate_series(GREATEST(ends.m2, ends.lo), ends.hi, interval '1 day')"),
        ") AS s HAVING (SELECT whole FROM ends) OR min(s.first) IS NOT NULL)");
  }

  std::string from_, id_, keys_;
  // Dates(): the range's tests (operator, placeholder), and how it drives.
  std::vector<std::pair<std::string, std::string>> date_tests_;
  std::string table_, column_, days_, few_days_, day_column_;
  Where w_;
  bool distinct_ = false;
};

constexpr char kParticipantsOfCalls[] =
    "call_participants d JOIN calls c ON c.id = d.call_id";

}  // namespace

// Drivers, most selective first, as in the SQLite store: the article's
// mentions, a participant's calls, a topic's, a country's participations, a
// date range's days or ids (Walk::Dates), a medium; otherwise the
// calls by id.
absl::StatusOr<IdQuery> CallsQuery(const CallFilter& f, const PageCursor& cursor, int limit) {
  Walk w("calls c", "c.id");
  Params& p = w.p();
  enum { kNone, kArticle, kParticipantId, kParticipant, kTopic, kCountry, kMedium } by = kNone;
  if (f.article_id != 0) {
    w.Drive("call_mentions d JOIN calls c ON c.id = d.call_id", "d.call_id",
            absl::StrCat("d.article_id = ", p.Add(f.article_id)), /*distinct=*/true);
    by = kArticle;
  } else if (!f.participant_id.empty()) {
    w.Drive(kParticipantsOfCalls, "d.call_id", absl::StrCat("d.actor = ", p.Add(f.participant_id)),
            /*distinct=*/true);
    by = kParticipantId;
  } else if (!f.participant.empty()) {
    w.DriveEach(kParticipantsOfCalls, "d.call_id", "d.actor", ActorKeys(p, f.participant),
                /*distinct=*/true);
    by = kParticipant;
  } else if (!f.topic.empty()) {
    w.Drive("call_topics d JOIN calls c ON c.id = d.call_id", "d.call_id",
            absl::StrCat("d.topic_lc = ", p.Add(FoldCase(f.topic))));
    by = kTopic;
  } else if (!f.country.empty()) {
    w.DriveEach(kParticipantsOfCalls, "d.call_id", "d.country_lc", CountryKeys(p, f.country),
                /*distinct=*/true);
    by = kCountry;
  } else if (f.medium) {
    w.Drive("calls c", "c.id", absl::StrCat("c.medium = ", p.Add(NameOf(*f.medium))));
    by = kMedium;
  }
  auto participant = [&](const std::string& cond) {
    w.Check(absl::StrCat("EXISTS (SELECT 1 FROM call_participants cp WHERE cp.call_id = c.id AND ",
                         cond, ")"));
  };
  if (!f.participant.empty() && by != kParticipant) {
    participant(NameMatch(p, "cp.actor", f.participant));
  }
  if (!f.participant_id.empty() && by != kParticipantId) {
    participant(absl::StrCat("cp.actor = ", p.Add(f.participant_id)));
  }
  if (!f.country.empty() && by != kCountry) {
    participant(CountryMatch(p, "cp.country_lc", f.country));
  }
  if (!f.topic.empty() && by != kTopic) {
    w.Check(absl::StrCat(
        "EXISTS (SELECT 1 FROM call_topics t WHERE t.call_id = c.id AND t.topic_lc = ",
        p.Add(FoldCase(f.topic)), ")"));
  }
  if (f.medium && by != kMedium) w.Check(absl::StrCat("c.medium = ", p.Add(NameOf(*f.medium))));
  w.Dates("calls", "date", "c.date", f.dates, by == kNone || by == kMedium);
  if (f.article_id != 0 && by != kArticle) {
    w.Check(absl::StrCat(
        "EXISTS (SELECT 1 FROM call_mentions m WHERE m.call_id = c.id AND m.article_id = ",
        p.Add(f.article_id), ")"));
  }
  return w.Done(cursor, limit);
}

// Drivers: the article's quotes, a speaker's, a country's, a date range's
// days when few and no text is searched. The full-text
// match is a condition: its GIN index yields matches in no id order, so the
// planner weighs reading them all and sorting against walking the primary
// key until the page fills (EXPLAIN in pg_queries_test.cc).
absl::StatusOr<IdQuery> QuotesQuery(const QuoteFilter& f, const PageCursor& cursor, int limit) {
  Walk w("quotes q", "q.id");
  Params& p = w.p();
  enum { kNone, kArticle, kSpeakerId, kSpeaker, kCountry } by = kNone;
  if (f.article_id != 0) {
    w.Drive("quotes q", "q.id", absl::StrCat("q.article_id = ", p.Add(f.article_id)));
    by = kArticle;
  } else if (!f.speaker_id.empty()) {
    w.Drive("quotes q", "q.id", absl::StrCat("q.speaker_actor = ", p.Add(f.speaker_id)));
    by = kSpeakerId;
  } else if (!f.speaker.empty()) {
    w.DriveEach("quotes q", "q.id", "q.speaker_actor", ActorKeys(p, f.speaker));
    by = kSpeaker;
  } else if (!f.country.empty()) {
    w.DriveEach("quotes q", "q.id", "q.speaker_country_lc", CountryKeys(p, f.country));
    by = kCountry;
  }
  if (!f.speaker.empty() && by != kSpeaker) w.Check(NameMatch(p, "q.speaker_actor", f.speaker));
  if (!f.speaker_id.empty() && by != kSpeakerId) {
    w.Check(absl::StrCat("q.speaker_actor = ", p.Add(f.speaker_id)));
  }
  if (!f.country.empty() && by != kCountry) {
    w.Check(CountryMatch(p, "q.speaker_country_lc", f.country));
  }
  PARLEY_ASSIGN_OR_RETURN(std::string text, TextMatch(p, "q.text_tsv", f.text_query));
  const bool ordered = text.empty();
  if (!text.empty()) w.Check(std::move(text));
  w.Dates("quotes", "date", "q.date", f.dates, by == kNone && ordered);
  if (f.direct_only) w.Check("q.direct");
  if (f.article_id != 0 && by != kArticle) {
    w.Check(absl::StrCat("q.article_id = ", p.Add(f.article_id)));
  }
  return w.Done(cursor, limit, ordered);
}

// Drivers: the article's sanctions, the target's (with the measure when
// given: index (target_actor, measure, id)), the imposer's (likewise), an
// item's, a date range's days when few, a measure's, a status's; otherwise
// the sanctions by id.
absl::StatusOr<IdQuery> SanctionsQuery(const SanctionFilter& f, const PageCursor& cursor,
                                       int limit) {
  Walk w("sanctions s", "s.id");
  Params& p = w.p();
  enum { kNone, kArticle, kTarget, kImposer, kItem, kMeasure, kStatus } by = kNone;
  bool measure_in_walk = false;
  auto by_actor = [&](absl::string_view column, absl::string_view name) {
    w.DriveEach("sanctions s", "s.id", column, ActorKeys(p, name));
    if (f.measure) {
      w.Check(absl::StrCat("s.measure = ", p.Add(NameOf(*f.measure))));
      measure_in_walk = true;
    }
  };
  if (f.article_id != 0) {
    w.Drive("sanctions s", "s.id", absl::StrCat("s.article_id = ", p.Add(f.article_id)));
    by = kArticle;
  } else if (!f.target.empty()) {
    by_actor("s.target_actor", f.target);
    by = kTarget;
  } else if (!f.imposer.empty()) {
    by_actor("s.imposer_actor", f.imposer);
    by = kImposer;
  } else if (!f.item.empty()) {
    w.Drive("sanction_items d JOIN sanctions s ON s.id = d.sanction_id", "d.sanction_id",
            absl::StrCat("d.item_lc = ", p.Add(FoldCase(f.item))), /*distinct=*/true);
    by = kItem;
  } else if (f.measure) {
    w.Drive("sanctions s", "s.id", absl::StrCat("s.measure = ", p.Add(NameOf(*f.measure))));
    by = kMeasure;
  } else if (f.status) {
    w.Drive("sanctions s", "s.id", absl::StrCat("s.status = ", p.Add(NameOf(*f.status))));
    by = kStatus;
  }
  if (!f.imposer.empty() && by != kImposer) w.Check(NameMatch(p, "s.imposer_actor", f.imposer));
  if (!f.target.empty() && by != kTarget) w.Check(NameMatch(p, "s.target_actor", f.target));
  if (!f.item.empty() && by != kItem) {
    w.Check(absl::StrCat(
        "EXISTS (SELECT 1 FROM sanction_items i WHERE i.sanction_id = s.id AND i.item_lc = ",
        p.Add(FoldCase(f.item)), ")"));
  }
  if (f.measure && by != kMeasure && !measure_in_walk) {
    w.Check(absl::StrCat("s.measure = ", p.Add(NameOf(*f.measure))));
  }
  if (f.status && by != kStatus) w.Check(absl::StrCat("s.status = ", p.Add(NameOf(*f.status))));
  w.Dates("sanctions", "date", "s.date", f.dates, by == kNone || by == kMeasure || by == kStatus);
  if (f.article_id != 0 && by != kArticle) {
    w.Check(absl::StrCat("s.article_id = ", p.Add(f.article_id)));
  }
  return w.Done(cursor, limit);
}

namespace {

// `query` as a statement prepared on the connection (a name per SQL text),
// planned generically (the caller sets plan_cache_mode). The connection
// keeps the statement and its plan for the next page and the next caller.
pqxx::result RunPlannedOnce(pqxx::transaction_base& txn, const IdQuery& query,
                            const std::string& prefix) {
  const std::string name =
      absl::StrCat("parley_ids_", absl::Hex(std::hash<std::string>{}(query.sql)));
  if (prefix.empty()) return query.params.ExecPrepared(txn, name, query.sql);
  const std::string explained = absl::StrCat(name, "_explained");
  txn.exec(absl::StrCat("PREPARE ", explained, " AS ", query.sql));
  pqxx::result rows =
      txn.exec(absl::StrCat(prefix, "EXECUTE ", explained, "(", query.params.Literals(txn), ")"));
  txn.exec(absl::StrCat("DEALLOCATE ", explained));
  return rows;
}

}  // namespace

pqxx::result RunIdQuery(pqxx::transaction_base& txn, const IdQuery& query,
                        const std::string& prefix) {
  if (!query.ordered_walk && !query.plan_once) return query.params.Exec(txn, prefix + query.sql);
  // The planner settings the query needs, in one round trip each way.
  // SET LOCAL: undone by the transaction's end even if the query throws.
  std::string set, reset;
  if (query.ordered_walk) {
    set = "SET LOCAL enable_bitmapscan = off;";
    reset = "SET LOCAL enable_bitmapscan = on;";
  }
  if (query.plan_once) {
    absl::StrAppend(&set, "SET LOCAL plan_cache_mode = force_generic_plan;");
    absl::StrAppend(&reset, "SET LOCAL plan_cache_mode = auto;");
  }
  txn.exec(set);
  pqxx::result rows = query.plan_once ? RunPlannedOnce(txn, query, prefix)
                                      : query.params.Exec(txn, prefix + query.sql);
  txn.exec(reset);
  return rows;
}

absl::StatusOr<IdQuery> ActorsQuery(const ActorFilter& f, const PageCursor& cursor, int limit) {
  Where w;
  w.Add(absl::StrCat("a.id > ", w.p.Add(cursor.last_key)));
  if (!f.name_prefix.empty()) {
    // Canonical name or any alias starting with the prefix (byte order: the
    // alias column is COLLATE "C").
    std::string low = FoldCase(f.name_prefix), high = PrefixSuccessor(low);
    std::string range = absl::StrCat("alias_lc >= ", w.p.Add(low));
    if (!high.empty()) absl::StrAppend(&range, " AND alias_lc < ", w.p.Add(high));
    w.Add(absl::StrCat("a.id IN (SELECT actor_id FROM actor_aliases WHERE ", range, ")"));
  }
  if (!f.country.empty()) w.Add(CountryMatch(w.p, "a.country_lc", f.country));
  if (!f.office.empty()) {
    w.Add(absl::StrCat(
        "EXISTS (SELECT 1 FROM actor_offices o WHERE o.actor_id = a.id AND o.office_lc = ",
        w.p.Add(FoldCase(f.office)), ")"));
  }
  if (f.kind) w.Add(absl::StrCat("a.kind = ", w.p.Add(NameOf(*f.kind))));
  if (f.with_events_only) {
    w.Add(
        "(EXISTS (SELECT 1 FROM call_participants cp WHERE cp.actor = a.id)"
        " OR EXISTS (SELECT 1 FROM quotes q WHERE q.speaker_actor = a.id)"
        " OR EXISTS (SELECT 1 FROM sanctions s WHERE s.imposer_actor = a.id)"
        " OR EXISTS (SELECT 1 FROM sanctions s WHERE s.target_actor = a.id))");
  }
  return Finish("SELECT a.id FROM actors a", "a.id", std::move(w), limit);
}

absl::StatusOr<IdQuery> ArticlesQuery(const ArticleFilter& f, const PageCursor& cursor,
                                      int limit) {
  Walk w("articles a", "a.id");
  Params& p = w.p();
  if (!f.source.empty()) w.Check(absl::StrCat("a.source_lc = ", p.Add(FoldCase(f.source))));
  if (!f.external_id.empty()) w.Check(absl::StrCat("a.external_id = ", p.Add(f.external_id)));
  w.Dates("articles", "published", "a.published", f.dates,
          f.source.empty() && f.external_id.empty());
  // Planned freely, as before dates could drive: the source and external
  // id indexes end in the id.
  return w.Done(cursor, limit, /*ordered=*/false);
}

}  // namespace parley::store::pg
