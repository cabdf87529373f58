#include "pg_queries.h"

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

void AddDates(Where& w, absl::string_view column, const DateRange& d) {
  if (d.start) w.Add(absl::StrCat(column, " >= ", w.p.Add(d.start)));
  if (d.end) w.Add(absl::StrCat(column, " <= ", w.p.Add(d.end)));
}

// The finished query: `select` with the filters, in id order.
IdQuery Finish(absl::string_view select, absl::string_view id_col, Where w, int limit) {
  return IdQuery{absl::StrCat(select, w.Sql(), " ORDER BY ", id_col, " LIMIT ", limit),
                 std::move(w.p)};
}

}  // namespace

absl::StatusOr<IdQuery> CallsQuery(const CallFilter& f, const PageCursor& cursor, int limit) {
  Where w;
  w.Add(absl::StrCat("c.id > ", w.p.Add(cursor.last_id)));
  auto participant = [&w](const std::string& cond) {
    w.Add(absl::StrCat("EXISTS (SELECT 1 FROM call_participants cp WHERE cp.call_id = c.id AND ",
                       cond, ")"));
  };
  if (!f.participant.empty()) participant(NameMatch(w.p, "cp.actor", f.participant));
  if (!f.participant_id.empty()) participant(absl::StrCat("cp.actor = ", w.p.Add(f.participant_id)));
  if (!f.country.empty()) participant(CountryMatch(w.p, "cp.country_lc", f.country));
  if (!f.topic.empty()) {
    w.Add(absl::StrCat(
        "EXISTS (SELECT 1 FROM call_topics t WHERE t.call_id = c.id AND t.topic_lc = ",
        w.p.Add(FoldCase(f.topic)), ")"));
  }
  if (f.medium) w.Add(absl::StrCat("c.medium = ", w.p.Add(NameOf(*f.medium))));
  AddDates(w, "c.date", f.dates);
  if (f.article_id != 0) {
    w.Add(absl::StrCat(
        "EXISTS (SELECT 1 FROM call_mentions m WHERE m.call_id = c.id AND m.article_id = ",
        w.p.Add(f.article_id), ")"));
  }
  return Finish("SELECT c.id FROM calls c", "c.id", std::move(w), limit);
}

absl::StatusOr<IdQuery> QuotesQuery(const QuoteFilter& f, const PageCursor& cursor, int limit) {
  Where w;
  w.Add(absl::StrCat("q.id > ", w.p.Add(cursor.last_id)));
  if (!f.speaker.empty()) w.Add(NameMatch(w.p, "q.speaker_actor", f.speaker));
  if (!f.speaker_id.empty()) w.Add(absl::StrCat("q.speaker_actor = ", w.p.Add(f.speaker_id)));
  if (!f.country.empty()) w.Add(CountryMatch(w.p, "q.speaker_country_lc", f.country));
  PARLEY_ASSIGN_OR_RETURN(std::string text, TextMatch(w.p, "q.text_tsv", f.text_query));
  if (!text.empty()) w.Add(std::move(text));
  AddDates(w, "q.date", f.dates);
  if (f.direct_only) w.Add("q.direct");
  if (f.article_id != 0) w.Add(absl::StrCat("q.article_id = ", w.p.Add(f.article_id)));
  return Finish("SELECT q.id FROM quotes q", "q.id", std::move(w), limit);
}

absl::StatusOr<IdQuery> SanctionsQuery(const SanctionFilter& f, const PageCursor& cursor,
                                       int limit) {
  Where w;
  w.Add(absl::StrCat("s.id > ", w.p.Add(cursor.last_id)));
  if (!f.imposer.empty()) w.Add(NameMatch(w.p, "s.imposer_actor", f.imposer));
  if (!f.target.empty()) w.Add(NameMatch(w.p, "s.target_actor", f.target));
  if (!f.item.empty()) {
    w.Add(absl::StrCat(
        "EXISTS (SELECT 1 FROM sanction_items i WHERE i.sanction_id = s.id AND i.item_lc = ",
        w.p.Add(FoldCase(f.item)), ")"));
  }
  if (f.measure) w.Add(absl::StrCat("s.measure = ", w.p.Add(NameOf(*f.measure))));
  if (f.status) w.Add(absl::StrCat("s.status = ", w.p.Add(NameOf(*f.status))));
  AddDates(w, "s.date", f.dates);
  if (f.article_id != 0) w.Add(absl::StrCat("s.article_id = ", w.p.Add(f.article_id)));
  return Finish("SELECT s.id FROM sanctions s", "s.id", std::move(w), limit);
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
  Where w;
  w.Add(absl::StrCat("a.id > ", w.p.Add(cursor.last_id)));
  if (!f.source.empty()) w.Add(absl::StrCat("a.source_lc = ", w.p.Add(FoldCase(f.source))));
  if (!f.external_id.empty()) w.Add(absl::StrCat("a.external_id = ", w.p.Add(f.external_id)));
  AddDates(w, "a.published", f.dates);
  return Finish("SELECT a.id FROM articles a", "a.id", std::move(w), limit);
}

}  // namespace parley::store::pg
