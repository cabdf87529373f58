#include "store/sqlite_store.h"

#include <sys/stat.h>

#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "parley/common/status_macros.h"
#include "store/event_keys.h"
#include "store/filter_fingerprint.h"
#include "store/schema.h"
#include "store/sqlite_queries.h"
#include "store/sqlite_reader.h"
#include "store/sqlite_writer.h"
#include "store/text_hash.h"
#include "store/validate.h"
#include "store/wal_write_buffer.h"

namespace parley::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;

constexpr int kMaxPageSize = 1000;

bool FileExists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

absl::StatusOr<std::string> JournalMode(Connection& db) {
  PARLEY_ASSIGN_OR_RETURN(Statement st, db.Prepare("PRAGMA journal_mode = WAL"));
  PARLEY_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Text(0) : "";
}

absl::StatusOr<std::unique_ptr<Connection>> OpenWriter(const std::string& path,
                                                       int wal_checkpoint_pages) {
  // A few large writes per commit to the WAL instead of two per page;
  // needs the synchronous=FULL set below (store/wal_write_buffer.h).
  PARLEY_ASSIGN_OR_RETURN(const char* vfs, sqlite::WalWriteBufferVfs());
  PARLEY_ASSIGN_OR_RETURN(
      std::unique_ptr<Connection> db,
      Connection::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs));
  PARLEY_ASSIGN_OR_RETURN(std::string mode, JournalMode(*db));
  if (mode != "wal") {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": cannot switch to WAL mode (is it on a network filesystem?)"));
  }
  // FULL: the WAL is fsynced at every commit, so an ack means durable.
  PARLEY_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous = FULL"));
  // A batch with a failing article reruns with a SAVEPOINT per article
  // (RunIsolated); SQLite keeps a savepoint's sub-journal in a temp file by
  // default, which cost ~670 KB of writes per article in bench/service_bench
  // when every article had one. In memory it is the same
  // rollback data (durability is the WAL's job), and a 64 MiB page cache
  // keeps the hot index pages of a large store resident.
  PARLEY_RETURN_IF_ERROR(db->Exec("PRAGMA temp_store = MEMORY"));
  PARLEY_RETURN_IF_ERROR(db->Exec("PRAGMA cache_size = -65536"));
  // StoreOptions::wal_checkpoint_pages says why not SQLite's 1,000. A failed
  // checkpoint (a full disk) does not fail the commit; the WAL keeps it.
  PARLEY_RETURN_IF_ERROR(
      db->Exec(absl::StrCat("PRAGMA wal_autocheckpoint = ", wal_checkpoint_pages)));
  PARLEY_RETURN_IF_ERROR(sqlite::Migrate(*db));
  return db;
}

// A read-only opener cannot create or migrate, so it checks both.
absl::Status CheckReadable(const std::string& path, int flags) {
  if (!FileExists(path)) {
    return absl::NotFoundError(absl::StrCat(
        "store ", path, " does not exist; open it read-write first (the ingest service does)"));
  }
  absl::StatusOr<std::unique_ptr<Connection>> db = Connection::Open(path, flags);
  absl::Status status = db.status();
  if (status.ok()) status = sqlite::CheckSchema(**db);
  if (status.ok() || absl::IsFailedPrecondition(status)) return status;
  return absl::FailedPreconditionError(absl::StrCat(
      "cannot read store ", path, " read-only: ", status.message(),
      " (a WAL store read-only needs its -wal and -shm files or a writable directory)"));
}

// Query builders as List() calls them: (filter, cursor, limit, connection).
template <typename Filter>
auto WithLookup(absl::StatusOr<sqlite::IdQuery> (*build)(const Filter&, const PageCursor&, int,
                                                         const sqlite::Lookup&),
                sqlite::DaySummaries* days) {
  return [build, days](const Filter& f, const PageCursor& cursor, int limit, Connection& db) {
    return build(f, cursor, limit, sqlite::LookupOn(db, days));
  };
}
template <typename Filter>
auto WithoutLookup(absl::StatusOr<sqlite::IdQuery> (*build)(const Filter&, const PageCursor&,
                                                            int)) {
  return [build](const Filter& f, const PageCursor& cursor, int limit, Connection&) {
    return build(f, cursor, limit);
  };
}

