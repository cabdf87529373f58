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
    IngestResult result;
    PARLEY_RETURN_IF_ERROR(committer_->Run([&]() -> absl::Status {
      result = pg::WriteArticle(*batch_txn_, article, events, sha, batch_events_);
      return absl::OkStatus();
    }));
    return result;
  }

  absl::Status UpsertActors(const std::vector<StoredActor>& actors) override {
    return committer_->Run([&]() -> absl::Status {
      for (const StoredActor& actor : actors) {
        PARLEY_RETURN_IF_ERROR(pg::UpsertKnownActor(*batch_txn_, actor));
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

  // The group committer's batch: one transaction, each job in a savepoint,
  // the batch's new events appended last (under the events lock) and one
  // commit. A serialization failure, deadlock or lost connection reruns the
  // whole batch on a fresh transaction (jobs rewrite their results); an
  // error in one article rolls back its savepoint alone.
  std::vector<absl::Status> RunBatch(const std::vector<GroupCommitter::Job*>& jobs) {
    std::vector<absl::Status> results(jobs.size());
    absl::Status last;
    for (int attempt = 0; attempt < pg::kMaxAttempts; ++attempt) {
      if (attempt > 0) pg::RetryBackoff(attempt);
      absl::StatusOr<pg::ConnectionPool::Lease> lease = pool_->Acquire();
      if (!lease.ok()) {
        last = lease.status();
        break;
      }
      try {
        RunBatchOnce(lease->conn(), jobs, &results);
        return results;
      } catch (...) {
        pg::ClassifiedError e = pg::ClassifyCurrentException("Ingest");
        last = e.status;
        if (e.recovery == pg::Recovery::kNone) break;
        if (e.recovery == pg::Recovery::kReconnect) {
          lease->MarkBroken();
          pool_->DropIdle();
        }
      }
    }
    for (absl::Status& s : results) s = last;
    return results;
  }

  void RunBatchOnce(pqxx::connection& conn, const std::vector<GroupCommitter::Job*>& jobs,
                    std::vector<absl::Status>* results) {
    pqxx::work txn(conn, "ingest");
    pg::LockWriters(txn);
    std::vector<pg::NewEvent> events;
    batch_events_ = &events;
    for (size_t i = 0; i < jobs.size(); ++i) {
      const size_t mark = events.size();
      pqxx::subtransaction savepoint(txn, "article");
      batch_txn_ = &savepoint;
      absl::Status status;
      try {
        status = (*jobs[i])();
      } catch (...) {
        pg::ClassifiedError e = pg::ClassifyCurrentException("Ingest");
        // Retryable errors doom the transaction: rerun the batch.
        if (e.recovery != pg::Recovery::kNone) throw;
        status = e.status;
      }
      batch_txn_ = nullptr;
      if (status.ok()) {
        savepoint.commit();
      } else {
        savepoint.abort();
        events.resize(mark);
      }
      (*results)[i] = status;
    }
    pg::AppendEvents(txn, events);
    txn.commit();
    batch_events_ = nullptr;
  }

  std::unique_ptr<pg::ConnectionPool> pool_;
  const PageTokenCodec tokens_;
  // The savepoint and event list of the job being run (writer thread only).
  pqxx::transaction_base* batch_txn_ = nullptr;
  std::vector<pg::NewEvent>* batch_events_ = nullptr;
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
