// sqlite_ceiling: the most raw SQLite does on this machine with rows shaped
// like Parley's, the ceiling the SQLite store can at best approach.
//
// Writes: one article row (4 KB of text, a unique 64-hex digest) plus ~10
// indexed event rows per article, WAL, synchronous=FULL, prepared statements,
// at 1, 100 and 1000 articles per transaction; on an empty store and on one
// already holding 1M event rows. That prefilled store is built once into a
// cached file beside this binary and copied for each run, so runs never
// change it. Reads: indexed point and range selects (a keyset page of 50 by
// actor, a page of 50 by date range, one row by id) on the prefilled store,
// from 1 thread and from one thread per CPU, each with its own connection.
// Built inside the project, --vfs wal-buffer runs the writes through the
// store writer's VFS (store/wal_write_buffer.h) instead of SQLite's own:
// fewer system calls for small commits, one more copy for large ones.
#include <sqlite3.h>
#include <fcntl.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "ceiling_report.h"
#ifdef PARLEY_HAVE_WAL_WRITE_BUFFER
#include "store/wal_write_buffer.h"
#endif

namespace parley::ceilings {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kEventsPerArticle = 10;
constexpr int kActors = 2000;   // Distinct actor ids the events refer to.
constexpr int kDays = 3650;     // Ten years of event dates.

// The shape of the SQLite store: an article table with a unique content
// digest, and event rows indexed by article, actor and date.
constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS articles(
  id INTEGER PRIMARY KEY,
  content_sha256 TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  url TEXT NOT NULL,
  published TEXT,
  ingest_time INTEGER NOT NULL,
  text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events(
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id),
  kind INTEGER NOT NULL,
  actor_id TEXT NOT NULL,
  day TEXT NOT NULL,
  evidence TEXT NOT NULL);
)sql";
// Created after a bulk load (faster) or at once for an empty store.
constexpr char kIndexes[] = R"sql(
CREATE INDEX IF NOT EXISTS events_by_article ON events(article_id);
CREATE INDEX IF NOT EXISTS events_by_actor ON events(actor_id);
CREATE INDEX IF NOT EXISTS events_by_day ON events(day, id);
)sql";

[[noreturn]] void Die(sqlite3* db, const std::string& what) {
  std::fprintf(stderr, "sqlite_ceiling: %s: %s\n", what.c_str(),
               db ? sqlite3_errmsg(db) : "(no database)");
  std::exit(1);
}

void Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "?";
    sqlite3_free(error);
    Die(db, std::string(sql).substr(0, 60) + ": " + message);
  }
}

sqlite3* OpenDb(const fs::path& path, bool read_only, const char* vfs = nullptr) {
  sqlite3* db = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, vfs) != SQLITE_OK) {
    Die(db, "open " + path.string());
  }
  sqlite3_busy_timeout(db, 5000);
  return db;
}

