// SQLite-specific behaviour: files, read-only opening, schema migration,
// savepoint isolation, locks held by another process, disk full.
#include "store/sqlite_store.h"

#include <sqlite3.h>
#include <sys/mount.h>

#include <filesystem>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parley/store/backend.h"
#include "store/schema.h"

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

// A raw connection, as another process (or the sqlite3 shell) would have.
struct RawDb {
  explicit RawDb(const std::string& path) {
    sqlite3_open(path.c_str(), &db);
    sqlite3_busy_timeout(db, 5000);
  }
  ~RawDb() { sqlite3_close(db); }
  int Exec(const std::string& sql) { return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); }
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

TEST(SqliteStoreTest, AFailingArticleRollsBackAloneInsideItsBatch) {
  std::string path = FreshPath("savepoint.db");
  std::unique_ptr<Store> store = MustOpen(path);
  ASSERT_NE(store, nullptr);
  // Another connection makes one article fail after its row is written: the
  // article row and its first quote must vanish with the savepoint.
  RawDb raw(path);
  ASSERT_EQ(raw.Exec("CREATE TRIGGER poison BEFORE INSERT ON quotes WHEN new.text = 'poison' "
                     "BEGIN SELECT RAISE(ABORT, 'poisoned quote'); END;"),
            SQLITE_OK);
  constexpr int kThreads = 8;
  std::vector<absl::StatusOr<IngestResult>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::string text = absl::StrCat("Article ", t, " quoting Xi.");
      extract::Extraction e = OneQuote("fine", text);
      if (t == 5) e.quotes.push_back(OneQuote("poison", text).quotes[0]);
      results[t] = store->Ingest(Text(text), e);
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(results[t].ok(), t != 5) << t << ": " << results[t].status();
  }
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM articles"), kThreads - 1);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM quotes"), kThreads - 1);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM events"), kThreads - 1);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM articles WHERE text LIKE 'Article 5 %'"), 0);
  // Once the cause is gone the same article stores (it was never taken).
  ASSERT_EQ(raw.Exec("DROP TRIGGER poison"), SQLITE_OK);
  std::string text = "Article 5 quoting Xi.";
  extract::Extraction e = OneQuote("fine", text);
  e.quotes.push_back(OneQuote("poison", text).quotes[0]);
  absl::StatusOr<IngestResult> retry = store->Ingest(Text(text), e);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_FALSE(retry->duplicate);
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
