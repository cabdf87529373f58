// The store: persists articles with their extracted events and answers the
// query service's typed, paginated reads. Two implementations behind this one
// interface: SQLite (embedded default, a file path) and PostgreSQL (a
// postgresql:// URI). Open() picks by the form of the location.
//
// Guarantees every implementation keeps (store/store_conformance_test.cc
// checks them against both):
// - Ingest() stores an article and all its events in one transaction: whole
//   or not at all. It returns only once the transaction is durable. Concurrent
//   Ingest() calls are group-committed (several articles per transaction),
//   each caller acknowledged after the commit that holds its article.
// - The same normalised text is stored once: a second Ingest() returns the
//   first article's id with duplicate = true and writes nothing.
// - A call (same participant set, same date, same medium) reported by several
//   articles is one stored call with several mentions.
// - List*() pages by keyset (id order), with opaque tokens bound to the
//   filter; a token used with another filter is INVALID_ARGUMENT.
// - Errors: INVALID_ARGUMENT for bad filters or tokens, NOT_FOUND from Get*(),
//   RESOURCE_EXHAUSTED when the disk is full, UNAVAILABLE when the database
//   cannot be reached, DATA_LOSS when its file is damaged. Never a partial
//   write.
#ifndef PARLEY_STORE_STORE_H_
#define PARLEY_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "parley/extract/events.h"

namespace parley::store {

// An article as given to Ingest().
struct ArticleInput {
  std::string text;  // Valid UTF-8, non-empty (the service validates).
  std::string source;
  std::string url;
  std::string external_id;
  std::optional<absl::CivilDay> published;  // Metadata date or text date.
};

struct IngestResult {
  int64_t article_id = 0;
  bool duplicate = false;
  // Ids of the stored events, parallel to the Extraction's vectors (for a
  // duplicate: the events stored the first time). A call merged into an
  // existing call gets that call's id.
  std::vector<int64_t> call_ids;
  std::vector<int64_t> quote_ids;
  std::vector<int64_t> sanction_ids;
};

// Stored records: the engine's event plus what the store adds.
struct StoredCall {
  int64_t id = 0;
  extract::Call call;  // call.provenance is the first mention.
  struct Mention {
    int64_t article_id = 0;
    extract::Provenance provenance;
  };
  std::vector<Mention> mentions;  // First report first.
};

struct StoredQuote {
  int64_t id = 0;
  int64_t article_id = 0;
  std::optional<absl::CivilDay> date;  // The article's publication date.
  extract::Quote quote;
};

struct StoredSanction {
  int64_t id = 0;
  int64_t article_id = 0;
  std::optional<absl::CivilDay> date;  // The article's publication date.
  extract::Sanction sanction;
};

struct StoredArticle {
  int64_t id = 0;
  ArticleInput input;          // text is filled only by GetArticle().
  std::string content_sha256;  // Hex digest of the normalised text.
  int64_t size_bytes = 0;
  std::string title;
  absl::Time ingest_time;
  int call_count = 0, quote_count = 0, sanction_count = 0;
};

struct OfficeTerm {
  std::string office, country;
  std::optional<absl::CivilDay> start, end;
};

struct StoredActor {
  std::string id;  // "person/xi-jinping"; actors without a KB entry get a derived id.
  std::string name;
  extract::ActorKind kind = extract::ActorKind::kUnknown;
  std::string country;
  std::vector<std::string> aliases;
  std::vector<OfficeTerm> offices;
  int64_t call_count = 0, quote_count = 0;
  int64_t sanctions_imposed_count = 0, sanctions_targeted_count = 0;
};

struct DateRange {
  std::optional<absl::CivilDay> start, end;  // Inclusive; nullopt = open.
};

// Page request: size already validated and defaulted by the caller (1..1000).
struct PageRequest {
  int page_size = 50;
  std::string page_token;  // Empty for the first page.
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;  // Empty on the last page.
};

// Filters: empty strings and nullopt mean "any". Name filters match the
// canonical name or an alias, case-insensitively.
struct CallFilter {
  std::string participant, participant_id, country, topic;
  std::optional<extract::Medium> medium;
  DateRange dates;
  int64_t article_id = 0;
};
struct QuoteFilter {
  std::string speaker, speaker_id, country;
  std::string text_query;  // Full-text query.
  DateRange dates;
  bool direct_only = false;
  int64_t article_id = 0;
};
struct SanctionFilter {
  std::string imposer, target, item;
  std::optional<extract::Measure> measure;
  std::optional<extract::SanctionStatus> status;
  DateRange dates;
  int64_t article_id = 0;
};
struct ActorFilter {
  std::string name_prefix, country, office;
  std::optional<extract::ActorKind> kind;
  bool with_events_only = false;
};
struct ArticleFilter {
  std::string source, external_id;
  DateRange dates;
};

// One stored event in store-wide sequence order, for the live stream.
struct SequencedEvent {
  int64_t sequence = 0;
  enum class Type { kCall, kQuote, kSanction } type = Type::kCall;
  int64_t id = 0;  // Id of the call, quote or sanction.
};

class Store {
 public:
  virtual ~Store() = default;

