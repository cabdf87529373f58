// What only a shared, networked database adds to the conformance suite:
// several replicas on one database, migrations racing, the server going away
// and coming back. Real PostgreSQL from scripts/with_postgres.sh.
#include "parley/store/postgres_store.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parley/store/store.h"
#include "pg_schema.h"
#include "pg_test_util.h"

namespace parley::store {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

extract::ActorRef Xi() {
  return {"person/xi-jinping", "Xi Jinping", extract::ActorKind::kPerson, "China", "President"};
}
extract::ActorRef Moon() {
  return {"person/moon-jae-in", "Moon Jae-in", extract::ActorKind::kPerson, "South Korea",
          "President"};
}

ArticleInput Article(std::string text) {
  ArticleInput a;
  a.text = std::move(text);
  a.source = "Test";
  return a;
}

// One quote, and the call every article of these tests reports.
extract::Extraction Events(const std::string& text) {
  extract::Extraction e;
  extract::Quote q;
  q.speaker = Xi();
  q.text = text.substr(0, 10);
  q.provenance = {0, text.size(), text};
  e.quotes.push_back(q);
  extract::Call c;
  c.participants = {Xi(), Moon()};
  c.date = absl::CivilDay(2021, 3, 4);
  c.provenance = {0, text.size(), text};
  e.calls.push_back(c);
  return e;
}

std::unique_ptr<Store> MustOpen(const std::string& uri) {
  StoreOptions options;
  options.location = uri;
  absl::StatusOr<std::unique_ptr<Store>> store = OpenPostgres(options);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

class PostgresStoreTest : public testing::Test {
 protected:
  void SetUp() override {
    if (!pg::TestServerUri()) GTEST_SKIP() << pg::kNoServerReason;
    uri_ = pg::FreshSchemaUri();
  }
  std::string uri_;
};

TEST_F(PostgresStoreTest, TwoReplicasIngestingTheSameTextsStoreEachOnce) {
  std::unique_ptr<Store> a = MustOpen(uri_), b = MustOpen(uri_);
  ASSERT_TRUE(a && b);
  constexpr int kTexts = 30, kThreadsPerReplica = 2;
  std::vector<std::string> texts;
  for (int i = 0; i < kTexts; ++i) texts.push_back(absl::StrCat("Story number ", i, " on Xi."));

  // Every thread sends every text, each in its own order.
  std::vector<std::vector<absl::StatusOr<IngestResult>>> results(2 * kThreadsPerReplica);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kThreadsPerReplica; ++t) {
    threads.emplace_back([&, t] {
      Store& store = t % 2 ? *a : *b;
      results[t].resize(kTexts);
      for (int k = 0; k < kTexts; ++k) {
        // A different rotation per thread, every other one reversed.
        int i = (t % 2 ? kTexts - 1 - k : k + 7 * t) % kTexts;
        results[t][i] = store.Ingest(Article(texts[i]), Events(texts[i]));
      }
    });
  }
  for (std::thread& t : threads) t.join();

  std::set<int64_t> articles, calls;
  for (int i = 0; i < kTexts; ++i) {
    int stored = 0;
    std::set<int64_t> ids;
    for (const auto& per_thread : results) {
      const absl::StatusOr<IngestResult>& r = per_thread[i];
      ASSERT_TRUE(r.ok()) << r.status();
      stored += r->duplicate ? 0 : 1;
      ids.insert(r->article_id);
      calls.insert(r->call_ids.at(0));
    }
    EXPECT_EQ(stored, 1) << texts[i];
    EXPECT_EQ(ids.size(), 1u) << texts[i];
    articles.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(articles.size(), size_t{kTexts});
  EXPECT_EQ(calls.size(), 1u) << "the shared call was stored more than once";

  absl::StatusOr<Page<StoredArticle>> listed = a->ListArticles({}, PageRequest{1000, ""});
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->items.size(), size_t{kTexts});
  absl::StatusOr<StoredCall> call = b->GetCall(*calls.begin());
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->mentions.size(), size_t{kTexts});
  absl::StatusOr<std::vector<SequencedEvent>> events = a->EventsAfter(0, 1000);
  ASSERT_TRUE(events.ok()) << events.status();
  EXPECT_EQ(events->size(), size_t{kTexts + 1});  // One quote each, one call.
}

