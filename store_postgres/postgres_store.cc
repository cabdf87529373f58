#include "parley/store/postgres_store.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "connection_pool.h"
#include "parley/common/status_macros.h"
#include "parley/store/backend.h"
#include "pg_batch.h"
#include "pg_ingest.h"
#include "pg_reads.h"
#include "pg_retry.h"
#include "pg_schema.h"
#include "pg_status.h"
#include "store/group_commit.h"
#include "store/page_token.h"
#include "store/text_hash.h"
#include "store/validate.h"

namespace parley::store {
namespace {

// Connections per store: the writer thread holds one during a batch, readers
// share the rest. Small on purpose: PostgreSQL pays per connection, and
// replicas multiply it.
constexpr int kPoolSize = 8;

using ReadTxn = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

class PostgresStore : public Store {
 public:
  PostgresStore(std::unique_ptr<pg::ConnectionPool> pool, std::string token_secret, int max_batch)
      : pool_(std::move(pool)), tokens_(std::move(token_secret)) {
    committer_ = std::make_unique<GroupCommitter>(
        max_batch, [this](const std::vector<GroupCommitter::Job*>& jobs) { return RunBatch(jobs); });
  }

  absl::StatusOr<IngestResult> Ingest(const ArticleInput& article,
                                      const extract::Extraction& events) override {
    PARLEY_RETURN_IF_ERROR(ValidateIngest(article, events));
    PARLEY_RETURN_IF_ERROR(pg::CheckStorable(article, events));
    // Hashing is CPU work: on the caller's thread, not the writer's.
    PARLEY_ASSIGN_OR_RETURN(std::string sha, ContentSha256(article.text));
    pg::BatchArticle item{&article, &events, std::move(sha), {}};
    PARLEY_RETURN_IF_ERROR(committer_->Run([&] { return Write(&item); }));
    return std::move(item.result);
  }

  void IngestAsync(const ArticleInput& article, const extract::Extraction& events,
                   IngestDone done) override {
    absl::Status status = ValidateIngest(article, events);
    if (status.ok()) status = pg::CheckStorable(article, events);
    absl::StatusOr<std::string> sha =
        status.ok() ? ContentSha256(article.text) : absl::StatusOr<std::string>(status);
    if (!sha.ok()) return done(sha.status());
    // Shared by the job (which fills it) and the completion (which hands it
    // over): both are copies inside std::function.
    auto item = std::make_shared<pg::BatchArticle>(
        pg::BatchArticle{&article, &events, *std::move(sha), {}});
    committer_->RunAsync([this, item] { return Write(item.get()); },
                         [item, done = std::move(done)](absl::Status committed) {
                           if (committed.ok()) {
                             done(std::move(item->result));
                           } else {
                             done(std::move(committed));
                           }
                         });
  }

  absl::Status UpsertActors(const std::vector<StoredActor>& actors) override {
    return committer_->Run([&]() -> absl::Status {
      if (pass_.collect != nullptr) {
        pass_.needs_savepoints = true;
        return absl::OkStatus();
      }
      for (const StoredActor& actor : actors) {
        PARLEY_RETURN_IF_ERROR(pg::UpsertKnownActor(*pass_.txn, actor));
      }
      return absl::OkStatus();
    });
  }

  CommitStats commit_stats() const override {
    return CommitStats{committer_->batches(), committer_->jobs()};
  }

