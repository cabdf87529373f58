#include "pg_ingest.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "parley/common/status_macros.h"
#include "pg_params.h"
#include "store/enum_names.h"
#include "store/event_keys.h"
#include "store/fold_case.h"
#include "store/text_hash.h"

namespace parley::store::pg {
namespace {

using extract::ActorRef;

// ---- Input PostgreSQL cannot hold.

bool HasNul(absl::string_view s) { return s.find('\0') != absl::string_view::npos; }

absl::Status CheckNoNul(absl::string_view value, absl::string_view field) {
  if (!HasNul(value)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": contains a NUL byte, which PostgreSQL text cannot store"));
}

absl::Status CheckRef(const ActorRef& r, absl::string_view field) {
  for (absl::string_view v : {absl::string_view(r.actor_id), absl::string_view(r.name),
                             absl::string_view(r.country), absl::string_view(r.office)}) {
    PARLEY_RETURN_IF_ERROR(CheckNoNul(v, field));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckStorable(const ArticleInput& a, const extract::Extraction& e) {
  PARLEY_RETURN_IF_ERROR(CheckNoNul(a.text, "article.text"));
  PARLEY_RETURN_IF_ERROR(CheckNoNul(a.source, "article.source"));
  PARLEY_RETURN_IF_ERROR(CheckNoNul(a.url, "article.url"));
  PARLEY_RETURN_IF_ERROR(CheckNoNul(a.external_id, "article.external_id"));
  for (size_t i = 0; i < e.calls.size(); ++i) {
    for (const ActorRef& p : e.calls[i].participants) {
      PARLEY_RETURN_IF_ERROR(CheckRef(p, absl::StrCat("calls[", i, "].participants")));
    }
    for (const std::string& t : e.calls[i].topics) {
      PARLEY_RETURN_IF_ERROR(CheckNoNul(t, absl::StrCat("calls[", i, "].topics")));
    }
  }
  for (size_t i = 0; i < e.quotes.size(); ++i) {
    PARLEY_RETURN_IF_ERROR(CheckRef(e.quotes[i].speaker, absl::StrCat("quotes[", i, "].speaker")));
    PARLEY_RETURN_IF_ERROR(CheckNoNul(e.quotes[i].text, absl::StrCat("quotes[", i, "].text")));
  }
  for (size_t i = 0; i < e.sanctions.size(); ++i) {
    const extract::Sanction& s = e.sanctions[i];
    PARLEY_RETURN_IF_ERROR(CheckRef(s.imposer, absl::StrCat("sanctions[", i, "].imposer")));
    PARLEY_RETURN_IF_ERROR(CheckRef(s.target, absl::StrCat("sanctions[", i, "].target")));
    for (const std::string& item : s.items) {
      PARLEY_RETURN_IF_ERROR(CheckNoNul(item, absl::StrCat("sanctions[", i, "].items")));
    }
  }
  return absl::OkStatus();
}

namespace {

// ---- Writing.

// One article's writes; the evidence strings come from the article text, so
// checking the text covers them.
class ArticleWriter {
 public:
  ArticleWriter(pqxx::transaction_base& txn, const ArticleInput& article,
                const extract::Extraction& events, std::vector<NewEvent>* new_events)
      : txn_(txn),
        article_(article),
        published_(EffectivePublished(article, events)),
        source_(EffectiveSource(article, events)),
        new_events_(new_events) {}

  // The article row; nullopt when the text is already stored.
  std::optional<int64_t> InsertArticle(const std::string& sha, const extract::Extraction& e) {
    Params p;
    std::string sql = absl::StrCat(
        "INSERT INTO articles (content_sha256, text, title, size_bytes, source, source_lc, url,"
        " external_id, published, ingest_time, call_count, quote_count, sanction_count) VALUES (",
        p.Add(sha), ", ", p.Add(article_.text), ", ", p.Add(ArticleTitle(article_.text)), ", ",
        p.Add(static_cast<int64_t>(article_.text.size())), ", ", p.Add(source_), ", ",
        p.Add(FoldCase(source_)), ", ", p.Add(article_.url), ", ",
        p.Add(article_.external_id), ", ", p.Add(published_), ", clock_timestamp(), ",
        p.Add(static_cast<int64_t>(e.calls.size())), ", ",
        p.Add(static_cast<int64_t>(e.quotes.size())), ", ",
        p.Add(static_cast<int64_t>(e.sanctions.size())),
        ") ON CONFLICT (content_sha256) DO NOTHING RETURNING id");
    pqxx::result r = p.Exec(txn_, sql);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<int64_t>();
  }

  // The actors row (and alias, office) for `ref`, as the SQLite store's
  // NoteActor; nullopt for an actor with neither id nor name (an unnamed
  // sanction imposer).
  std::optional<std::string> NoteActor(const ActorRef& ref) {
    std::string key = ActorKey(ref);
    if (key.empty()) return std::nullopt;
    if (!seen_actors_.insert(key).second) return key;
    const std::string& name = ActorRowName(ref);
    const std::string kind(NameOf(ref.kind));
    txn_.exec_params(
        "INSERT INTO actors (id, name, name_lc, kind, country, country_lc)"
        " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
        key, name, FoldCase(name), kind, ref.country, FoldCase(ref.country));
    // Fill in what a later event knows. A plain UPDATE locks only a row it
    // changes, so hot actors do not serialise replicas (ON CONFLICT DO UPDATE
    // would lock the row on every mention).
    txn_.exec_params(
        "UPDATE actors SET"
        " kind = CASE WHEN kind = 'unknown' THEN $2 ELSE kind END,"
        " country = CASE WHEN country = '' THEN $3 ELSE country END,"
        " country_lc = CASE WHEN country = '' THEN $4 ELSE country_lc END"
        " WHERE id = $1 AND ((kind = 'unknown' AND $2 <> 'unknown') OR (country = '' AND $3 <> ''))",
        key, kind, ref.country, FoldCase(ref.country));
    txn_.exec_params(
        "INSERT INTO actor_aliases (alias_lc, actor_id, alias) VALUES ($1, $2, $3)"
        " ON CONFLICT DO NOTHING",
        FoldCase(name), key, name);
    if (!ref.office.empty()) {
      txn_.exec_params(
          "INSERT INTO actor_offices (actor_id, office, office_lc, country)"
          " SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM actor_offices"
          "  WHERE actor_id = $1 AND office_lc = $3 AND country = $4)"
          " ON CONFLICT DO NOTHING",
          key, ref.office, FoldCase(ref.office), ref.country);
    }
    return key;
  }

  int64_t WriteCall(int64_t article_id, const extract::Call& call) {
    std::vector<std::string> keys;
    for (const ActorRef& ref : call.participants) keys.push_back(*NoteActor(ref));
    Params p;
    std::string sql = absl::StrCat(
        "INSERT INTO calls (dedup_key, date, medium) VALUES (", p.Add(CallKey(call)), ", ",
        p.Add(call.date), ", ", p.Add(NameOf(call.medium)),
        ") ON CONFLICT (dedup_key) DO NOTHING RETURNING id");
    pqxx::result r = p.Exec(txn_, sql);
    int64_t id;
    if (r.empty()) {
      // Another article (maybe in another replica, committed or in this very
      // transaction) stored this call: add a mention to it.
      id = txn_.exec_params1("SELECT id FROM calls WHERE dedup_key = $1", CallKey(call))[0]
               .as<int64_t>();
    } else {
      id = r[0][0].as<int64_t>();
      WriteParticipants(id, call, keys);
      new_events_->push_back({SequencedEvent::Type::kCall, id});
    }
    AddTopics(id, call);
    txn_.exec_params(
        "INSERT INTO call_mentions (call_id, article_id, span_begin, span_end, evidence)"
        " VALUES ($1, $2, $3, $4, $5)",
        id, article_id, static_cast<int64_t>(call.provenance.begin),
        static_cast<int64_t>(call.provenance.end), call.provenance.evidence);
    return id;
  }

  int64_t WriteQuote(int64_t article_id, const extract::Quote& q) {
    std::string speaker = *NoteActor(q.speaker);
    Params p;
    std::string sql = absl::StrCat(
        "INSERT INTO quotes (article_id, date, speaker_actor, speaker_ref, speaker_name,"
        " speaker_kind, speaker_country, speaker_country_lc, speaker_office, text, direct,"
        " span_begin, span_end, evidence) VALUES (",
        p.Add(article_id), ", ", p.Add(published_), ", ", p.Add(speaker), ", ",
        p.Add(q.speaker.actor_id), ", ", p.Add(q.speaker.name), ", ", p.Add(NameOf(q.speaker.kind)),
        ", ", p.Add(q.speaker.country), ", ", p.Add(FoldCase(q.speaker.country)), ", ",
        p.Add(q.speaker.office), ", ", p.Add(q.text), ", ", p.Add(q.direct), ", ",
        p.Add(static_cast<int64_t>(q.provenance.begin)), ", ",
        p.Add(static_cast<int64_t>(q.provenance.end)), ", ", p.Add(q.provenance.evidence),
        ") RETURNING id");
    int64_t id = p.Exec(txn_, sql)[0][0].as<int64_t>();
    new_events_->push_back({SequencedEvent::Type::kQuote, id});
    return id;
  }

  int64_t WriteSanction(int64_t article_id, const extract::Sanction& s) {
    std::optional<std::string> imposer = NoteActor(s.imposer);
    std::optional<std::string> target = NoteActor(s.target);
    Params p;
    auto key = [&p](const std::optional<std::string>& k) { return k ? p.Add(*k) : p.AddNull(); };
    std::string sql = absl::StrCat(
        "INSERT INTO sanctions (article_id, date, imposer_actor, imposer_ref, imposer_name,"
        " imposer_kind, imposer_country, imposer_office, target_actor, target_ref, target_name,"
        " target_kind, target_country, target_office, measure, status, span_begin, span_end,"
        " evidence) VALUES (",
        p.Add(article_id), ", ", p.Add(published_), ", ", key(imposer), ", ",
        p.Add(s.imposer.actor_id), ", ", p.Add(s.imposer.name), ", ", p.Add(NameOf(s.imposer.kind)),
        ", ", p.Add(s.imposer.country), ", ", p.Add(s.imposer.office), ", ", key(target), ", ",
        p.Add(s.target.actor_id), ", ", p.Add(s.target.name), ", ", p.Add(NameOf(s.target.kind)),
        ", ", p.Add(s.target.country), ", ", p.Add(s.target.office), ", ", p.Add(NameOf(s.measure)),
        ", ", p.Add(NameOf(s.status)), ", ", p.Add(static_cast<int64_t>(s.provenance.begin)), ", ",
        p.Add(static_cast<int64_t>(s.provenance.end)), ", ", p.Add(s.provenance.evidence),
        ") RETURNING id");
    int64_t id = p.Exec(txn_, sql)[0][0].as<int64_t>();
    for (size_t i = 0; i < s.items.size(); ++i) {
      txn_.exec_params(
          "INSERT INTO sanction_items (sanction_id, position, item, item_lc)"
          " VALUES ($1, $2, $3, $4)",
          id, static_cast<int64_t>(i), s.items[i], FoldCase(s.items[i]));
    }
    new_events_->push_back({SequencedEvent::Type::kSanction, id});
    return id;
  }

 private:
  void WriteParticipants(int64_t call_id, const extract::Call& call,
                         const std::vector<std::string>& keys) {
    for (size_t i = 0; i < call.participants.size(); ++i) {
      const ActorRef& r = call.participants[i];
      Params p;
      p.Add(call_id), p.Add(static_cast<int64_t>(i)), p.Add(keys[i]), p.Add(r.actor_id),
          p.Add(r.name), p.Add(NameOf(r.kind)), p.Add(r.country), p.Add(FoldCase(r.country)),
          p.Add(r.office);
      p.Exec(txn_,
             "INSERT INTO call_participants (call_id, position, actor, ref, name, kind, country,"
             " country_lc, office) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    }
  }

  // A merged call gains the topics a later report adds.
  void AddTopics(int64_t call_id, const extract::Call& call) {
    for (const std::string& topic : call.topics) {
      txn_.exec_params(
          "INSERT INTO call_topics (call_id, topic_lc, topic, position)"
          " SELECT $1, $2, $3, coalesce(max(position) + 1, 0) FROM call_topics WHERE call_id = $1"
          " ON CONFLICT DO NOTHING",
          call_id, FoldCase(topic), topic);
    }
  }

  pqxx::transaction_base& txn_;
  const ArticleInput& article_;
  const std::optional<absl::CivilDay> published_;
  const std::string source_;
  std::vector<NewEvent>* new_events_;
  std::set<std::string> seen_actors_;
};

// The ids stored the first time `article_id` was ingested, in the order the
// first ingest reported them.
IngestResult ExistingResult(pqxx::transaction_base& txn, int64_t article_id) {
  IngestResult out;
  out.article_id = article_id;
  out.duplicate = true;
  auto ids = [&](const char* sql, std::vector<int64_t>* dst) {
    for (const auto& row : txn.exec_params(sql, article_id)) dst->push_back(row[0].as<int64_t>());
  };
  ids("SELECT call_id FROM call_mentions WHERE article_id = $1 ORDER BY id", &out.call_ids);
  ids("SELECT id FROM quotes WHERE article_id = $1 ORDER BY id", &out.quote_ids);
  ids("SELECT id FROM sanctions WHERE article_id = $1 ORDER BY id", &out.sanction_ids);
  return out;
}

}  // namespace

IngestResult WriteArticle(pqxx::transaction_base& txn, const ArticleInput& article,
                          const extract::Extraction& events, const std::string& sha,
                          std::vector<NewEvent>* new_events) {
  ArticleWriter writer(txn, article, events, new_events);
  std::optional<int64_t> id = writer.InsertArticle(sha, events);
  if (!id) {
    int64_t existing =
        txn.exec_params1("SELECT id FROM articles WHERE content_sha256 = $1", sha)[0].as<int64_t>();
    return ExistingResult(txn, existing);
  }
  IngestResult out;
  out.article_id = *id;
  for (const extract::Call& c : events.calls) out.call_ids.push_back(writer.WriteCall(*id, c));
  for (const extract::Quote& q : events.quotes) out.quote_ids.push_back(writer.WriteQuote(*id, q));
  for (const extract::Sanction& s : events.sanctions) {
    out.sanction_ids.push_back(writer.WriteSanction(*id, s));
  }
  return out;
}

absl::Status UpsertKnownActor(pqxx::transaction_base& txn, const StoredActor& actor) {
  if (actor.id.empty() || actor.name.empty()) {
    return absl::InvalidArgumentError("actor: id and name are required");
  }
  for (absl::string_view v : {absl::string_view(actor.id), absl::string_view(actor.name),
                             absl::string_view(actor.country)}) {
    PARLEY_RETURN_IF_ERROR(CheckNoNul(v, "actor"));
  }
  for (const std::string& alias : actor.aliases) PARLEY_RETURN_IF_ERROR(CheckNoNul(alias, "alias"));
  for (const OfficeTerm& t : actor.offices) {
    PARLEY_RETURN_IF_ERROR(CheckNoNul(t.office, "office"));
    PARLEY_RETURN_IF_ERROR(CheckNoNul(t.country, "office.country"));
  }
  txn.exec_params(
      "INSERT INTO actors (id, name, name_lc, kind, country, country_lc)"
      " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
      " name_lc = excluded.name_lc, kind = excluded.kind, country = excluded.country,"
      " country_lc = excluded.country_lc",
      actor.id, actor.name, FoldCase(actor.name), std::string(NameOf(actor.kind)), actor.country,
      FoldCase(actor.country));
  auto alias = [&](const std::string& a) {
    txn.exec_params(
        "INSERT INTO actor_aliases (alias_lc, actor_id, alias) VALUES ($1, $2, $3)"
        " ON CONFLICT DO NOTHING",
        FoldCase(a), actor.id, a);
  };
  alias(actor.name);
  for (const std::string& a : actor.aliases) alias(a);
  txn.exec_params("DELETE FROM actor_offices WHERE actor_id = $1", actor.id);
  for (const OfficeTerm& t : actor.offices) {
    Params p;
    p.Add(actor.id), p.Add(t.office), p.Add(FoldCase(t.office)), p.Add(t.country),
        p.Add(t.start ? DayToSql(*t.start) : std::string()), p.Add(t.end);
    p.Exec(txn,
           "INSERT INTO actor_offices (actor_id, office, office_lc, country, start_date, end_date)"
           " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (actor_id, office_lc, country, start_date)"
           " DO UPDATE SET office = excluded.office, end_date = excluded.end_date");
  }
  return absl::OkStatus();
}

void LockWriters(pqxx::transaction_base& txn) {
  txn.exec("SELECT pg_advisory_xact_lock(hashtext('parley.events.' || current_schema()))");
}

void AppendEvents(pqxx::transaction_base& txn, const std::vector<NewEvent>& events) {
  if (events.empty()) return;
  std::vector<std::string> types, ids;
  for (const NewEvent& e : events) {
    types.push_back(std::string(EventTypeName(e.type)));
    ids.push_back(absl::StrCat(e.id));
  }
  // Held until commit: whoever takes a sequence number next commits after us.
  // (Both ingest paths already hold it; taking it again is a no-op.)
  LockWriters(txn);
  txn.exec_params(
      "INSERT INTO events (type, event_id)"
      " SELECT t, e FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS u(t, e, n)"
      " ORDER BY n",
      absl::StrCat("{", absl::StrJoin(types, ","), "}"),
      absl::StrCat("{", absl::StrJoin(ids, ","), "}"));
}

}  // namespace parley::store::pg