// The pragmas a durable Parley store runs with; `vfs` null for SQLite's
// default.
sqlite3* OpenDurable(const fs::path& path, const char* vfs) {
  sqlite3* db = OpenDb(path, false, vfs);
  Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  // The store's StoreOptions::wal_checkpoint_pages default: fewer, larger
  // checkpoints on the writer than SQLite's 1,000 pages.
  Exec(db, "PRAGMA wal_autocheckpoint=16000;");
  return db;
}

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) {
      Die(db, std::string("prepare ") + sql);
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int i, int64_t v) { return Check(sqlite3_bind_int64(stmt_, i, v)); }
  Statement& Bind(int i, const std::string& v) {
    // TRANSIENT: callers bind temporaries; the copy costs little next to a step.
    return Check(
        sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  // Steps to the end; returns the number of rows seen.
  int Run() {
    int rows = 0, rc;
    while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) ++rows;
    if (rc != SQLITE_DONE) Die(db_, "step");
    sqlite3_reset(stmt_);
    return rows;
  }

 private:
  Statement& Check(int rc) {
    if (rc != SQLITE_OK) Die(db_, "bind");
    return *this;
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Deterministic pseudo-random rows: same seed, same store.
class RowMaker {
 public:
  explicit RowMaker(uint64_t seed, int text_bytes) : rng_(seed), text_bytes_(text_bytes) {}

  std::string Text() {
    static const char* kWords[] = {"minister", "said", "the", "talks", "sanctions", "on",
                                   "Tuesday", "phone", "call", "with", "president", "of",
                                   "trade", "export", "ban", "and", "security", "council"};
    std::string text;
    text.reserve(text_bytes_ + 16);
    while (static_cast<int>(text.size()) < text_bytes_) {
      text += kWords[rng_() % (sizeof(kWords) / sizeof(kWords[0]))];
      text += ' ';
    }
    text.resize(text_bytes_);
    return text;
  }
  // Unique per call: a 64-bit counter mixed into 64 hex digits.
  std::string Digest() {
    uint64_t x = ++counter_ ^ (rng_() << 20);
    char hex[65];
    for (int i = 0; i < 4; ++i) {
      x = Mix(x + i);
      std::snprintf(hex + 16 * i, 17, "%016" PRIx64, x);
    }
    return std::string(hex, 64);
  }
  std::string Actor() { return "person/actor-" + std::to_string(rng_() % kActors); }
  std::string Day() { return DayString(static_cast<int>(rng_() % kDays)); }
  int64_t Uniform(int64_t n) { return static_cast<int64_t>(rng_() % n); }

  static std::string DayString(int offset) {
    int year = 2015 + offset / 365, day_of_year = offset % 365;
    char buf[16];
    // Synthetic months of 31 days: ordered like the offsets, which is all
    // the range queries need.
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year, day_of_year / 31 + 1,
                  day_of_year % 31 + 1);
    return buf;
  }

 private:
  static uint64_t Mix(uint64_t z) {  // splitmix64's finaliser.
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::mt19937_64 rng_;
  int text_bytes_;
  uint64_t counter_ = 0;
};

// Inserts articles with their events through prepared statements.
class ArticleWriter {
 public:
  ArticleWriter(sqlite3* db, RowMaker* rows)
      : db_(db),
        rows_(rows),
        begin_(db, "BEGIN IMMEDIATE"),
        commit_(db, "COMMIT"),
        article_(db,
                 "INSERT INTO articles(content_sha256, source, url, published, ingest_time, text) "
                 "VALUES(?, 'Xinhua', ?, ?, ?, ?)"),
        event_(db,
               "INSERT INTO events(article_id, kind, actor_id, day, evidence) "
               "VALUES(?, ?, ?, ?, ?)") {}

  // One transaction of `batch` articles; durable when this returns.
  void Transaction(int batch) {
    begin_.Run();
    for (int i = 0; i < batch; ++i) Article();
    commit_.Run();
  }

 private:
  void Article() {
    std::string digest = rows_->Digest(), day = rows_->Day(), text = rows_->Text();
    std::string url = "https://news.example/" + digest.substr(0, 16);
    article_.Bind(1, digest).Bind(2, url).Bind(3, day).Bind(4, 1700000000).Bind(5, text).Run();
    int64_t article_id = sqlite3_last_insert_rowid(db_);
    for (int e = 0; e < kEventsPerArticle; ++e) {
      std::string actor = rows_->Actor(), event_day = rows_->Day();
      // Evidence: a sentence-sized slice of the article.
      std::string evidence = text.substr(static_cast<size_t>(e) * 200, 200);
      event_.Bind(1, article_id).Bind(2, e % 3).Bind(3, actor).Bind(4, event_day);
      event_.Bind(5, evidence).Run();
    }
  }

  sqlite3* db_;
  RowMaker* rows_;
  Statement begin_, commit_, article_, event_;
};

std::string FsType(const fs::path& dir) {
  struct statfs s;
  if (statfs(dir.c_str(), &s) != 0) return "unknown";
  switch (static_cast<unsigned long>(s.f_type)) {
    case 0xEF53: return "ext4";
    case 0x58465342: return "xfs";
    case 0x9123683E: return "btrfs";
    case 0x01021994: return "tmpfs";
    case 0x794C7630: return "overlayfs";
    default: {
      char buf[32];
      std::snprintf(buf, sizeof(buf), "0x%lx", static_cast<unsigned long>(s.f_type));
      return buf;
    }
  }
}

void RemoveDb(const fs::path& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
}

// Flushes a file written without fsync, so its write-back does not land in
// (and slow down) the next measured commit.
void SyncFile(const fs::path& path) {
  int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0 || fsync(fd) != 0) {
    std::fprintf(stderr, "sqlite_ceiling: fsync %s failed\n", path.c_str());
    std::exit(1);
  }
  close(fd);
}

// Builds the 1M-event store once; later runs reuse the file. Written under a
// temporary name and renamed, so an interrupted build leaves no half store.
fs::path PrefilledStore(const fs::path& cache_dir, int64_t events, int text_bytes) {
  fs::path path = cache_dir / ("sqlite_ceiling_" + std::to_string(events) + "_events_" +
                               std::to_string(text_bytes) + "b.db");
  if (fs::exists(path)) return path;
  fs::create_directories(cache_dir);
  fs::path tmp = path.string() + ".building";
  RemoveDb(tmp);
  std::printf("# building %s (once)...\n", path.c_str());
  std::fflush(stdout);
  Clock::time_point start = Clock::now();
  sqlite3* db = OpenDb(tmp, false);
  // Bulk load: no durability needed, the file is renamed into place at the end.
  Exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
  Exec(db, kSchema);
  RowMaker rows(42, text_bytes);
  {
    ArticleWriter writer(db, &rows);
    // Exactly events / kEventsPerArticle articles, 10000 per transaction.
    const int64_t articles = events / kEventsPerArticle;
    for (int64_t n = 0; n < articles; n += 10000) {
      writer.Transaction(static_cast<int>(std::min<int64_t>(10000, articles - n)));
    }
  }
  Exec(db, kIndexes);
  Exec(db, "ANALYZE; PRAGMA journal_mode=WAL;");
  sqlite3_close(db);
  SyncFile(tmp);
  fs::rename(tmp, path);
  std::printf("# built in %.1f s, %.0f MB\n",
              std::chrono::duration<double>(Clock::now() - start).count(),
              fs::file_size(path) / 1e6);
  return path;
}

struct Config {
  int runs = 5;
  double seconds = 2;
  int text_bytes = 4096;
  int64_t prefill_events = 1000000;
  std::vector<int> batches = {1, 100, 1000};
  // Write runs on the empty store, the prefilled one, or both.
  std::string stores = "both";
  fs::path work_dir, cache_dir;
  // The VFS of the write runs: null for SQLite's own, or the store
  // writer's (store/wal_write_buffer.h) when built inside the project.
  const char* write_vfs = nullptr;
};

// One write run: transactions of `batch` articles for `seconds` (at least
// one). Returns articles/s.
double WriteRun(const fs::path& db_path, int batch, double seconds, uint64_t seed,
                int text_bytes, const char* vfs) {
  sqlite3* db = OpenDurable(db_path, vfs);
  Exec(db, kSchema);
  Exec(db, kIndexes);
  RowMaker rows(seed, text_bytes);
  int64_t articles = 0;
  double elapsed = 0;
  {
    ArticleWriter writer(db, &rows);
    Clock::time_point start = Clock::now();
    do {
      writer.Transaction(batch);
      articles += batch;
      elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < seconds);
  }
  sqlite3_close(db);
  return articles / elapsed;
}

std::string EventCount(int64_t n) {
  if (n % 1000000 == 0) return std::to_string(n / 1000000) + "M";
  if (n % 1000 == 0) return std::to_string(n / 1000) + "k";
  return std::to_string(n);
}

int64_t QueryInt(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) Die(db, sql);
  int64_t value = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  return value;
}

