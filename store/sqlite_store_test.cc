// SQLite-specific behaviour: files, read-only opening, schema migration,
// savepoint isolation, locks held by another process, disk full.
#include "store/sqlite_store.h"

#include <sqlite3.h>
#include <sys/mount.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parley/store/backend.h"
#include "store/schema.h"
#include "store/wal_write_buffer.h"

namespace parley::store {
namespace {

namespace fs = std::filesystem;

std::string FreshPath(const std::string& name) {
  fs::path dir = fs::path(testing::TempDir()) / absl::StrCat("parley_sqlite_", getpid());
  fs::create_directories(dir);
  fs::path path = dir / name;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  return path.string();
}

std::unique_ptr<Store> MustOpen(const std::string& path, bool read_only = false) {
  absl::StatusOr<std::unique_ptr<Store>> store = Open({path, read_only});
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

ArticleInput Text(std::string text) {
  ArticleInput a;
  a.text = std::move(text);
  return a;
}

extract::Extraction OneQuote(const std::string& words, const std::string& text) {
  extract::Extraction e;
  extract::Quote q;
  q.speaker.name = "Xi Jinping";
  q.speaker.actor_id = "person/xi-jinping";
  q.text = words;
  q.provenance = {0, text.size(), text};
  e.quotes.push_back(q);
  return e;
}

// Ingests `n` articles "Article i quoting Xi." with one quote each, one
// commit each (Ingest() returns after its commit).
void IngestQuotingArticles(Store& store, int n) {
  for (int i = 0; i < n; ++i) {
    std::string text = absl::StrCat("Article ", i, " quoting Xi.");
    ASSERT_TRUE(store.Ingest(Text(text), OneQuote(absl::StrCat("words ", i), text)).ok()) << i;
  }
}

// A raw connection, as another process (or the sqlite3 shell) would have.
struct RawDb {
  explicit RawDb(const std::string& path) {
    sqlite3_open(path.c_str(), &db);
    sqlite3_busy_timeout(db, 5000);
  }
  ~RawDb() { sqlite3_close(db); }
  int Exec(const std::string& sql) { return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); }
  // From now on storing a quote whose text is "poison" fails: an article
  // that fails after some of its rows are written.
  int PoisonQuotes() {
    return Exec("CREATE TRIGGER poison BEFORE INSERT ON quotes WHEN new.text = 'poison' "
                "BEGIN SELECT RAISE(ABORT, 'poisoned quote'); END;");
  }
  // A poison quote rolls back the whole transaction, savepoints and all, as
  // SQLite does itself on an I/O error or a full disk mid-transaction.
  int PoisonQuotesRollingBackAll() {
    return Exec(
        "CREATE TRIGGER poison BEFORE INSERT ON quotes WHEN new.text = 'poison' "
        "BEGIN SELECT RAISE(ROLLBACK, 'poisoned quote'); END;");
  }
  // FTS5's write counter for quotes_fts: the leaf pages its flushes of
  // pending terms have written (at least one per flush; automerge work is
  // paced by it). The third varint of the structure record, after a 4-byte
  // cookie, nLevel and nSegment.
  int64_t FtsWriteCounter() {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT block FROM quotes_fts_data WHERE id = 10", -1, &st, nullptr);
    std::vector<unsigned char> block;
    if (sqlite3_step(st) == SQLITE_ROW) {
      const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(st, 0));
      block.assign(p, p + sqlite3_column_bytes(st, 0));
    }
    sqlite3_finalize(st);
    size_t at = 4;
    int64_t value = -1;
    for (int field = 0; field < 3; ++field) {
      value = 0;
      for (int i = 0; at < block.size(); ++i) {
        const unsigned char b = block[at++];
        if (i == 8) {
          value = (value << 8) | b;
          break;
        }
        value = (value << 7) | (b & 0x7f);
        if (!(b & 0x80)) break;
      }
    }
    return block.size() > 4 ? value : -1;
  }
  int64_t Int(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
  }
  std::string Text(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    std::string v;
    if (sqlite3_step(st) == SQLITE_ROW) v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
  }
  sqlite3* db = nullptr;
};

TEST(SqliteSchemaTest, FreshFileIsMigratedOnceAndReopensUnchanged) {
  std::string path = FreshPath("schema.db");
  {
    std::unique_ptr<Store> store = MustOpen(path);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->Ingest(Text("kept across reopen"), {}).ok());
  }
  {
    RawDb raw(path);
    EXPECT_EQ(raw.Int("PRAGMA user_version"), sqlite::LatestSchemaVersion());
    EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM schema_migrations"), sqlite::LatestSchemaVersion());
    EXPECT_EQ(raw.Text("PRAGMA journal_mode"), "wal");
  }
  std::unique_ptr<Store> again = MustOpen(path);  // Already migrated: a no-op.
  ASSERT_NE(again, nullptr);
  RawDb raw(path);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM schema_migrations"), sqlite::LatestSchemaVersion());
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM articles"), 1);
  EXPECT_TRUE(again->GetArticle(1).ok());
}

