#include "pg_schema.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace parley::store::pg {
namespace {

// Each step runs once, in order, inside the migrating transaction. Append
// new steps; never edit a released one. Lower-case columns (*_lower) are
// filled by the store from one C++ function, so matching does not depend on
// the server's locale.
const std::vector<const char*>& Migrations() {
  static const auto* steps = new std::vector<const char*>{
      // 1: everything the store needs.
      R"sql(
CREATE TABLE store_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE articles (
  id             BIGSERIAL PRIMARY KEY,
  content_sha256 TEXT NOT NULL UNIQUE,
  text           TEXT NOT NULL,
  title          TEXT NOT NULL,
  size_bytes     BIGINT NOT NULL,
  source         TEXT NOT NULL,
  source_lc      TEXT NOT NULL,
  url            TEXT NOT NULL,
  external_id    TEXT NOT NULL,
  published      DATE,
  ingest_time    TIMESTAMPTZ NOT NULL,
  call_count     INTEGER NOT NULL,
  quote_count    INTEGER NOT NULL,
  sanction_count INTEGER NOT NULL
);
CREATE INDEX articles_by_source ON articles (source_lc, id);
CREATE INDEX articles_by_external_id ON articles (external_id, id);
CREATE INDEX articles_by_published ON articles (published, id);

-- One row per actor seen in an event. Actors without a knowledge-base id
-- get a derived one (same rule as the SQLite store).
CREATE TABLE actors (
  id         TEXT COLLATE "C" PRIMARY KEY,
  name       TEXT NOT NULL,
  name_lc    TEXT COLLATE "C" NOT NULL,
  kind       TEXT NOT NULL,
  country    TEXT NOT NULL,
  country_lc TEXT NOT NULL
);
-- COLLATE "C" on actor ids and folded names: byte order, as in SQLite, so
-- keyset pages and prefix ranges (>= p AND < successor) read an index in
-- the same order whatever the database locale.
CREATE INDEX actors_by_name ON actors (name_lc, id);
CREATE INDEX actors_by_country ON actors (country_lc, id);
CREATE INDEX actors_by_kind ON actors (kind, id);

CREATE TABLE actor_aliases (
  alias_lc TEXT COLLATE "C" NOT NULL,
  actor_id TEXT COLLATE "C" NOT NULL REFERENCES actors (id),
  alias    TEXT NOT NULL,
  PRIMARY KEY (alias_lc, actor_id)
);
CREATE INDEX actor_aliases_by_actor ON actor_aliases (actor_id);

CREATE TABLE actor_offices (
  actor_id   TEXT COLLATE "C" NOT NULL REFERENCES actors (id),
  office     TEXT NOT NULL,
  office_lc  TEXT NOT NULL,
  country    TEXT NOT NULL,
  start_date TEXT NOT NULL DEFAULT '',
  end_date   TEXT,
  PRIMARY KEY (actor_id, office_lc, country, start_date)
);
CREATE INDEX actor_offices_by_office ON actor_offices (office_lc, actor_id);

CREATE TABLE calls (
  id        BIGSERIAL PRIMARY KEY,
  dedup_key TEXT NOT NULL UNIQUE,
  date      DATE,
  medium    TEXT NOT NULL
);
CREATE INDEX calls_by_date ON calls (date, id);
CREATE INDEX calls_by_medium ON calls (medium, id);

CREATE TABLE call_participants (
  call_id    BIGINT NOT NULL REFERENCES calls (id),
  position   INTEGER NOT NULL,
  actor      TEXT COLLATE "C" NOT NULL REFERENCES actors (id),
  ref        TEXT NOT NULL,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  country    TEXT NOT NULL,
  country_lc TEXT NOT NULL,
  office     TEXT NOT NULL,
  PRIMARY KEY (call_id, position)
);
CREATE INDEX call_participants_by_actor ON call_participants (actor, call_id);
CREATE INDEX call_participants_by_country ON call_participants (country_lc, call_id);

CREATE TABLE call_mentions (
  id         BIGSERIAL PRIMARY KEY,
  call_id    BIGINT NOT NULL REFERENCES calls (id),
  article_id BIGINT NOT NULL REFERENCES articles (id),
  span_begin BIGINT NOT NULL,
  span_end   BIGINT NOT NULL,
  evidence   TEXT NOT NULL,
  CHECK (span_begin <= span_end)
);
CREATE INDEX call_mentions_by_call ON call_mentions (call_id, id);
CREATE INDEX call_mentions_by_article ON call_mentions (article_id, call_id);

CREATE TABLE call_topics (
  call_id  BIGINT NOT NULL REFERENCES calls (id),
  topic_lc TEXT NOT NULL,
  topic    TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (call_id, topic_lc)
);
CREATE INDEX call_topics_by_topic ON call_topics (topic_lc, call_id);

-- Full-text search: a generated tsvector with a GIN index. The 'simple'
-- configuration (no stemming, no stop words) matches FTS5's unicode61 most
-- closely; unaccent is not used so no extension is needed.
CREATE TABLE quotes (
  id                 BIGSERIAL PRIMARY KEY,
  article_id         BIGINT NOT NULL REFERENCES articles (id),
  date               DATE,
  speaker_actor      TEXT COLLATE "C" NOT NULL REFERENCES actors (id),
  speaker_ref        TEXT NOT NULL,
  speaker_name       TEXT NOT NULL,
  speaker_kind       TEXT NOT NULL,
  speaker_country    TEXT NOT NULL,
  speaker_country_lc TEXT NOT NULL,
  speaker_office     TEXT NOT NULL,
  text               TEXT NOT NULL,
  direct             BOOLEAN NOT NULL,
  span_begin         BIGINT NOT NULL,
  span_end           BIGINT NOT NULL,
  evidence           TEXT NOT NULL,
  text_tsv           TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED,
  CHECK (span_begin <= span_end)
);
CREATE INDEX quotes_by_article ON quotes (article_id, id);
CREATE INDEX quotes_by_speaker ON quotes (speaker_actor, id);
CREATE INDEX quotes_by_country ON quotes (speaker_country_lc, id);
CREATE INDEX quotes_by_date ON quotes (date, id);
CREATE INDEX quotes_direct ON quotes (id) WHERE direct;
CREATE INDEX quotes_by_text ON quotes USING GIN (text_tsv);

CREATE TABLE sanctions (
  id              BIGSERIAL PRIMARY KEY,
  article_id      BIGINT NOT NULL REFERENCES articles (id),
  date            DATE,
  imposer_actor   TEXT COLLATE "C" REFERENCES actors (id),
  imposer_ref     TEXT NOT NULL,
  imposer_name    TEXT NOT NULL,
  imposer_kind    TEXT NOT NULL,
  imposer_country TEXT NOT NULL,
  imposer_office  TEXT NOT NULL,
  target_actor    TEXT COLLATE "C" REFERENCES actors (id),
  target_ref      TEXT NOT NULL,
  target_name     TEXT NOT NULL,
  target_kind     TEXT NOT NULL,
  target_country  TEXT NOT NULL,
  target_office   TEXT NOT NULL,
  measure         TEXT NOT NULL,
  status          TEXT NOT NULL,
  span_begin      BIGINT NOT NULL,
  span_end        BIGINT NOT NULL,
  evidence        TEXT NOT NULL,
  CHECK (span_begin <= span_end)
);
CREATE INDEX sanctions_by_article ON sanctions (article_id, id);
CREATE INDEX sanctions_by_imposer ON sanctions (imposer_actor, id);
CREATE INDEX sanctions_by_target ON sanctions (target_actor, id);
CREATE INDEX sanctions_by_measure ON sanctions (measure, id);
CREATE INDEX sanctions_by_status ON sanctions (status, id);
CREATE INDEX sanctions_by_date ON sanctions (date, id);

CREATE TABLE sanction_items (
  sanction_id BIGINT NOT NULL REFERENCES sanctions (id),
  position    INTEGER NOT NULL,
  item        TEXT NOT NULL,
  item_lc     TEXT NOT NULL,
  PRIMARY KEY (sanction_id, position)
);
CREATE INDEX sanction_items_by_item ON sanction_items (item_lc, sanction_id);

-- The live stream's log. Rows are appended at the end of each ingest
-- transaction under an advisory lock held until commit, so sequence order is
-- commit order: a reader never sees N+1 before N (see group commit in
-- postgres_store.cc).
CREATE TABLE events (
  sequence BIGSERIAL PRIMARY KEY,
  type     TEXT NOT NULL,
  event_id BIGINT NOT NULL
);
)sql",
      // 2: a name filter with a measure (ListSanctions target + measure,
      // imposer + measure) walks one actor's sanctions of that measure in id
      // order, instead of all the actor's sanctions sorted.
      R"sql(
CREATE INDEX sanctions_by_target_measure ON sanctions (target_actor, measure, id);
CREATE INDEX sanctions_by_imposer_measure ON sanctions (imposer_actor, measure, id);
)sql",
      // 3: a date range longer than 64 days is walked by id between its
      // first and last id (pg_queries.cc, Walk::Dates), found by one seek at
      // each end of each whole month it covers.
      R"sql(
CREATE INDEX calls_by_month ON calls ((date_trunc('month', date::timestamp)), id);
CREATE INDEX quotes_by_month ON quotes ((date_trunc('month', date::timestamp)), id);
CREATE INDEX sanctions_by_month ON sanctions ((date_trunc('month', date::timestamp)), id);
CREATE INDEX articles_by_month ON articles ((date_trunc('month', published::timestamp)), id);
)sql",
  };
  return *steps;
}