absl::Status CheckPageSize(int size) {
  if (size <= 0) return absl::InvalidArgumentError("page_size: must be positive");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(const StoreOptions& options) {
  const std::string& path = options.location;
  const int reader_flags = SQLITE_OPEN_READONLY;
  std::unique_ptr<Connection> writer;
  if (options.read_only) {
    PARLEY_RETURN_IF_ERROR(CheckReadable(path, reader_flags));
  } else {
    PARLEY_ASSIGN_OR_RETURN(writer, OpenWriter(path, options.wal_checkpoint_pages));
  }
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader,
                          Connection::Open(path, reader_flags));
  PARLEY_ASSIGN_OR_RETURN(std::string secret, sqlite::ReadTokenSecret(*reader));
  return std::unique_ptr<SqliteStore>(new SqliteStore(path, reader_flags, std::move(secret),
                                                      std::move(writer), options.max_batch));
}

SqliteStore::SqliteStore(std::string path, int reader_flags, std::string token_secret,
                         std::unique_ptr<Connection> writer, int max_batch)
    : path_(path), readers_(path, reader_flags), tokens_(std::move(token_secret)),
      writer_(std::move(writer)) {
  if (writer_ != nullptr) {
    committer_ = std::make_unique<GroupCommitter>(
        max_batch, [this](const std::vector<GroupCommitter::Job*>& jobs) {
          return RunBatch(jobs);
        });
  }
}

SqliteStore::~SqliteStore() {
  if (writer_ == nullptr) return;
  committer_.reset();  // Runs the queued writes and stops the writer thread.
  // Leave the whole store in the database file. SQLite does this when the
  // last connection to a file closes, but the readers close after the
  // writer, so the WAL stayed (a copy of the .db file alone then missed, or
  // half-held, the last commits). Idle readers do not block it; a read
  // running in another process leaves the WAL to be finished later, as a
  // failure here (a full disk) does: the WAL loses nothing.
  writer_->Exec("PRAGMA wal_checkpoint(TRUNCATE)").IgnoreError();
}

// ---- Writes -------------------------------------------------------------

absl::Status SqliteStore::BeginBatch() {
  PARLEY_RETURN_IF_ERROR(writer_->Exec("BEGIN IMMEDIATE"));
  // Another connection committed since our last commit: the actor rows
  // noted so far may have changed.
  if (writer_->data_version() != data_version_) noted_.Clear();
  return absl::OkStatus();
}

absl::Status SqliteStore::CommitBatch() {
  absl::Status commit = fts_.Flush(*writer_);
  if (commit.ok()) commit = writer_->Exec("COMMIT");
  if (!commit.ok()) {
    RollBackBatch();
    return commit;
  }
  noted_.Commit();
  data_version_ = writer_->data_version();
  return absl::OkStatus();
}

void SqliteStore::RollBackBatch() {
  if (!writer_->autocommit()) writer_->Exec("ROLLBACK").IgnoreError();
  noted_.Undo(0);
  fts_.Undo(0);
}

// True when `results` holds every job's final status: all ran and the
// commit's outcome is theirs, or the transaction did not begin. False when
// a job failed: the transaction is rolled back, nothing of the batch stays.
// No savepoints: each costs SQLite a statement journal and makes FTS5 flush
// its pending terms, which is most of a small article's cost.
bool SqliteStore::RunTogether(const std::vector<GroupCommitter::Job*>& jobs,
                              std::vector<absl::Status>* results) {
  absl::Status begin = BeginBatch();
  if (!begin.ok()) {
    results->assign(jobs.size(), begin);
    return true;
  }
  for (GroupCommitter::Job* job : jobs) {
    absl::Status status = (*job)();
    writer_->ResetCached();
    if (!status.ok()) {
      RollBackBatch();
      return false;
    }
  }
  results->assign(jobs.size(), CommitBatch());
  return true;
}