TEST(SqliteSchemaTest, FileFromANewerBinaryIsRefused) {
  std::string path = FreshPath("newer.db");
  MustOpen(path).reset();
  RawDb(path).Exec("PRAGMA user_version = 999");
  absl::Status status = Open({path}).status();
  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  status = Open({path, /*read_only=*/true}).status();
  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
}

TEST(SqliteStoreTest, ReadOnlyNeedsAnExistingStoreAndRefusesWrites) {
  std::string path = FreshPath("readonly.db");
  absl::Status missing = Open({path, /*read_only=*/true}).status();
  EXPECT_TRUE(absl::IsNotFound(missing)) << missing;
  EXPECT_FALSE(fs::exists(path));  // Not created by a reader.

  std::unique_ptr<Store> writer = MustOpen(path);
  std::unique_ptr<Store> reader = MustOpen(path, /*read_only=*/true);
  ASSERT_NE(reader, nullptr);
  std::string text = "Xi Jinping said peace.";
  absl::StatusOr<IngestResult> r = writer->Ingest(Text(text), OneQuote("peace", text));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(reader->GetQuote(r->quote_ids[0]).ok());
  EXPECT_EQ(reader->LastSequence().value_or(0), 1);
  EXPECT_TRUE(absl::IsFailedPrecondition(reader->Ingest(Text("no"), {}).status()));
}

TEST(SqliteStoreTest, OpenPicksTheBackendByLocation) {
  EXPECT_TRUE(absl::IsInvalidArgument(Open({""}).status()));
  EXPECT_TRUE(absl::IsUnimplemented(Open({"postgresql://localhost/parley"}).status()));
  EXPECT_TRUE(absl::IsUnimplemented(Open({"postgres://localhost/parley"}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(Open({"mysql://localhost/parley"}).status()));
  // A registered scheme reaches its opener.
  std::string seen;
  RegisterStoreBackend("test", [&seen](const StoreOptions& o)
                                   -> absl::StatusOr<std::unique_ptr<Store>> {
    seen = o.location;
    return absl::UnavailableError("test backend");
  });
  EXPECT_TRUE(absl::IsUnavailable(Open({"test://x"}).status()));
  EXPECT_EQ(seen, "test://x");
}

// Articles "Article <t> quoting Xi." with one quote, "fine", each; article
// `poisoned` also quotes "poison" (see RawDb::PoisonQuotes). Ingested one
// by one through IngestAsync, whose inputs must outlive its callback; each
// result lands in results[t].
struct PoisonedBatch {
  PoisonedBatch(int count, int poisoned) : results(count) {
    for (int t = 0; t < count; ++t) {
      articles.push_back(Text(absl::StrCat("Article ", t, " quoting Xi.")));
      events.push_back(OneQuote("fine", articles.back().text));
      if (t == poisoned) {
        events.back().quotes.push_back(OneQuote("poison", articles.back().text).quotes[0]);
      }
    }
  }
  void IngestAsync(Store& store, int t) {
    store.IngestAsync(articles[t], events[t], [this, t](absl::StatusOr<IngestResult> r) {
      std::lock_guard<std::mutex> lock(mu);
      results[t] = std::move(r);
      ++completed;
      cv.notify_one();
    });
  }
  // Until every article's callback has run.
  void WaitForAll() {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return completed == static_cast<int>(articles.size()); });
  }

  std::vector<ArticleInput> articles;
  std::vector<extract::Extraction> events;
  std::vector<absl::StatusOr<IngestResult>> results;  // Read after WaitForAll().
  std::mutex mu;
  std::condition_variable cv;
  int completed = 0;  // Guarded by mu.
};