// 32 random bytes, hex: the key page tokens are signed with, shared by every
// replica through the database.
std::string NewTokenSecret() {
  unsigned char secret[32];
  if (RAND_bytes(secret, sizeof secret) != 1) throw std::runtime_error("RAND_bytes failed");
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(secret), sizeof secret));
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(Migrations().size()); }

absl::Status Migrate(pqxx::connection& conn) {
  pqxx::work txn(conn, "migrate");
  // Scoped to the schema, so separate schemas (tests, tenants) migrate apart.
  txn.exec("SELECT pg_advisory_xact_lock(hashtext('parley.migrate.' || current_schema()))");
  txn.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY,"
      " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
  int current = txn.exec1("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].as<int>();
  if (current > LatestSchemaVersion()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the PostgreSQL schema is at version ", current, " but this Parley knows only up to ",
        LatestSchemaVersion(), ": upgrade Parley"));
  }
  for (int v = current + 1; v <= LatestSchemaVersion(); ++v) {
    txn.exec(Migrations()[v - 1]);
    if (v == 1) {
      txn.exec_params("INSERT INTO store_meta (key, value) VALUES ('token_secret', $1)",
                      NewTokenSecret());
    }
    txn.exec_params("INSERT INTO schema_migrations (version) VALUES ($1)", v);
  }
  txn.commit();
  return absl::OkStatus();
}

std::string ReadTokenSecret(pqxx::connection& conn) {
  pqxx::read_transaction txn(conn, "token_secret");
  return txn.exec1("SELECT value FROM store_meta WHERE key = 'token_secret'")[0].as<std::string>();
}

}  // namespace parley::store::pg
