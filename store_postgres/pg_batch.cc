#include "pg_batch.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "pg_params.h"
#include "store/enum_names.h"
#include "store/event_keys.h"
#include "store/fold_case.h"

namespace parley::store::pg {
namespace {

using extract::ActorRef;

// Why std::map everywhere below: iterating one visits keys in byte order
// (std::string compares as unsigned char), which is the lock order every
// batch agrees on. Rows are sent in that order and inserted "ORDER BY n"
// (their position in the arrays), never in a collation's order.

// An actors row as the per-article path would leave it after the batch's
// mentions: name from the first mention, kind and country from the first
// mention that knows them.
struct ActorRow {
  std::string name;
  std::string kind;
  std::string country;
};

// A call report of the batch: its article and position there.
struct CallRef {
  size_t article;
  size_t call;
};

class BatchWriter {
 public:
  BatchWriter(pqxx::transaction_base& txn, const std::vector<BatchArticle*>& batch,
              std::vector<NewEvent>* new_events)
      : txn_(txn), batch_(batch), new_events_(new_events) {}

  void Run() {
    // A rerun batch (after a deadlock, say) starts from nothing.
    for (BatchArticle* a : batch_) a->result = IngestResult{};
    InsertArticles();
    if (!fresh_.empty()) {
      NoteActors();
      WriteActors();
      WriteCalls();
      WriteMentionsAndTopics();
      WriteQuotes();
      WriteSanctions();
      ListNewEvents();
    }
    CopyDuplicates();
  }

 private:
  const extract::Extraction& events(size_t i) const { return *batch_[i]->events; }
  IngestResult& result(size_t i) { return batch_[i]->result; }

  // ---- Articles: one INSERT for the batch's distinct texts; the UNIQUE hash
  // decides which are new, here and across replicas.

  void InsertArticles() {
    first_copy_.resize(batch_.size());
    std::map<std::string, size_t> first;  // Hash -> first article with it.
    for (size_t i = 0; i < batch_.size(); ++i) {
      first_copy_[i] = first.try_emplace(batch_[i]->content_sha256, i).first->second;
    }
    ArrayLiteral sha, text, title, size, source, source_lc, url, external_id, published, calls,
        quotes, sanctions;
    for (const auto& [hash, i] : first) {
      const ArticleInput& a = *batch_[i]->article;
      const std::string& src = EffectiveSource(a, events(i));
      sha.Add(hash), text.Add(a.text), title.Add(ArticleTitle(a.text));
      size.Add(static_cast<int64_t>(a.text.size())), source.Add(src), source_lc.Add(FoldCase(src));
      url.Add(a.url), external_id.Add(a.external_id);
      published.Add(EffectivePublished(a, events(i)));
      calls.Add(static_cast<int64_t>(events(i).calls.size()));
      quotes.Add(static_cast<int64_t>(events(i).quotes.size()));
      sanctions.Add(static_cast<int64_t>(events(i).sanctions.size()));
    }
    Params p;
    for (const ArrayLiteral* a : {&sha, &text, &title, &size, &source, &source_lc, &url,
                                  &external_id, &published, &calls, &quotes, &sanctions}) {
      p.Add(*a);
    }
    pqxx::result r = p.ExecPrepared(
        txn_, "parley_batch_articles",
        "INSERT INTO articles (content_sha256, text, title, size_bytes, source, source_lc, url,"
        " external_id, published, ingest_time, call_count, quote_count, sanction_count)"
        " SELECT u.sha, u.text, u.title, u.size, u.source, u.source_lc, u.url, u.external_id,"
        "  u.published, clock_timestamp(), u.calls, u.quotes, u.sanctions"
        " FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[],"
        "  $7::text[], $8::text[], $9::date[], $10::int[], $11::int[], $12::int[])"
        "  WITH ORDINALITY AS u(sha, text, title, size, source, source_lc, url, external_id,"
        "  published, calls, quotes, sanctions, n)"
        " ORDER BY u.n ON CONFLICT (content_sha256) DO NOTHING RETURNING id, content_sha256");
    std::map<std::string, int64_t> inserted;
    for (const auto& row : r) inserted[row[1].as<std::string>()] = row[0].as<int64_t>();
    std::vector<std::string> stored;  // Hashes some earlier transaction stored.
    for (const auto& [hash, i] : first) {
      auto it = inserted.find(hash);
      if (it == inserted.end()) {
        stored.push_back(hash);
      } else {
        result(i).article_id = it->second;
      }
    }
    for (size_t i = 0; i < batch_.size(); ++i) {
      if (first_copy_[i] == i && result(i).article_id != 0) fresh_.push_back(i);
    }
    if (!stored.empty()) LoadStored(first, stored);
  }