TEST(SqliteStoreTest, AFailingArticleRollsBackAloneInsideItsBatch) {
  std::string path = FreshPath("savepoint.db");
  std::unique_ptr<Store> store = MustOpen(path);
  ASSERT_NE(store, nullptr);
  // Another connection makes one article fail after its row is written: the
  // article row and its first quote must vanish with the savepoint.
  RawDb raw(path);
  ASSERT_EQ(raw.PoisonQuotes(), SQLITE_OK);
  constexpr int kArticles = 8;
  PoisonedBatch batch(kArticles, 5);
  const std::vector<absl::StatusOr<IngestResult>>& results = batch.results;
  // The batches must not depend on thread timing: while this connection
  // holds the write lock the store's writer waits in BEGIN with whatever it
  // took first, and every other article queues behind it. So there are at
  // most two transactions, and article 5, in neither the first nor the last
  // place, shares one with other articles.
  ASSERT_EQ(raw.Exec("BEGIN IMMEDIATE"), SQLITE_OK);
  for (int t = 0; t < kArticles; ++t) batch.IngestAsync(*store, t);
  EXPECT_EQ(raw.Exec("COMMIT"), SQLITE_OK);  // Not ASSERT: the callbacks use this frame.
  batch.WaitForAll();
  const Store::CommitStats stats = store->commit_stats();
  EXPECT_EQ(stats.writes, kArticles);
  EXPECT_LE(stats.transactions, 2) << "article 5 may have had a transaction of its own";
  for (int t = 0; t < kArticles; ++t) {
    EXPECT_EQ(results[t].ok(), t != 5) << t << ": " << results[t].status();
  }
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM articles"), kArticles - 1);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM quotes"), kArticles - 1);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM events"), kArticles - 1);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM articles WHERE text LIKE 'Article 5 %'"), 0);
  // The full-text index (filled by the writer at commit) holds exactly the
  // quotes that stayed.
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM quotes_fts WHERE quotes_fts MATCH 'fine'"),
            kArticles - 1);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM quotes_fts WHERE quotes_fts MATCH 'poison'"), 0);
  EXPECT_EQ(raw.Exec("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')"), SQLITE_OK);
  // Once the cause is gone the same article stores (it was never taken).
  ASSERT_EQ(raw.Exec("DROP TRIGGER poison"), SQLITE_OK);
  std::string text = "Article 5 quoting Xi.";
  extract::Extraction e = OneQuote("fine", text);
  e.quotes.push_back(OneQuote("poison", text).quotes[0]);
  absl::StatusOr<IngestResult> retry = store->Ingest(Text(text), e);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_FALSE(retry->duplicate);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM quotes_fts WHERE quotes_fts MATCH 'poison'"), 1);
  EXPECT_EQ(raw.Exec("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')"), SQLITE_OK);
}