// Deletes what the runs added to the prefilled copy, so every run meets the
// same 1M events (freed pages are reused, the index depth stays).
void TrimTo(const fs::path& db_path, int64_t last_article_id) {
  sqlite3* db = OpenDurable(db_path, nullptr);
  Statement events(db, "DELETE FROM events WHERE article_id > ?");
  events.Bind(1, last_article_id).Run();
  Statement articles(db, "DELETE FROM articles WHERE id > ?");
  articles.Bind(1, last_article_id).Run();
  Exec(db, "PRAGMA wal_checkpoint(TRUNCATE);");
  sqlite3_close(db);
}

void WriteCeilings(const Config& c, const fs::path& prefilled) {
  fs::path db_path = c.work_dir / "sqlite_ceiling_run.db";
  for (bool full : {false, true}) {
    if (c.stores != "both" && c.stores != (full ? "full" : "empty")) continue;
    int64_t last_article_id = 0;
    if (full) {  // One synced copy for all runs; see TrimTo().
      RemoveDb(db_path);
      fs::copy_file(prefilled, db_path);
      SyncFile(db_path);
      sqlite3* db = OpenDb(db_path, true);
      last_article_id = QueryInt(db, "SELECT max(id) FROM articles");
      sqlite3_close(db);
    }
    for (int batch : c.batches) {
      std::vector<double> rates;
      for (int r = 0; r < c.runs; ++r) {
        if (!full) RemoveDb(db_path);
        // A fresh seed per run: new digests, so the unique index never trips.
        rates.push_back(WriteRun(db_path, batch, c.seconds, 1000 + r, c.text_bytes, c.write_vfs));
        if (full) TrimTo(db_path, last_article_id);
      }
      std::string store = full ? EventCount(c.prefill_events) + " events" : "empty";
      PrintRow("sqlite insert, batch " + std::to_string(batch) + ", " + store + " store",
               "throughput", rates, "articles/s");
    }
    RemoveDb(db_path);
  }
}

