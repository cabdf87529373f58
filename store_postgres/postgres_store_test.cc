// What only a shared, networked database adds to the conformance suite:
// several replicas on one database, migrations racing, the server going away
// and coming back. Real PostgreSQL from scripts/with_postgres.sh.
#include "parley/store/postgres_store.h"

#include <algorithm>
#include <atomic>
#include <chrono>
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

TEST_F(PostgresStoreTest, QuoteIdsBecomeVisibleInIdOrder) {
  // Keyset pages walk ids upwards, so a reader that has paged past id N
  // never sees a row with a smaller id committed later. Ids must therefore
  // become visible in id order even with two replicas writing: any snapshot
  // holds every quote below its highest id. (Ids are taken from sequences,
  // outside any lock, unless the writers' lock comes first.)
  std::unique_ptr<Store> a = MustOpen(uri_), b = MustOpen(uri_), reader = MustOpen(uri_);
  ASSERT_TRUE(a && b && reader);
  constexpr int kWriters = 6, kPerWriter = 40;
  std::atomic<int> running{kWriters};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        std::string text = absl::StrCat("Writer ", w, " line ", i);
        absl::StatusOr<IngestResult> r = (w % 2 ? *a : *b).Ingest(Article(text), Events(text));
        EXPECT_TRUE(r.ok()) << r.status();
      }
      --running;
    });
  }
  std::vector<std::set<int64_t>> snapshots;
  while (running > 0) {
    absl::StatusOr<Page<StoredQuote>> page = reader->ListQuotes({}, {1000, ""});
    ASSERT_TRUE(page.ok()) << page.status();
    std::set<int64_t> ids;
    for (const StoredQuote& q : page->items) ids.insert(q.id);
    snapshots.push_back(std::move(ids));
  }
  for (std::thread& t : writers) t.join();

  absl::StatusOr<Page<StoredQuote>> all = reader->ListQuotes({}, {1000, ""});
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->items.size(), size_t{kWriters * kPerWriter});
  int holes = 0;
  for (const std::set<int64_t>& seen : snapshots) {
    if (seen.empty()) continue;
    for (const StoredQuote& q : all->items) {
      if (q.id < *seen.rbegin() && !seen.count(q.id)) ++holes;
    }
  }
  EXPECT_EQ(holes, 0) << "quotes committed after a higher id was already visible, over "
                      << snapshots.size() << " snapshots";
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

// ---- Batches: several articles written by one transaction -----------------

// Holds the store's writers' lock from a session of the test's own, so the
// store's next batch stops at its events insert (rows written, not yet
// committed) until Release().
class WritersLock {
 public:
  explicit WritersLock(const std::string& uri)
      : conn_(*pg::TestServerUri()), key_(absl::StrCat("parley.events.", pg::SchemaOf(uri))) {
    pqxx::nontransaction(conn_).exec_params("SELECT pg_advisory_lock(hashtext($1))", key_);
  }
  ~WritersLock() { Release(); }
  void Release() {
    if (released_) return;
    released_ = true;
    pqxx::nontransaction(conn_).exec_params("SELECT pg_advisory_unlock(hashtext($1))", key_);
  }

 private:
  pqxx::connection conn_;
  const std::string key_;
  bool released_ = false;
};

struct Input {
  ArticleInput article;
  extract::Extraction events;
};

Input Story(const std::string& text) { return {Article(text), Events(text)}; }