// When SQLite rolls back the whole transaction under one article (an I/O
// error, a full disk), the articles written before it in that transaction
// are gone too: each must be refused, saying why, never acknowledged; the
// articles after it get a transaction of their own and are stored.
TEST(SqliteStoreTest, AWholeTransactionRolledBackRefusesEveryArticleInIt) {
  std::string path = FreshPath("rollback_all.db");
  std::unique_ptr<Store> store = MustOpen(path);
  ASSERT_NE(store, nullptr);
  RawDb raw(path);
  ASSERT_EQ(raw.PoisonQuotesRollingBackAll(), SQLITE_OK);
  constexpr int kArticles = 8, kPoisoned = 5;
  PoisonedBatch batch(kArticles, kPoisoned);
  const std::vector<absl::StatusOr<IngestResult>>& results = batch.results;
  // As above: the writer waits in BEGIN with article 0 while this
  // connection holds the lock, so articles 1-7 share the next transaction
  // and the poisoned one has four before it.
  ASSERT_EQ(raw.Exec("BEGIN IMMEDIATE"), SQLITE_OK);
  batch.IngestAsync(*store, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  for (int t = 1; t < kArticles; ++t) batch.IngestAsync(*store, t);
  EXPECT_EQ(raw.Exec("COMMIT"), SQLITE_OK);
  batch.WaitForAll();
  int acknowledged = 0, rolled_back = 0;
  for (int t = 0; t < kArticles; ++t) {
    const int stored = raw.Int(
        absl::StrCat("SELECT COUNT(*) FROM articles WHERE text = 'Article ", t, " quoting Xi.'"));
    // Acknowledged exactly when stored.
    EXPECT_EQ(stored, results[t].ok() ? 1 : 0) << t << ": " << results[t].status();
    acknowledged += results[t].ok();
    if (results[t].ok() || t == kPoisoned) continue;
    ++rolled_back;
    EXPECT_LT(t, kPoisoned) << results[t].status();
    EXPECT_NE(results[t].status().message().find("transaction rolled back"), std::string::npos)
        << t << ": " << results[t].status();
  }
  EXPECT_FALSE(results[kPoisoned].ok());
  EXPECT_TRUE(results[6].ok()) << results[6].status();
  EXPECT_TRUE(results[7].ok()) << results[7].status();
  EXPECT_GE(rolled_back, 1) << "no article shared the poisoned one's transaction";
  // The store's other tables and its full-text index agree with the articles.
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM articles"), acknowledged);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM quotes"), acknowledged);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM events"), acknowledged);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM quotes_fts WHERE quotes_fts MATCH 'fine'"), acknowledged);
  EXPECT_EQ(raw.Exec("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')"), SQLITE_OK);
  // The refused articles store once the cause is gone.
  ASSERT_EQ(raw.Exec("DROP TRIGGER poison"), SQLITE_OK);
  for (int t = 0; t < kArticles; ++t) {
    if (results[t].ok() || t == kPoisoned) continue;
    const std::string text = absl::StrCat("Article ", t, " quoting Xi.");
    absl::StatusOr<IngestResult> retry = store->Ingest(Text(text), OneQuote("fine", text));
    ASSERT_TRUE(retry.ok()) << t << ": " << retry.status();
    EXPECT_FALSE(retry->duplicate) << t;
  }
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM articles"), kArticles - 1);
  EXPECT_EQ(raw.Exec("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')"), SQLITE_OK);
}

// The .db file alone is the store once it is closed, even when readers
// were open at the close: copying it, as backups and the benchmarks do,
// must not miss or half-hold the last commits left in the WAL.
TEST(SqliteStoreTest, AClosedStoreIsAllInItsDatabaseFile) {
  std::string path = FreshPath("closed.db");
  constexpr int kArticles = 300;
  {
    std::unique_ptr<Store> store = MustOpen(path);
    ASSERT_NE(store, nullptr);
    ASSERT_NO_FATAL_FAILURE(IngestQuotingArticles(*store, kArticles));
    ASSERT_TRUE(store->ListArticles({}, PageRequest{}).ok());  // A reader is open now.
  }
  EXPECT_EQ(fs::exists(path + "-wal") ? fs::file_size(path + "-wal") : 0u, 0u);
  std::string copy = FreshPath("closed_copy.db");
  fs::copy_file(path, copy);
  std::unique_ptr<Store> copied = MustOpen(copy, /*read_only=*/true);
  ASSERT_NE(copied, nullptr);
  int64_t articles = 0;
  PageRequest page;
  page.page_size = 100;
  for (;;) {
    absl::StatusOr<Page<StoredArticle>> got = copied->ListArticles({}, page);
    ASSERT_TRUE(got.ok()) << got.status();
    articles += static_cast<int64_t>(got->items.size());
    if (got->next_page_token.empty()) break;
    page.page_token = got->next_page_token;
  }
  EXPECT_EQ(articles, kArticles);
}