absl::Status SqliteStore::RunInSavepoint(GroupCommitter::Job& job) {
  PARLEY_RETURN_IF_ERROR(writer_->Exec("SAVEPOINT write"));
  const size_t mark = noted_.Mark();
  const size_t fts_mark = fts_.Mark();
  absl::Status status = job();
  writer_->ResetCached();
  if (status.ok()) status = writer_->Exec("RELEASE write");
  if (status.ok()) return status;
  if (!writer_->autocommit()) {
    // Undo this write alone; the rest of the batch stands.
    writer_->Exec("ROLLBACK TO write").IgnoreError();
    writer_->Exec("RELEASE write").IgnoreError();
  }
  noted_.Undo(mark);
  fts_.Undo(fts_mark);
  return status;
}

std::vector<absl::Status> SqliteStore::RunIsolated(
    const std::vector<GroupCommitter::Job*>& jobs) {
  std::vector<absl::Status> results(jobs.size());
  size_t next = 0;
  while (next < jobs.size()) {
    absl::Status begin = BeginBatch();
    if (!begin.ok()) {
      for (; next < jobs.size(); ++next) results[next] = begin;
      break;
    }
    std::vector<size_t> written;
    bool lost = false;
    for (; next < jobs.size() && !lost; ++next) {
      results[next] = RunInSavepoint(*jobs[next]);
      if (results[next].ok()) {
        written.push_back(next);
      } else if (writer_->autocommit()) {
        // SQLite rolled the whole transaction back (disk full, I/O error):
        // the earlier writes of this batch are gone too; the rest of the
        // batch gets a fresh transaction.
        lost = true;
        noted_.Undo(0);
        fts_.Undo(0);
        for (size_t i : written) {
          results[i] = absl::Status(results[next].code(),
                                    absl::StrCat("transaction rolled back: ",
                                                 results[next].message()));
        }
      }
    }
    if (lost) continue;
    absl::Status commit = CommitBatch();
    if (!commit.ok()) {
      for (size_t i : written) results[i] = commit;
    }
  }
  return results;
}

std::vector<absl::Status> SqliteStore::RunBatch(const std::vector<GroupCommitter::Job*>& jobs) {
  std::vector<absl::Status> results;
  if (RunTogether(jobs, &results)) return results;
  return RunIsolated(jobs);
}

absl::Status SqliteStore::CheckWritable() const {
  if (committer_ != nullptr) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("store ", path_, " is open read-only"));
}

absl::Status SqliteStore::Write(GroupCommitter::Job job) {
  PARLEY_RETURN_IF_ERROR(CheckWritable());
  return committer_->Run(std::move(job));
}

absl::StatusOr<IngestResult> SqliteStore::Ingest(const ArticleInput& article,
                                                 const extract::Extraction& events) {
  PARLEY_RETURN_IF_ERROR(ValidateIngest(article, events));
  // Hashing is the CPU-heavy part: done on the caller's thread, not the
  // single writer's.
  PARLEY_ASSIGN_OR_RETURN(std::string sha, ContentSha256(article.text));
  IngestResult result;
  PARLEY_RETURN_IF_ERROR(Write([&] {
    return sqlite::WriteArticle(*writer_, article, events, sha, &result, &noted_, &fts_);
  }));
  return result;
}