// A read query: binds its parameters from the thread's generator.
struct ReadQuery {
  std::string name;
  const char* sql;
  std::function<void(Statement&, RowMaker&, int64_t max_id)> bind;
};

std::vector<ReadQuery> ReadQueries() {
  return {
      {"sqlite select event by id", "SELECT * FROM events WHERE id = ?",
       [](Statement& s, RowMaker& r, int64_t max_id) { s.Bind(1, 1 + r.Uniform(max_id)); }},
      {"sqlite page of 50 by actor",
       "SELECT * FROM events WHERE actor_id = ? AND id > ? ORDER BY id LIMIT 50",
       [](Statement& s, RowMaker& r, int64_t) { s.Bind(1, r.Actor()).Bind(2, int64_t{0}); }},
      {"sqlite page of 50 by 30-day range",
       "SELECT * FROM events WHERE day BETWEEN ? AND ? ORDER BY day, id LIMIT 50",
       [](Statement& s, RowMaker& r, int64_t) {
         int from = static_cast<int>(r.Uniform(kDays - 30));
         s.Bind(1, RowMaker::DayString(from)).Bind(2, RowMaker::DayString(from + 30));
       }},
  };
}

// One read run: `threads` connections each issuing `q` back to back.
double ReadRun(const fs::path& db_path, const ReadQuery& q, int threads, double seconds) {
  std::atomic<int64_t> total{0};
  std::atomic<bool> empty_result{false};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      sqlite3* db = OpenDb(db_path, true);
      int64_t max_id = QueryInt(db, "SELECT max(id) FROM events");
      RowMaker rows(7000 + t, 0);
      Statement stmt(db, q.sql);
      int64_t done = 0;
      Clock::time_point end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(seconds));
      while (Clock::now() < end) {
        q.bind(stmt, rows, max_id);
        int n = stmt.Run();
        // A ceiling measured on empty results would be meaningless. (With
        // the default 1M events every page is full: ~500 events per actor,
        // ~8000 per 30 days.)
        if (n == 0) empty_result = true;
        ++done;
      }
      total += done;
      sqlite3_close(db);
    });
  }
  for (auto& w : workers) w.join();
  if (empty_result) {
    std::fprintf(stderr, "sqlite_ceiling: %s returned no rows\n", q.name.c_str());
    std::exit(1);
  }
  return total / seconds;
}