// A damaged file is the store's fault, not the filter's: DATA_LOSS, which
// an operator alerts on, and never INVALID_ARGUMENT, which tells the client
// to change its request.
TEST(SqliteStoreTest, AListOverACorruptIndexIsDataLoss) {
  std::string path = FreshPath("corrupt.db");
  {
    std::unique_ptr<Store> store = MustOpen(path);
    ASSERT_NE(store, nullptr);
    ASSERT_NO_FATAL_FAILURE(IngestQuotingArticles(*store, 50));
  }  // Closed: all in the database file.
  int64_t root = 0, page_size = 0;
  {
    RawDb raw(path);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(raw.db,
                                 "SELECT rootpage, (SELECT page_size FROM pragma_page_size) "
                                 "FROM sqlite_master WHERE name = 'quotes_by_speaker'",
                                 -1, &st, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    root = sqlite3_column_int64(st, 0);
    page_size = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
  }
  ASSERT_GT(root, 1);
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp((root - 1) * page_size);
    const std::string garbage(static_cast<size_t>(page_size), '\x5a');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  std::unique_ptr<Store> store = MustOpen(path, /*read_only=*/true);
  ASSERT_NE(store, nullptr);
  QuoteFilter by_speaker;
  by_speaker.speaker_id = "person/xi-jinping";
  absl::StatusOr<Page<StoredQuote>> got = store->ListQuotes(by_speaker, PageRequest{});
  EXPECT_TRUE(absl::IsDataLoss(got.status())) << got.status();
}

// The writer's WAL goes through the write buffer (store/wal_write_buffer.h):
// an article's commit is a few writes, not two per page.
TEST(SqliteStoreTest, TheWriterGathersItsWalWrites) {
  std::unique_ptr<Store> store = MustOpen(FreshPath("gathered.db"));
  ASSERT_NE(store, nullptr);
  const sqlite::WalWriteCounts before = sqlite::GetWalWriteCounts();
  constexpr int kArticles = 20;
  ASSERT_NO_FATAL_FAILURE(IngestQuotingArticles(*store, kArticles));
  const sqlite::WalWriteCounts after = sqlite::GetWalWriteCounts();
  const int64_t in = after.writes_in - before.writes_in;
  const int64_t out = after.writes_out - before.writes_out;
  EXPECT_GE(in, kArticles * 10) << "SQLite wrote the WAL around the buffer";
  EXPECT_LE(out, kArticles + 2) << in << " writes in";
}

// Past StoreOptions::wal_checkpoint_pages a commit copies the WAL into the
// database, and SQLite then starts the WAL over, so it stays that small.
TEST(SqliteStoreTest, TheWalIsCheckpointedPastItsBound) {
  std::string path = FreshPath("bounded.db");
  absl::StatusOr<std::unique_ptr<Store>> store =
      Open({.location = path, .wal_checkpoint_pages = 50});
  ASSERT_TRUE(store.ok()) << store.status();
  const uintmax_t opened = fs::file_size(path);
  constexpr int kArticles = 100;
  ASSERT_NO_FATAL_FAILURE(IngestQuotingArticles(**store, kArticles));
  EXPECT_GT(fs::file_size(path), opened);
  EXPECT_LT(fs::file_size(path + "-wal"), 1u << 20);
}

// Below the bound no commit checkpoints (SQLite's own default would, at
// 1,000 pages): the commits stay in the WAL, the database file unchanged.
TEST(SqliteStoreTest, TheWalIsLeftAloneBelowItsBound) {
  std::string path = FreshPath("unbounded.db");
  std::unique_ptr<Store> store = MustOpen(path);
  ASSERT_NE(store, nullptr);
  const uintmax_t opened = fs::file_size(path);
  constexpr int kArticles = 100;
  ASSERT_NO_FATAL_FAILURE(IngestQuotingArticles(*store, kArticles));
  EXPECT_GT(fs::file_size(path + "-wal"), 1000u * 4096) << "too few pages to tell";
  EXPECT_EQ(fs::file_size(path), opened);
}

TEST(SqliteStoreTest, NonPositiveWalCheckpointPagesIsRefused) {
  absl::StatusOr<std::unique_ptr<Store>> store =
      Open({.location = FreshPath("zero.db"), .wal_checkpoint_pages = 0});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(store.status().message(), testing::HasSubstr("wal_checkpoint_pages"));
}

// One caller, no thread per article: IngestAsync() lets its articles share
// commits, and each completion carries that article's own ids.
TEST(SqliteStoreTest, IngestAsyncBatchesOneCallersArticles) {
  std::string path = FreshPath("async.db");
  std::unique_ptr<Store> store = MustOpen(path);
  ASSERT_NE(store, nullptr);
  constexpr int kArticles = 60;
  std::vector<ArticleInput> articles;
  std::vector<extract::Extraction> events;
  for (int i = 0; i < kArticles; ++i) {
    articles.push_back(Text(absl::StrCat("Article ", i, " quoting Xi.")));
    events.push_back(OneQuote(absl::StrCat("words ", i), articles.back().text));
  }
  articles.push_back(Text(""));  // Invalid: completes at once with an error.
  events.emplace_back();
  std::mutex mu;
  std::condition_variable cv;
  std::vector<absl::StatusOr<IngestResult>> results(articles.size());
  size_t completed = 0;  // Guarded by mu.
  for (size_t i = 0; i < articles.size(); ++i) {
    store->IngestAsync(articles[i], events[i], [&, i](absl::StatusOr<IngestResult> r) {
      std::lock_guard<std::mutex> lock(mu);
      results[i] = std::move(r);
      ++completed;
      cv.notify_one();
    });
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return completed == articles.size(); });
  }
  EXPECT_TRUE(absl::IsInvalidArgument(results[kArticles].status())) << results[kArticles].status();
  std::set<int64_t> ids;
  for (int i = 0; i < kArticles; ++i) {
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].status();
    EXPECT_FALSE(results[i]->duplicate);
    ASSERT_EQ(results[i]->quote_ids.size(), 1u);
    absl::StatusOr<StoredQuote> quote = store->GetQuote(results[i]->quote_ids[0]);
    ASSERT_TRUE(quote.ok()) << quote.status();
    EXPECT_EQ(quote->article_id, results[i]->article_id);
    EXPECT_EQ(quote->quote.text, absl::StrCat("words ", i));
    ids.insert(results[i]->article_id);
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kArticles));
  Store::CommitStats stats = store->commit_stats();
  EXPECT_EQ(stats.writes, kArticles);
  EXPECT_LT(stats.transactions, kArticles);
  // FTS5 flushed its pending terms once per transaction, not once per
  // article (as with a quotes_fts trigger, or an FTS insert followed by a
  // statement that needs a statement journal): these tiny quotes take one
  // leaf page per flush, so the leaves written count the flushes.
  RawDb raw(path);
  const int64_t leaves = raw.FtsWriteCounter();
  EXPECT_GE(leaves, 1);
  EXPECT_LE(leaves, stats.transactions);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM quotes_fts WHERE quotes_fts MATCH 'words'"), kArticles);
}