// Ingests `inputs` concurrently as ONE batch of `store`: a first article
// holds the writer at the writers' lock while the others queue up behind it.
// The pauses only give the threads time to queue; the batch count checks
// that they did.
std::vector<absl::StatusOr<IngestResult>> IngestAsOneBatch(Store& store, const std::string& uri,
                                                           const std::vector<Input>& inputs) {
  const int64_t batches_before = store.commit_stats().transactions;
  std::vector<absl::StatusOr<IngestResult>> results(inputs.size());
  WritersLock lock(uri);
  std::thread holder([&] {
    EXPECT_TRUE(store.Ingest(Article("Holds the writer."), Events("Holds the writer.")).ok());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::vector<std::thread> threads;
  for (size_t i = 0; i < inputs.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = store.Ingest(inputs[i].article, inputs[i].events); });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  lock.Release();
  holder.join();
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(store.commit_stats().transactions - batches_before, 2)
      << "the inputs did not share one batch";
  return results;
}

size_t EventCount(Store& store) {
  absl::StatusOr<std::vector<SequencedEvent>> events = store.EventsAfter(0, 10000);
  EXPECT_TRUE(events.ok()) << events.status();
  return events.ok() ? events->size() : 0;
}

TEST_F(PostgresStoreTest, OneArticleTheDatabaseRefusesFailsAloneInItsBatch) {
  std::unique_ptr<Store> store = MustOpen(uri_);
  ASSERT_NE(store, nullptr);
  // A real refusal from the server, on the batch's fifth table: a trigger
  // rejecting one quote's text (no validation of ours knows this rule).
  {
    pqxx::connection conn(*pg::TestServerUri());
    pqxx::nontransaction txn(conn);
    const std::string schema = pg::SchemaOf(uri_);
    txn.exec(absl::StrCat(
        "CREATE FUNCTION ", schema, ".reject_poison() RETURNS trigger LANGUAGE plpgsql AS $$",
        " BEGIN IF NEW.text = 'poison' THEN RAISE EXCEPTION 'poisoned quote'",
        " USING ERRCODE = '22023'; END IF; RETURN NEW; END $$"));
    txn.exec(absl::StrCat("CREATE TRIGGER reject_poison BEFORE INSERT ON ", schema,
                          ".quotes FOR EACH ROW EXECUTE FUNCTION ", schema, ".reject_poison()"));
  }
  std::vector<Input> inputs;
  for (int i = 0; i < 8; ++i) inputs.push_back(Story(absl::StrCat("Batch story ", i, ".")));
  inputs[3].events.quotes[0].text = "poison";

  std::vector<absl::StatusOr<IngestResult>> results = IngestAsOneBatch(*store, uri_, inputs);
  std::set<int64_t> stored;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (i == 3) {
      EXPECT_TRUE(absl::IsInvalidArgument(results[i].status())) << results[i].status();
      EXPECT_THAT(std::string(results[i].status().message()), HasSubstr("poisoned quote"));
      continue;
    }
    ASSERT_TRUE(results[i].ok()) << results[i].status();
    EXPECT_FALSE(results[i]->duplicate);
    stored.insert(results[i]->article_id);
    absl::StatusOr<StoredQuote> quote = store->GetQuote(results[i]->quote_ids.at(0));
    ASSERT_TRUE(quote.ok()) << quote.status();
    EXPECT_EQ(quote->article_id, results[i]->article_id);
  }
  EXPECT_EQ(stored.size(), inputs.size() - 1);
  // Nothing of the refused article: no row, no event.
  absl::StatusOr<Page<StoredArticle>> listed = store->ListArticles({}, PageRequest{100, ""});
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->items.size(), inputs.size());  // 7 and the holder.
  for (const StoredArticle& a : listed->items) EXPECT_NE(a.title, inputs[3].article.text);
  EXPECT_EQ(EventCount(*store), inputs.size() + 1);  // A quote each, one call.
  // Retried alone, the refusal is the same: it is the article, not the batch.
  absl::Status again = store->Ingest(inputs[3].article, inputs[3].events).status();
  EXPECT_TRUE(absl::IsInvalidArgument(again)) << again;
}

TEST_F(PostgresStoreTest, DuplicatesInsideOneBatchAreStoredOnce) {
  std::unique_ptr<Store> store = MustOpen(uri_);
  ASSERT_NE(store, nullptr);
  absl::StatusOr<IngestResult> before = store->Ingest(Article("Stored before."),
                                                      Events("Stored before."));
  ASSERT_TRUE(before.ok()) << before.status();
  std::vector<Input> inputs = {Story("Text A."), Story("Text B."), Story("Text A."),
                               Story("Stored before."), Story("Text B."), Story("Text A.")};

  std::vector<absl::StatusOr<IngestResult>> results = IngestAsOneBatch(*store, uri_, inputs);
  std::map<std::string, std::vector<IngestResult>> by_text;
  for (size_t i = 0; i < inputs.size(); ++i) {
    ASSERT_TRUE(results[i].ok()) << results[i].status();
    by_text[inputs[i].article.text].push_back(*results[i]);
  }
  for (const auto& [text, copies] : by_text) {
    int stored = 0;
    for (const IngestResult& r : copies) {
      stored += r.duplicate ? 0 : 1;
      EXPECT_EQ(r.article_id, copies[0].article_id) << text;
      EXPECT_EQ(r.quote_ids, copies[0].quote_ids) << text;
      EXPECT_EQ(r.call_ids, copies[0].call_ids) << text;
      EXPECT_EQ(r.quote_ids.size(), 1u) << text;
    }
    EXPECT_EQ(stored, text == "Stored before." ? 0 : 1) << text;
  }
  const IngestResult& again = by_text["Stored before."][0];
  EXPECT_EQ(again.article_id, before->article_id);
  EXPECT_EQ(again.quote_ids, before->quote_ids);
  EXPECT_EQ(again.call_ids, before->call_ids);
  // Stored before, the holder, A, B: a quote each, and their one call.
  EXPECT_EQ(EventCount(*store), 5u);
  absl::StatusOr<StoredCall> call = store->GetCall(before->call_ids.at(0));
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->mentions.size(), 4u);
}

