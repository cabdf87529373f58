// The ingest logic, apart from gRPC: validate a request, run the engine,
// hand the article and its events to the store, map the result to proto.
// IngestServiceImpl (ingest_service.h) wires it to the RPCs.
//
// Thread-safe: Prepare() and Commit() run concurrently from many threads;
// concurrent Commit() calls are what the store group-commits.
#ifndef PARLEY_INGEST_SERVICE_INGESTER_H_
#define PARLEY_INGEST_SERVICE_INGESTER_H_

#include "absl/status/statusor.h"
#include "parley/extract/extractor.h"
#include "parley/rpc/validate.h"
#include "parley/store/store.h"
#include "parley/v1/ingest_service.pb.h"

namespace parley::ingest {

// An article validated and extracted, ready for the store.
struct PreparedArticle {
  std::string request_id;
  store::ArticleInput input;  // published/source completed from the text.
  extract::Extraction extraction;
};

class Ingester {
 public:
  // Neither is owned; both must outlive the Ingester.
  Ingester(const extract::Extractor* extractor, store::Store* store,
           rpc::ValidationLimits limits);

  // Validation and extraction: CPU only, nothing stored. Errors name the field.
  absl::StatusOr<PreparedArticle> Prepare(const v1::IngestArticleRequest& request) const;
  // Stores the article and its events in one transaction; returns after the
  // commit (durable). A duplicate text stores nothing.
  absl::StatusOr<v1::IngestArticleResponse> Commit(const PreparedArticle& article) const;
  // Commit() without waiting: `done` gets the store's result after the
  // commit, possibly on the store's writer thread (so it must be quick).
  // `article` must stay valid until `done` has run.
  void CommitAsync(const PreparedArticle& article, store::Store::IngestDone done) const;
  // The response for an article the store has taken.
  v1::IngestArticleResponse Respond(const PreparedArticle& article,
                                    const store::IngestResult& result) const;
  // Dry run: the events an article would get; stores nothing.
  absl::StatusOr<v1::ExtractArticleResponse> Extract(
      const v1::ExtractArticleRequest& request) const;

 private:
  absl::StatusOr<extract::Extraction> Run(store::ArticleInput* input) const;

  const extract::Extractor* extractor_;
  store::Store* store_;
  const rpc::ValidationLimits limits_;
};

}  // namespace parley::ingest

#endif  // PARLEY_INGEST_SERVICE_INGESTER_H_