// The writer remembers the actor rows it wrote; rows changed by another
// connection are written again rather than trusted from memory.
TEST(SqliteStoreTest, ActorRowsChangedByAnotherConnectionAreWrittenAgain) {
  std::string path = FreshPath("noted.db");
  std::unique_ptr<Store> store = MustOpen(path);
  ASSERT_NE(store, nullptr);
  auto quote_by_xi = [](const std::string& text) {
    extract::Extraction e = OneQuote("words", text);
    e.quotes[0].speaker.office = "President";
    e.quotes[0].speaker.country = "China";
    return e;
  };
  std::string first = "Xi Jinping said words.";
  ASSERT_TRUE(store->Ingest(Text(first), quote_by_xi(first)).ok());
  RawDb raw(path);
  const std::string offices =
      "SELECT COUNT(*) FROM actor_offices WHERE actor_id = 'person/xi-jinping'";
  ASSERT_EQ(raw.Int(offices), 1);
  ASSERT_EQ(raw.Exec("DELETE FROM actor_offices"), SQLITE_OK);
  std::string second = "Xi Jinping said words again.";
  ASSERT_TRUE(store->Ingest(Text(second), quote_by_xi(second)).ok());
  EXPECT_EQ(raw.Int(offices), 1);
}

// A long date range is planned from a per-day summary the store keeps
// across pages (day_summary.h). Articles stored after the first such list,
// through another store on the same file as parley-ingest would, are in
// the next one.
TEST(SqliteStoreTest, DateRangesSeeArticlesStoredAfterTheFirstList) {
  std::string path = FreshPath("day_summary.db");
  std::unique_ptr<Store> writer = MustOpen(path);
  ASSERT_NE(writer, nullptr);
  const absl::CivilDay kFirst(2024, 1, 1);
  auto ingest = [&](int i, int day) {
    std::string text = absl::StrCat("Article ", i, " quoting Xi.");
    ArticleInput a = Text(text);
    a.published = kFirst + day;
    extract::Extraction e = OneQuote(absl::StrCat("words ", i), text);
    e.published = a.published;
    ASSERT_TRUE(writer->Ingest(a, e).ok()) << i;
  };
  // 100 quotes over 300 days: a range holding more than T = 71 rows and
  // spanning more than 64 days, planned by id between its rows' ids.
  for (int i = 0; i < 100; ++i) ingest(i, 3 * i);
  std::unique_ptr<Store> reader = MustOpen(path, /*read_only=*/true);
  ASSERT_NE(reader, nullptr);
  QuoteFilter f;
  f.dates = {kFirst + 30, kFirst + 600};
  auto count = [&](Store& store) {
    int n = 0;
    PageRequest page;
    page.page_size = 20;
    for (;;) {
      absl::StatusOr<Page<StoredQuote>> got = store.ListQuotes(f, page);
      EXPECT_TRUE(got.ok()) << got.status();
      if (!got.ok()) return -1;
      for (const StoredQuote& q : got->items) {
        EXPECT_TRUE(q.date >= f.dates.start && q.date <= f.dates.end) << q.id;
      }
      n += static_cast<int>(got->items.size());
      if (got->next_page_token.empty()) return n;
      page.page_token = got->next_page_token;
    }
  };
  EXPECT_EQ(count(*reader), 90);  // Days 30, 33, ..., 297.
  // Later ids, earlier and later days, inside the range and outside it.
  for (int i = 100; i < 140; ++i) ingest(i, (i % 2 == 0) ? 40 + i : 700 + i);
  EXPECT_EQ(count(*reader), 110);
  EXPECT_EQ(count(*writer), 110);
}