  // The results of articles stored before this batch, as ExistingResult in
  // pg_ingest.cc reads them, for all of them in two statements.
  void LoadStored(const std::map<std::string, size_t>& first,
                  const std::vector<std::string>& hashes) {
    ArrayLiteral sha_array;
    for (const std::string& h : hashes) sha_array.Add(h);
    Params p;
    p.Add(sha_array);
    std::map<int64_t, size_t> by_id;  // Stored article id -> batch index.
    for (const auto& row : p.ExecPrepared(txn_, "parley_batch_stored_articles",
                                          "SELECT id, content_sha256 FROM articles"
                                          " WHERE content_sha256 = ANY($1::text[])")) {
      size_t i = first.at(row[1].as<std::string>());
      result(i).article_id = row[0].as<int64_t>();
      result(i).duplicate = true;
      by_id[result(i).article_id] = i;
    }
    if (by_id.size() != hashes.size()) {
      // ON CONFLICT DO NOTHING skipped a row that a later statement cannot
      // see: impossible while articles are never deleted.
      throw std::runtime_error("a stored article's row is missing after a hash conflict");
    }
    ArrayLiteral ids;
    for (const auto& [id, i] : by_id) ids.Add(id);
    Params q;
    q.Add(ids);
    pqxx::result r = q.ExecPrepared(
        txn_, "parley_batch_stored_events",
        "SELECT 0 AS kind, article_id, call_id, id FROM call_mentions"
        "  WHERE article_id = ANY($1::bigint[])"
        " UNION ALL SELECT 1, article_id, id, id FROM quotes WHERE article_id = ANY($1::bigint[])"
        " UNION ALL SELECT 2, article_id, id, id FROM sanctions"
        "  WHERE article_id = ANY($1::bigint[])"
        " ORDER BY 1, 2, 4");
    for (const auto& row : r) {
      IngestResult& out = result(by_id.at(row[1].as<int64_t>()));
      int64_t id = row[2].as<int64_t>();
      switch (row[0].as<int>()) {
        case 0:
          out.call_ids.push_back(id);
          break;
        case 1:
          out.quote_ids.push_back(id);
          break;
        default:
          out.sanction_ids.push_back(id);
          break;
      }
    }
  }

  void CopyDuplicates() {
    for (size_t i = 0; i < batch_.size(); ++i) {
      if (first_copy_[i] == i) continue;
      result(i) = result(first_copy_[i]);
      result(i).duplicate = true;
    }
  }

  // ---- Actors: what every new article's mentions add, merged, then one
  // statement per table.

  // Like NoteActor in pg_ingest.cc: the first mention of an actor in each
  // article counts; later ones in the same article add nothing.
  void NoteActors() {
    for (size_t i : fresh_) {
      std::set<std::string> seen;
      auto note = [&](const ActorRef& ref) {
        std::string key = ActorKey(ref);
        if (!key.empty() && seen.insert(key).second) Note(key, ref);
      };
      for (const extract::Call& c : events(i).calls) {
        for (const ActorRef& r : c.participants) note(r);
      }
      for (const extract::Quote& q : events(i).quotes) note(q.speaker);
      for (const extract::Sanction& s : events(i).sanctions) note(s.imposer), note(s.target);
    }
  }

