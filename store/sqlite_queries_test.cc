// Every List filter is answered by an index walked in id order: EXPLAIN
// QUERY PLAN on the exact SQL the store runs must name the driving index,
// never scan a table without one, and (one actor, one country) never sort:
// a temp B-tree for ORDER BY means every match is read before the page.
#include "store/sqlite_queries.h"

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/schema.h"

namespace parley::store::sqlite {
namespace {

class QueryPlanTest : public testing::Test {
 protected:
  void SetUp() override {
    // One file per test and process: CTest runs these tests in parallel.
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::path(testing::TempDir()) /
            absl::StrCat("parley_query_plan_", info->name(), "_", getpid(), ".db");
    std::filesystem::remove(path_);
    auto db = Connection::Open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    ASSERT_TRUE(Migrate(*db_).ok());
    // Names the filters resolve: one actor each, except "kim", two.
    ASSERT_TRUE(db_->Exec(R"sql(
      INSERT INTO actors VALUES
        ('person/xi', 'Xi', 'xi', 'person', 'China', 'china'),
        ('person/kim-a', 'Kim A', 'kim a', 'person', 'North Korea', 'north korea'),
        ('person/kim-b', 'Kim B', 'kim b', 'person', 'South Korea', 'south korea'),
        ('country/north-korea', 'North Korea', 'north korea', 'country', '', ''),
        ('org/un', 'UN', 'un', 'organization', '', '');
      INSERT INTO actor_aliases VALUES
        ('xi', 'person/xi', 'Xi'), ('kim', 'person/kim-a', 'Kim'),
        ('kim', 'person/kim-b', 'Kim'), ('north korea', 'country/north-korea', 'North Korea'),
        ('dprk', 'country/north-korea', 'DPRK'), ('un', 'org/un', 'UN');
    )sql").ok());
  }

  void TearDown() override {
    db_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }

  // The plan's detail lines, one string.
  std::string Plan(const absl::StatusOr<IdQuery>& query) {
    EXPECT_TRUE(query.ok()) << query.status();
    if (!query.ok()) return "";
    auto st = db_->Prepare("EXPLAIN QUERY PLAN " + query->sql);
    EXPECT_TRUE(st.ok()) << st.status();
    if (!st.ok()) return "";
    query->BindTo(*st);
    std::vector<std::string> lines;
    while (st->Step().value_or(false)) {
      std::string detail = st->Text(3);
      // A full scan of a table is the thing never allowed.
      bool bad_scan = absl::StartsWith(detail, "SCAN ") && !absl::StrContains(detail, "USING") &&
                      !absl::StrContains(detail, "VIRTUAL TABLE") &&
                      !absl::StrContains(detail, "CONSTANT ROW") &&
                      // A merged walk's own bounded result (one page).
                      !absl::StartsWith(detail, "SCAN (subquery-");
      EXPECT_FALSE(bad_scan) << detail << "\nin: " << query->sql;
      lines.push_back(detail);
    }
    return absl::StrJoin(lines, "\n");
  }

  Lookup lookup() { return LookupOn(*db_); }

  std::filesystem::path path_;
  std::unique_ptr<Connection> db_;
};

// The plan walks `index` in id order and stops after the page: no sort, no
// subquery's whole result read first.
MATCHER_P(Walks, index, "") {
  return absl::StrContains(arg, index) && !absl::StrContains(arg, "TEMP B-TREE") &&
         !absl::StrContains(arg, "LIST SUBQUERY");
}
// The plan walks `index` once per actor and merges the walks (a sort of at
// most one page per actor).
MATCHER_P(MergesWalksOf, index, "") {
  return absl::StrContains(arg, index) && absl::StrContains(arg, "MERGE (UNION)");
}

using testing::AllOf;
using testing::HasSubstr;
using testing::Not;

const PageCursor kStart;
const DateRange kSince{absl::CivilDay(2018, 1, 1), std::nullopt};
const DateRange kTwoYears{absl::CivilDay(2018, 1, 1), absl::CivilDay(2019, 12, 31)};

// The participant walk reads the covering (actor, call_id, date) index.
constexpr char kByActor[] =
    "COVERING INDEX call_participants_by_actor_date (actor=? AND call_id>?)";

TEST_F(QueryPlanTest, CallFilters) {
  auto plan = [&](CallFilter f) { return Plan(CallsQuery(f, kStart, 51, lookup())); };
  EXPECT_THAT(plan({}), Walks("INTEGER PRIMARY KEY"));
  CallFilter f;
  f = {}; f.participant = "Xi";
  EXPECT_THAT(plan(f), Walks(kByActor));
  f = {}; f.participant = "Kim";
  EXPECT_THAT(plan(f), MergesWalksOf(kByActor));
  f = {}; f.participant_id = "person/xi";
  EXPECT_THAT(plan(f), Walks(kByActor));
  f = {}; f.country = "China";  // The name as given only: one walk.
  EXPECT_THAT(plan(f), Walks("call_participants_by_country (country_lc=? AND call_id>?)"));
  f = {}; f.country = "DPRK";  // "dprk" and the canonical "north korea".
  EXPECT_THAT(plan(f), MergesWalksOf("call_participants_by_country (country_lc=? AND call_id>?)"));
  f = {}; f.topic = "trade";
  EXPECT_THAT(plan(f), Walks("call_topics_by_topic (topic_lc=? AND call_id>?)"));
  f = {}; f.medium = extract::Medium::kVideo;
  EXPECT_THAT(plan(f), Walks("calls_by_medium (medium=? AND id>?)"));
  f = {}; f.article_id = 3;
  EXPECT_THAT(plan(f), Walks("call_mentions_by_article (article_id=? AND call_id>?)"));
  // The benchmark's (a): one participant over a date range walks the
  // participant's calls, the dates tested in the index: calls is not read
  // at all, so a call outside the range costs one index entry.
  f = {}; f.participant = "Xi"; f.dates = kTwoYears;
  std::string by_dates = plan(f);
  EXPECT_THAT(by_dates, Walks(kByActor));
  EXPECT_THAT(by_dates, Not(HasSubstr("SEARCH c ")));
  auto query = CallsQuery(f, kStart, 51, lookup());
  ASSERT_TRUE(query.ok());
  EXPECT_THAT(query->sql, HasSubstr("d.date >= ?"));
  EXPECT_THAT(query->sql, HasSubstr("d.date <= ?"));
  EXPECT_THAT(query->sql, Not(HasSubstr("c.date")));
  f = {}; f.participant = "Kim"; f.dates = kTwoYears;
  EXPECT_THAT(plan(f), Not(HasSubstr("SEARCH c ")));
  // A medium is a column of calls: then the walk joins it.
  f = {}; f.participant_id = "person/xi"; f.medium = extract::Medium::kPhone; f.dates = kTwoYears;
  EXPECT_THAT(plan(f), AllOf(Walks(kByActor), HasSubstr("SEARCH c USING INTEGER PRIMARY KEY")));
  // Every filter at once: still one walk, the rest tested per row.
  f = {}; f.participant = "Xi"; f.participant_id = "person/xi"; f.country = "China";
  f.topic = "trade"; f.medium = extract::Medium::kPhone; f.dates = kTwoYears; f.article_id = 3;
  EXPECT_THAT(plan(f), Walks("call_mentions_by_article (article_id=? AND call_id>?)"));
  f.article_id = 0;
  EXPECT_THAT(plan(f), Walks(kByActor));
  f = {}; f.topic = "trade"; f.medium = extract::Medium::kPhone; f.dates = kTwoYears;
  EXPECT_THAT(plan(f), Walks("call_topics_by_topic (topic_lc=? AND call_id>?)"));
}

TEST_F(QueryPlanTest, QuoteFilters) {
  auto plan = [&](QuoteFilter f) { return Plan(QuotesQuery(f, kStart, 51, lookup())); };
  QuoteFilter f;
  f = {}; f.speaker = "Xi";
  EXPECT_THAT(plan(f), Walks("quotes_by_speaker (speaker_actor=? AND id>?)"));
  f = {}; f.speaker = "Kim";
  EXPECT_THAT(plan(f), MergesWalksOf("quotes_by_speaker (speaker_actor=? AND id>?)"));
  f = {}; f.speaker_id = "person/xi";
  EXPECT_THAT(plan(f), Walks("quotes_by_speaker (speaker_actor=? AND id>?)"));
  f = {}; f.country = "China";
  EXPECT_THAT(plan(f), Walks("quotes_by_country (speaker_country_lc=? AND id>?)"));
  // The benchmark's (c): FTS5 walks the match in rowid order from the cursor
  // (">" in its plan) and consumes the ORDER BY.
  f = {}; f.text_query = "peace";
  EXPECT_THAT(plan(f), Walks("SCAN d VIRTUAL TABLE INDEX 64:M1>"));
  f = {}; f.direct_only = true;
  EXPECT_THAT(plan(f), testing::AnyOf(Walks("quotes_direct"), Walks("PRIMARY KEY")));
  f = {}; f.article_id = 3;
  EXPECT_THAT(plan(f), Walks("quotes_by_article (article_id=? AND id>?)"));
  // A speaker with words: the speaker's walk, one doclist seek per quote.
  f = {}; f.speaker = "Xi"; f.text_query = "peace"; f.country = "China"; f.dates = kTwoYears;
  f.direct_only = true;
  std::string both = plan(f);
  EXPECT_THAT(both, Walks("quotes_by_speaker (speaker_actor=? AND id>?)"));
  EXPECT_THAT(both, HasSubstr("VIRTUAL TABLE INDEX 0:=M1"));
  f = {}; f.text_query = "peace"; f.country = "China"; f.direct_only = true;
  EXPECT_THAT(plan(f), Walks("SCAN d VIRTUAL TABLE INDEX 64:M1>"));
}

TEST_F(QueryPlanTest, SanctionFilters) {
  auto plan = [&](SanctionFilter f) { return Plan(SanctionsQuery(f, kStart, 51, lookup())); };
  SanctionFilter f;
  f = {}; f.imposer = "UN";
  EXPECT_THAT(plan(f), Walks("sanctions_by_imposer (imposer_actor=? AND id>?)"));
  f = {}; f.target = "North Korea";
  EXPECT_THAT(plan(f), Walks("sanctions_by_target (target_actor=? AND id>?)"));
  f = {}; f.target = "Kim";
  EXPECT_THAT(plan(f), MergesWalksOf("sanctions_by_target (target_actor=? AND id>?)"));
  f = {}; f.item = "coal";
  EXPECT_THAT(plan(f), Walks("sanction_items_by_item (item_lc=? AND sanction_id>?)"));
  f = {}; f.measure = extract::Measure::kTariff;
  EXPECT_THAT(plan(f), Walks("sanctions_by_measure (measure=? AND id>?)"));
  f = {}; f.status = extract::SanctionStatus::kLifted;
  EXPECT_THAT(plan(f), Walks("sanctions_by_status (status=? AND id>?)"));
  f = {}; f.article_id = 3;
  EXPECT_THAT(plan(f), Walks("sanctions_by_article (article_id=? AND id>?)"));
  // The benchmark's (b): the composite index, one actor's sanctions of one
  // measure in id order.
  f = {}; f.target = "North Korea"; f.measure = extract::Measure::kExportBan;
  EXPECT_THAT(plan(f),
              Walks("sanctions_by_target_measure (target_actor=? AND measure=? AND id>?)"));
  f = {}; f.imposer = "UN"; f.measure = extract::Measure::kExportBan;
  EXPECT_THAT(plan(f),
              Walks("sanctions_by_imposer_measure (imposer_actor=? AND measure=? AND id>?)"));
  f = {}; f.target = "Kim"; f.measure = extract::Measure::kExportBan;
  EXPECT_THAT(plan(f), MergesWalksOf("sanctions_by_target_measure"));
  // Everything at once: the target's walk, the rest per row.
  f = {}; f.imposer = "UN"; f.target = "North Korea"; f.item = "coal";
  f.measure = extract::Measure::kExportBan; f.status = extract::SanctionStatus::kLifted;
  f.dates = kTwoYears;
  EXPECT_THAT(plan(f),
              Walks("sanctions_by_target_measure (target_actor=? AND measure=? AND id>?)"));
  f = {}; f.target = "North Korea"; f.status = extract::SanctionStatus::kLifted;
  EXPECT_THAT(plan(f), Walks("sanctions_by_target (target_actor=? AND id>?)"));
}

// A date range that drives (nothing more selective is set) is planned by
// what it spans (sqlite_queries.h): 300 calls, quotes and sanctions, one a
// day from 2018-01-01, so T = sqrt(51 * 300) = 123 rows.
TEST_F(QueryPlanTest, DateRangesArePlannedByWhatTheySpan) {
  ASSERT_TRUE(db_->Exec(R"sql(
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
    INSERT INTO articles(id, content_sha256, text, title, size_bytes, source, source_lc, url,
                         external_id, published, ingest_time_us, call_count, quote_count,
                         sanction_count)
      SELECT i, 'sha' || i, 't', 't', 1, '', '', '', '', NULL, 0, 1, 1, 1 FROM n;
    INSERT INTO calls(id, dedup_key, date, medium)
      SELECT id, 'k' || id, date('2018-01-01', '+' || (id - 1) || ' days'), 'phone'
      FROM articles;
    INSERT INTO quotes(id, article_id, date, speaker_actor, speaker_ref, speaker_name,
                       speaker_kind, speaker_country, speaker_country_lc, speaker_office, text,
                       direct, span_begin, span_end, evidence)
      SELECT id, id, date, 'person/xi', '', 'Xi', 'person', '', '', '', 'w', 1, 0, 0, ''
      FROM calls;
    INSERT INTO sanctions(id, article_id, date, imposer_ref, imposer_name, imposer_kind,
                          imposer_country, imposer_office, target_ref, target_name, target_kind,
                          target_country, target_office, measure, status, span_begin, span_end,
                          evidence)
      SELECT id, id, date, '', '', '', '', '', '', '', '', '', '', 'tariff', 'imposed', 0, 0, ''
      FROM calls;
  )sql").ok());
  auto days = [](int from, int to) {
    return DateRange{absl::CivilDay(2018, 1, 1) + from, absl::CivilDay(2018, 1, 1) + to};
  };
  auto calls = [&](DateRange d, bool video = false) {
    CallFilter f;
    f.dates = d;
    if (video) f.medium = extract::Medium::kVideo;
    return Plan(CallsQuery(f, kStart, 51, lookup()));
  };
  constexpr char kDay[] = "calls_by_date (date=? AND id>?)";
  constexpr char kRange[] = "calls_by_date (date>? AND date<?)";
  // One day: one walk of the day's (date, id) range, in id order.
  EXPECT_THAT(calls(days(17, 17)), Walks(kDay));
  // Up to 64 days: one walk per day, merged. A medium, low in cardinality,
  // is tested per row rather than driving.
  EXPECT_THAT(calls(days(100, 163)), MergesWalksOf(kDay));
  EXPECT_THAT(calls(days(100, 109), /*video=*/true),
              AllOf(MergesWalksOf(kDay), Not(HasSubstr("calls_by_medium"))));
  // Open-ended: narrowed to the dates held first (the last is day 299).
  EXPECT_THAT(calls({absl::CivilDay(2018, 1, 1) + 280, std::nullopt}), MergesWalksOf(kDay));
  // 100 days hold 100 < T rows: read from the date index and sorted.
  EXPECT_THAT(calls(days(0, 99)), AllOf(HasSubstr(kRange), HasSubstr("TEMP B-TREE")));
  // 200 days hold 200 >= T: the table by id between the range's first and
  // last id (see ALongRangeReadsOnlyBetweenItsFirstAndLastId).
  EXPECT_THAT(calls(days(50, 249)), Walks("INTEGER PRIMARY KEY (rowid>? AND rowid<?)"));
  // No date held in the range: nothing is read.
  EXPECT_THAT(calls(days(400, 500)), Not(HasSubstr("SEARCH")));

  auto quotes = [&](DateRange d) {
    QuoteFilter f;
    f.dates = d;
    f.direct_only = true;
    return Plan(QuotesQuery(f, kStart, 51, lookup()));
  };
  EXPECT_THAT(quotes(days(17, 17)), Walks("quotes_by_date (date=? AND id>?)"));
  EXPECT_THAT(quotes(days(0, 9)), MergesWalksOf("quotes_by_date (date=? AND id>?)"));
  EXPECT_THAT(quotes(days(0, 99)), HasSubstr("quotes_by_date (date>? AND date<?)"));
  EXPECT_THAT(quotes(days(50, 249)), testing::AnyOf(Walks("PRIMARY KEY"), Walks("quotes_direct")));
  auto sanctions = [&](DateRange d) {
    SanctionFilter f;
    f.dates = d;
    f.measure = extract::Measure::kTariff;
    return Plan(SanctionsQuery(f, kStart, 51, lookup()));
  };
  EXPECT_THAT(sanctions(days(17, 17)), Walks("sanctions_by_date (date=? AND id>?)"));
  EXPECT_THAT(sanctions(days(0, 9)), MergesWalksOf("sanctions_by_date (date=? AND id>?)"));
  EXPECT_THAT(sanctions(days(0, 99)), HasSubstr("sanctions_by_date (date>? AND date<?)"));
  // Long and full: the measure's walk, between the range's ids.
  EXPECT_THAT(sanctions(days(50, 249)),
              Walks("sanctions_by_measure (measure=? AND id>? AND id<?)"));
}

// A store filled in date order, asked for a long range late in it: the walk
// by id starts at the range's first row instead of reading every row
// before it, so a page costs the same wherever the range lies.
TEST_F(QueryPlanTest, ALongRangeReadsOnlyBetweenItsFirstAndLastId) {
  ASSERT_TRUE(db_->Exec(R"sql(
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
    INSERT INTO calls(id, dedup_key, date, medium)
      SELECT i, 'k' || i, date('2018-01-01', '+' || (i - 1) || ' days'), 'phone' FROM n;
  )sql")
                  .ok());
  // Runs the page's SQL; returns its ids and, in *steps, the virtual
  // machine steps it took, which grow with the rows it reads.
  auto page = [&](int first_day, int last_day, int64_t after, int* steps) {
    CallFilter f;
    f.dates = {absl::CivilDay(2018, 1, 1) + first_day, absl::CivilDay(2018, 1, 1) + last_day};
    PageCursor cursor;
    cursor.last_id = after;
    absl::StatusOr<IdQuery> query = CallsQuery(f, cursor, 50, lookup());
    EXPECT_TRUE(query.ok()) << query.status();
    std::vector<int64_t> ids;
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_->raw(), query->sql.c_str(), -1, &st, nullptr), SQLITE_OK);
    for (size_t i = 0; i < query->args.size(); ++i) {
      const int slot = static_cast<int>(i + 1);
      if (const auto* n = std::get_if<int64_t>(&query->args[i])) {
        sqlite3_bind_int64(st, slot, *n);
      } else {
        const std::string& text = std::get<std::string>(query->args[i]);
        sqlite3_bind_text(st, slot, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
      }
    }
    while (sqlite3_step(st) == SQLITE_ROW) ids.push_back(sqlite3_column_int64(st, 0));
    *steps = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 0);
    sqlite3_finalize(st);
    return ids;
  };
  // T = sqrt(51 * 2000) = 319: 1,000 days hold 1,000 rows, walked by id.
  int early_steps = 0, late_steps = 0, last_steps = 0;
  std::vector<int64_t> early = page(0, 999, 0, &early_steps);
  std::vector<int64_t> late = page(1000, 1999, 0, &late_steps);
  ASSERT_EQ(early.size(), 50u);
  ASSERT_EQ(late.size(), 50u);
  EXPECT_EQ(early.front(), 1);
  EXPECT_EQ(late.front(), 1001);
  EXPECT_EQ(late.back(), 1050);
  // Without the bound the late page read the 1,000 rows before its first.
  EXPECT_LT(late_steps, 2 * early_steps) << "early " << early_steps << ", late " << late_steps;
  // The last page of the early range stops after the range's last id
  // rather than reading the 1,000 rows after it.
  std::vector<int64_t> last = page(0, 999, 990, &last_steps);
  EXPECT_EQ(last.size(), 10u);
  EXPECT_LT(last_steps, 2 * early_steps) << "first page " << early_steps << ", last " << last_steps;
}

TEST_F(QueryPlanTest, UnknownNamesReadNothing) {
  CallFilter calls; calls.participant = "Nobody";
  EXPECT_THAT(Plan(CallsQuery(calls, kStart, 51, lookup())), Not(HasSubstr("SEARCH")));
  SanctionFilter sanctions; sanctions.target = "North Korea"; sanctions.imposer = "Nobody";
  EXPECT_THAT(Plan(SanctionsQuery(sanctions, kStart, 51, lookup())), Not(HasSubstr("SEARCH")));
}

TEST_F(QueryPlanTest, ManyActorsForOneNameAreReadWholeNotRefused) {
  // More actors than a compound SELECT may merge: one IN walk, sorted.
  for (int i = 0; i < 70; ++i) {
    ASSERT_TRUE(db_->Exec(absl::StrCat(
        "INSERT INTO actors VALUES ('person/lee-", i, "', 'Lee', 'lee', 'person', '', '');"
        "INSERT INTO actor_aliases VALUES ('lee', 'person/lee-", i, "', 'Lee');")).ok());
  }
  QuoteFilter f; f.speaker = "Lee";
  EXPECT_THAT(Plan(QuotesQuery(f, kStart, 51, lookup())), HasSubstr("quotes_by_speaker"));
}

TEST_F(QueryPlanTest, ActorFilters) {
  auto plan = [&](ActorFilter f) { return Plan(ActorsQuery(f, kStart, 51)); };
  ActorFilter f;
  f = {}; f.name_prefix = "xi";
  EXPECT_THAT(plan(f), HasSubstr("alias_lc>? AND alias_lc<?"));
  f = {}; f.country = "China";
  EXPECT_THAT(plan(f), HasSubstr("actors_by_country"));
  f = {}; f.office = "President";
  EXPECT_THAT(plan(f), HasSubstr("actor_offices_by_office"));
  f = {}; f.kind = extract::ActorKind::kPerson;
  EXPECT_THAT(plan(f), HasSubstr("actors_by_kind"));
  f = {}; f.with_events_only = true;
  std::string events = plan(f);
  EXPECT_THAT(events, HasSubstr("call_participants_by_actor_date"));
  EXPECT_THAT(events, HasSubstr("quotes_by_speaker"));
  EXPECT_THAT(events, HasSubstr("sanctions_by_imposer"));
  EXPECT_THAT(events, HasSubstr("sanctions_by_target"));
}

TEST_F(QueryPlanTest, ArticleFilters) {
  auto plan = [&](ArticleFilter f) { return Plan(ArticlesQuery(f, kStart, 51, lookup())); };
  ArticleFilter f;
  f = {}; f.source = "Xinhua";
  EXPECT_THAT(plan(f), Walks("articles_by_source (source_lc=? AND id>?)"));
  f = {}; f.external_id = "x-1";
  EXPECT_THAT(plan(f), Walks("articles_by_external_id (external_id=? AND id>?)"));
  f = {}; f.source = "Xinhua"; f.external_id = "x-1"; f.dates = kTwoYears;
  EXPECT_THAT(plan(f), Walks("articles_by_external_id (external_id=? AND id>?)"));
  // Dates as for events (DateRangesArePlannedByWhatTheySpan): here one
  // article is published on 2018-05-01.
  ASSERT_TRUE(db_->Exec("INSERT INTO articles(id, content_sha256, text, title, size_bytes, source, "
                        "source_lc, url, external_id, published, ingest_time_us, call_count, "
                        "quote_count, sanction_count) VALUES (1, 'sha', 't', 't', 1, '', '', '', "
                        "'', '2018-05-01', 0, 0, 0, 0)")
                  .ok());
  f = {}; f.dates = kSince;
  EXPECT_THAT(plan(f), Walks("articles_by_published (published=? AND id>?)"));
  f = {}; f.dates = kTwoYears; f.source = "Xinhua";
  EXPECT_THAT(plan(f), Walks("articles_by_source (source_lc=? AND id>?)"));
}

}  // namespace
}  // namespace parley::store::sqlite
