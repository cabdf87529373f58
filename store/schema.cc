#include "store/schema.h"

#include <openssl/rand.h>

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "parley/common/status_macros.h"

namespace parley::store::sqlite {
namespace {

// Version 1. Conventions: *_lc columns hold FoldCase() of their neighbour
// and carry the case-insensitive filters; dates are ISO text; every List
// filter has an index ending in the listed table's id, so keyset pages
// (id > ? ORDER BY id) read an index range in order.
constexpr char kSchemaV1[] = R"sql(
CREATE TABLE store_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE articles (
  id             INTEGER PRIMARY KEY,
  content_sha256 TEXT NOT NULL UNIQUE,
  text           TEXT NOT NULL,
  title          TEXT NOT NULL,
  size_bytes     INTEGER NOT NULL,
  source         TEXT NOT NULL,
  source_lc      TEXT NOT NULL,
  url            TEXT NOT NULL,
  external_id    TEXT NOT NULL,
  published      TEXT,
  ingest_time_us INTEGER NOT NULL,
  call_count     INTEGER NOT NULL,
  quote_count    INTEGER NOT NULL,
  sanction_count INTEGER NOT NULL
);
CREATE INDEX articles_by_source ON articles(source_lc, id);
CREATE INDEX articles_by_external_id ON articles(external_id, id);
CREATE INDEX articles_by_published ON articles(published, id);

-- One row per actor seen in an event or seeded from the knowledge base.
-- Actors without a knowledge-base id get a derived one ("unresolved/...").
CREATE TABLE actors (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  name_lc    TEXT NOT NULL,
  kind       TEXT NOT NULL,
  country    TEXT NOT NULL,
  country_lc TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX actors_by_name ON actors(name_lc, id);
CREATE INDEX actors_by_country ON actors(country_lc, id);
CREATE INDEX actors_by_kind ON actors(kind, id);

-- Every name an actor is known by, canonical name included, so name
-- filters are one index lookup here.
CREATE TABLE actor_aliases (
  alias_lc TEXT NOT NULL,
  actor_id TEXT NOT NULL REFERENCES actors(id),
  alias    TEXT NOT NULL,
  PRIMARY KEY (alias_lc, actor_id)
) WITHOUT ROWID;
CREATE INDEX actor_aliases_by_actor ON actor_aliases(actor_id);

CREATE TABLE actor_offices (
  actor_id   TEXT NOT NULL REFERENCES actors(id),
  office     TEXT NOT NULL,
  office_lc  TEXT NOT NULL,
  country    TEXT NOT NULL,
  start_date TEXT NOT NULL DEFAULT '',
  end_date   TEXT,
  PRIMARY KEY (actor_id, office_lc, country, start_date)
) WITHOUT ROWID;
CREATE INDEX actor_offices_by_office ON actor_offices(office_lc, actor_id);

-- An actor as an event named it (snapshot columns: what was true on the
-- event's date) lives inline in the event tables: *_ref is the engine's
-- actor_id (empty when unresolved), *_actor the actors row.
CREATE TABLE calls (
  id        INTEGER PRIMARY KEY,
  dedup_key TEXT NOT NULL UNIQUE,
  date      TEXT,
  medium    TEXT NOT NULL
);
CREATE INDEX calls_by_date ON calls(date, id);
CREATE INDEX calls_by_medium ON calls(medium, id);

CREATE TABLE call_participants (
  call_id    INTEGER NOT NULL REFERENCES calls(id),
  position   INTEGER NOT NULL,
  actor      TEXT NOT NULL REFERENCES actors(id),
  ref        TEXT NOT NULL,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  country    TEXT NOT NULL,
  country_lc TEXT NOT NULL,
  office     TEXT NOT NULL,
  PRIMARY KEY (call_id, position)
) WITHOUT ROWID;
CREATE INDEX call_participants_by_actor ON call_participants(actor, call_id);
CREATE INDEX call_participants_by_country ON call_participants(country_lc, call_id);

CREATE TABLE call_mentions (
  id         INTEGER PRIMARY KEY,
  call_id    INTEGER NOT NULL REFERENCES calls(id),
  article_id INTEGER NOT NULL REFERENCES articles(id),
  span_begin INTEGER NOT NULL,
  span_end   INTEGER NOT NULL,
  evidence   TEXT NOT NULL,
  CHECK (span_begin <= span_end)
);
CREATE INDEX call_mentions_by_call ON call_mentions(call_id, id);
CREATE INDEX call_mentions_by_article ON call_mentions(article_id, call_id);

CREATE TABLE call_topics (
  call_id  INTEGER NOT NULL REFERENCES calls(id),
  topic_lc TEXT NOT NULL,
  topic    TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (call_id, topic_lc)
) WITHOUT ROWID;
CREATE INDEX call_topics_by_topic ON call_topics(topic_lc, call_id);

CREATE TABLE quotes (
  id                 INTEGER PRIMARY KEY,
  article_id         INTEGER NOT NULL REFERENCES articles(id),
  date               TEXT,
  speaker_actor      TEXT NOT NULL REFERENCES actors(id),
  speaker_ref        TEXT NOT NULL,
  speaker_name       TEXT NOT NULL,
  speaker_kind       TEXT NOT NULL,
  speaker_country    TEXT NOT NULL,
  speaker_country_lc TEXT NOT NULL,
  speaker_office     TEXT NOT NULL,
  text               TEXT NOT NULL,
  direct             INTEGER NOT NULL,
  span_begin         INTEGER NOT NULL,
  span_end           INTEGER NOT NULL,
  evidence           TEXT NOT NULL,
  CHECK (span_begin <= span_end)
);
CREATE INDEX quotes_by_article ON quotes(article_id, id);
CREATE INDEX quotes_by_speaker ON quotes(speaker_actor, id);
CREATE INDEX quotes_by_country ON quotes(speaker_country_lc, id);
CREATE INDEX quotes_by_date ON quotes(date, id);
CREATE INDEX quotes_direct ON quotes(id) WHERE direct = 1;

-- External-content FTS5 index over quotes.text; quotes are never updated
-- or deleted, so an insert trigger keeps it in step.
CREATE VIRTUAL TABLE quotes_fts USING fts5(
  text, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
  INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
END;

CREATE TABLE sanctions (
  id                INTEGER PRIMARY KEY,
  article_id        INTEGER NOT NULL REFERENCES articles(id),
  date              TEXT,
  imposer_actor     TEXT REFERENCES actors(id),
  imposer_ref       TEXT NOT NULL,
  imposer_name      TEXT NOT NULL,
  imposer_kind      TEXT NOT NULL,
  imposer_country   TEXT NOT NULL,
  imposer_office    TEXT NOT NULL,
  target_actor      TEXT REFERENCES actors(id),
  target_ref        TEXT NOT NULL,
  target_name       TEXT NOT NULL,
  target_kind       TEXT NOT NULL,
  target_country    TEXT NOT NULL,
  target_office     TEXT NOT NULL,
  measure           TEXT NOT NULL,
  status            TEXT NOT NULL,
  span_begin        INTEGER NOT NULL,
  span_end          INTEGER NOT NULL,
  evidence          TEXT NOT NULL,
  CHECK (span_begin <= span_end)
);
CREATE INDEX sanctions_by_article ON sanctions(article_id, id);
CREATE INDEX sanctions_by_imposer ON sanctions(imposer_actor, id);
CREATE INDEX sanctions_by_target ON sanctions(target_actor, id);
CREATE INDEX sanctions_by_measure ON sanctions(measure, id);
CREATE INDEX sanctions_by_status ON sanctions(status, id);
CREATE INDEX sanctions_by_date ON sanctions(date, id);

CREATE TABLE sanction_items (
  sanction_id INTEGER NOT NULL REFERENCES sanctions(id),
  position    INTEGER NOT NULL,
  item        TEXT NOT NULL,
  item_lc     TEXT NOT NULL,
  PRIMARY KEY (sanction_id, position)
) WITHOUT ROWID;
CREATE INDEX sanction_items_by_item ON sanction_items(item_lc, sanction_id);

-- Store-wide order of new events, for the live stream. AUTOINCREMENT so a
-- sequence number is never reused.
CREATE TABLE events (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  type     TEXT NOT NULL,
  event_id INTEGER NOT NULL
);
)sql";

// Version 2: a name filter with a measure (ListSanctions target + measure,
// imposer + measure) walks one actor's sanctions of that measure in id
// order; with (target_actor, id) alone it filtered the measure row by row,
// reading all of the actor's sanctions (or, planned the other way, 1/13 of
// the table).
constexpr char kSchemaV2[] = R"sql(
CREATE INDEX sanctions_by_target_measure ON sanctions(target_actor, measure, id);
CREATE INDEX sanctions_by_imposer_measure ON sanctions(imposer_actor, measure, id);
)sql";

// Version 3: cheaper ingest, and calls by participant + dates read one index.
// - The writer inserts quotes_fts rows itself, in the quotes' transaction
//   (so the index stays exact), at the end of the batch. With the trigger
//   every quotes INSERT needed a statement journal, and each one made FTS5
//   flush its pending terms as a new segment: one flush per article instead
//   of one per transaction.
// - call_participants carries its call's date (a call's date is set when
//   the call is inserted and never changes), and (actor, call_id, date)
//   covers the participant walk, so a narrow date range is tested in the
//   index rather than by looking up every call of the participant. It
//   replaces (actor, call_id).
constexpr char kSchemaV3[] = R"sql(
DROP TRIGGER quotes_fts_insert;
ALTER TABLE call_participants ADD COLUMN date TEXT;
UPDATE call_participants SET date = (SELECT c.date FROM calls c WHERE c.id = call_id);
CREATE INDEX call_participants_by_actor_date ON call_participants(actor, call_id, date);
DROP INDEX call_participants_by_actor;
)sql";

absl::Status CreateTokenSecret(Connection& db) {
  unsigned char secret[32];
  if (RAND_bytes(secret, sizeof secret) != 1) {
    return absl::InternalError("no random bytes for the page-token secret");
  }
  PARLEY_ASSIGN_OR_RETURN(Statement st,
                          db.Prepare("INSERT INTO store_meta(key, value) VALUES ('token_secret', ?)"));
  st.Bind(absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(secret), sizeof secret)));
  return st.Run();
}