  void Note(const std::string& key, const ActorRef& ref) {
    const std::string& name = ActorRowName(ref);
    const std::string kind(NameOf(ref.kind));
    auto [it, added] = actors_.try_emplace(key, ActorRow{name, kind, ref.country});
    if (!added) {
      if (it->second.kind == "unknown") it->second.kind = kind;
      if (it->second.country.empty()) it->second.country = ref.country;
    }
    aliases_.try_emplace({FoldCase(name), key}, name);
    if (!ref.office.empty()) {
      offices_.try_emplace({key, FoldCase(ref.office), ref.country}, ref.office);
    }
  }

  void WriteActors() {
    if (actors_.empty()) return;
    ArrayLiteral id, name, name_lc, kind, country, country_lc;
    for (const auto& [key, row] : actors_) {
      id.Add(key), name.Add(row.name), name_lc.Add(FoldCase(row.name)), kind.Add(row.kind);
      country.Add(row.country), country_lc.Add(FoldCase(row.country));
    }
    Params p;
    for (const ArrayLiteral* a : {&id, &name, &name_lc, &kind, &country, &country_lc}) p.Add(*a);
    p.ExecPrepared(
        txn_, "parley_batch_actors",
        "INSERT INTO actors (id, name, name_lc, kind, country, country_lc)"
        " SELECT u.id, u.name, u.name_lc, u.kind, u.country, u.country_lc"
        " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])"
        "  WITH ORDINALITY AS u(id, name, name_lc, kind, country, country_lc, n)"
        " ORDER BY u.n ON CONFLICT (id) DO NOTHING");
    // Fill in what stored rows lack. Only rows that change are locked (hot
    // actors must not serialise replicas), in id order (the CTE's ORDER BY
    // ... FOR NO KEY UPDATE), which an UPDATE ... FROM alone would not fix.
    Params f;
    for (const ArrayLiteral* a : {&id, &kind, &country, &country_lc}) f.Add(*a);
    f.ExecPrepared(txn_, "parley_batch_actors_fill",
                   "WITH u AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])"
                   "  AS u(id, kind, country, country_lc)),"
                   " stale AS (SELECT a.id FROM actors a JOIN u ON a.id = u.id"
                   "  WHERE (a.kind = 'unknown' AND u.kind <> 'unknown')"
                   "   OR (a.country = '' AND u.country <> '')"
                   "  ORDER BY a.id FOR NO KEY UPDATE OF a)"
                   " UPDATE actors a SET"
                   "  kind = CASE WHEN a.kind = 'unknown' THEN u.kind ELSE a.kind END,"
                   "  country = CASE WHEN a.country = '' THEN u.country ELSE a.country END,"
                   "  country_lc = CASE WHEN a.country = '' THEN u.country_lc ELSE a.country_lc END"
                   " FROM u WHERE a.id = u.id AND a.id IN (SELECT id FROM stale)");
    WriteAliases();
    WriteOffices();
  }

  void WriteAliases() {
    ArrayLiteral alias_lc, actor, alias;
    for (const auto& [k, name] : aliases_) {
      alias_lc.Add(k.first), actor.Add(k.second), alias.Add(name);
    }
    Params p;
    p.Add(alias_lc), p.Add(actor), p.Add(alias);
    p.ExecPrepared(txn_, "parley_batch_aliases",
                   "INSERT INTO actor_aliases (alias_lc, actor_id, alias)"
                   " SELECT u.alias_lc, u.actor_id, u.alias"
                   " FROM unnest($1::text[], $2::text[], $3::text[])"
                   "  WITH ORDINALITY AS u(alias_lc, actor_id, alias, n)"
                   " ORDER BY u.n ON CONFLICT DO NOTHING");
  }

  // An office already held (any start date) is not added again.
  void WriteOffices() {
    if (offices_.empty()) return;
    ArrayLiteral actor, office, office_lc, country;
    for (const auto& [k, name] : offices_) {
      actor.Add(std::get<0>(k)), office.Add(name), office_lc.Add(std::get<1>(k));
      country.Add(std::get<2>(k));
    }
    Params p;
    p.Add(actor), p.Add(office), p.Add(office_lc), p.Add(country);
    p.ExecPrepared(txn_, "parley_batch_offices",
                   "INSERT INTO actor_offices (actor_id, office, office_lc, country)"
                   " SELECT u.actor_id, u.office, u.office_lc, u.country"
                   " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])"
                   "  WITH ORDINALITY AS u(actor_id, office, office_lc, country, n)"
                   " WHERE NOT EXISTS (SELECT 1 FROM actor_offices o WHERE o.actor_id = u.actor_id"
                   "  AND o.office_lc = u.office_lc AND o.country = u.country)"
                   " ORDER BY u.n ON CONFLICT DO NOTHING");
  }