TEST_F(PostgresStoreTest, SameTextFromTwoReplicasAtOnceIsStoredOnce) {
  std::unique_ptr<Store> a = MustOpen(uri_), b = MustOpen(uri_);
  ASSERT_TRUE(a && b);
  const std::string text = "Both replicas got this one.";
  absl::StatusOr<IngestResult> from_a, from_b;
  {
    // a's batch writes the article and stops at the lock; b's then waits on
    // a's uncommitted row of the same hash until a commits.
    WritersLock lock(uri_);
    std::thread ta([&] { from_a = a->Ingest(Article(text), Events(text)); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    std::thread tb([&] { from_b = b->Ingest(Article(text), Events(text)); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    lock.Release();
    ta.join();
    tb.join();
  }
  ASSERT_TRUE(from_a.ok()) << from_a.status();
  ASSERT_TRUE(from_b.ok()) << from_b.status();
  EXPECT_FALSE(from_a->duplicate);
  EXPECT_TRUE(from_b->duplicate);
  EXPECT_EQ(from_b->article_id, from_a->article_id);
  EXPECT_EQ(from_b->quote_ids, from_a->quote_ids);
  EXPECT_EQ(from_b->call_ids, from_a->call_ids);
  EXPECT_EQ(EventCount(*b), 2u);
}

TEST_F(PostgresStoreTest, TextWithArraySyntaxRoundTripsThroughABatch) {
  // The batch path sends each column as one array literal: text that looks
  // like array syntax must come back as it went in.
  std::unique_ptr<Store> store = MustOpen(uri_);
  ASSERT_NE(store, nullptr);
  const std::vector<std::string> tricky = {"NULL", "", "a,b", "{x}", "say \"hi\"", "back\\slash",
                                           "  spaced  ", "Ünïcödé, 北京"};
  std::string text = "Array syntax story.";
  ArticleInput article = Article(text);
  article.source = "{\"NULL\"}\\";
  article.url = "NULL";
  extract::Extraction events;
  for (const std::string& t : tricky) {
    extract::Quote q;
    q.speaker = {"", t.empty() ? "Nobody" : t, extract::ActorKind::kPerson, t, t};
    q.text = t.empty() ? "empty" : t;
    q.provenance = {0, text.size(), text};
    events.quotes.push_back(q);
  }
  extract::Sanction s;
  s.imposer = Xi();
  s.target = Moon();
  s.items = tricky;
  s.provenance = {0, text.size(), text};
  events.sanctions.push_back(s);

  absl::StatusOr<IngestResult> r = store->Ingest(article, events);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->quote_ids.size(), tricky.size());
  for (size_t i = 0; i < tricky.size(); ++i) {
    absl::StatusOr<StoredQuote> q = store->GetQuote(r->quote_ids[i]);
    ASSERT_TRUE(q.ok()) << q.status();
    EXPECT_EQ(q->quote.text, events.quotes[i].text);
    EXPECT_EQ(q->quote.speaker.name, events.quotes[i].speaker.name);
    EXPECT_EQ(q->quote.speaker.office, tricky[i]);
    EXPECT_EQ(q->quote.speaker.country, tricky[i]);
  }
  absl::StatusOr<StoredSanction> stored = store->GetSanction(r->sanction_ids.at(0));
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->sanction.items, tricky);
  absl::StatusOr<StoredArticle> a = store->GetArticle(r->article_id);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->input.source, article.source);
  EXPECT_EQ(a->input.url, "NULL");
  EXPECT_EQ(a->input.text, text);
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
