#include "store/day_summary.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "store/schema.h"
#include "store/sqlite_db.h"
#include "store/sqlite_queries.h"

namespace parley::store::sqlite {
namespace {

class DaySummaryTest : public testing::Test {
 protected:
  void SetUp() override {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::path(testing::TempDir()) /
            absl::StrCat("parley_day_summary_", info->name(), "_", getpid(), ".db");
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

  // Calls `first`..`last` (ids), dated `day`, or undated when `day` is "".
  void AddCalls(int first, int last, const std::string& day) {
    for (int id = first; id <= last; ++id) {
      auto st = db_->Prepare(
          "INSERT INTO calls(id, dedup_key, date, medium) VALUES (?, ?, ?, "
          "'phone')");
      ASSERT_TRUE(st.ok()) << st.status();
      st->Bind(int64_t{id}).Bind(absl::StrCat("k", id));
      if (day.empty())
        st->BindNull();
      else
        st->Bind(day);
      ASSERT_TRUE(st->Run().ok());
    }
  }

  // The store's SQL runner, counting the summary's full builds and failing
  // the queries that contain `fail_on` (when set).
  SqlValues Sql() {
    SqlValues inner = LookupOn(*db_).sql;
    return [this, inner](
               absl::string_view sql,
               const std::vector<std::string>& args) -> absl::StatusOr<std::vector<std::string>> {
      if (absl::StrContains(sql, "GROUP BY")) ++builds_;
      if (!fail_on_.empty() && absl::StrContains(sql, fail_on_)) {
        return absl::UnavailableError("injected");
      }
      return inner(sql, args);
    };
  }

  std::filesystem::path path_;
  std::unique_ptr<Connection> db_;
  int builds_ = 0;
  std::string fail_on_;
  DaySummary calls_{"calls", "date", "calls_by_date"};
};

TEST_F(DaySummaryTest, AnEmptyTableHoldsNothing) {
  auto span = calls_.Span(Sql(), "", "9999-12-31");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(span->rows, 0);
  EXPECT_EQ(span->first_day, "");
  EXPECT_EQ(span->table_last_id, 0);
}

TEST_F(DaySummaryTest, ARangeSumsItsDaysAndBoundsTheirIds) {
  AddCalls(1, 3, "2024-01-01");
  AddCalls(4, 4, "");  // Undated: in no range, but counted in the table's ids.
  AddCalls(5, 6, "2024-01-03");
  AddCalls(7, 7, "2024-02-01");
  auto span = calls_.Span(Sql(), "2024-01-02", "2024-01-31");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(span->rows, 2);
  EXPECT_EQ(span->first_day, "2024-01-03");
  EXPECT_EQ(span->last_day, "2024-01-03");
  EXPECT_EQ(span->first_id, 5);
  EXPECT_EQ(span->last_id, 6);
  EXPECT_EQ(span->table_last_id, 7);

  span = calls_.Span(Sql(), "", "9999-12-31");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(span->rows, 6);
  EXPECT_EQ(span->first_day, "2024-01-01");
  EXPECT_EQ(span->last_day, "2024-02-01");
  EXPECT_EQ(span->first_id, 1);
  EXPECT_EQ(span->last_id, 7);

  span = calls_.Span(Sql(), "2024-03-01", "2024-12-31");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(span->rows, 0);
}

// Rows added later are read alone, by id, not by building the summary
// again; a day's first id is its oldest row's even when the day grows.
TEST_F(DaySummaryTest, RowsAddedLaterAreReadWithoutABuild) {
  AddCalls(1, 2, "2024-01-05");
  ASSERT_TRUE(calls_.Span(Sql(), "", "9999-12-31").ok());
  EXPECT_EQ(builds_, 1);
  AddCalls(3, 4, "2024-01-01");
  AddCalls(5, 5, "2024-01-05");
  auto span = calls_.Span(Sql(), "2024-01-05", "2024-01-05");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(span->rows, 3);
  EXPECT_EQ(span->first_id, 1);
  EXPECT_EQ(span->last_id, 5);
  span = calls_.Span(Sql(), "", "9999-12-31");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(span->rows, 5);
  EXPECT_EQ(span->first_day, "2024-01-01");
  EXPECT_EQ(builds_, 1);
}

// A failed read leaves the summary as it was: the rows it had begun to
// read are not counted twice when the next call reads them again.
TEST_F(DaySummaryTest, AFailedReadChangesNothing) {
  AddCalls(1, 1, "2024-01-01");
  ASSERT_TRUE(calls_.Span(Sql(), "", "9999-12-31").ok());
  AddCalls(2, 3, "2024-01-01");
  fail_on_ = "id > CAST";
  EXPECT_EQ(calls_.Span(Sql(), "", "9999-12-31").status().code(), absl::StatusCode::kUnavailable);
  fail_on_.clear();
  auto span = calls_.Span(Sql(), "", "9999-12-31");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(span->rows, 3);

  // A failed first build: the next call builds it whole.
  DaySummary fresh("calls", "date", "calls_by_date");
  fail_on_ = "GROUP BY";
  EXPECT_FALSE(fresh.Span(Sql(), "", "9999-12-31").ok());
  fail_on_.clear();
  span = fresh.Span(Sql(), "", "9999-12-31");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(span->rows, 3);
}

// Readers on their own connections and snapshots share one summary while
// a writer appends: every answer bounds what its reader can see (the
// summary may be ahead of an older snapshot, never behind), and the last
// one is exact. Labelled `concurrent`: ThreadSanitizer runs it.
TEST_F(DaySummaryTest, ReadersOfDifferentSnapshotsShareOne) {
  ASSERT_TRUE(db_->Exec("PRAGMA journal_mode = WAL").ok());
  AddCalls(1, 10, "2024-01-01");
  constexpr int kReaders = 4, kRounds = 40, kWrites = 200;
  std::atomic<bool> writing{true};
  std::thread writer([&] {
    for (int id = 11; id <= 10 + kWrites; ++id) {
      AddCalls(id, id, id % 3 == 0 ? "" : (id % 2 == 0 ? "2024-01-02" : "2024-03-01"));
    }
    writing = false;
  });
  std::vector<std::thread> readers;
  std::atomic<int> answers{0};
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&] {
      auto db = Connection::Open(path_, SQLITE_OPEN_READONLY);
      ASSERT_TRUE(db.ok()) << db.status();
      SqlValues sql = LookupOn(**db).sql;
      for (int i = 0; i < kRounds || writing; ++i) {
        ASSERT_TRUE((*db)->Exec("BEGIN").ok());
        // What this snapshot holds in January, counted directly.
        auto seen =
            sql("SELECT count(*) || ' ' || min(id) || ' ' || max(id) FROM calls "
                "WHERE date BETWEEN '2024-01-01' AND '2024-01-31'",
                {});
        auto span = calls_.Span(sql, "2024-01-01", "2024-01-31");
        ASSERT_TRUE((*db)->Exec("COMMIT").ok());
        ASSERT_TRUE(seen.ok() && span.ok());
        std::vector<std::string> n = absl::StrSplit(seen->front(), ' ');
        EXPECT_GE(span->rows, std::stoll(n[0]));
        EXPECT_LE(span->first_id, std::stoll(n[1]));
        EXPECT_GE(span->last_id, std::stoll(n[2]));
        ++answers;
      }
    });
  }
  writer.join();
  for (std::thread& t : readers) t.join();
  EXPECT_GE(answers.load(), kReaders * kRounds);
  auto span = calls_.Span(Sql(), "2024-01-01", "2024-01-31");
  ASSERT_TRUE(span.ok()) << span.status();
  int64_t january = 0, last = 0;
  for (int id = 1; id <= 10 + kWrites; ++id) {
    if (id <= 10 || (id % 3 != 0 && id % 2 == 0)) {
      ++january;
      last = id;
    }
  }
  EXPECT_EQ(span->rows, january);
  EXPECT_EQ(span->first_id, 1);
  EXPECT_EQ(span->last_id, last);
}

TEST(DaySummariesTest, OneForEachDatedTable) {
  DaySummaries all;
  for (const char* table : {"calls", "quotes", "sanctions", "articles"}) {
    EXPECT_NE(all.Of(table), nullptr) << table;
  }
  EXPECT_EQ(all.Of("actors"), nullptr);
  EXPECT_NE(all.Of("calls"), all.Of("quotes"));
}

}  // namespace
}  // namespace parley::store::sqlite
