// parley.v1.IngestService over gRPC: the wiring of Ingester to the three
// RPCs. Deadlines are checked before anything is written, so a call that
// ends DEADLINE_EXCEEDED either stored its article whole or not at all
// (the store never writes part of one).
#ifndef PARLEY_INGEST_SERVICE_INGEST_SERVICE_H_
#define PARLEY_INGEST_SERVICE_INGEST_SERVICE_H_

#include <memory>

#include "parley/ingest_service/ingester.h"
#include "parley/rpc/bearer_token.h"
#include "parley/v1/ingest_service.grpc.pb.h"

namespace parley::ingest {

class IngestServiceImpl final : public v1::IngestService::Service {
 public:
  struct Options {
    rpc::ValidationLimits limits;
    // Bulk stream: articles extracted but not yet answered, per stream. They
    // wait in the store's group commit together; the bound caps memory.
    int max_in_flight = 64;
    // When set, every RPC needs this bearer token (UNAUTHENTICATED without
    // it), checked first, before anything is read or written. rpc::Server
    // rejects such calls too; this check is what guarantees nothing runs.
    std::shared_ptr<const rpc::BearerTokenVerifier> token;
  };

  // Neither is owned; both must outlive the service.
  IngestServiceImpl(const extract::Extractor* extractor, store::Store* store, Options options);

  grpc::Status IngestArticle(grpc::ServerContext* context,
                             const v1::IngestArticleRequest* request,
                             v1::IngestArticleResponse* response) override;
  // Pipelined: each article is extracted as it arrives and handed to the
  // store without waiting (Store::IngestAsync), so many sit in one group
  // commit with no thread each; responses go out in request order, each
  // after its commit, from one thread per stream started with its first
  // article (none while the stream is idle). When that thread cannot be
  // started the stream fails RESOURCE_EXHAUSTED, the process goes on.
  grpc::Status IngestArticles(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::IngestArticleResponse, v1::IngestArticleRequest>* stream)
      override;
  grpc::Status ExtractArticle(grpc::ServerContext* context,
                              const v1::ExtractArticleRequest* request,
                              v1::ExtractArticleResponse* response) override;

 private:
  grpc::Status Authenticate(const grpc::ServerContext& context) const;

  Ingester ingester_;
  const Options options_;
};

}  // namespace parley::ingest

#endif  // PARLEY_INGEST_SERVICE_INGEST_SERVICE_H_