TEST_F(PostgresStoreTest, EventsAfterNeverSkipsAnEventCommittedLate) {
  // Writers in two replicas commit concurrently while a reader in a third
  // follows the log as the query service does. With sequence numbers handed
  // out in allocation order, a transaction that took N and committed after
  // N+1 would be skipped by a reader that had already seen N+1.
  std::unique_ptr<Store> a = MustOpen(uri_), b = MustOpen(uri_), reader = MustOpen(uri_);
  ASSERT_TRUE(a && b && reader);
  constexpr int kWriters = 6, kPerWriter = 40;
  std::atomic<int> running{kWriters};
  std::vector<std::set<int64_t>> quote_ids(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        std::string text = absl::StrCat("Writer ", w, " item ", i);
        absl::StatusOr<IngestResult> r = (w % 2 ? *a : *b).Ingest(Article(text), Events(text));
        EXPECT_TRUE(r.ok()) << r.status();
        if (r.ok()) quote_ids[w].insert(r->quote_ids.at(0));
      }
      --running;
    });
  }
  std::vector<SequencedEvent> seen;
  int64_t last = 0;
  for (bool done = false; !done;) {
    done = running == 0;  // Drain once more after the writers finish.
    absl::StatusOr<std::vector<SequencedEvent>> batch = reader->EventsAfter(last, 7);
    ASSERT_TRUE(batch.ok()) << batch.status();
    for (const SequencedEvent& e : *batch) {
      EXPECT_GT(e.sequence, last);
      last = e.sequence;
      seen.push_back(e);
    }
    if (batch->size() == 7) done = false;
  }
  for (std::thread& t : writers) t.join();

  std::set<int64_t> expected_quotes, seen_quotes;
  for (const auto& ids : quote_ids) expected_quotes.insert(ids.begin(), ids.end());
  for (const SequencedEvent& e : seen) {
    if (e.type == SequencedEvent::Type::kQuote) seen_quotes.insert(e.id);
  }
  EXPECT_EQ(seen_quotes, expected_quotes);
  absl::StatusOr<std::vector<SequencedEvent>> all = reader->EventsAfter(0, 10000);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), seen.size());
}

TEST_F(PostgresStoreTest, MigrationsRunOnceWhenReplicasStartTogether) {
  constexpr int kReplicas = 6;
  std::vector<std::unique_ptr<Store>> stores(kReplicas);
  std::vector<std::thread> threads;
  for (int i = 0; i < kReplicas; ++i) {
    threads.emplace_back([&, i] { stores[i] = MustOpen(uri_); });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& s : stores) ASSERT_NE(s, nullptr);

  pqxx::connection conn(*pg::TestServerUri());
  pqxx::nontransaction txn(conn);
  const std::string schema = pg::SchemaOf(uri_);
  EXPECT_EQ(txn.exec1(absl::StrCat("SELECT count(*) FROM ", schema, ".schema_migrations"))[0]
                .as<int>(),
            pg::LatestSchemaVersion());
  EXPECT_EQ(txn.exec1(absl::StrCat("SELECT count(*) FROM ", schema, ".store_meta"))[0].as<int>(),
            1);

  // One token secret for all: a page token from one replica works on another.
  for (int i = 0; i < 3; ++i) {
    std::string text = absl::StrCat("Article ", i);
    ASSERT_TRUE(stores[i]->Ingest(Article(text), {}).ok());
  }
  absl::StatusOr<Page<StoredArticle>> first = stores[0]->ListArticles({}, PageRequest{2, ""});
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_FALSE(first->next_page_token.empty());
  absl::StatusOr<Page<StoredArticle>> second =
      stores[5]->ListArticles({}, PageRequest{2, first->next_page_token});
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->items.size(), 1u);
}

