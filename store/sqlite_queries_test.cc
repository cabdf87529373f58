// Every List filter is answered by an index: EXPLAIN QUERY PLAN on the exact
// SQL the store runs must name the filter's index and never scan a table
// without one.
#include "store/sqlite_queries.h"

#include <unistd.h>

#include <filesystem>
#include <string>
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
                      !absl::StrContains(detail, "CONSTANT ROW");
      EXPECT_FALSE(bad_scan) << detail << "\nin: " << query->sql;
      lines.push_back(detail);
    }
    return absl::StrJoin(lines, "\n");
  }

  std::filesystem::path path_;
  std::unique_ptr<Connection> db_;
};

using testing::HasSubstr;

const PageCursor kStart;
const DateRange kSince{absl::CivilDay(2018, 1, 1), std::nullopt};

TEST_F(QueryPlanTest, CallFilters) {
  auto plan = [&](CallFilter f) { return Plan(CallsQuery(f, kStart, 51)); };
  EXPECT_THAT(plan({}), HasSubstr("INTEGER PRIMARY KEY"));
  CallFilter f;
  f = {}; f.participant = "Xi";
  EXPECT_THAT(plan(f), HasSubstr("call_participants_by_actor"));
  f = {}; f.participant_id = "person/xi";
  EXPECT_THAT(plan(f), HasSubstr("call_participants_by_actor"));
  f = {}; f.country = "China";
  EXPECT_THAT(plan(f), HasSubstr("call_participants_by_country"));
  f = {}; f.topic = "trade";
  EXPECT_THAT(plan(f), HasSubstr("call_topics_by_topic"));
  f = {}; f.medium = extract::Medium::kVideo;
  EXPECT_THAT(plan(f), HasSubstr("calls_by_medium"));
  f = {}; f.dates = kSince;
  EXPECT_THAT(plan(f), testing::AnyOf(HasSubstr("calls_by_date"), HasSubstr("PRIMARY KEY")));
  f = {}; f.article_id = 3;
  EXPECT_THAT(plan(f), HasSubstr("call_mentions_by_article"));
}

TEST_F(QueryPlanTest, QuoteFilters) {
  auto plan = [&](QuoteFilter f) { return Plan(QuotesQuery(f, kStart, 51)); };
  QuoteFilter f;
  f = {}; f.speaker = "Xi";
  EXPECT_THAT(plan(f), HasSubstr("quotes_by_speaker"));
  f = {}; f.speaker_id = "person/xi";
  EXPECT_THAT(plan(f), HasSubstr("quotes_by_speaker"));
  f = {}; f.country = "China";
  EXPECT_THAT(plan(f), HasSubstr("quotes_by_country"));
  f = {}; f.text_query = "peace";
  EXPECT_THAT(plan(f), HasSubstr("quotes_fts"));
  f = {}; f.dates = kSince;
  EXPECT_THAT(plan(f), testing::AnyOf(HasSubstr("quotes_by_date"), HasSubstr("PRIMARY KEY")));
  f = {}; f.direct_only = true;
  EXPECT_THAT(plan(f), testing::AnyOf(HasSubstr("quotes_direct"), HasSubstr("PRIMARY KEY")));
  f = {}; f.article_id = 3;
  EXPECT_THAT(plan(f), HasSubstr("quotes_by_article"));
}

TEST_F(QueryPlanTest, SanctionFilters) {
  auto plan = [&](SanctionFilter f) { return Plan(SanctionsQuery(f, kStart, 51)); };
  SanctionFilter f;
  f = {}; f.imposer = "UN";
  EXPECT_THAT(plan(f), HasSubstr("sanctions_by_imposer"));
  f = {}; f.target = "North Korea";
  EXPECT_THAT(plan(f), HasSubstr("sanctions_by_target"));
  f = {}; f.item = "coal";
  EXPECT_THAT(plan(f), HasSubstr("sanction_items_by_item"));
  f = {}; f.measure = extract::Measure::kTariff;
  EXPECT_THAT(plan(f), HasSubstr("sanctions_by_measure"));
  f = {}; f.status = extract::SanctionStatus::kLifted;
  EXPECT_THAT(plan(f), HasSubstr("sanctions_by_status"));
  f = {}; f.dates = kSince;
  EXPECT_THAT(plan(f), testing::AnyOf(HasSubstr("sanctions_by_date"), HasSubstr("PRIMARY KEY")));
  f = {}; f.article_id = 3;
  EXPECT_THAT(plan(f), HasSubstr("sanctions_by_article"));
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
  EXPECT_THAT(events, HasSubstr("call_participants_by_actor"));
  EXPECT_THAT(events, HasSubstr("quotes_by_speaker"));
  EXPECT_THAT(events, HasSubstr("sanctions_by_imposer"));
  EXPECT_THAT(events, HasSubstr("sanctions_by_target"));
}

TEST_F(QueryPlanTest, ArticleFilters) {
  auto plan = [&](ArticleFilter f) { return Plan(ArticlesQuery(f, kStart, 51)); };
  ArticleFilter f;
  f = {}; f.source = "Xinhua";
  EXPECT_THAT(plan(f), HasSubstr("articles_by_source"));
  f = {}; f.external_id = "x-1";
  EXPECT_THAT(plan(f), HasSubstr("articles_by_external_id"));
  f = {}; f.dates = kSince;
  EXPECT_THAT(plan(f),
              testing::AnyOf(HasSubstr("articles_by_published"), HasSubstr("PRIMARY KEY")));
}

}  // namespace
}  // namespace parley::store::sqlite
