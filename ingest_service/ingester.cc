#include "parley/ingest_service/ingester.h"

#include <utility>

#include "parley/common/status_macros.h"
#include "parley/rpc/convert.h"

namespace parley::ingest {

Ingester::Ingester(const extract::Extractor* extractor, store::Store* store,
                   rpc::ValidationLimits limits)
    : extractor_(extractor), store_(store), limits_(limits) {}

// Runs the engine and completes the metadata from the text: the stored
// article's date and source are the request's, else what the text states.
absl::StatusOr<extract::Extraction> Ingester::Run(store::ArticleInput* input) const {
  PARLEY_ASSIGN_OR_RETURN(extract::Extraction extraction,
                          extractor_->Extract(input->text, rpc::MetaFromInput(*input)));
  if (!input->published.has_value()) input->published = extraction.published;
  if (input->source.empty()) input->source = extraction.source;
  return extraction;
}

absl::StatusOr<PreparedArticle> Ingester::Prepare(const v1::IngestArticleRequest& request) const {
  PARLEY_RETURN_IF_ERROR(rpc::ValidateIngestRequest(request, limits_));
  PreparedArticle prepared;
  prepared.request_id = request.request_id();
  PARLEY_ASSIGN_OR_RETURN(prepared.input, rpc::ArticleInputFromProto(request.article()));
  PARLEY_ASSIGN_OR_RETURN(prepared.extraction, Run(&prepared.input));
  return prepared;
}

absl::StatusOr<v1::IngestArticleResponse> Ingester::Commit(const PreparedArticle& article) const {
  PARLEY_ASSIGN_OR_RETURN(store::IngestResult result,
                          store_->Ingest(article.input, article.extraction));
  return Respond(article, result);
}

void Ingester::CommitAsync(const PreparedArticle& article, store::Store::IngestDone done) const {
  store_->IngestAsync(article.input, article.extraction, std::move(done));
}

v1::IngestArticleResponse Ingester::Respond(const PreparedArticle& article,
                                            const store::IngestResult& result) const {
  v1::IngestArticleResponse response;
  response.set_request_id(article.request_id);
  response.set_article_id(result.article_id);
  response.set_duplicate(result.duplicate);
  *response.mutable_events() = rpc::EventsToProto(article.extraction, result.article_id, &result);
  return response;
}

absl::StatusOr<v1::ExtractArticleResponse> Ingester::Extract(
    const v1::ExtractArticleRequest& request) const {
  if (!request.has_article()) return absl::InvalidArgumentError("article: required");
  PARLEY_RETURN_IF_ERROR(rpc::ValidateArticleInput(request.article(), limits_));
  PARLEY_ASSIGN_OR_RETURN(store::ArticleInput input, rpc::ArticleInputFromProto(request.article()));
  PARLEY_ASSIGN_OR_RETURN(extract::Extraction extraction, Run(&input));
  v1::ExtractArticleResponse response;
  *response.mutable_events() = rpc::EventsToProto(extraction, 0, nullptr);
  if (extraction.published.has_value()) {
    *response.mutable_published() = rpc::DateToProto(*extraction.published);
  }
  return response;
}

}  // namespace parley::ingest
