#include "store/sqlite_reader.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "parley/common/status_macros.h"
#include "store/enum_names.h"

namespace parley::store::sqlite {
namespace {

// Prepares `sql`, binds `key` and steps to the first row; NOT_FOUND naming
// `what` when there is none.
template <typename Key>
absl::StatusOr<Statement*> FirstRow(Connection& db, absl::string_view sql, Key key,
                                    absl::string_view what) {
  PARLEY_ASSIGN_OR_RETURN(Statement * st, db.Cached(sql));
  st->Bind(key);
  PARLEY_ASSIGN_OR_RETURN(bool found, st->Step());
  if (!found) return absl::NotFoundError(absl::StrCat(what, " ", key, " not found"));
  return st;
}

// Reads the five snapshot columns written by the writer's BindRef (ref,
// name, kind, country, office) starting at `col`.
extract::ActorRef ReadRef(const Statement& st, int col) {
  extract::ActorRef ref;
  ref.actor_id = st.Text(col);
  ref.name = st.Text(col + 1);
  ref.kind = ActorKindFromName(st.Text(col + 2));
  ref.country = st.Text(col + 3);
  ref.office = st.Text(col + 4);
  return ref;
}

extract::Provenance ReadSpan(const Statement& st, int col) {
  return extract::Provenance{static_cast<size_t>(st.Int(col)),
                             static_cast<size_t>(st.Int(col + 1)), st.Text(col + 2)};
}

// Runs `sql` with `key` bound, calling `row` for each result row.
template <typename Key, typename Fn>
absl::Status ForEachRow(Connection& db, absl::string_view sql, Key key, Fn row) {
  PARLEY_ASSIGN_OR_RETURN(Statement * st, db.Cached(sql));
  st->Bind(key);
  for (;;) {
    PARLEY_ASSIGN_OR_RETURN(bool more, st->Step());
    if (!more) return absl::OkStatus();
    row(*st);
  }
}

absl::StatusOr<int64_t> Count(Connection& db, absl::string_view sql, absl::string_view key) {
  PARLEY_ASSIGN_OR_RETURN(Statement * st, db.Cached(sql));
  st->Bind(key);
  PARLEY_ASSIGN_OR_RETURN(bool row, st->Step());
  return row ? st->Int(0) : 0;
}

}  // namespace

absl::StatusOr<StoredCall> LoadCall(Connection& db, int64_t id) {
  PARLEY_ASSIGN_OR_RETURN(
      Statement * st, FirstRow(db, "SELECT date, medium FROM calls WHERE id = ?", id, "call"));
  StoredCall out;
  out.id = id;
  out.call.date = st->Day(0);
  out.call.medium = MediumFromName(st->Text(1));
  PARLEY_RETURN_IF_ERROR(ForEachRow(
      db,
      "SELECT ref, name, kind, country, office FROM call_participants WHERE call_id = ? "
      "ORDER BY position",
      id, [&](const Statement& r) { out.call.participants.push_back(ReadRef(r, 0)); }));
  PARLEY_RETURN_IF_ERROR(ForEachRow(
      db, "SELECT topic FROM call_topics WHERE call_id = ? ORDER BY position", id,
      [&](const Statement& r) { out.call.topics.push_back(r.Text(0)); }));
  PARLEY_RETURN_IF_ERROR(ForEachRow(
      db,
      "SELECT article_id, span_begin, span_end, evidence FROM call_mentions WHERE call_id = ? "
      "ORDER BY id",
      id, [&](const Statement& r) {
        out.mentions.push_back(StoredCall::Mention{r.Int(0), ReadSpan(r, 1)});
      }));
  if (!out.mentions.empty()) out.call.provenance = out.mentions.front().provenance;
  return out;
}

absl::StatusOr<StoredQuote> LoadQuote(Connection& db, int64_t id) {
  PARLEY_ASSIGN_OR_RETURN(
      Statement * st,
      FirstRow(db,
               "SELECT article_id, date, speaker_ref, speaker_name, speaker_kind, "
               "speaker_country, speaker_office, text, direct, span_begin, span_end, evidence "
               "FROM quotes WHERE id = ?",
               id, "quote"));
  StoredQuote out;
  out.id = id;
  out.article_id = st->Int(0);
  out.date = st->Day(1);
  out.quote.speaker = ReadRef(*st, 2);
  out.quote.text = st->Text(7);
  out.quote.direct = st->Int(8) != 0;
  out.quote.provenance = ReadSpan(*st, 9);
  return out;
}

absl::StatusOr<StoredSanction> LoadSanction(Connection& db, int64_t id) {
  PARLEY_ASSIGN_OR_RETURN(
      Statement * st,
      FirstRow(db,
               "SELECT article_id, date, imposer_ref, imposer_name, imposer_kind, "
               "imposer_country, imposer_office, target_ref, target_name, target_kind, "
               "target_country, target_office, measure, status, span_begin, span_end, evidence "
               "FROM sanctions WHERE id = ?",
               id, "sanction"));
  StoredSanction out;
  out.id = id;
  out.article_id = st->Int(0);
  out.date = st->Day(1);
  out.sanction.imposer = ReadRef(*st, 2);
  out.sanction.target = ReadRef(*st, 7);
  out.sanction.measure = MeasureFromName(st->Text(12));
  out.sanction.status = StatusFromName(st->Text(13));
  out.sanction.provenance = ReadSpan(*st, 14);
  PARLEY_RETURN_IF_ERROR(ForEachRow(
      db, "SELECT item FROM sanction_items WHERE sanction_id = ? ORDER BY position", id,
      [&](const Statement& r) { out.sanction.items.push_back(r.Text(0)); }));
  return out;
}

absl::StatusOr<StoredActor> LoadActor(Connection& db, absl::string_view id) {
  PARLEY_ASSIGN_OR_RETURN(
      Statement * st,
      FirstRow(db, "SELECT name, kind, country FROM actors WHERE id = ?", id, "actor"));
  StoredActor out;
  out.id = std::string(id);
  out.name = st->Text(0);
  out.kind = ActorKindFromName(st->Text(1));
  out.country = st->Text(2);
  PARLEY_RETURN_IF_ERROR(ForEachRow(
      db, "SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY alias_lc", id,
      [&](const Statement& r) {
        if (r.Text(0) != out.name) out.aliases.push_back(r.Text(0));
      }));
  PARLEY_RETURN_IF_ERROR(ForEachRow(
      db,
      "SELECT office, country, start_date, end_date FROM actor_offices WHERE actor_id = ? "
      "ORDER BY start_date DESC, office",
      id, [&](const Statement& r) {
        out.offices.push_back(OfficeTerm{r.Text(0), r.Text(1), r.Day(2), r.Day(3)});
      }));
  PARLEY_ASSIGN_OR_RETURN(
      out.call_count,
      Count(db, "SELECT COUNT(DISTINCT call_id) FROM call_participants WHERE actor = ?", id));
  PARLEY_ASSIGN_OR_RETURN(
      out.quote_count, Count(db, "SELECT COUNT(*) FROM quotes WHERE speaker_actor = ?", id));
  PARLEY_ASSIGN_OR_RETURN(
      out.sanctions_imposed_count,
      Count(db, "SELECT COUNT(*) FROM sanctions WHERE imposer_actor = ?", id));
  PARLEY_ASSIGN_OR_RETURN(
      out.sanctions_targeted_count,
      Count(db, "SELECT COUNT(*) FROM sanctions WHERE target_actor = ?", id));
  return out;
}

absl::StatusOr<StoredArticle> LoadArticle(Connection& db, int64_t id, bool with_text) {
  // List pages leave the text out: it is the bulk of the row.
  constexpr char kWithText[] =
      "SELECT content_sha256, size_bytes, title, source, url, external_id, published, "
      "ingest_time_us, call_count, quote_count, sanction_count, text FROM articles WHERE id = ?";
  constexpr char kWithoutText[] =
      "SELECT content_sha256, size_bytes, title, source, url, external_id, published, "
      "ingest_time_us, call_count, quote_count, sanction_count, '' FROM articles WHERE id = ?";
  PARLEY_ASSIGN_OR_RETURN(Statement * st,
                          FirstRow(db, with_text ? kWithText : kWithoutText, id, "article"));
  StoredArticle out;
  out.id = id;
  out.content_sha256 = st->Text(0);
  out.size_bytes = st->Int(1);
  out.title = st->Text(2);
  out.input.source = st->Text(3);
  out.input.url = st->Text(4);
  out.input.external_id = st->Text(5);
  out.input.published = st->Day(6);
  out.ingest_time = absl::FromUnixMicros(st->Int(7));
  out.call_count = static_cast<int>(st->Int(8));
  out.quote_count = static_cast<int>(st->Int(9));
  out.sanction_count = static_cast<int>(st->Int(10));
  out.input.text = st->Text(11);
  return out;
}

}  // namespace parley::store::sqlite
