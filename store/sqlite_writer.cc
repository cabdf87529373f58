#include "store/sqlite_writer.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "parley/common/status_macros.h"
#include "store/enum_names.h"
#include "store/event_keys.h"
#include "store/fold_case.h"

namespace parley::store::sqlite {
namespace {

// Past this many actors the cache starts over rather than grow without
// bound (each entry is ~100 bytes).
constexpr size_t kMaxNotedActors = 1 << 17;

absl::StatusOr<bool> FindDuplicate(Connection& db, const std::string& sha, IngestResult* out) {
  PARLEY_ASSIGN_OR_RETURN(Statement * st,
                          db.Cached("SELECT id FROM articles WHERE content_sha256 = ?"));
  st->Bind(sha);
  PARLEY_ASSIGN_OR_RETURN(bool found, st->Step());
  if (!found) return false;
  out->article_id = st->Int(0);
  out->duplicate = true;
  struct {
    const char* sql;
    std::vector<int64_t>* ids;
  } lists[] = {
      {"SELECT call_id FROM call_mentions WHERE article_id = ? ORDER BY id", &out->call_ids},
      {"SELECT id FROM quotes WHERE article_id = ? ORDER BY id", &out->quote_ids},
      {"SELECT id FROM sanctions WHERE article_id = ? ORDER BY id", &out->sanction_ids},
  };
  for (auto& list : lists) {
    PARLEY_ASSIGN_OR_RETURN(Statement * q, db.Cached(list.sql));
    q->Bind(out->article_id);
    for (;;) {
      PARLEY_ASSIGN_OR_RETURN(bool row, q->Step());
      if (!row) break;
      list.ids->push_back(q->Int(0));
    }
  }
  return true;
}

absl::Status AddAlias(Connection& db, const std::string& actor_id, const std::string& alias) {
  PARLEY_ASSIGN_OR_RETURN(
      Statement * st,
      db.Cached("INSERT OR IGNORE INTO actor_aliases(alias_lc, actor_id, alias) VALUES (?, ?, ?)"));
  st->Bind(FoldCase(alias)).Bind(actor_id).Bind(alias);
  return st->Run();
}

// Everything NoteActor() writes depends on: the same key means the same rows.
std::string NotedKey(const std::string& key, const extract::ActorRef& ref) {
  return absl::StrCat(key, "\x1f", ActorRowName(ref), "\x1f", NameOf(ref.kind), "\x1f",
                      ref.country, "\x1f", ref.office);
}

absl::Status WriteActorRows(Connection& db, const std::string& key,
                            const extract::ActorRef& ref) {
  PARLEY_ASSIGN_OR_RETURN(Statement * st, db.Cached(R"sql(
      INSERT INTO actors(id, name, name_lc, kind, country, country_lc) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET
        kind = CASE WHEN kind = 'unknown' THEN excluded.kind ELSE kind END,
        country = CASE WHEN country = '' THEN excluded.country ELSE country END,
        country_lc = CASE WHEN country = '' THEN excluded.country_lc ELSE country_lc END)sql"));
  const std::string& name = ActorRowName(ref);
  st->Bind(key).Bind(name).Bind(FoldCase(name)).Bind(NameOf(ref.kind)).Bind(ref.country)
      .Bind(FoldCase(ref.country));
  PARLEY_RETURN_IF_ERROR(st->Run());
  PARLEY_RETURN_IF_ERROR(AddAlias(db, key, name));
  if (ref.office.empty()) return absl::OkStatus();
  PARLEY_ASSIGN_OR_RETURN(Statement * office, db.Cached(R"sql(
      INSERT INTO actor_offices(actor_id, office, office_lc, country)
      SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (
        SELECT 1 FROM actor_offices WHERE actor_id = ?1 AND office_lc = ?3 AND country = ?4))sql"));
  office->Bind(key).Bind(ref.office).Bind(FoldCase(ref.office)).Bind(ref.country);
  return office->Run();
}

// Records an actor the first time an event names it, and fills in a kind or
// country learnt later; knowledge-base rows (UpsertActor) are not overridden.
// Writing the same ref again changes nothing, so `noted` may skip it.
absl::Status NoteActor(Connection& db, NotedActors* noted, const std::string& key,
                       const extract::ActorRef& ref) {
  if (noted == nullptr) return WriteActorRows(db, key, ref);
  std::string noted_key = NotedKey(key, ref);
  if (noted->Contains(noted_key)) return absl::OkStatus();
  PARLEY_RETURN_IF_ERROR(WriteActorRows(db, key, ref));
  noted->Add(std::move(noted_key));
  return absl::OkStatus();
}

// Binds the five snapshot columns of an ActorRef (ref, name, kind, country,
// office).
void BindRef(Statement* st, const extract::ActorRef& ref) {
  st->Bind(ref.actor_id).Bind(ref.name).Bind(NameOf(ref.kind)).Bind(ref.country).Bind(ref.office);
}

// An article's quotes (and its event rows) go in multi-row INSERTs of up to
// this many rows (a few cached statement shapes): fewer statements to step.
// Such a statement needs a statement journal, which costs nothing more as
// long as quotes_fts is untouched until the end of the transaction
// (PendingQuoteText).
constexpr size_t kRowsPerInsert = 16;

// "`head` VALUES `row`, `row`, ..." with `rows` rows.
std::string MultiRowInsert(absl::string_view head, absl::string_view row, size_t rows) {
  std::string sql = absl::StrCat(head, " VALUES ", row);
  for (size_t i = 1; i < rows; ++i) absl::StrAppend(&sql, ", ", row);
  return sql;
}

// The article's new event rows, in the order the events were stored; they
// get their sequence numbers at the end, in that order.
using EventRows = std::vector<std::pair<absl::string_view, int64_t>>;

absl::Status AppendEvents(Connection& db, const EventRows& events) {
  for (size_t begin = 0; begin < events.size(); begin += kRowsPerInsert) {
    const size_t n = std::min(kRowsPerInsert, events.size() - begin);
    PARLEY_ASSIGN_OR_RETURN(
        Statement * st,
        db.Cached(MultiRowInsert("INSERT INTO events(type, event_id)", "(?, ?)", n)));
    for (size_t i = begin; i < begin + n; ++i) st->Bind(events[i].first).Bind(events[i].second);
    PARLEY_RETURN_IF_ERROR(st->Run());
  }
  return absl::OkStatus();
}

// The call's topics in `topics` order after those it already has (a merged
// call), each once. Plain single-row INSERTs: an INSERT ... SELECT needs a
// statement journal.
absl::Status AddTopics(Connection& db, int64_t call_id, bool new_call,
                       const std::vector<std::string>& topics) {
  if (topics.empty()) return absl::OkStatus();
  absl::flat_hash_set<std::string> seen;
  int64_t position = 0;
  if (!new_call) {
    PARLEY_ASSIGN_OR_RETURN(Statement * old, db.Cached(
        "SELECT topic_lc, position FROM call_topics WHERE call_id = ?"));
    old->Bind(call_id);
    for (;;) {
      PARLEY_ASSIGN_OR_RETURN(bool row, old->Step());
      if (!row) break;
      seen.insert(old->Text(0));
      position = std::max(position, old->Int(1) + 1);
    }
  }
  PARLEY_ASSIGN_OR_RETURN(Statement * st, db.Cached(
      "INSERT OR IGNORE INTO call_topics(call_id, topic_lc, topic, position) VALUES (?, ?, ?, ?)"));
  for (const std::string& topic : topics) {
    std::string folded = FoldCase(topic);
    if (!seen.insert(folded).second) continue;
    st->Reset();
    st->Bind(call_id).Bind(folded).Bind(topic).Bind(position++);
    PARLEY_RETURN_IF_ERROR(st->Run());
  }
  return absl::OkStatus();
}

absl::Status AddParticipants(Connection& db, NotedActors* noted, int64_t call_id,
                             const extract::Call& call) {
  PARLEY_ASSIGN_OR_RETURN(Statement * st, db.Cached(R"sql(
      INSERT INTO call_participants(call_id, position, actor, ref, name, kind, country, office,
                                    country_lc, date)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql"));
  for (size_t i = 0; i < call.participants.size(); ++i) {
    const extract::ActorRef& p = call.participants[i];
    std::string key = ActorKey(p);
    PARLEY_RETURN_IF_ERROR(NoteActor(db, noted, key, p));
    st->Reset();
    st->Bind(call_id).Bind(static_cast<int64_t>(i)).Bind(key);
    BindRef(st, p);
    // The call's date, copied: it is set here, when the call is inserted,
    // and never updated (a merging report leaves it as it is).
    st->Bind(FoldCase(p.country)).Bind(call.date);
    PARLEY_RETURN_IF_ERROR(st->Run());
  }
  return absl::OkStatus();
}

// Returns the call's id: a new call (with an event row) or the existing one
// this report merges into.
absl::StatusOr<int64_t> WriteCall(Connection& db, NotedActors* noted, EventRows* events,
                                  int64_t article_id, const extract::Call& call) {
  PARLEY_ASSIGN_OR_RETURN(Statement * insert, db.Cached(
      "INSERT INTO calls(dedup_key, date, medium) VALUES (?, ?, ?) "
      "ON CONFLICT(dedup_key) DO NOTHING RETURNING id"));
  std::string key = CallKey(call);
  insert->Bind(key).Bind(call.date).Bind(NameOf(call.medium));
  PARLEY_ASSIGN_OR_RETURN(bool inserted, insert->Step());
  int64_t call_id = 0;
  if (inserted) {
    call_id = insert->Int(0);
    PARLEY_RETURN_IF_ERROR(insert->Run());
    PARLEY_RETURN_IF_ERROR(AddParticipants(db, noted, call_id, call));
    events->emplace_back(EventTypeName(SequencedEvent::Type::kCall), call_id);
  } else {
    PARLEY_ASSIGN_OR_RETURN(Statement * find,
                            db.Cached("SELECT id FROM calls WHERE dedup_key = ?"));
    find->Bind(key);
    PARLEY_ASSIGN_OR_RETURN(bool found, find->Step());
    if (!found) return absl::InternalError("call vanished during merge");
    call_id = find->Int(0);
  }
  PARLEY_RETURN_IF_ERROR(AddTopics(db, call_id, inserted, call.topics));
  PARLEY_ASSIGN_OR_RETURN(Statement * mention, db.Cached(
      "INSERT INTO call_mentions(call_id, article_id, span_begin, span_end, evidence) "
      "VALUES (?, ?, ?, ?, ?)"));
  mention->Bind(call_id).Bind(article_id).Bind(static_cast<int64_t>(call.provenance.begin))
      .Bind(static_cast<int64_t>(call.provenance.end)).Bind(call.provenance.evidence);
  PARLEY_RETURN_IF_ERROR(mention->Run());
  return call_id;
}

// Quote ids are given here, not by SQLite, so that one statement can insert
// several quotes and still tell each its id (the writer holds the write
// lock: nobody else takes the next ids).
absl::StatusOr<int64_t> NextQuoteId(Connection& db) {
  PARLEY_ASSIGN_OR_RETURN(Statement * st, db.Cached("SELECT COALESCE(MAX(id), 0) + 1 FROM quotes"));
  PARLEY_ASSIGN_OR_RETURN(bool row, st->Step());
  if (!row) return absl::InternalError("no next quote id");
  const int64_t id = st->Int(0);
  st->Reset();
  return id;
}

absl::Status WriteQuotes(Connection& db, NotedActors* noted, PendingQuoteText* fts,
                         EventRows* events, int64_t article_id,
                         std::optional<absl::CivilDay> date,
                         const std::vector<extract::Quote>& quotes, std::vector<int64_t>* ids) {
  if (quotes.empty()) return absl::OkStatus();
  std::vector<std::string> keys;
  keys.reserve(quotes.size());
  for (const extract::Quote& q : quotes) {
    keys.push_back(ActorKey(q.speaker));
    PARLEY_RETURN_IF_ERROR(NoteActor(db, noted, keys.back(), q.speaker));
  }
  PARLEY_ASSIGN_OR_RETURN(const int64_t first_id, NextQuoteId(db));
  for (size_t begin = 0; begin < quotes.size(); begin += kRowsPerInsert) {
    const size_t n = std::min(kRowsPerInsert, quotes.size() - begin);
    PARLEY_ASSIGN_OR_RETURN(Statement * st, db.Cached(MultiRowInsert(
        "INSERT INTO quotes(id, article_id, date, speaker_actor, speaker_ref, speaker_name, "
        "speaker_kind, speaker_country, speaker_office, speaker_country_lc, text, direct, "
        "span_begin, span_end, evidence)",
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", n)));
    for (size_t i = begin; i < begin + n; ++i) {
      const extract::Quote& q = quotes[i];
      st->Bind(first_id + static_cast<int64_t>(i)).Bind(article_id).Bind(date).Bind(keys[i]);
      BindRef(st, q.speaker);
      st->Bind(FoldCase(q.speaker.country)).Bind(q.text).Bind(q.direct ? 1 : 0)
          .Bind(static_cast<int64_t>(q.provenance.begin))
          .Bind(static_cast<int64_t>(q.provenance.end)).Bind(q.provenance.evidence);
    }
    PARLEY_RETURN_IF_ERROR(st->Run());
  }
  for (size_t i = 0; i < quotes.size(); ++i) {
    ids->push_back(first_id + static_cast<int64_t>(i));
    events->emplace_back(EventTypeName(SequencedEvent::Type::kQuote), ids->back());
    fts->Add(ids->back(), quotes[i].text);
  }
  return absl::OkStatus();
}

// Binds an optional actor link: NULL for an empty ref.
absl::Status BindActor(Connection& db, NotedActors* noted, Statement* st,
                       const extract::ActorRef& ref) {
  std::string key = ActorKey(ref);
  if (key.empty()) {
    st->BindNull();
    return absl::OkStatus();
  }
  st->Bind(key);
  return NoteActor(db, noted, key, ref);
}

absl::StatusOr<int64_t> WriteSanction(Connection& db, NotedActors* noted, EventRows* events,
                                      int64_t article_id,
                                      std::optional<absl::CivilDay> date,
                                      const extract::Sanction& s) {
  PARLEY_ASSIGN_OR_RETURN(Statement * st, db.Cached(R"sql(
      INSERT INTO sanctions(article_id, date,
                            imposer_actor, imposer_ref, imposer_name, imposer_kind,
                            imposer_country, imposer_office,
                            target_actor, target_ref, target_name, target_kind,
                            target_country, target_office,
                            measure, status, span_begin, span_end, evidence)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql"));
  st->Bind(article_id).Bind(date);
  PARLEY_RETURN_IF_ERROR(BindActor(db, noted, st, s.imposer));
  BindRef(st, s.imposer);
  PARLEY_RETURN_IF_ERROR(BindActor(db, noted, st, s.target));
  BindRef(st, s.target);
  st->Bind(NameOf(s.measure)).Bind(NameOf(s.status))
      .Bind(static_cast<int64_t>(s.provenance.begin))
      .Bind(static_cast<int64_t>(s.provenance.end)).Bind(s.provenance.evidence);
  PARLEY_RETURN_IF_ERROR(st->Run());
  int64_t id = db.last_insert_rowid();
  PARLEY_ASSIGN_OR_RETURN(Statement * item, db.Cached(
      "INSERT INTO sanction_items(sanction_id, position, item, item_lc) VALUES (?, ?, ?, ?)"));
  for (size_t i = 0; i < s.items.size(); ++i) {
    item->Reset();
    item->Bind(id).Bind(static_cast<int64_t>(i)).Bind(s.items[i]).Bind(FoldCase(s.items[i]));
    PARLEY_RETURN_IF_ERROR(item->Run());
  }
  events->emplace_back(EventTypeName(SequencedEvent::Type::kSanction), id);
  return id;
}

absl::StatusOr<int64_t> InsertArticle(Connection& db, const ArticleInput& a,
                                      const extract::Extraction& events, const std::string& sha,
                                      std::optional<absl::CivilDay> published) {
  PARLEY_ASSIGN_OR_RETURN(Statement * st, db.Cached(R"sql(
      INSERT INTO articles(content_sha256, text, title, size_bytes, source, source_lc, url,
                           external_id, published, ingest_time_us, call_count, quote_count,
                           sanction_count)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql"));
  const std::string& source = EffectiveSource(a, events);
  st->Bind(sha).Bind(a.text).Bind(ArticleTitle(a.text)).Bind(static_cast<int64_t>(a.text.size()))
      .Bind(source).Bind(FoldCase(source)).Bind(a.url).Bind(a.external_id).Bind(published)
      .Bind(absl::ToUnixMicros(absl::Now()))
      .Bind(static_cast<int64_t>(events.calls.size()))
      .Bind(static_cast<int64_t>(events.quotes.size()))
      .Bind(static_cast<int64_t>(events.sanctions.size()));
  PARLEY_RETURN_IF_ERROR(st->Run());
  return db.last_insert_rowid();
}

}  // namespace

bool NotedActors::Contains(absl::string_view key) const {
  return committed_.contains(key) || pending_set_.contains(key);
}

void NotedActors::Add(std::string key) {
  if (pending_set_.insert(key).second) pending_.push_back(std::move(key));
}

void NotedActors::Undo(size_t mark) {
  while (pending_.size() > mark) {
    pending_set_.erase(pending_.back());
    pending_.pop_back();
  }
}

void NotedActors::Commit() {
  if (committed_.size() + pending_.size() > kMaxNotedActors) committed_.clear();
  for (std::string& key : pending_) committed_.insert(std::move(key));
  pending_.clear();
  pending_set_.clear();
}

void NotedActors::Clear() {
  committed_.clear();
  pending_set_.clear();
  pending_.clear();
}

void PendingQuoteText::Add(int64_t quote_id, std::string text) {
  rows_.emplace_back(quote_id, std::move(text));
}

void PendingQuoteText::Undo(size_t mark) {
  if (rows_.size() > mark) rows_.resize(mark);
}

absl::Status PendingQuoteText::Flush(Connection& db) {
  std::vector<std::pair<int64_t, std::string>> rows = std::move(rows_);
  rows_.clear();
  if (rows.empty()) return absl::OkStatus();
  PARLEY_ASSIGN_OR_RETURN(Statement * st,
                          db.Cached("INSERT INTO quotes_fts(rowid, text) VALUES (?, ?)"));
  for (const auto& [id, text] : rows) {
    st->Reset();
    st->Bind(id).Bind(text);
    PARLEY_RETURN_IF_ERROR(st->Run());
  }
  return absl::OkStatus();
}

absl::Status WriteArticle(Connection& db, const ArticleInput& article,
                          const extract::Extraction& events, const std::string& content_sha256,
                          IngestResult* out, NotedActors* noted, PendingQuoteText* fts) {
  *out = IngestResult{};
  PendingQuoteText own_fts;
  PendingQuoteText* fts_rows = fts != nullptr ? fts : &own_fts;
  PARLEY_ASSIGN_OR_RETURN(bool duplicate, FindDuplicate(db, content_sha256, out));
  if (duplicate) return absl::OkStatus();
  std::optional<absl::CivilDay> published = EffectivePublished(article, events);
  PARLEY_ASSIGN_OR_RETURN(out->article_id,
                          InsertArticle(db, article, events, content_sha256, published));
  EventRows new_events;
  for (const extract::Call& call : events.calls) {
    PARLEY_ASSIGN_OR_RETURN(int64_t id, WriteCall(db, noted, &new_events, out->article_id, call));
    out->call_ids.push_back(id);
  }
  PARLEY_RETURN_IF_ERROR(WriteQuotes(db, noted, fts_rows, &new_events, out->article_id,
                                     published, events.quotes, &out->quote_ids));
  for (const extract::Sanction& sanction : events.sanctions) {
    PARLEY_ASSIGN_OR_RETURN(int64_t id,
                            WriteSanction(db, noted, &new_events, out->article_id, published,
                                          sanction));
    out->sanction_ids.push_back(id);
  }
  PARLEY_RETURN_IF_ERROR(AppendEvents(db, new_events));
  return fts == nullptr ? own_fts.Flush(db) : absl::OkStatus();
}

absl::Status UpsertActor(Connection& db, const StoredActor& actor) {
  if (actor.id.empty() || actor.name.empty()) {
    return absl::InvalidArgumentError("actor: id and name are required");
  }
  PARLEY_ASSIGN_OR_RETURN(Statement * st, db.Cached(R"sql(
      INSERT INTO actors(id, name, name_lc, kind, country, country_lc) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET name = excluded.name, name_lc = excluded.name_lc,
        kind = excluded.kind, country = excluded.country, country_lc = excluded.country_lc)sql"));
  st->Bind(actor.id).Bind(actor.name).Bind(FoldCase(actor.name)).Bind(NameOf(actor.kind))
      .Bind(actor.country).Bind(FoldCase(actor.country));
  PARLEY_RETURN_IF_ERROR(st->Run());
  PARLEY_RETURN_IF_ERROR(AddAlias(db, actor.id, actor.name));
  for (const std::string& alias : actor.aliases) {
    PARLEY_RETURN_IF_ERROR(AddAlias(db, actor.id, alias));
  }
  PARLEY_ASSIGN_OR_RETURN(Statement * clear,
                          db.Cached("DELETE FROM actor_offices WHERE actor_id = ?"));
  clear->Bind(actor.id);
  PARLEY_RETURN_IF_ERROR(clear->Run());
  PARLEY_ASSIGN_OR_RETURN(Statement * office, db.Cached(R"sql(
      INSERT OR REPLACE INTO actor_offices(actor_id, office, office_lc, country, start_date,
                                           end_date)
      VALUES (?, ?, ?, ?, ?, ?))sql"));
  for (const OfficeTerm& term : actor.offices) {
    office->Reset();
    office->Bind(actor.id).Bind(term.office).Bind(FoldCase(term.office)).Bind(term.country)
        .Bind(term.start ? DayToText(*term.start) : "").Bind(term.end);
    PARLEY_RETURN_IF_ERROR(office->Run());
  }
  return absl::OkStatus();
}

}  // namespace parley::store::sqlite
