// The store's reads, one function per Store method, run inside a read-only
// transaction the caller supplies. Filters become WHERE clauses over indexed
// columns (built by pg_queries.h); pages are keyset (id > last ORDER BY id),
// never OFFSET. Filter and
// token errors come back as statuses; database errors are thrown (libpqxx) for
// the caller's retry loop.
#ifndef PARLEY_STORE_POSTGRES_PG_READS_H_
#define PARLEY_STORE_POSTGRES_PG_READS_H_

#include <cstdint>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "parley/store/store.h"
#include "store/page_token.h"

namespace parley::store::pg {

class Reader {
 public:
  Reader(pqxx::transaction_base& txn, const PageTokenCodec& tokens) : txn_(txn), tokens_(tokens) {}

  absl::StatusOr<Page<StoredCall>> ListCalls(const CallFilter& f, const PageRequest& page);
  absl::StatusOr<StoredCall> GetCall(int64_t id);
  absl::StatusOr<Page<StoredQuote>> ListQuotes(const QuoteFilter& f, const PageRequest& page);
  absl::StatusOr<StoredQuote> GetQuote(int64_t id);
  absl::StatusOr<Page<StoredSanction>> ListSanctions(const SanctionFilter& f,
                                                     const PageRequest& page);
  absl::StatusOr<StoredSanction> GetSanction(int64_t id);
  absl::StatusOr<Page<StoredActor>> ListActors(const ActorFilter& f, const PageRequest& page);
  absl::StatusOr<StoredActor> GetActor(absl::string_view id);
  absl::StatusOr<Page<StoredArticle>> ListArticles(const ArticleFilter& f,
                                                   const PageRequest& page);
  absl::StatusOr<StoredArticle> GetArticle(int64_t id);
  absl::StatusOr<std::vector<SequencedEvent>> EventsAfter(int64_t after_sequence, int limit);
  absl::StatusOr<int64_t> LastSequence();

 private:
  std::vector<StoredCall> LoadCalls(const std::vector<int64_t>& ids);
  std::vector<StoredQuote> LoadQuotes(const std::vector<int64_t>& ids);
  std::vector<StoredSanction> LoadSanctions(const std::vector<int64_t>& ids);
  std::vector<StoredArticle> LoadArticles(const std::vector<int64_t>& ids, bool with_text);
  std::vector<StoredActor> LoadActors(const std::vector<std::string>& ids);

  pqxx::transaction_base& txn_;
  const PageTokenCodec& tokens_;
};

}  // namespace parley::store::pg

#endif  // PARLEY_STORE_POSTGRES_PG_READS_H_
