// Every List filter of the PostgreSQL store is answered by an index: EXPLAIN
// on the exact SQL the store runs (pg_queries.h) must name the filter's index
// and never scan a table. The PostgreSQL twin of store/sqlite_queries_test.cc,
// with the same index names, so the two stores cannot drift on indexing.
//
// The tables hold tens of thousands of rows (ANALYZEd) with each filter
// value rare, as in a real store, and sequential scans are priced out
// (enable_seqscan = off): a filter without an index still shows a
// "Seq Scan", which fails the test. Real PostgreSQL from
// scripts/with_postgres.sh.
#include "pg_queries.h"

#include <algorithm>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parley/store/postgres_store.h"
#include "pg_test_util.h"

namespace parley::store::pg {
namespace {

using ::testing::AllOf;
using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::Not;

// The plan walks `index` in id order and stops at the page: a Limit over an
// ordered index scan, no Sort of every match, no bitmap scan (which yields
// rows in no id order).
MATCHER_P(Walks, index, "") {
  return absl::StrContains(arg, index) && !absl::StrContains(arg, "Sort") &&
         !absl::StrContains(arg, "Bitmap");
}
// One walk per key under a nested loop, each bounded by a Limit; the merged
// result (at most a page per key) is sorted.
MATCHER_P(WalksEachKeyOf, index, "") {
  return absl::StrContains(arg, index) && absl::StrContains(arg, "Nested Loop") &&
         !absl::StrContains(arg, "Bitmap") && absl::StrContains(arg, "->  Limit");
}

// Rows enough for the planner's choice to mean something (it prefers the
// primary key on a near-empty table), with each filter value as rare as a
// single leader, topic or minor country is in a real store (for a common
// value, walking the primary key until the page fills is the better plan,
// and the planner rightly takes it). Written by SQL rather than
// Ingest: 20k articles' worth in well under a second.
constexpr const char* kSeedSql = R"sql(
INSERT INTO articles (content_sha256, text, title, size_bytes, source, source_lc, url,
                      external_id, published, ingest_time, call_count, quote_count,
                      sanction_count)
  SELECT 'sha' || i, 'text ' || i, 'title', 10, 'Source ' || i % 300, 'source ' || i % 300, '',
         'x-' || i, date '2000-01-01' + i % 9000, now(), 1, 1, 1
  FROM generate_series(1, 20000) i;
INSERT INTO actors (id, name, name_lc, kind, country, country_lc)
  SELECT 'a/' || i, 'Actor ' || i, 'actor ' || i,
         (ARRAY['person', 'person', 'person', 'country', 'institution', 'news_outlet'])[1 + i % 6],
         'Country ' || i % 200, 'country ' || i % 200
  FROM generate_series(1, 5000) i;
INSERT INTO actor_aliases (alias_lc, actor_id, alias)
  SELECT 'actor ' || i, 'a/' || i, 'Actor ' || i FROM generate_series(1, 5000) i
  UNION ALL SELECT 'alias ' || i, 'a/' || i, 'Alias ' || i FROM generate_series(1, 5000) i;
INSERT INTO actor_offices (actor_id, office, office_lc, country)
  SELECT 'a/' || i, 'Office ' || i % 700, 'office ' || i % 700, '' FROM generate_series(1, 5000) i;
INSERT INTO calls (dedup_key, date, medium)
  SELECT 'k' || i, date '2000-01-01' + i % 9000, CASE WHEN i % 20 = 0 THEN 'video' ELSE 'phone' END
  FROM generate_series(1, 20000) i;
INSERT INTO call_participants (call_id, position, actor, ref, name, kind, country, country_lc,
                               office)
  SELECT c, p, 'a/' || (1 + (c * 7 + p * 13) % 5000), '', '', 'person', '',
         'country ' || (c + p) % 2000, ''
  FROM generate_series(1, 20000) c, generate_series(0, 1) p;
INSERT INTO call_mentions (call_id, article_id, span_begin, span_end, evidence)
  SELECT i, i, 0, 1, '' FROM generate_series(1, 20000) i;
INSERT INTO call_topics (call_id, topic_lc, topic, position)
  SELECT i, 'topic ' || i % 500, 'Topic', 0 FROM generate_series(1, 20000) i;
INSERT INTO quotes (article_id, date, speaker_actor, speaker_ref, speaker_name, speaker_kind,
                    speaker_country, speaker_country_lc, speaker_office, text, direct,
                    span_begin, span_end, evidence)
  SELECT 1 + i % 20000, date '2000-01-01' + i % 9000, 'a/' || (1 + i % 5000), '', '', 'person', '',
         'country ' || i % 2000, '', 'word' || i % 3000 || ' word' || i % 1700, i % 2 = 0, 0, 1, ''
  FROM generate_series(1, 40000) i;
INSERT INTO sanctions (article_id, date, imposer_actor, imposer_ref, imposer_name, imposer_kind,
                       imposer_country, imposer_office, target_actor, target_ref, target_name,
                       target_kind, target_country, target_office, measure, status, span_begin,
                       span_end, evidence)
  SELECT 1 + i % 20000, date '2000-01-01' + i % 9000, 'a/' || (1 + i % 5000), '', '', '', '', '',
         'a/' || (1 + (i * 7) % 5000), '', '', '', '', '',
         CASE WHEN i % 50 = 0 THEN 'tariff' ELSE 'export_ban' END,
         CASE WHEN i % 50 = 1 THEN 'lifted' ELSE 'imposed' END, 0, 1, ''
  FROM generate_series(1, 20000) i;
INSERT INTO sanction_items (sanction_id, position, item, item_lc)
  SELECT i, 0, 'Item', 'item ' || i % 400 FROM generate_series(1, 20000) i;
-- Heavy keys, as a leader in every tenth call of a real store: a page of
-- one must walk its index in id order from the cursor and stop, not read
-- all its 1,000-2,000 rows and sort them. "Heavy" names both heavy actors.
INSERT INTO actors (id, name, name_lc, kind, country, country_lc)
  SELECT 'a/heavy-' || i, 'Heavy ' || i, 'heavy ' || i, 'person', 'Heavyland', 'heavyland'
  FROM generate_series(1, 2) i;
INSERT INTO actor_aliases (alias_lc, actor_id, alias)
  SELECT 'heavy ' || i, 'a/heavy-' || i, 'Heavy ' || i FROM generate_series(1, 2) i
  UNION ALL SELECT 'heavy', 'a/heavy-' || i, 'Heavy' FROM generate_series(1, 2) i;
INSERT INTO call_participants (call_id, position, actor, ref, name, kind, country, country_lc,
                               office)
  SELECT c, 2, 'a/heavy-' || (1 + c / 10 % 2), '', '', 'person', '', 'heavyland', ''
  FROM generate_series(10, 20000, 10) c;
INSERT INTO call_topics (call_id, topic_lc, topic, position)
  SELECT c, 'topic heavy', 'Topic', 1 FROM generate_series(10, 20000, 10) c;
INSERT INTO quotes (article_id, date, speaker_actor, speaker_ref, speaker_name, speaker_kind,
                    speaker_country, speaker_country_lc, speaker_office, text, direct,
                    span_begin, span_end, evidence)
  SELECT 1 + i % 20000, date '2000-01-01' + i % 9000, 'a/heavy-' || (1 + i % 2), '', '', 'person',
         '', 'heavyland', '', 'word' || i % 3000, i % 2 = 0, 0, 1, ''
  FROM generate_series(1, 4000) i;
INSERT INTO sanctions (article_id, date, imposer_actor, imposer_ref, imposer_name, imposer_kind,
                       imposer_country, imposer_office, target_actor, target_ref, target_name,
                       target_kind, target_country, target_office, measure, status, span_begin,
                       span_end, evidence)
  SELECT 1 + i % 20000, date '2000-01-01' + i % 9000, 'a/heavy-' || (1 + i % 2), '', '', '', '',
         '', 'a/heavy-' || (1 + i / 2 % 2), '', '', '', '', '',
         (ARRAY['export_ban', 'import_ban', 'asset_freeze', 'travel_ban', 'blacklist',
                'arms_embargo', 'supply_cap', 'labor_ban', 'investment_ban', 'financial',
                'tariff', 'export_control', 'other'])[1 + i % 13],
         'imposed', 0, 1, ''
  FROM generate_series(1, 8000) i;
INSERT INTO sanction_items (sanction_id, position, item, item_lc)
  SELECT i, 1, 'Item', 'item heavy' FROM generate_series(10, 20000, 10) i;
ANALYZE;
)sql";

class PgQueryPlanTest : public testing::Test {
 protected:
  // One seeded schema for the suite.
  static void SetUpTestSuite() {
    if (!TestServerUri()) return;
    uri_ = new std::string(FreshSchemaUri());
    StoreOptions options;
    options.location = *uri_;
    absl::StatusOr<std::unique_ptr<Store>> store = OpenPostgres(options);  // Migrates.
    ASSERT_TRUE(store.ok()) << store.status();
    pqxx::connection conn(*uri_);
    pqxx::nontransaction txn(conn);
    txn.exec(kSeedSql);
  }