  absl::StatusOr<Page<StoredCall>> ListCalls(const CallFilter& f, const PageRequest& p) override {
    return Read("ListCalls", [&](pg::Reader& r) { return r.ListCalls(f, p); });
  }
  absl::StatusOr<StoredCall> GetCall(int64_t id) override {
    return Read("GetCall", [&](pg::Reader& r) { return r.GetCall(id); });
  }
  absl::StatusOr<Page<StoredQuote>> ListQuotes(const QuoteFilter& f,
                                               const PageRequest& p) override {
    return Read("ListQuotes", [&](pg::Reader& r) { return r.ListQuotes(f, p); });
  }
  absl::StatusOr<StoredQuote> GetQuote(int64_t id) override {
    return Read("GetQuote", [&](pg::Reader& r) { return r.GetQuote(id); });
  }
  absl::StatusOr<Page<StoredSanction>> ListSanctions(const SanctionFilter& f,
                                                     const PageRequest& p) override {
    return Read("ListSanctions", [&](pg::Reader& r) { return r.ListSanctions(f, p); });
  }
  absl::StatusOr<StoredSanction> GetSanction(int64_t id) override {
    return Read("GetSanction", [&](pg::Reader& r) { return r.GetSanction(id); });
  }
  absl::StatusOr<Page<StoredActor>> ListActors(const ActorFilter& f,
                                               const PageRequest& p) override {
    return Read("ListActors", [&](pg::Reader& r) { return r.ListActors(f, p); });
  }
  absl::StatusOr<StoredActor> GetActor(std::string_view id) override {
    return Read("GetActor", [&](pg::Reader& r) { return r.GetActor(absl::string_view(id.data(), id.size())); });
  }
  absl::StatusOr<Page<StoredArticle>> ListArticles(const ArticleFilter& f,
                                                   const PageRequest& p) override {
    return Read("ListArticles", [&](pg::Reader& r) { return r.ListArticles(f, p); });
  }
  absl::StatusOr<StoredArticle> GetArticle(int64_t id) override {
    return Read("GetArticle", [&](pg::Reader& r) { return r.GetArticle(id); });
  }
  absl::StatusOr<std::vector<SequencedEvent>> EventsAfter(int64_t after, int limit) override {
    return Read("EventsAfter", [&](pg::Reader& r) { return r.EventsAfter(after, limit); });
  }
  absl::StatusOr<int64_t> LastSequence() override {
    return Read("LastSequence", [&](pg::Reader& r) { return r.LastSequence(); });
  }

 private:
  // An Ingest job: in the batch pass, adds the article to the batch (written
  // with the others after the jobs run); in the job-by-job pass, writes it.
  absl::Status Write(pg::BatchArticle* item) {
    if (pass_.collect != nullptr) {
      pass_.collect->push_back(item);
      return absl::OkStatus();
    }
    item->result = pg::WriteArticle(*pass_.txn, *item->article, *item->events,
                                    item->content_sha256, pass_.events);
    return absl::OkStatus();
  }

  // One snapshot per call: a page's ids and records agree.
  template <typename Fn>
  auto Read(absl::string_view what, Fn fn) -> decltype(fn(std::declval<pg::Reader&>())) {
    return pg::WithRetry(*pool_, what, [&](pqxx::connection& conn) {
      ReadTxn txn(conn, "read");
      pg::Reader reader(txn, tokens_);
      auto out = fn(reader);
      txn.commit();
      return out;
    });
  }

  // The group committer's batch, in one transaction and one commit, the
  // batch's new events appended last (under the events lock). First as a
  // whole: every article in about a dozen statements (pg_batch.h), no
  // writers' lock. If that fails for a reason a retry would not cure (one
  // article PostgreSQL refuses, say), or the batch holds a job that is not
  // an article, the batch runs again job by job, each in a savepoint under
  // the writers' lock, so a bad article fails alone. A serialization
  // failure, deadlock or lost connection reruns the batch on a fresh
  // transaction (jobs rewrite their results).
  std::vector<absl::Status> RunBatch(const std::vector<GroupCommitter::Job*>& jobs) {
    std::vector<absl::Status> results(jobs.size());
    absl::Status last;
    bool by_job = false;
    for (int attempt = 0; attempt < pg::kMaxAttempts; ++attempt) {
      if (attempt > 0) pg::RetryBackoff(attempt);
      absl::StatusOr<pg::ConnectionPool::Lease> lease = pool_->Acquire();
      if (!lease.ok()) {
        last = lease.status();
        break;
      }
      try {
        if (!by_job && RunWholeBatch(lease->conn(), jobs, &results)) return results;
        by_job = true;
        RunJobByJob(lease->conn(), jobs, &results);
        return results;
      } catch (...) {
        pass_ = {};
        pg::ClassifiedError e = pg::ClassifyCurrentException("Ingest");
        last = e.status;
        if (e.recovery == pg::Recovery::kNone) {
          if (by_job) break;
          // Find the culprit job by job, at once: this is not contention.
          by_job = true;
          --attempt;
          continue;
        }
        if (e.recovery == pg::Recovery::kReconnect) {
          lease->MarkBroken();
          pool_->DropIdle();
        }
      }
    }
    for (absl::Status& s : results) s = last;
    return results;
  }

