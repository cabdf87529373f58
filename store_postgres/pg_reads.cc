#include "pg_reads.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "parley/common/status_macros.h"
#include "pg_params.h"
#include "pg_queries.h"
#include "store/enum_names.h"
#include "store/event_keys.h"
#include "store/filter_fingerprint.h"
#include "store/validate.h"

namespace parley::store::pg {
namespace {

constexpr int kMaxPageSize = 1000;

// PostgreSQL array literals, for `= ANY($1::bigint[])` lookups.
std::string IntArray(const std::vector<int64_t>& ids) {
  return absl::StrCat("{", absl::StrJoin(ids, ","), "}");
}

std::string TextArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

absl::StatusOr<int> CheckedPageSize(const PageRequest& page) {
  if (page.page_size < 1) return absl::InvalidArgumentError("page_size: must be positive");
  return std::min(page.page_size, kMaxPageSize);
}

// One keyset page of integer ids: `query` asks for one row more than the
// page, to know whether another follows.
struct IdPage {
  std::vector<int64_t> ids;
  std::string next_token;
};

IdPage PageIds(pqxx::transaction_base& txn, const PageTokenCodec& tokens,
               absl::string_view fingerprint, const IdQuery& query, int page_size) {
  IdPage out;
  for (const auto& row : RunIdQuery(txn, query)) out.ids.push_back(row[0].as<int64_t>());
  if (static_cast<int>(out.ids.size()) > page_size) {
    out.ids.resize(page_size);
    out.next_token = tokens.Encode(PageCursor{out.ids.back(), {}}, fingerprint);
  }
  return out;
}

extract::Provenance ProvenanceAt(const pqxx::row& row, int col) {
  extract::Provenance p;
  p.begin = static_cast<size_t>(row[col].as<int64_t>());
  p.end = static_cast<size_t>(row[col + 1].as<int64_t>());
  p.evidence = row[col + 2].as<std::string>();
  return p;
}

// ref, name, kind, country, office starting at `col`.
extract::ActorRef ActorAt(const pqxx::row& row, int col) {
  extract::ActorRef a;
  a.actor_id = row[col].as<std::string>();
  a.name = row[col + 1].as<std::string>();
  a.kind = ActorKindFromName(row[col + 2].c_str());
  a.country = row[col + 3].as<std::string>();
  a.office = row[col + 4].as<std::string>();
  return a;
}

std::optional<absl::CivilDay> DayFromText(const pqxx::field& f) {
  if (f.is_null() || f.size() == 0) return std::nullopt;
  return DayFromField(f);
}

template <typename T>
absl::StatusOr<T> Single(std::vector<T> items, absl::string_view what, absl::string_view id) {
  if (items.empty()) return absl::NotFoundError(absl::StrCat(what, " ", id, " not found"));
  return std::move(items.front());
}

}  // namespace

// ---- Calls.

absl::StatusOr<Page<StoredCall>> Reader::ListCalls(const CallFilter& f, const PageRequest& page) {
  PARLEY_RETURN_IF_ERROR(ValidateDates(f.dates, "date_range"));
  PARLEY_ASSIGN_OR_RETURN(int size, CheckedPageSize(page));
  const std::string fp = Fingerprint(f);
  PARLEY_ASSIGN_OR_RETURN(PageCursor cursor, tokens_.Decode(page.page_token, fp));
  PARLEY_ASSIGN_OR_RETURN(IdQuery query, CallsQuery(f, cursor, size + 1));
  IdPage ids = PageIds(txn_, tokens_, fp, query, size);
  return Page<StoredCall>{LoadCalls(ids.ids), ids.next_token};
}

absl::StatusOr<StoredCall> Reader::GetCall(int64_t id) {
  return Single(LoadCalls({id}), "call", absl::StrCat(id));
}

std::vector<StoredCall> Reader::LoadCalls(const std::vector<int64_t>& ids) {
  std::vector<StoredCall> out;
  if (ids.empty()) return out;
  const std::string arr = IntArray(ids);
  std::map<int64_t, size_t> at;
  for (const auto& row : txn_.exec_params(
           "SELECT id, date, medium FROM calls WHERE id = ANY($1::bigint[]) ORDER BY id", arr)) {
    StoredCall c;
    c.id = row[0].as<int64_t>();
    c.call.date = DayFromField(row[1]);
    c.call.medium = MediumFromName(row[2].c_str());
    at[c.id] = out.size();
    out.push_back(std::move(c));
  }
  for (const auto& row : txn_.exec_params(
           "SELECT call_id, ref, name, kind, country, office FROM call_participants"
           " WHERE call_id = ANY($1::bigint[]) ORDER BY call_id, position",
           arr)) {
    out[at[row[0].as<int64_t>()]].call.participants.push_back(ActorAt(row, 1));
  }
  for (const auto& row : txn_.exec_params(
           "SELECT call_id, topic FROM call_topics WHERE call_id = ANY($1::bigint[])"
           " ORDER BY call_id, position",
           arr)) {
    out[at[row[0].as<int64_t>()]].call.topics.push_back(row[1].as<std::string>());
  }
  for (const auto& row : txn_.exec_params(
           "SELECT call_id, article_id, span_begin, span_end, evidence FROM call_mentions"
           " WHERE call_id = ANY($1::bigint[]) ORDER BY call_id, id",
           arr)) {
    StoredCall& c = out[at[row[0].as<int64_t>()]];
    c.mentions.push_back({row[1].as<int64_t>(), ProvenanceAt(row, 2)});
    if (c.mentions.size() == 1) c.call.provenance = c.mentions.front().provenance;
  }
  return out;
}

// ---- Quotes.

absl::StatusOr<Page<StoredQuote>> Reader::ListQuotes(const QuoteFilter& f,
                                                     const PageRequest& page) {
  PARLEY_RETURN_IF_ERROR(ValidateDates(f.dates, "date_range"));
  PARLEY_ASSIGN_OR_RETURN(int size, CheckedPageSize(page));
  const std::string fp = Fingerprint(f);
  PARLEY_ASSIGN_OR_RETURN(PageCursor cursor, tokens_.Decode(page.page_token, fp));
  PARLEY_ASSIGN_OR_RETURN(IdQuery query, QuotesQuery(f, cursor, size + 1));
  IdPage ids = PageIds(txn_, tokens_, fp, query, size);
  return Page<StoredQuote>{LoadQuotes(ids.ids), ids.next_token};
}

absl::StatusOr<StoredQuote> Reader::GetQuote(int64_t id) {
  return Single(LoadQuotes({id}), "quote", absl::StrCat(id));
}

std::vector<StoredQuote> Reader::LoadQuotes(const std::vector<int64_t>& ids) {
  std::vector<StoredQuote> out;
  if (ids.empty()) return out;
  for (const auto& row : txn_.exec_params(
           "SELECT id, article_id, date, speaker_ref, speaker_name, speaker_kind, speaker_country,"
           " speaker_office, text, direct, span_begin, span_end, evidence FROM quotes"
           " WHERE id = ANY($1::bigint[]) ORDER BY id",
           IntArray(ids))) {
    StoredQuote q;
    q.id = row[0].as<int64_t>();
    q.article_id = row[1].as<int64_t>();
    q.date = DayFromField(row[2]);
    q.quote.speaker = ActorAt(row, 3);
    q.quote.text = row[8].as<std::string>();
    q.quote.direct = row[9].as<bool>();
    q.quote.provenance = ProvenanceAt(row, 10);
    out.push_back(std::move(q));
  }
  return out;
}

// ---- Sanctions.

absl::StatusOr<Page<StoredSanction>> Reader::ListSanctions(const SanctionFilter& f,
                                                           const PageRequest& page) {
  PARLEY_RETURN_IF_ERROR(ValidateDates(f.dates, "date_range"));
  PARLEY_ASSIGN_OR_RETURN(int size, CheckedPageSize(page));
  const std::string fp = Fingerprint(f);
  PARLEY_ASSIGN_OR_RETURN(PageCursor cursor, tokens_.Decode(page.page_token, fp));
  PARLEY_ASSIGN_OR_RETURN(IdQuery query, SanctionsQuery(f, cursor, size + 1));
  IdPage ids = PageIds(txn_, tokens_, fp, query, size);
  return Page<StoredSanction>{LoadSanctions(ids.ids), ids.next_token};
}

absl::StatusOr<StoredSanction> Reader::GetSanction(int64_t id) {
  return Single(LoadSanctions({id}), "sanction", absl::StrCat(id));
}

std::vector<StoredSanction> Reader::LoadSanctions(const std::vector<int64_t>& ids) {
  std::vector<StoredSanction> out;
  if (ids.empty()) return out;
  const std::string arr = IntArray(ids);
  std::map<int64_t, size_t> at;
  for (const auto& row : txn_.exec_params(
           "SELECT id, article_id, date, imposer_ref, imposer_name, imposer_kind, imposer_country,"
           " imposer_office, target_ref, target_name, target_kind, target_country, target_office,"
           " measure, status, span_begin, span_end, evidence FROM sanctions"
           " WHERE id = ANY($1::bigint[]) ORDER BY id",
           arr)) {
    StoredSanction s;
    s.id = row[0].as<int64_t>();
    s.article_id = row[1].as<int64_t>();
    s.date = DayFromField(row[2]);
    s.sanction.imposer = ActorAt(row, 3);
    s.sanction.target = ActorAt(row, 8);
    s.sanction.measure = MeasureFromName(row[13].c_str());
    s.sanction.status = StatusFromName(row[14].c_str());
    s.sanction.provenance = ProvenanceAt(row, 15);
    at[s.id] = out.size();
    out.push_back(std::move(s));
  }
  for (const auto& row : txn_.exec_params(
           "SELECT sanction_id, item FROM sanction_items WHERE sanction_id = ANY($1::bigint[])"
           " ORDER BY sanction_id, position",
           arr)) {
    out[at[row[0].as<int64_t>()]].sanction.items.push_back(row[1].as<std::string>());
  }
  return out;
}

// ---- Actors.

absl::StatusOr<Page<StoredActor>> Reader::ListActors(const ActorFilter& f,
                                                     const PageRequest& page) {
  PARLEY_ASSIGN_OR_RETURN(int size, CheckedPageSize(page));
  const std::string fp = Fingerprint(f);
  PARLEY_ASSIGN_OR_RETURN(PageCursor cursor, tokens_.Decode(page.page_token, fp));
  PARLEY_ASSIGN_OR_RETURN(IdQuery query, ActorsQuery(f, cursor, size + 1));
  std::vector<std::string> ids;
  for (const auto& row : query.params.Exec(txn_, query.sql)) {
    ids.push_back(row[0].as<std::string>());
  }
  Page<StoredActor> out;
  if (static_cast<int>(ids.size()) > size) {
    ids.resize(size);
    out.next_page_token = tokens_.Encode(PageCursor{0, ids.back()}, fp);
  }
  out.items = LoadActors(ids);
  return out;
}

absl::StatusOr<StoredActor> Reader::GetActor(absl::string_view id) {
  return Single(LoadActors({std::string(id)}), "actor", id);
}

std::vector<StoredActor> Reader::LoadActors(const std::vector<std::string>& ids) {
  std::vector<StoredActor> out;
  if (ids.empty()) return out;
  const std::string arr = TextArray(ids);
  std::map<std::string, size_t> at;
  for (const auto& row : txn_.exec_params(
           "SELECT a.id, a.name, a.kind, a.country,"
           " (SELECT count(DISTINCT call_id) FROM call_participants WHERE actor = a.id),"
           " (SELECT count(*) FROM quotes WHERE speaker_actor = a.id),"
           " (SELECT count(*) FROM sanctions WHERE imposer_actor = a.id),"
           " (SELECT count(*) FROM sanctions WHERE target_actor = a.id)"
           " FROM actors a WHERE a.id = ANY($1::text[]) ORDER BY a.id",
           arr)) {
    StoredActor a;
    a.id = row[0].as<std::string>();
    a.name = row[1].as<std::string>();
    a.kind = ActorKindFromName(row[2].c_str());
    a.country = row[3].as<std::string>();
    a.call_count = row[4].as<int64_t>();
    a.quote_count = row[5].as<int64_t>();
    a.sanctions_imposed_count = row[6].as<int64_t>();
    a.sanctions_targeted_count = row[7].as<int64_t>();
    at[a.id] = out.size();
    out.push_back(std::move(a));
  }
  for (const auto& row : txn_.exec_params(
           "SELECT actor_id, alias FROM actor_aliases WHERE actor_id = ANY($1::text[])"
           " ORDER BY actor_id, alias_lc",
           arr)) {
    StoredActor& a = out[at[row[0].as<std::string>()]];
    std::string alias = row[1].as<std::string>();
    if (alias != a.name) a.aliases.push_back(std::move(alias));
  }
  for (const auto& row : txn_.exec_params(
           "SELECT actor_id, office, country, start_date, end_date FROM actor_offices"
           " WHERE actor_id = ANY($1::text[]) ORDER BY actor_id, start_date DESC, office COLLATE \"C\"",
           arr)) {
    OfficeTerm t;
    t.office = row[1].as<std::string>();
    t.country = row[2].as<std::string>();
    t.start = DayFromText(row[3]);
    t.end = DayFromText(row[4]);
    out[at[row[0].as<std::string>()]].offices.push_back(std::move(t));
  }
  return out;
}

// ---- Articles.

absl::StatusOr<Page<StoredArticle>> Reader::ListArticles(const ArticleFilter& f,
                                                         const PageRequest& page) {
  PARLEY_RETURN_IF_ERROR(ValidateDates(f.dates, "date_range"));
  PARLEY_ASSIGN_OR_RETURN(int size, CheckedPageSize(page));
  const std::string fp = Fingerprint(f);
  PARLEY_ASSIGN_OR_RETURN(PageCursor cursor, tokens_.Decode(page.page_token, fp));
  PARLEY_ASSIGN_OR_RETURN(IdQuery query, ArticlesQuery(f, cursor, size + 1));
  IdPage ids = PageIds(txn_, tokens_, fp, query, size);
  return Page<StoredArticle>{LoadArticles(ids.ids, /*with_text=*/false), ids.next_token};
}

absl::StatusOr<StoredArticle> Reader::GetArticle(int64_t id) {
  return Single(LoadArticles({id}, /*with_text=*/true), "article", absl::StrCat(id));
}

std::vector<StoredArticle> Reader::LoadArticles(const std::vector<int64_t>& ids, bool with_text) {
  std::vector<StoredArticle> out;
  if (ids.empty()) return out;
  std::string sql = absl::StrCat(
      "SELECT id, content_sha256, title, size_bytes, source, url, external_id, published,"
      " (extract(epoch FROM ingest_time) * 1000000)::bigint, call_count, quote_count,"
      " sanction_count, ",
      with_text ? "text" : "''", " FROM articles WHERE id = ANY($1::bigint[]) ORDER BY id");
  for (const auto& row : txn_.exec_params(sql, IntArray(ids))) {
    StoredArticle a;
    a.id = row[0].as<int64_t>();
    a.content_sha256 = row[1].as<std::string>();
    a.title = row[2].as<std::string>();
    a.size_bytes = row[3].as<int64_t>();
    a.input.source = row[4].as<std::string>();
    a.input.url = row[5].as<std::string>();
    a.input.external_id = row[6].as<std::string>();
    a.input.published = DayFromField(row[7]);
    a.ingest_time = absl::FromUnixMicros(row[8].as<int64_t>());
    a.call_count = row[9].as<int>();
    a.quote_count = row[10].as<int>();
    a.sanction_count = row[11].as<int>();
    a.input.text = row[12].as<std::string>();
    out.push_back(std::move(a));
  }
  return out;
}

// ---- The live stream.

absl::StatusOr<std::vector<SequencedEvent>> Reader::EventsAfter(int64_t after_sequence,
                                                                int limit) {
  if (after_sequence < 0) return absl::InvalidArgumentError("after_sequence: negative");
  if (limit <= 0) return absl::InvalidArgumentError("limit: must be positive");
  std::vector<SequencedEvent> out;
  for (const auto& row : txn_.exec_params(
           "SELECT sequence, type, event_id FROM events WHERE sequence > $1"
           " ORDER BY sequence LIMIT $2",
           after_sequence, limit)) {
    out.push_back({row[0].as<int64_t>(), EventTypeFromName(row[1].c_str()), row[2].as<int64_t>()});
  }
  return out;
}

absl::StatusOr<int64_t> Reader::LastSequence() {
  return txn_.exec1("SELECT coalesce(max(sequence), 0) FROM events")[0].as<int64_t>();
}

}  // namespace parley::store::pg