  // ---- Calls: one row per distinct dedup key, created by its first report
  // (which also writes the participants) unless stored already.

  void WriteCalls() {
    std::map<std::string, CallRef> first;
    for (size_t i : fresh_) {
      const auto& calls = events(i).calls;
      for (size_t c = 0; c < calls.size(); ++c) {
        std::string key = CallKey(calls[c]);
        first.try_emplace(key, CallRef{i, c});
        call_keys_[{i, c}] = std::move(key);
      }
    }
    if (first.empty()) return;
    ArrayLiteral keys, dates, media;
    for (const auto& [key, ref] : first) {
      const extract::Call& call = events(ref.article).calls[ref.call];
      keys.Add(key), dates.Add(call.date), media.Add(NameOf(call.medium));
    }
    Params p;
    p.Add(keys), p.Add(dates), p.Add(media);
    pqxx::result r = p.ExecPrepared(
        txn_, "parley_batch_calls",
        "INSERT INTO calls (dedup_key, date, medium)"
        " SELECT u.dedup_key, u.date, u.medium FROM unnest($1::text[], $2::date[], $3::text[])"
        "  WITH ORDINALITY AS u(dedup_key, date, medium, n)"
        " ORDER BY u.n ON CONFLICT (dedup_key) DO NOTHING RETURNING id, dedup_key");
    for (const auto& row : r) {
      std::string key = row[1].as<std::string>();
      call_ids_[key] = row[0].as<int64_t>();
      created_calls_.insert(key);
    }
    LoadMergedCalls(first);
    WriteParticipants(first);
  }

  // Ids of the calls an earlier transaction stored (maybe in another
  // replica, committed while the INSERT waited for it).
  void LoadMergedCalls(const std::map<std::string, CallRef>& first) {
    ArrayLiteral merged;
    for (const auto& [key, ref] : first) {
      if (!call_ids_.count(key)) merged.Add(key);
    }
    if (merged.size() == 0) return;
    Params p;
    p.Add(merged);
    for (const auto& row :
         p.ExecPrepared(txn_, "parley_batch_merged_calls",
                        "SELECT id, dedup_key FROM calls WHERE dedup_key = ANY($1::text[])")) {
      call_ids_[row[1].as<std::string>()] = row[0].as<int64_t>();
    }
    if (call_ids_.size() != first.size()) {
      throw std::runtime_error("a stored call's row is missing after a dedup key conflict");
    }
  }

  void WriteParticipants(const std::map<std::string, CallRef>& first) {
    ArrayLiteral call_id, position, actor, ref, name, kind, country, country_lc, office;
    for (const auto& [key, at] : first) {
      if (!created_calls_.count(key)) continue;
      const extract::Call& call = events(at.article).calls[at.call];
      for (size_t k = 0; k < call.participants.size(); ++k) {
        const ActorRef& r = call.participants[k];
        call_id.Add(call_ids_.at(key)), position.Add(static_cast<int64_t>(k));
        actor.Add(ActorKey(r)), ref.Add(r.actor_id), name.Add(r.name), kind.Add(NameOf(r.kind));
        country.Add(r.country), country_lc.Add(FoldCase(r.country)), office.Add(r.office);
      }
    }
    if (call_id.size() == 0) return;
    Params p;
    for (const ArrayLiteral* a :
         {&call_id, &position, &actor, &ref, &name, &kind, &country, &country_lc, &office}) {
      p.Add(*a);
    }
    p.ExecPrepared(
        txn_, "parley_batch_participants",
        "INSERT INTO call_participants (call_id, position, actor, ref, name, kind, country,"
        " country_lc, office)"
        " SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[],"
        "  $6::text[], $7::text[], $8::text[], $9::text[])");
  }