TEST_F(PostgresStoreTest, NewerSchemaIsRefused) {
  ASSERT_NE(MustOpen(uri_), nullptr);
  {
    pqxx::connection conn(*pg::TestServerUri());
    pqxx::nontransaction txn(conn);
    txn.exec(absl::StrCat("INSERT INTO ", pg::SchemaOf(uri_),
                          ".schema_migrations (version) VALUES (1000)"));
  }
  StoreOptions options;
  options.location = uri_;
  absl::Status status = OpenPostgres(options).status();
  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("version 1000"));
}

TEST_F(PostgresStoreTest, TextPostgresCannotHoldIsInvalidArgument) {
  std::unique_ptr<Store> store = MustOpen(uri_);
  ASSERT_NE(store, nullptr);
  std::string text("NUL \0 inside", 12);
  absl::Status status = store->Ingest(Article(text), {}).status();
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("text"));
  absl::StatusOr<Page<StoredArticle>> listed = store->ListArticles({}, PageRequest{10, ""});
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->items.empty());
}

// Restarts the server when a test that stopped it ends, whatever happened.
class ServerRestarter {
 public:
  ~ServerRestarter() {
    if (stopped_) pg::ServerCtl("start");
  }
  bool Stop() { return stopped_ = pg::ServerCtl("stop"); }
  bool Start() {
    stopped_ = !pg::ServerCtl("start");
    return !stopped_;
  }

 private:
  bool stopped_ = false;
};

TEST_F(PostgresStoreTest, DatabaseDownIsUnavailableThenRecovers) {
  if (!pg::HaveServerCtl()) GTEST_SKIP() << "PARLEY_TEST_POSTGRES_CTL is unset";
  std::unique_ptr<Store> store = MustOpen(uri_);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Ingest(Article("Before the outage."), {}).ok());

  ServerRestarter server;
  ASSERT_TRUE(server.Stop());
  absl::Status ingest = store->Ingest(Article("During the outage."), {}).status();
  EXPECT_TRUE(absl::IsUnavailable(ingest)) << ingest;
  absl::Status list = store->ListArticles({}, PageRequest{10, ""}).status();
  EXPECT_TRUE(absl::IsUnavailable(list)) << list;
  EXPECT_THAT(std::string(list.message()), HasSubstr("PostgreSQL"));
  StoreOptions options;
  options.location = uri_;
  absl::Status open = OpenPostgres(options).status();
  EXPECT_TRUE(absl::IsUnavailable(open)) << open;

  ASSERT_TRUE(server.Start());
  // No restart of ours: the store reconnects on its own.
  absl::StatusOr<IngestResult> after = store->Ingest(Article("After the outage."), {});
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_FALSE(after->duplicate);
  absl::StatusOr<Page<StoredArticle>> listed = store->ListArticles({}, PageRequest{10, ""});
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->items.size(), 2u);  // Nothing of the failed ingest.
}

// ---- Without a server ----------------------------------------------------

TEST(PostgresOpenTest, RejectsOtherLocations) {
  StoreOptions options;
  options.location = "/tmp/parley.db";
  EXPECT_TRUE(absl::IsInvalidArgument(OpenPostgres(options).status()));
  options.location = "postgresql://localhost/db";
  options.max_batch = 0;
  EXPECT_TRUE(absl::IsInvalidArgument(OpenPostgres(options).status()));
}

TEST(PostgresOpenTest, UnreachableServerIsUnavailableWithoutThePassword) {
  StoreOptions options;
  // Port 1 on loopback: refused at once.
  options.location = "postgresql://parley:s3cret@127.0.0.1:1/parley";
  absl::Status status = OpenPostgres(options).status();
  EXPECT_TRUE(absl::IsUnavailable(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("127.0.0.1:1"));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("s3cret")));
}

TEST(PostgresOpenTest, OpenRoutesPostgresUris) {
  ASSERT_TRUE(RegisterPostgresStore());
  StoreOptions options;
  options.location = "postgres://parley@127.0.0.1:1/parley";
  absl::Status status = Open(options).status();
  EXPECT_TRUE(absl::IsUnavailable(status)) << status;  // Ours, not UNIMPLEMENTED.
}

}  // namespace
}  // namespace parley::store