struct Migration {
  int version;
  const char* description;
  absl::Status (*apply)(Connection& db);
};

// Append new steps at the end; never edit a released one.
const std::vector<Migration>& Migrations() {
  static const auto* steps = new std::vector<Migration>{
      {1, "initial schema",
       [](Connection& db) -> absl::Status {
         PARLEY_RETURN_IF_ERROR(db.Exec(kSchemaV1));
         return CreateTokenSecret(db);
       }},
      {2, "sanctions by actor and measure",
       [](Connection& db) -> absl::Status { return db.Exec(kSchemaV2); }},
      {3, "writer fills quotes_fts; call participants carry the call's date",
       [](Connection& db) -> absl::Status { return db.Exec(kSchemaV3); }},
  };
  return *steps;
}

absl::Status RecordStep(Connection& db, const Migration& step) {
  PARLEY_ASSIGN_OR_RETURN(
      Statement st, db.Prepare("INSERT INTO schema_migrations(version, description, applied_at) "
                               "VALUES (?, ?, datetime('now'))"));
  st.Bind(step.version).Bind(step.description);
  PARLEY_RETURN_IF_ERROR(st.Run());
  return db.Exec(absl::StrCat("PRAGMA user_version = ", step.version));
}

absl::Status ApplyMissing(Connection& db, int target) {
  PARLEY_RETURN_IF_ERROR(db.Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "description TEXT NOT NULL, applied_at TEXT NOT NULL)"));
  PARLEY_ASSIGN_OR_RETURN(int64_t current, db.QueryInt("PRAGMA user_version"));
  if (current > LatestSchemaVersion()) {
    return absl::FailedPreconditionError(absl::StrCat(
        db.path(), " has schema version ", current, ", newer than this binary's ",
        LatestSchemaVersion(), "; upgrade parley"));
  }
  for (const Migration& step : Migrations()) {
    if (step.version <= current || step.version > target) continue;
    PARLEY_RETURN_IF_ERROR(step.apply(db));
    PARLEY_RETURN_IF_ERROR(RecordStep(db, step));
  }
  return absl::OkStatus();
}

}  // namespace