void SqliteStore::IngestAsync(const ArticleInput& article, const extract::Extraction& events,
                              IngestDone done) {
  absl::Status status = CheckWritable();
  if (status.ok()) status = ValidateIngest(article, events);
  absl::StatusOr<std::string> sha =
      status.ok() ? ContentSha256(article.text) : absl::StatusOr<std::string>(status);
  if (!sha.ok()) return done(sha.status());
  // Shared by the job (which fills it) and the completion (which hands it
  // over): both are copies inside std::function.
  auto result = std::make_shared<IngestResult>();
  committer_->RunAsync(
      [this, &article, &events, sha = *std::move(sha), result] {
        return sqlite::WriteArticle(*writer_, article, events, sha, result.get(), &noted_,
                                    &fts_);
      },
      [result, done = std::move(done)](absl::Status committed) {
        if (committed.ok()) {
          done(std::move(*result));
        } else {
          done(std::move(committed));
        }
      });
}

absl::Status SqliteStore::UpsertActors(const std::vector<StoredActor>& actors) {
  return Write([&]() -> absl::Status {
    // UpsertActor replaces offices and names that noted events relied on.
    noted_.Clear();
    for (const StoredActor& actor : actors) {
      PARLEY_RETURN_IF_ERROR(sqlite::UpsertActor(*writer_, actor));
    }
    return absl::OkStatus();
  });
}

Store::CommitStats SqliteStore::commit_stats() const {
  if (committer_ == nullptr) return {};
  return CommitStats{committer_->batches(), committer_->jobs()};
}

// ---- Reads --------------------------------------------------------------

template <typename Fn>
auto SqliteStore::Read(Fn fn) -> decltype(fn(std::declval<Connection&>())) {
  PARLEY_ASSIGN_OR_RETURN(sqlite::ConnectionPool::Lease db, readers_.Acquire());
  // One read transaction: a page's ids and records come from one snapshot.
  PARLEY_RETURN_IF_ERROR(db->ExecCached("BEGIN"));
  auto result = fn(*db);
  db->ResetCached();
  if (!db->ExecCached("COMMIT").ok()) db->Exec("ROLLBACK").IgnoreError();
  return result;
}

template <typename T, typename Filter, typename BuildQuery, typename Load>
absl::StatusOr<Page<T>> SqliteStore::List(const Filter& filter, const PageRequest& page,
                                          BuildQuery build, Load load) {
  PARLEY_RETURN_IF_ERROR(CheckPageSize(page.page_size));
  const int size = std::min(page.page_size, kMaxPageSize);
  const std::string fingerprint = Fingerprint(filter);
  PARLEY_ASSIGN_OR_RETURN(PageCursor cursor, tokens_.Decode(page.page_token, fingerprint));
  constexpr bool kTextIds = std::is_same_v<T, StoredActor>;
  using Id = std::conditional_t<kTextIds, std::string, int64_t>;
  return Read([&](Connection& db) -> absl::StatusOr<Page<T>> {
    // Built inside the read transaction: name filters are resolved to actor
    // ids on the same snapshot the page is read from.
    PARLEY_ASSIGN_OR_RETURN(sqlite::IdQuery query, build(filter, cursor, size + 1, db));
    // Cached: the SQL depends on which filters are set, not on their values.
    PARLEY_ASSIGN_OR_RETURN(Statement * st, db.Cached(query.sql));
    query.BindTo(*st);
    std::vector<Id> ids;
    for (;;) {
      // No error here is the caller's: filters are validated and bound as
      // values, and full-text words are quoted (fts_query.h), so FTS5 never
      // sees a syntax error.
      PARLEY_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      if constexpr (kTextIds) ids.push_back(st->Text(0)); else ids.push_back(st->Int(0));
    }
    Page<T> out;
    const bool more = static_cast<int>(ids.size()) > size;
    if (more) ids.resize(size);
    for (const Id& id : ids) {
      PARLEY_ASSIGN_OR_RETURN(T item, load(db, id));
      out.items.push_back(std::move(item));
    }
    if (more) {
      PageCursor next;
      if constexpr (kTextIds) next.last_key = ids.back(); else next.last_id = ids.back();
      out.next_page_token = tokens_.Encode(next, fingerprint);
    }
    return out;
  });
}