  // Each report's mention of its call, and the topics it adds: a topic new
  // to the call goes after the call's last one, in report order.
  void WriteMentionsAndTopics() {
    ArrayLiteral call_id, article_id, begin, end, evidence;
    // (call id, folded topic) -> (order first seen, topic as first written).
    std::map<std::pair<int64_t, std::string>, std::pair<int64_t, std::string>> topics;
    for (size_t i : fresh_) {
      const auto& calls = events(i).calls;
      for (size_t c = 0; c < calls.size(); ++c) {
        const int64_t id = call_ids_.at(call_keys_.at({i, c}));
        result(i).call_ids.push_back(id);
        const extract::Provenance& p = calls[c].provenance;
        call_id.Add(id), article_id.Add(result(i).article_id);
        begin.Add(static_cast<int64_t>(p.begin)), end.Add(static_cast<int64_t>(p.end));
        evidence.Add(p.evidence);
        for (const std::string& t : calls[c].topics) {
          topics.try_emplace({id, FoldCase(t)}, static_cast<int64_t>(topics.size()), t);
        }
      }
    }
    if (call_id.size() == 0) return;
    Params p;
    for (const ArrayLiteral* a : {&call_id, &article_id, &begin, &end, &evidence}) p.Add(*a);
    p.ExecPrepared(
        txn_, "parley_batch_mentions",
        "INSERT INTO call_mentions (call_id, article_id, span_begin, span_end, evidence)"
        " SELECT u.call_id, u.article_id, u.span_begin, u.span_end, u.evidence"
        " FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[])"
        "  WITH ORDINALITY AS u(call_id, article_id, span_begin, span_end, evidence, n)"
        " ORDER BY u.n");
    WriteTopics(topics);
  }

  void WriteTopics(
      const std::map<std::pair<int64_t, std::string>, std::pair<int64_t, std::string>>& topics) {
    if (topics.empty()) return;
    ArrayLiteral call_id, topic_lc, topic, seen;
    for (const auto& [k, v] : topics) {
      call_id.Add(k.first), topic_lc.Add(k.second), seen.Add(v.first), topic.Add(v.second);
    }
    Params p;
    p.Add(call_id), p.Add(topic_lc), p.Add(topic), p.Add(seen);
    p.ExecPrepared(txn_, "parley_batch_topics",
                   "INSERT INTO call_topics (call_id, topic_lc, topic, position)"
                   " SELECT u.call_id, u.topic_lc, u.topic,"
                   "  coalesce((SELECT max(t.position) + 1 FROM call_topics t"
                   "   WHERE t.call_id = u.call_id), 0)"
                   "  + row_number() OVER (PARTITION BY u.call_id ORDER BY u.seen) - 1"
                   " FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[])"
                   "  WITH ORDINALITY AS u(call_id, topic_lc, topic, seen, n)"
                   " WHERE NOT EXISTS (SELECT 1 FROM call_topics t"
                   "  WHERE t.call_id = u.call_id AND t.topic_lc = u.topic_lc)"
                   " ORDER BY u.n ON CONFLICT DO NOTHING");
  }

  // ---- Quotes and sanctions: plain inserts. One statement hands out ids in
  // the order it inserts rows (ORDER BY n), so sorted ids match the arrays.