// An actor first named by an article that failed is not remembered as
// written: the next article naming it stores it (the quote's foreign key
// to actors would fail otherwise).
TEST(SqliteStoreTest, AnActorOfAFailedArticleIsWrittenWhenNamedAgain) {
  std::string path = FreshPath("noted_failed.db");
  std::unique_ptr<Store> store = MustOpen(path);
  ASSERT_NE(store, nullptr);
  RawDb raw(path);
  ASSERT_EQ(raw.PoisonQuotes(), SQLITE_OK);
  auto quote_by_putin = [](const std::string& words, const std::string& text) {
    extract::Extraction e = OneQuote(words, text);
    e.quotes[0].speaker.name = "Vladimir Putin";
    e.quotes[0].speaker.actor_id = "person/vladimir-putin";
    return e;
  };
  constexpr int kThreads = 6;
  std::vector<absl::Status> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::string text = absl::StrCat("Article ", t, ".");
      // Article 3 names Putin first and fails; the others name Xi.
      extract::Extraction e = t == 3 ? quote_by_putin("poison", text) : OneQuote("fine", text);
      results[t] = store->Ingest(Text(text), e).status();
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(results[t].ok(), t != 3) << t << results[t];
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM actors WHERE id = 'person/vladimir-putin'"), 0);
  std::string text = "Putin said fine words.";
  absl::StatusOr<IngestResult> r = store->Ingest(Text(text), quote_by_putin("fine", text));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM actors WHERE id = 'person/vladimir-putin'"), 1);
}