void ReadCeilings(const Config& c, const fs::path& prefilled, int nproc) {
  std::vector<int> thread_counts = {1};
  if (nproc > 1) thread_counts.push_back(nproc);
  for (const ReadQuery& q : ReadQueries()) {
    for (int threads : thread_counts) {
      std::vector<double> qps;
      for (int r = 0; r < c.runs; ++r) qps.push_back(ReadRun(prefilled, q, threads, c.seconds));
      PrintRow(q.name + ", " + EventCount(c.prefill_events) + " events, " +
                   std::to_string(threads) + " thr",
               "throughput", qps, "queries/s");
    }
  }
}

fs::path ExecutableDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : exe.parent_path();
}

int Main(int argc, char** argv) {
  // As the store does (store/sqlite_db.h, TurnOffProcessWideMemoryStatistics;
  // a standalone build of this folder does not link the store): no process-wide
  // allocation statistics, whose global mutex makes threads wait on each other.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  Config c;
  bool skip_writes = false, skip_reads = false;
  std::string work_dir, cache_dir;
  CLI::App app{"SQLite ceiling: raw inserts and indexed selects with Parley-shaped rows"};
  app.add_option("--runs", c.runs, "runs per point (median reported)")->check(CLI::PositiveNumber);
  app.add_option("--seconds", c.seconds, "seconds per run")->check(CLI::PositiveNumber);
  app.add_option("--batches", c.batches, "articles per transaction, one point each");
  app.add_option("--text_bytes", c.text_bytes, "article text size")->check(CLI::PositiveNumber);
  app.add_option("--prefill_events", c.prefill_events, "event rows in the prefilled store")
      ->check(CLI::PositiveNumber);
  app.add_option("--dir", work_dir, "where the run databases go (default: --cache_dir)");
  app.add_option("--cache_dir", cache_dir, "where the prefilled store is kept "
                                           "(default: beside this binary, i.e. the build dir)");
  app.add_option("--stores", c.stores, "write runs on the empty store, the prefilled one, or both")
      ->check(CLI::IsMember({"empty", "full", "both"}));
  app.add_flag("--skip_writes", skip_writes, "only the read ceilings");
  app.add_flag("--skip_reads", skip_reads, "only the write ceilings");
  std::string vfs = "default";
  app.add_option("--vfs", vfs, "VFS of the write runs: the store writer's or SQLite's default")
      ->check(CLI::IsMember({"wal-buffer", "default"}))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (vfs == "wal-buffer") {
#ifdef PARLEY_HAVE_WAL_WRITE_BUFFER
    auto name = store::sqlite::WalWriteBufferVfs();
    if (!name.ok()) {
      std::fprintf(stderr, "sqlite_ceiling: %s\n", name.status().ToString().c_str());
      return 1;
    }
    c.write_vfs = *name;
#else
    return std::fprintf(stderr, "sqlite_ceiling: --vfs wal-buffer needs the project build\n"), 1;
#endif
  }
  c.cache_dir = cache_dir.empty() ? ExecutableDir() / "ceilings_cache" : fs::path(cache_dir);
  c.work_dir = work_dir.empty() ? c.cache_dir : fs::path(work_dir);
  fs::create_directories(c.work_dir);

  MachineInfo machine = ReadMachineInfo();
  PrintMachineInfo({std::string("sqlite: ") + sqlite3_libversion(),
                    "sqlite_ceiling: dir=" + c.work_dir.string() + " fs=" + FsType(c.work_dir) +
                        " runs=" + std::to_string(c.runs) + " vfs=" + vfs});
  // Built only when a run reads or writes it.
  fs::path prefilled;
  if (!skip_reads || (!skip_writes && c.stores != "empty")) {
    prefilled = PrefilledStore(c.cache_dir, c.prefill_events, c.text_bytes);
  }
  if (!skip_writes) WriteCeilings(c, prefilled);
  if (!skip_reads) ReadCeilings(c, prefilled, machine.nproc);
  return 0;
}

}  // namespace
}  // namespace parley::ceilings

int main(int argc, char** argv) { return parley::ceilings::Main(argc, argv); }