int LatestSchemaVersion() { return Migrations().back().version; }

absl::Status Migrate(Connection& db) { return MigrateTo(db, LatestSchemaVersion()); }

absl::Status MigrateTo(Connection& db, int version) {
  // IMMEDIATE: two processes opening a new file at once serialise here, and
  // the second finds the schema already in place.
  PARLEY_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  absl::Status status = ApplyMissing(db, version);
  if (status.ok()) status = db.Exec("COMMIT");
  if (!status.ok()) {
    db.Exec("ROLLBACK").IgnoreError();
    return status;
  }
  return absl::OkStatus();
}

absl::Status CheckSchema(Connection& db) {
  PARLEY_ASSIGN_OR_RETURN(int64_t current, db.QueryInt("PRAGMA user_version"));
  if (current == LatestSchemaVersion()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      db.path(), " has schema version ", current, " but this binary needs ",
      LatestSchemaVersion(),
      current < LatestSchemaVersion() ? "; open it read-write once (the ingest service does) "
                                        "to migrate it"
                                      : "; upgrade parley"));
}

absl::StatusOr<std::string> ReadTokenSecret(Connection& db) {
  PARLEY_ASSIGN_OR_RETURN(Statement st,
                          db.Prepare("SELECT value FROM store_meta WHERE key = 'token_secret'"));
  PARLEY_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return absl::InternalError(absl::StrCat(db.path(), ": page-token secret missing"));
  return st.Text(0);
}

}  // namespace parley::store::sqlite