TEST(SqliteStoreTest, WaitsForAWriteLockHeldByAnotherProcess) {
  std::string path = FreshPath("locked.db");
  std::unique_ptr<Store> store = MustOpen(path);
  RawDb other(path);
  ASSERT_EQ(other.Exec("BEGIN IMMEDIATE"), SQLITE_OK);
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    other.Exec("COMMIT");
  });
  absl::StatusOr<IngestResult> r = store->Ingest(Text("after the lock"), {});
  release.join();
  EXPECT_TRUE(r.ok()) << r.status();
}

// Disk full: the store sits on a tiny tmpfs. Needs permission to mount
// (root in CI); skipped elsewhere.
TEST(SqliteStoreTest, DiskFullIsResourceExhaustedAndLeavesTheStoreIntact) {
  fs::path dir = fs::path(testing::TempDir()) / absl::StrCat("parley_full_", getpid());
  fs::create_directories(dir);
  if (mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=1m") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root): " << strerror(errno);
  }
  struct Unmount {
    fs::path dir;
    ~Unmount() { umount2(dir.c_str(), MNT_DETACH); }
  } unmount{dir};
  std::string path = (dir / "full.db").string();
  std::vector<int64_t> acked;
  absl::Status failure;
  {
    std::unique_ptr<Store> store = MustOpen(path);
    ASSERT_NE(store, nullptr);
    for (int i = 0; i < 200 && failure.ok(); ++i) {
      // Incompressible-ish, distinct texts of 16 KiB.
      std::string text = absl::StrCat("Article ", i, " ");
      uint32_t x = 2463534242u + i;
      while (text.size() < 16384) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        text.push_back(static_cast<char>('a' + x % 26));
      }
      absl::StatusOr<IngestResult> r = store->Ingest(Text(text), OneQuote("words", text));
      if (r.ok()) {
        acked.push_back(r->article_id);
      } else {
        failure = r.status();
      }
    }
    ASSERT_FALSE(failure.ok()) << "the disk never filled";
    EXPECT_TRUE(absl::IsResourceExhausted(failure)) << failure;
    // Reads still work, and every acknowledged article is there.
    for (int64_t id : acked) EXPECT_TRUE(store->GetArticle(id).ok()) << id;
  }
  ASSERT_FALSE(acked.empty());
  std::unique_ptr<Store> reopened = MustOpen(path, /*read_only=*/true);
  ASSERT_NE(reopened, nullptr);
  for (int64_t id : acked) EXPECT_TRUE(reopened->GetArticle(id).ok()) << id;
  RawDb raw(path);
  EXPECT_EQ(raw.Text("PRAGMA integrity_check"), "ok");
  // No partial article: as many articles as acknowledged, each with its quote.
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM articles"), static_cast<int64_t>(acked.size()));
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM quotes"), static_cast<int64_t>(acked.size()));
}

}  // namespace
}  // namespace parley::store