  // False, having written nothing, when a job is not an article.
  bool RunWholeBatch(pqxx::connection& conn, const std::vector<GroupCommitter::Job*>& jobs,
                     std::vector<absl::Status>* results) {
    std::vector<pg::BatchArticle*> articles;
    pass_ = {};
    pass_.collect = &articles;
    for (GroupCommitter::Job* job : jobs) (*job)().IgnoreError();  // Collecting: always OK.
    const bool collected = !pass_.needs_savepoints;
    pass_ = {};
    if (!collected) return false;
    pqxx::work txn(conn, "ingest");
    // Before any id is taken from a sequence: replicas then commit in the
    // order they took ids, and a reader paging by id never passes a row
    // that another replica commits later.
    pg::LockWriters(txn);
    std::vector<pg::NewEvent> events;
    pg::WriteBatch(txn, articles, &events);
    pg::AppendEvents(txn, events);
    txn.commit();
    for (absl::Status& s : *results) s = absl::OkStatus();
    return true;
  }

  // Under the writers' lock: the per-article path takes rows in no fixed
  // order, so replicas running it side by side could deadlock.
  void RunJobByJob(pqxx::connection& conn, const std::vector<GroupCommitter::Job*>& jobs,
                   std::vector<absl::Status>* results) {
    pqxx::work txn(conn, "ingest");
    pg::LockWriters(txn);
    std::vector<pg::NewEvent> events;
    pass_ = {};
    pass_.events = &events;
    pass_.txn = &txn;
    for (size_t i = 0; i < jobs.size(); ++i) {
      const size_t mark = events.size();
      // Plain SQL, not pqxx::subtransaction: libpqxx 6.4 sends a
      // subtransaction's SAVEPOINT only before its first exec(), never before
      // exec_params(), so a failed statement used to doom the whole batch.
      txn.exec0("SAVEPOINT article");
      absl::Status status;
      try {
        status = (*jobs[i])();
      } catch (...) {
        pg::ClassifiedError e = pg::ClassifyCurrentException("Ingest");
        // Retryable errors doom the transaction: rerun the batch.
        if (e.recovery != pg::Recovery::kNone) throw;
        status = e.status;
      }
      if (status.ok()) {
        txn.exec0("RELEASE SAVEPOINT article");
      } else {
        txn.exec0("ROLLBACK TO SAVEPOINT article");
        events.resize(mark);
      }
      (*results)[i] = status;
    }
    pg::AppendEvents(txn, events);
    txn.commit();
    pass_ = {};
  }

  std::unique_ptr<pg::ConnectionPool> pool_;
  const PageTokenCodec tokens_;
  // What the writer thread's current pass gives the jobs (writer thread
  // only): either a list to add articles to, or a savepoint to write in.
  struct Pass {
    std::vector<pg::BatchArticle*>* collect = nullptr;
    bool needs_savepoints = false;  // Set by a job that cannot be collected.
    pqxx::transaction_base* txn = nullptr;
    std::vector<pg::NewEvent>* events = nullptr;
  };
  Pass pass_;
  // Last: destroyed first, so the writer thread stops before the pool goes.
  std::unique_ptr<GroupCommitter> committer_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> OpenPostgres(const StoreOptions& options) {
  const std::string& uri = options.location;
  if (!absl::StartsWith(uri, "postgresql://") && !absl::StartsWith(uri, "postgres://")) {
    return absl::InvalidArgumentError(
        absl::StrCat("location: not a postgresql:// URI: ", pg::RedactUri(uri)));
  }
  if (options.max_batch <= 0) return absl::InvalidArgumentError("max_batch: must be positive");
  auto pool = std::make_unique<pg::ConnectionPool>(uri, kPoolSize);
  PARLEY_RETURN_IF_ERROR(pg::WithRetry(*pool, "migrate", [](pqxx::connection& conn) {
    return pg::Migrate(conn);
  }));
  PARLEY_ASSIGN_OR_RETURN(
      std::string secret,
      pg::WithRetry(*pool, "open", [](pqxx::connection& conn) -> absl::StatusOr<std::string> {
        return pg::ReadTokenSecret(conn);
      }));
  return std::unique_ptr<Store>(
      new PostgresStore(std::move(pool), std::move(secret), options.max_batch));
}

bool RegisterPostgresStore() {
  RegisterStoreBackend("postgresql", OpenPostgres);
  RegisterStoreBackend("postgres", OpenPostgres);
  return true;
}

}  // namespace parley::store