absl::StatusOr<Page<StoredCall>> SqliteStore::ListCalls(const CallFilter& f,
                                                        const PageRequest& page) {
  return List<StoredCall>(f, page, WithLookup(sqlite::CallsQuery, &day_summaries_),
                          sqlite::LoadCall);
}

absl::StatusOr<StoredCall> SqliteStore::GetCall(int64_t id) {
  return Read([&](Connection& db) { return sqlite::LoadCall(db, id); });
}

absl::StatusOr<Page<StoredQuote>> SqliteStore::ListQuotes(const QuoteFilter& f,
                                                          const PageRequest& page) {
  return List<StoredQuote>(f, page, WithLookup(sqlite::QuotesQuery, &day_summaries_),
                           sqlite::LoadQuote);
}

absl::StatusOr<StoredQuote> SqliteStore::GetQuote(int64_t id) {
  return Read([&](Connection& db) { return sqlite::LoadQuote(db, id); });
}

absl::StatusOr<Page<StoredSanction>> SqliteStore::ListSanctions(const SanctionFilter& f,
                                                                const PageRequest& page) {
  return List<StoredSanction>(f, page, WithLookup(sqlite::SanctionsQuery, &day_summaries_),
                              sqlite::LoadSanction);
}

absl::StatusOr<StoredSanction> SqliteStore::GetSanction(int64_t id) {
  return Read([&](Connection& db) { return sqlite::LoadSanction(db, id); });
}

absl::StatusOr<Page<StoredActor>> SqliteStore::ListActors(const ActorFilter& f,
                                                          const PageRequest& page) {
  return List<StoredActor>(f, page, WithoutLookup(sqlite::ActorsQuery),
                           [](Connection& db, const std::string& id) {
                             return sqlite::LoadActor(db, id);
                           });
}

absl::StatusOr<StoredActor> SqliteStore::GetActor(std::string_view id) {
  return Read([&](Connection& db) {
    return sqlite::LoadActor(db, absl::string_view(id.data(), id.size()));
  });
}

absl::StatusOr<Page<StoredArticle>> SqliteStore::ListArticles(const ArticleFilter& f,
                                                              const PageRequest& page) {
  auto load = [](Connection& db, int64_t id) {
    return sqlite::LoadArticle(db, id, /*with_text=*/false);
  };
  return List<StoredArticle>(f, page, WithLookup(sqlite::ArticlesQuery, &day_summaries_), load);
}

absl::StatusOr<StoredArticle> SqliteStore::GetArticle(int64_t id) {
  return Read([&](Connection& db) { return sqlite::LoadArticle(db, id, /*with_text=*/true); });
}

absl::StatusOr<std::vector<SequencedEvent>> SqliteStore::EventsAfter(int64_t after_sequence,
                                                                     int limit) {
  if (after_sequence < 0) return absl::InvalidArgumentError("after_sequence: negative");
  if (limit <= 0) return absl::InvalidArgumentError("limit: must be positive");
  return Read([&](Connection& db) -> absl::StatusOr<std::vector<SequencedEvent>> {
    PARLEY_ASSIGN_OR_RETURN(
        Statement * st,
        db.Cached("SELECT sequence, type, event_id FROM events WHERE sequence > ? "
                  "ORDER BY sequence LIMIT ?"));
    st->Bind(after_sequence).Bind(limit);
    std::vector<SequencedEvent> out;
    for (;;) {
      PARLEY_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) return out;
      SequencedEvent e;
      e.sequence = st->Int(0);
      e.type = EventTypeFromName(st->Text(1));
      e.id = st->Int(2);
      out.push_back(e);
    }
  });
}

absl::StatusOr<int64_t> SqliteStore::LastSequence() {
  return Read([](Connection& db) {
    return db.QueryInt("SELECT COALESCE(MAX(sequence), 0) FROM events");
  });
}

}  // namespace parley::store