  virtual absl::StatusOr<IngestResult> Ingest(const ArticleInput& article,
                                              const extract::Extraction& events) = 0;

  // Ingest() without waiting for the commit: `done` gets what Ingest() would
  // have returned, once the article's transaction has committed or failed.
  // One caller can so keep many articles in one group commit without a
  // thread per article. `article`, `events` and the store must outlive the
  // call to `done`. `done` may run on a thread of the store (it must be
  // quick and must not call the store's write methods) or before
  // IngestAsync() returns. The default does the latter: it runs Ingest()
  // (both stores override it to group-commit instead).
  using IngestDone = std::function<void(absl::StatusOr<IngestResult>)>;
  virtual void IngestAsync(const ArticleInput& article, const extract::Extraction& events,
                           IngestDone done) {
    done(Ingest(article, events));
  }

  virtual absl::StatusOr<Page<StoredCall>> ListCalls(const CallFilter&, const PageRequest&) = 0;
  virtual absl::StatusOr<StoredCall> GetCall(int64_t id) = 0;
  virtual absl::StatusOr<Page<StoredQuote>> ListQuotes(const QuoteFilter&, const PageRequest&) = 0;
  virtual absl::StatusOr<StoredQuote> GetQuote(int64_t id) = 0;
  virtual absl::StatusOr<Page<StoredSanction>> ListSanctions(const SanctionFilter&,
                                                             const PageRequest&) = 0;
  virtual absl::StatusOr<StoredSanction> GetSanction(int64_t id) = 0;
  virtual absl::StatusOr<Page<StoredActor>> ListActors(const ActorFilter&, const PageRequest&) = 0;
  virtual absl::StatusOr<StoredActor> GetActor(std::string_view id) = 0;
  virtual absl::StatusOr<Page<StoredArticle>> ListArticles(const ArticleFilter&,
                                                           const PageRequest&) = 0;
  virtual absl::StatusOr<StoredArticle> GetArticle(int64_t id) = 0;

  // Events stored after `after_sequence`, oldest first, at most `limit`.
  // The query service polls this to serve the live stream; it sees writes of
  // other processes sharing the store.
  virtual absl::StatusOr<std::vector<SequencedEvent>> EventsAfter(int64_t after_sequence,
                                                                  int limit) = 0;
  // The highest sequence number stored so far (0 when empty).
  virtual absl::StatusOr<int64_t> LastSequence() = 0;

  // Adds or refreshes knowledge-base actors (name, kind, country, aliases,
  // offices; the counts are ignored), so name filters also match aliases an
  // event never used. Actors first seen in events are added by Ingest().
  virtual absl::Status UpsertActors(const std::vector<StoredActor>& actors) {
    return absl::UnimplementedError("UpsertActors is not supported by this store");
  }

  // Group-commit counters since Open(), for monitoring: transactions < writes
  // shows batching at work.
  struct CommitStats {
    int64_t transactions = 0;
    int64_t writes = 0;  // Ingest() and UpsertActors() calls committed or failed.
  };
  virtual CommitStats commit_stats() const { return {}; }
};

struct StoreOptions {
  // A file path (SQLite) or a postgresql:// / postgres:// URI.
  std::string location;
  // SQLite: open read-only (the query service may). Ignored by PostgreSQL.
  bool read_only = false;
  // Most articles group-committed in one transaction.
  int max_batch = 256;
  // SQLite: the commit that leaves more than this many pages in the WAL
  // copies the WAL into the database file (a PASSIVE checkpoint, on the
  // writer's thread), which bounds the WAL at about this size (4 KB pages).
  // Few large checkpoints copy a page that many commits rewrote once: bulk
  // ingest was 26-55% faster than at SQLite's default of 1,000, and copying
  // in a background thread as the WAL grew was 20-30% slower at 1 client
  // (bench/README.md, stops 10 and 16). Ignored by PostgreSQL.
  int wal_checkpoint_pages = 16000;
};

// Opens (creating and migrating as needed) the store at options.location.
absl::StatusOr<std::unique_ptr<Store>> Open(const StoreOptions& options);

}  // namespace parley::store

#endif  // PARLEY_STORE_STORE_H_
