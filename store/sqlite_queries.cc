#include "store/sqlite_queries.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "parley/common/status_macros.h"
#include "store/enum_names.h"
#include "store/fold_case.h"
#include "store/fts_query.h"
#include "store/validate.h"

namespace parley::store::sqlite {
namespace {

// Actors a name filter means: the canonical name or any alias, folded.
constexpr char kActorsNamed[] = "(SELECT actor_id FROM actor_aliases WHERE alias_lc = ?)";
// Folded canonical country names a country filter means: the name given, and
// the canonical name of a country actor known by that name or alias.
constexpr char kCountriesNamed[] =
    "(SELECT ? UNION SELECT a.name_lc FROM actor_aliases al JOIN actors a ON a.id = al.actor_id "
    "WHERE al.alias_lc = ? AND a.kind = 'country')";

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
  Builder& Dates(absl::string_view column, const DateRange& d) {
    if (d.start) Where(absl::StrCat(column, " >= ?"), DayToText(*d.start));
    if (d.end) Where(absl::StrCat(column, " <= ?"), DayToText(*d.end));
    return *this;
  }
  Builder& Country(absl::string_view column, const std::string& country) {
    if (country.empty()) return *this;
    std::string folded = FoldCase(country);
    return Where(absl::StrCat(column, " IN ", kCountriesNamed), folded, folded);
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

absl::StatusOr<IdQuery> CallsQuery(const CallFilter& f, const PageCursor& cursor, int limit) {
  PARLEY_RETURN_IF_ERROR(ValidateDates(f.dates, "date_range"));
  Builder b("SELECT c.id FROM calls c", "c.id", cursor);
  if (!f.participant.empty()) {
    b.Where(absl::StrCat("c.id IN (SELECT call_id FROM call_participants WHERE actor IN ",
                         kActorsNamed, ")"),
            FoldCase(f.participant));
  }
  if (!f.participant_id.empty()) {
    b.Where("c.id IN (SELECT call_id FROM call_participants WHERE actor = ?)", f.participant_id);
  }
  if (!f.country.empty()) {
    std::string folded = FoldCase(f.country);
    b.Where(absl::StrCat("c.id IN (SELECT call_id FROM call_participants WHERE country_lc IN ",
                         kCountriesNamed, ")"),
            folded, folded);
  }
  if (!f.topic.empty()) {
    b.Where("c.id IN (SELECT call_id FROM call_topics WHERE topic_lc = ?)", FoldCase(f.topic));
  }
  if (f.medium) b.Where("c.medium = ?", std::string(NameOf(*f.medium)));
  b.Dates("c.date", f.dates);
  if (f.article_id != 0) {
    b.Where("c.id IN (SELECT call_id FROM call_mentions WHERE article_id = ?)", f.article_id);
  }
  return b.Done(limit);
}

absl::StatusOr<IdQuery> QuotesQuery(const QuoteFilter& f, const PageCursor& cursor, int limit) {
  PARLEY_RETURN_IF_ERROR(ValidateDates(f.dates, "date_range"));
  PARLEY_ASSIGN_OR_RETURN(std::string fts, ToFts5Query(f.text_query));
  Builder b("SELECT q.id FROM quotes q", "q.id", cursor);
  if (!f.speaker.empty()) {
    b.Where(absl::StrCat("q.speaker_actor IN ", kActorsNamed), FoldCase(f.speaker));
  }
  if (!f.speaker_id.empty()) b.Where("q.speaker_actor = ?", f.speaker_id);
  b.Country("q.speaker_country_lc", f.country);
  if (!fts.empty()) {
    b.Where("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)", fts);
  }
  b.Dates("q.date", f.dates);
  if (f.direct_only) b.Where("q.direct = 1");
  if (f.article_id != 0) b.Where("q.article_id = ?", f.article_id);
  return b.Done(limit);
}

absl::StatusOr<IdQuery> SanctionsQuery(const SanctionFilter& f, const PageCursor& cursor,
                                       int limit) {
  PARLEY_RETURN_IF_ERROR(ValidateDates(f.dates, "date_range"));
  Builder b("SELECT s.id FROM sanctions s", "s.id", cursor);
  if (!f.imposer.empty()) {
    b.Where(absl::StrCat("s.imposer_actor IN ", kActorsNamed), FoldCase(f.imposer));
  }
  if (!f.target.empty()) {
    b.Where(absl::StrCat("s.target_actor IN ", kActorsNamed), FoldCase(f.target));
  }
  if (!f.item.empty()) {
    b.Where("s.id IN (SELECT sanction_id FROM sanction_items WHERE item_lc = ?)",
            FoldCase(f.item));
  }
  if (f.measure) b.Where("s.measure = ?", std::string(NameOf(*f.measure)));
  if (f.status) b.Where("s.status = ?", std::string(NameOf(*f.status)));
  b.Dates("s.date", f.dates);
  if (f.article_id != 0) b.Where("s.article_id = ?", f.article_id);
  return b.Done(limit);
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

absl::StatusOr<IdQuery> ArticlesQuery(const ArticleFilter& f, const PageCursor& cursor,
                                      int limit) {
  PARLEY_RETURN_IF_ERROR(ValidateDates(f.dates, "date_range"));
  Builder b("SELECT r.id FROM articles r", "r.id", cursor);
  if (!f.source.empty()) b.Where("r.source_lc = ?", FoldCase(f.source));
  if (!f.external_id.empty()) b.Where("r.external_id = ?", f.external_id);
  b.Dates("r.published", f.dates);
  return b.Done(limit);
}

}  // namespace parley::store::sqlite