  void SetUp() override {
    if (!TestServerUri()) GTEST_SKIP() << kNoServerReason;
    conn_ = std::make_unique<pqxx::connection>(*uri_);
  }

  // The plan's lines, one string.
  std::string Plan(const absl::StatusOr<IdQuery>& query) {
    EXPECT_TRUE(query.ok()) << query.status();
    if (!query.ok()) return "";
    pqxx::work txn(*conn_);
    txn.exec("SET LOCAL enable_seqscan = off");
    std::vector<std::string> lines;
    for (const auto& row : RunIdQuery(txn, *query, "EXPLAIN ")) {
      lines.push_back(row[0].as<std::string>());
    }
    std::string plan = absl::StrJoin(lines, "\n");
    EXPECT_THAT(plan, testing::Not(HasSubstr("Seq Scan"))) << "in: " << query->sql;
    return plan;
  }

  static std::string* uri_;
  std::unique_ptr<pqxx::connection> conn_;
};

std::string* PgQueryPlanTest::uri_ = nullptr;

const PageCursor kStart;
const DateRange kSince{absl::CivilDay(2018, 1, 1), std::nullopt};
const DateRange kTwoYears{absl::CivilDay(2018, 1, 1), absl::CivilDay(2019, 12, 31)};

TEST_F(PgQueryPlanTest, CallFilters) {
  auto plan = [&](CallFilter f) { return Plan(CallsQuery(f, kStart, 51)); };
  EXPECT_THAT(plan({}), Walks("calls_pkey"));
  CallFilter f;
  // Rare keys: any plan using the index is cheap.
  f = {}; f.participant = "Alias 17";
  EXPECT_THAT(plan(f), HasSubstr("call_participants_by_actor"));
  f = {}; f.participant_id = "a/17";
  EXPECT_THAT(plan(f), HasSubstr("call_participants_by_actor"));
  f = {}; f.country = "Country 17";
  EXPECT_THAT(plan(f), HasSubstr("call_participants_by_country"));
  f = {}; f.topic = "Topic 17";
  EXPECT_THAT(plan(f), HasSubstr("call_topics_by_topic"));
  f = {}; f.dates = kSince;
  EXPECT_THAT(plan(f), AnyOf(HasSubstr("calls_by_date"), HasSubstr("calls_pkey")));
  f = {}; f.article_id = 17;
  EXPECT_THAT(plan(f), HasSubstr("call_mentions_by_article"));
  // Heavy keys: an ordered walk that stops at the page.
  f = {}; f.participant = "Heavy 1";
  EXPECT_THAT(plan(f), WalksEachKeyOf("call_participants_by_actor"));
  f = {}; f.participant = "Heavy";
  EXPECT_THAT(plan(f), WalksEachKeyOf("call_participants_by_actor"));
  f = {}; f.participant_id = "a/heavy-1";
  EXPECT_THAT(plan(f), Walks("call_participants_by_actor"));
  f = {}; f.country = "Heavyland";
  EXPECT_THAT(plan(f), WalksEachKeyOf("call_participants_by_country"));
  f = {}; f.topic = "Topic Heavy";
  EXPECT_THAT(plan(f), Walks("call_topics_by_topic"));
  f = {}; f.medium = extract::Medium::kVideo;
  EXPECT_THAT(plan(f), AnyOf(Walks("calls_by_medium"), Walks("calls_pkey")));
  // The benchmark's (a): one participant over two years walks the
  // participant's calls, the date tested on each.
  f = {}; f.participant = "Heavy 1"; f.dates = kTwoYears;
  EXPECT_THAT(plan(f), WalksEachKeyOf("call_participants_by_actor"));
}

// A date range with nothing more selective: the query itself looks up the
// first and last date held in the range and, when they are at most 64 days
// apart, walks each day on the (date, id) index; otherwise it walks by id
// between the range's first and last id, found on the (month, id) and
// (date, id) indexes. The seeded rows are dated in id order in three sweeps
// (day = id mod 9,000), as in a store fed in date order, where a walk by id
// read every row before the range's first and, on its last page, every row
// after its last. EXPLAIN ANALYZE shows which branch ran and what it read.
// The most rows any node of an EXPLAIN ANALYZE read and then discarded.
int MostRowsRemoved(const std::string& plan) {
  int most = 0;
  constexpr absl::string_view kRemoved = "Rows Removed by Filter: ";
  for (absl::string_view l : absl::StrSplit(plan, '\n')) {
    size_t at = l.find(kRemoved);
    int n = 0;
    if (at != absl::string_view::npos && absl::SimpleAtoi(l.substr(at + kRemoved.size()), &n)) {
      most = std::max(most, n);
    }
  }
  return most;
}

TEST_F(PgQueryPlanTest, ShortDateRangesWalkEachDayLongOnesById) {
  auto analyzed = [&](const absl::StatusOr<IdQuery>& query) {
    EXPECT_TRUE(query.ok()) << query.status();
    if (!query.ok()) return std::string();
    pqxx::work txn(*conn_);
    std::vector<std::string> lines;
    for (const auto& row : RunIdQuery(txn, *query, "EXPLAIN (ANALYZE, COSTS OFF) ")) {
      lines.push_back(row[0].as<std::string>());
    }
    return absl::StrJoin(lines, "\n");
  };
  // The line of the plan that names `what`.
  auto line = [](const std::string& plan, absl::string_view what) {
    for (absl::string_view l : absl::StrSplit(plan, '\n')) {
      if (absl::StrContains(l, what)) return std::string(l);
    }
    return std::string();
  };
  const absl::CivilDay kDay0(2000, 1, 1);
  // The day walks' series (the id bounds' seeks have series k_1, k_2, ...).
  constexpr char kDays[] = "Function Scan on generate_series k (";
  // A month asked as such: its days are walked, with no other branch.
  CallFilter calls;
  calls.dates = {kDay0 + 5000, kDay0 + 5029};
  std::string month = analyzed(CallsQuery(calls, kStart, 51));
  EXPECT_THAT(line(month, kDays), AllOf(HasSubstr("(actual time"), HasSubstr("rows=30"))) << month;
  EXPECT_THAT(month, Not(HasSubstr("One-Time Filter"))) << month;
  // Open-ended, holding the last 20 days: the seeks find them, the days are
  // walked, and the walk by id (its Limit) never runs.
  calls.dates = {kDay0 + 8980, std::nullopt};
  std::string late = analyzed(CallsQuery(calls, kStart, 51));
  EXPECT_THAT(line(late, kDays), AllOf(HasSubstr("(actual time"), HasSubstr("rows=20"))) << late;
  EXPECT_THAT(late, HasSubstr("Limit (never executed)")) << late;
  // Eight years: the days are not walked; the page comes from the walk by
  // id, which starts at the range's first id (2,001) instead of reading the
  // 2,000 rows before it, and whose last page stops at the range's last id
  // in the second sweep (14,000) instead of reading the 6,000 rows after.
  calls.dates = {kDay0 + 2001, kDay0 + 5000};
  std::string years = analyzed(CallsQuery(calls, kStart, 51));
  EXPECT_THAT(line(years, kDays), HasSubstr("never executed")) << years;
  EXPECT_THAT(line(years, "calls_by_month"), HasSubstr("(actual time")) << years;
  EXPECT_THAT(years, testing::StartsWith("Limit (actual time")) << years;
  EXPECT_THAT(line(years, "Limit (actual time"), HasSubstr("rows=51")) << years;
  EXPECT_LT(MostRowsRemoved(years), 100) << years;
  PageCursor near_end;
  near_end.last_id = 13990;
  std::string last_page = analyzed(CallsQuery(calls, near_end, 51));
  EXPECT_THAT(line(last_page, "Limit (actual time"), HasSubstr("rows=10")) << last_page;
  EXPECT_LT(MostRowsRemoved(last_page), 100) << last_page;
  // A range holding every date held: no bounds to look for, the walk by id.
  calls.dates = {kDay0 - 10, kDay0 + 9100};
  std::string all = analyzed(CallsQuery(calls, kStart, 51));
  EXPECT_THAT(line(all, "calls_by_month"), HasSubstr("never executed")) << all;
  EXPECT_THAT(line(all, "Limit (actual time"), HasSubstr("rows=51")) << all;
  calls.dates = {kDay0 + 2001, kDay0 + 5000};

  // The other dated lists take the same branches.
  QuoteFilter quotes;
  quotes.dates = {kDay0 + 5000, kDay0 + 5029};
  EXPECT_THAT(line(analyzed(QuotesQuery(quotes, kStart, 51)), kDays), HasSubstr("(actual time"));
  SanctionFilter sanctions;
  sanctions.dates = quotes.dates;
  sanctions.measure = extract::Measure::kExportBan;  // Low cardinality: the days still drive.
  EXPECT_THAT(line(analyzed(SanctionsQuery(sanctions, kStart, 51)), kDays),
              HasSubstr("(actual time"));
  ArticleFilter articles;
  articles.dates = quotes.dates;
  EXPECT_THAT(line(analyzed(ArticlesQuery(articles, kStart, 51)), kDays),
              HasSubstr("(actual time"));
  // And the same bounds for a long range.
  quotes.dates = sanctions.dates = articles.dates = calls.dates;
  for (const std::string& plan :
       {analyzed(QuotesQuery(quotes, kStart, 51)), analyzed(SanctionsQuery(sanctions, kStart, 51)),
        analyzed(ArticlesQuery(articles, kStart, 51))}) {
    EXPECT_THAT(plan, HasSubstr("_by_month")) << plan;
    EXPECT_THAT(line(plan, "Limit (actual time"), HasSubstr("rows=51")) << plan;
    EXPECT_LT(MostRowsRemoved(plan), 100) << plan;
  }
}

TEST_F(PgQueryPlanTest, QuoteFilters) {
  auto plan = [&](QuoteFilter f) { return Plan(QuotesQuery(f, kStart, 51)); };
  EXPECT_THAT(plan({}), Walks("quotes_pkey"));
  QuoteFilter f;
  f = {}; f.speaker = "Alias 17";
  EXPECT_THAT(plan(f), HasSubstr("quotes_by_speaker"));
  f = {}; f.speaker_id = "a/17";
  EXPECT_THAT(plan(f), HasSubstr("quotes_by_speaker"));
  f = {}; f.country = "Country 17";
  EXPECT_THAT(plan(f), HasSubstr("quotes_by_country"));
  // GIN gives no id order: a rare word is read whole and sorted (top-N).
  f = {}; f.text_query = "word17 \"word17 word17\"";
  EXPECT_THAT(plan(f), HasSubstr("quotes_by_text"));
  f = {}; f.dates = kSince;
  EXPECT_THAT(plan(f), AnyOf(HasSubstr("quotes_by_date"), HasSubstr("quotes_pkey")));
  f = {}; f.direct_only = true;
  EXPECT_THAT(plan(f), AnyOf(Walks("quotes_direct"), Walks("quotes_pkey")));
  f = {}; f.article_id = 17;
  EXPECT_THAT(plan(f), HasSubstr("quotes_by_article"));
  f = {}; f.speaker = "Heavy 1";
  EXPECT_THAT(plan(f), WalksEachKeyOf("quotes_by_speaker"));
  f = {}; f.speaker = "Heavy";
  EXPECT_THAT(plan(f), WalksEachKeyOf("quotes_by_speaker"));
  // One constant key of 1 in 20 quotes: the planner may as well walk the
  // primary key testing the speaker (about 20 rows per row listed); either
  // way an ordered walk that stops at the page.
  f = {}; f.speaker_id = "a/heavy-2";
  EXPECT_THAT(plan(f), AnyOf(Walks("quotes_by_speaker"), Walks("quotes_pkey")));
  f = {}; f.country = "Heavyland";
  EXPECT_THAT(plan(f), WalksEachKeyOf("quotes_by_country"));
  // A speaker with words: the speaker's rows, the words tested on each
  // (bitmap scans allowed here: GIN has no other kind).
  f = {}; f.speaker = "Heavy 1"; f.text_query = "word17";
  EXPECT_THAT(plan(f), HasSubstr("quotes_by_speaker"));
}

TEST_F(PgQueryPlanTest, SanctionFilters) {
  auto plan = [&](SanctionFilter f) { return Plan(SanctionsQuery(f, kStart, 51)); };
  EXPECT_THAT(plan({}), Walks("sanctions_pkey"));
  SanctionFilter f;
  f = {}; f.imposer = "Alias 17";
  EXPECT_THAT(plan(f), HasSubstr("sanctions_by_imposer"));
  f = {}; f.target = "Actor 17";
  EXPECT_THAT(plan(f), HasSubstr("sanctions_by_target"));
  f = {}; f.item = "Item 17";
  EXPECT_THAT(plan(f), HasSubstr("sanction_items_by_item"));
  f = {}; f.measure = extract::Measure::kTariff;  // 1 in 28: walked by id.
  EXPECT_THAT(plan(f), AnyOf(Walks("sanctions_by_measure"), Walks("sanctions_pkey")));
  f = {}; f.status = extract::SanctionStatus::kLifted;
  EXPECT_THAT(plan(f), HasSubstr("sanctions_by_status"));
  f = {}; f.dates = kSince;
  EXPECT_THAT(plan(f), AnyOf(HasSubstr("sanctions_by_date"), HasSubstr("sanctions_pkey")));
  f = {}; f.article_id = 17;
  EXPECT_THAT(plan(f), HasSubstr("sanctions_by_article"));
  f = {}; f.imposer = "Heavy 1";
  EXPECT_THAT(plan(f), WalksEachKeyOf("sanctions_by_imposer"));
  f = {}; f.target = "Heavy";
  EXPECT_THAT(plan(f), WalksEachKeyOf("sanctions_by_target"));
  f = {}; f.item = "Item Heavy";
  EXPECT_THAT(plan(f), Walks("sanction_items_by_item"));
  // The benchmark's (b): the composite index, one actor's sanctions of one
  // measure in id order.
  f = {}; f.target = "Heavy 1"; f.measure = extract::Measure::kTariff;
  EXPECT_THAT(plan(f), WalksEachKeyOf("sanctions_by_target_measure"));
  f = {}; f.imposer = "Heavy 2"; f.measure = extract::Measure::kTariff;
  EXPECT_THAT(plan(f), WalksEachKeyOf("sanctions_by_imposer_measure"));
  f = {}; f.target = "Heavy"; f.measure = extract::Measure::kTariff;
  EXPECT_THAT(plan(f), WalksEachKeyOf("sanctions_by_target_measure"));
}

TEST_F(PgQueryPlanTest, ActorFilters) {
  auto plan = [&](ActorFilter f) { return Plan(ActorsQuery(f, kStart, 51)); };
  EXPECT_THAT(plan({}), HasSubstr("actors_pkey"));
  ActorFilter f;
  f = {}; f.name_prefix = "alias 17";
  EXPECT_THAT(plan(f), HasSubstr("actor_aliases_pkey"));
  f = {}; f.country = "Country 17";
  EXPECT_THAT(plan(f), HasSubstr("actors_by_country"));
  f = {}; f.office = "Office 17";
  EXPECT_THAT(plan(f), HasSubstr("actor_offices_by_office"));
  f = {}; f.kind = extract::ActorKind::kNewsOutlet;
  EXPECT_THAT(plan(f), HasSubstr("actors_by_kind"));
  f = {}; f.with_events_only = true;
  std::string events = plan(f);
  EXPECT_THAT(events, HasSubstr("call_participants_by_actor"));
  EXPECT_THAT(events, HasSubstr("quotes_by_speaker"));
  EXPECT_THAT(events, HasSubstr("sanctions_by_imposer"));
  EXPECT_THAT(events, HasSubstr("sanctions_by_target"));
}

TEST_F(PgQueryPlanTest, ArticleFilters) {
  auto plan = [&](ArticleFilter f) { return Plan(ArticlesQuery(f, kStart, 51)); };
  EXPECT_THAT(plan({}), HasSubstr("articles_pkey"));
  ArticleFilter f;
  f = {}; f.source = "Source 17";
  EXPECT_THAT(plan(f), HasSubstr("articles_by_source"));
  f = {}; f.external_id = "x-1";
  EXPECT_THAT(plan(f), HasSubstr("articles_by_external_id"));
  f = {}; f.dates = kSince;
  EXPECT_THAT(plan(f), AnyOf(HasSubstr("articles_by_published"), HasSubstr("articles_pkey")));
}

}  // namespace
}  // namespace parley::store::pg
