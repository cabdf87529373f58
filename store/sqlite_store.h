// The embedded store: one SQLite file in WAL mode, shared by the ingest
// process (the one writer) and query processes (readers, possibly
// read-only). Durable acks: synchronous=FULL, so an acknowledged article
// survives kill -9 and power loss.
#ifndef PARLEY_STORE_SQLITE_STORE_H_
#define PARLEY_STORE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "parley/store/store.h"
#include "store/connection_pool.h"
#include "store/day_summary.h"
#include "store/group_commit.h"
#include "store/page_token.h"
#include "store/sqlite_db.h"
#include "store/sqlite_writer.h"

namespace parley::store {

class SqliteStore : public Store {
 public:
  // Read-write: creates the file if needed and migrates it. Read-only:
  // NOT_FOUND when the file does not exist, FAILED_PRECONDITION when it is
  // not at this binary's schema version.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(const StoreOptions& options);
  ~SqliteStore() override;

  absl::StatusOr<IngestResult> Ingest(const ArticleInput& article,
                                      const extract::Extraction& events) override;
  // Group-committed with concurrent Ingest() and IngestAsync() calls; `done`
  // runs on the writer thread after the commit.
  void IngestAsync(const ArticleInput& article, const extract::Extraction& events,
                   IngestDone done) override;
  absl::Status UpsertActors(const std::vector<StoredActor>& actors) override;

  absl::StatusOr<Page<StoredCall>> ListCalls(const CallFilter&, const PageRequest&) override;
  absl::StatusOr<StoredCall> GetCall(int64_t id) override;
  absl::StatusOr<Page<StoredQuote>> ListQuotes(const QuoteFilter&, const PageRequest&) override;
  absl::StatusOr<StoredQuote> GetQuote(int64_t id) override;
  absl::StatusOr<Page<StoredSanction>> ListSanctions(const SanctionFilter&,
                                                     const PageRequest&) override;
  absl::StatusOr<StoredSanction> GetSanction(int64_t id) override;
  absl::StatusOr<Page<StoredActor>> ListActors(const ActorFilter&, const PageRequest&) override;
  absl::StatusOr<StoredActor> GetActor(std::string_view id) override;
  absl::StatusOr<Page<StoredArticle>> ListArticles(const ArticleFilter&,
                                                   const PageRequest&) override;
  absl::StatusOr<StoredArticle> GetArticle(int64_t id) override;
  absl::StatusOr<std::vector<SequencedEvent>> EventsAfter(int64_t after_sequence,
                                                          int limit) override;
  absl::StatusOr<int64_t> LastSequence() override;
  CommitStats commit_stats() const override;

 private:
  SqliteStore(std::string path, int reader_flags, std::string token_secret,
              std::unique_ptr<sqlite::Connection> writer, int max_batch);

  // Runs one batch of writes in one transaction (writer thread only): all
  // jobs straight in one transaction (RunTogether), and only when one fails,
  // the batch again with a savepoint per job (RunIsolated), so the failure
  // is undone alone.
  std::vector<absl::Status> RunBatch(const std::vector<GroupCommitter::Job*>& jobs);
  bool RunTogether(const std::vector<GroupCommitter::Job*>& jobs,
                   std::vector<absl::Status>* results);
  std::vector<absl::Status> RunIsolated(const std::vector<GroupCommitter::Job*>& jobs);
  absl::Status RunInSavepoint(GroupCommitter::Job& job);
  absl::Status BeginBatch();
  absl::Status CommitBatch();
  void RollBackBatch();
  absl::Status CheckWritable() const;
  absl::Status Write(GroupCommitter::Job job);

  // Runs `fn(connection)` inside one read transaction on a pooled reader.
  template <typename Fn>
  auto Read(Fn fn) -> decltype(fn(std::declval<sqlite::Connection&>()));
  template <typename T, typename Filter, typename BuildQuery, typename Load>
  absl::StatusOr<Page<T>> List(const Filter& filter, const PageRequest& page,
                               BuildQuery build, Load load);

  const std::string path_;
  sqlite::ConnectionPool readers_;
  const PageTokenCodec tokens_;
  // What each day holds in the dated tables, for date-range plans; shared
  // by the readers (thread-safe).
  sqlite::DaySummaries day_summaries_;
  // Touched only by the committer's thread once the store is open; null
  // when read-only. Declared before committer_, which must stop first.
  std::unique_ptr<sqlite::Connection> writer_;
  // Writer thread only, like writer_: actor rows already written, and the
  // database's data version after the writer's last commit (a different
  // one at the next BEGIN means another connection wrote in between).
  sqlite::NotedActors noted_;
  sqlite::PendingQuoteText fts_;  // Flushed by CommitBatch().
  unsigned int data_version_ = 0;
  std::unique_ptr<GroupCommitter> committer_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_SQLITE_STORE_H_