  static std::vector<int64_t> SortedIds(const pqxx::result& r, size_t expected) {
    std::vector<int64_t> ids;
    for (const auto& row : r) ids.push_back(row[0].as<int64_t>());
    if (ids.size() != expected) throw std::runtime_error("INSERT returned too few ids");
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  void WriteQuotes() {
    ArrayLiteral article_id, date, actor, ref, name, kind, country, country_lc, office, text,
        direct, begin, end, evidence;
    for (size_t i : fresh_) {
      const std::optional<absl::CivilDay> published =
          EffectivePublished(*batch_[i]->article, events(i));
      for (const extract::Quote& q : events(i).quotes) {
        const ActorRef& s = q.speaker;
        article_id.Add(result(i).article_id), date.Add(published), actor.Add(ActorKey(s));
        ref.Add(s.actor_id), name.Add(s.name), kind.Add(NameOf(s.kind)), country.Add(s.country);
        country_lc.Add(FoldCase(s.country)), office.Add(s.office), text.Add(q.text);
        direct.Add(q.direct), begin.Add(static_cast<int64_t>(q.provenance.begin));
        end.Add(static_cast<int64_t>(q.provenance.end)), evidence.Add(q.provenance.evidence);
      }
    }
    if (article_id.size() == 0) return;
    Params p;
    for (const ArrayLiteral* a : {&article_id, &date, &actor, &ref, &name, &kind, &country,
                                  &country_lc, &office, &text, &direct, &begin, &end, &evidence}) {
      p.Add(*a);
    }
    pqxx::result r = p.ExecPrepared(
        txn_, "parley_batch_quotes",
        "INSERT INTO quotes (article_id, date, speaker_actor, speaker_ref, speaker_name,"
        " speaker_kind, speaker_country, speaker_country_lc, speaker_office, text, direct,"
        " span_begin, span_end, evidence)"
        " SELECT u.article_id, u.date, u.actor, u.ref, u.name, u.kind, u.country, u.country_lc,"
        "  u.office, u.text, u.direct, u.span_begin, u.span_end, u.evidence"
        " FROM unnest($1::bigint[], $2::date[], $3::text[], $4::text[], $5::text[], $6::text[],"
        "  $7::text[], $8::text[], $9::text[], $10::text[], $11::bool[], $12::bigint[],"
        "  $13::bigint[], $14::text[])"
        "  WITH ORDINALITY AS u(article_id, date, actor, ref, name, kind, country, country_lc,"
        "  office, text, direct, span_begin, span_end, evidence, n)"
        " ORDER BY u.n RETURNING id");
    std::vector<int64_t> ids = SortedIds(r, article_id.size());
    size_t next = 0;
    for (size_t i : fresh_) {
      for (size_t k = 0; k < events(i).quotes.size(); ++k) {
        result(i).quote_ids.push_back(ids[next++]);
      }
    }
  }

  void WriteSanctions() {
    ArrayLiteral article_id, date, measure, status, begin, end, evidence;
    ArrayLiteral party[2][6];  // Imposer, target: actor, ref, name, kind, country, office.
    for (size_t i : fresh_) {
      const std::optional<absl::CivilDay> published =
          EffectivePublished(*batch_[i]->article, events(i));
      for (const extract::Sanction& s : events(i).sanctions) {
        article_id.Add(result(i).article_id), date.Add(published);
        AddParty(s.imposer, party[0]), AddParty(s.target, party[1]);
        measure.Add(NameOf(s.measure)), status.Add(NameOf(s.status));
        begin.Add(static_cast<int64_t>(s.provenance.begin));
        end.Add(static_cast<int64_t>(s.provenance.end)), evidence.Add(s.provenance.evidence);
      }
    }
    if (article_id.size() == 0) return;
    Params p;
    p.Add(article_id), p.Add(date);
    for (auto& side : party) {
      for (int k = 0; k < 6; ++k) p.Add(side[k]);
    }
    p.Add(measure), p.Add(status), p.Add(begin), p.Add(end), p.Add(evidence);
    pqxx::result r = p.ExecPrepared(
        txn_, "parley_batch_sanctions",
        "INSERT INTO sanctions (article_id, date, imposer_actor, imposer_ref, imposer_name,"
        " imposer_kind, imposer_country, imposer_office, target_actor, target_ref, target_name,"
        " target_kind, target_country, target_office, measure, status, span_begin, span_end,"
        " evidence)"
        " SELECT u.article_id, u.date, u.ia, u.ir, u.iname, u.ikind, u.icountry, u.ioffice,"
        "  u.ta, u.tr, u.tname, u.tkind, u.tcountry, u.toffice, u.measure, u.status,"
        "  u.span_begin, u.span_end, u.evidence"
        " FROM unnest($1::bigint[], $2::date[], $3::text[], $4::text[], $5::text[], $6::text[],"
        "  $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],"
        "  $13::text[], $14::text[], $15::text[], $16::text[], $17::bigint[], $18::bigint[],"
        "  $19::text[])"
        "  WITH ORDINALITY AS u(article_id, date, ia, ir, iname, ikind, icountry, ioffice,"
        "  ta, tr, tname, tkind, tcountry, toffice, measure, status, span_begin, span_end,"
        "  evidence, n)"
        " ORDER BY u.n RETURNING id");
    std::vector<int64_t> ids = SortedIds(r, article_id.size());
    size_t next = 0;
    for (size_t i : fresh_) {
      for (size_t k = 0; k < events(i).sanctions.size(); ++k) {
        result(i).sanction_ids.push_back(ids[next++]);
      }
    }
    WriteSanctionItems();
  }

  // An actor with neither id nor name (an unnamed imposer) has no row: NULL.
  static void AddParty(const ActorRef& r, ArrayLiteral* side) {
    std::string key = ActorKey(r);
    key.empty() ? side[0].AddNull() : side[0].Add(key);
    side[1].Add(r.actor_id), side[2].Add(r.name), side[3].Add(NameOf(r.kind));
    side[4].Add(r.country), side[5].Add(r.office);
  }

  void WriteSanctionItems() {
    ArrayLiteral sanction_id, position, item, item_lc;
    for (size_t i : fresh_) {
      const auto& sanctions = events(i).sanctions;
      for (size_t k = 0; k < sanctions.size(); ++k) {
        const auto& items = sanctions[k].items;
        for (size_t j = 0; j < items.size(); ++j) {
          sanction_id.Add(result(i).sanction_ids[k]), position.Add(static_cast<int64_t>(j));
          item.Add(items[j]), item_lc.Add(FoldCase(items[j]));
        }
      }
    }
    if (sanction_id.size() == 0) return;
    Params p;
    p.Add(sanction_id), p.Add(position), p.Add(item), p.Add(item_lc);
    p.ExecPrepared(txn_, "parley_batch_sanction_items",
                   "INSERT INTO sanction_items (sanction_id, position, item, item_lc)"
                   " SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[])");
  }

  // In the order the per-article path lists them: article by article, its
  // new calls, then its quotes, then its sanctions.
  void ListNewEvents() {
    std::set<int64_t> listed;
    for (size_t i : fresh_) {
      const IngestResult& r = result(i);
      for (size_t c = 0; c < r.call_ids.size(); ++c) {
        if (created_calls_.count(call_keys_.at({i, c})) && listed.insert(r.call_ids[c]).second) {
          new_events_->push_back({SequencedEvent::Type::kCall, r.call_ids[c]});
        }
      }
      for (int64_t id : r.quote_ids) new_events_->push_back({SequencedEvent::Type::kQuote, id});
      for (int64_t id : r.sanction_ids) {
        new_events_->push_back({SequencedEvent::Type::kSanction, id});
      }
    }
  }

  pqxx::transaction_base& txn_;
  const std::vector<BatchArticle*>& batch_;
  std::vector<NewEvent>* new_events_;
  std::vector<size_t> first_copy_;  // Per article: the first with its text.
  std::vector<size_t> fresh_;       // Articles this batch stores, in order.
  std::map<std::string, ActorRow> actors_;
  std::map<std::pair<std::string, std::string>, std::string> aliases_;  // (folded, id) -> alias.
  // (actor id, folded office, country) -> office as first written.
  std::map<std::tuple<std::string, std::string, std::string>, std::string> offices_;
  std::map<std::pair<size_t, size_t>, std::string> call_keys_;  // (article, call) -> key.
  std::map<std::string, int64_t> call_ids_;                     // Key -> calls.id.
  std::set<std::string> created_calls_;                         // Keys this batch created.
};

}  // namespace

void WriteBatch(pqxx::transaction_base& txn, const std::vector<BatchArticle*>& batch,
                std::vector<NewEvent>* new_events) {
  if (batch.empty()) return;
  BatchWriter(txn, batch, new_events).Run();
}

}  // namespace parley::store::pg
