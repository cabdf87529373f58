// parley.v1.QueryService over gRPC: typed, paginated reads of the store and
// the live event stream. Validation is in filters.h; paging and name/alias
// matching are the store's.
#ifndef PARLEY_QUERY_SERVICE_QUERY_SERVICE_H_
#define PARLEY_QUERY_SERVICE_QUERY_SERVICE_H_

#include <condition_variable>
#include <memory>
#include <mutex>

#include "absl/time/time.h"
#include "parley/rpc/bearer_token.h"
#include "parley/store/store.h"
#include "parley/v1/query_service.grpc.pb.h"

namespace parley::query {

class QueryServiceImpl final : public v1::QueryService::Service {
 public:
  struct Options {
    // How often WatchEvents looks for new events. The ingest service runs in
    // another process, so the stream polls the shared store.
    absl::Duration watch_poll_interval = absl::Milliseconds(100);
    // Events read from the store per poll.
    int watch_batch = 100;
    // When set, every RPC needs this bearer token (UNAUTHENTICATED without
    // it), checked before the store is read. rpc::Server rejects such calls
    // too, but gRPC's synchronous server still runs their handlers.
    std::shared_ptr<const rpc::BearerTokenVerifier> token;
  };

  // `store` is not owned and must outlive the service.
  QueryServiceImpl(store::Store* store, Options options);

  // Ends every open WatchEvents stream (with OK) and refuses new ones: call
  // when the server starts shutting down.
  void Stop();

  grpc::Status ListCalls(grpc::ServerContext*, const v1::ListCallsRequest*,
                         v1::ListCallsResponse*) override;
  grpc::Status GetCall(grpc::ServerContext*, const v1::GetCallRequest*, v1::Call*) override;
  grpc::Status ListQuotes(grpc::ServerContext*, const v1::ListQuotesRequest*,
                          v1::ListQuotesResponse*) override;
  grpc::Status GetQuote(grpc::ServerContext*, const v1::GetQuoteRequest*, v1::Quote*) override;
  grpc::Status ListSanctions(grpc::ServerContext*, const v1::ListSanctionsRequest*,
                             v1::ListSanctionsResponse*) override;
  grpc::Status GetSanction(grpc::ServerContext*, const v1::GetSanctionRequest*,
                           v1::Sanction*) override;
  grpc::Status ListActors(grpc::ServerContext*, const v1::ListActorsRequest*,
                          v1::ListActorsResponse*) override;
  grpc::Status GetActor(grpc::ServerContext*, const v1::GetActorRequest*, v1::Actor*) override;
  grpc::Status ListArticles(grpc::ServerContext*, const v1::ListArticlesRequest*,
                            v1::ListArticlesResponse*) override;
  grpc::Status GetArticle(grpc::ServerContext*, const v1::GetArticleRequest*,
                          v1::Article*) override;
  grpc::Status WatchEvents(grpc::ServerContext* context, const v1::WatchEventsRequest* request,
                           grpc::ServerWriter<v1::WatchEventsResponse>* writer) override;

 private:
  // OK when a handler may read the store for this call.
  grpc::Status Admit(const grpc::ServerContext& context) const;
  // The full record of a sequenced event; NOT_FOUND when it vanished.
  absl::StatusOr<v1::WatchEventsResponse> Load(const store::SequencedEvent& event);
  bool Stopped();
  // Returns after `timeout`, or at once when Stop() is called.
  void WaitForStop(absl::Duration timeout);

  store::Store* store_;
  const Options options_;
  // std::mutex, not absl::Notification: ThreadSanitizer cannot see the
  // synchronisation inside Debian's uninstrumented Abseil.
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopped_ = false;  // Guarded by stop_mu_.
};

}  // namespace parley::query

#endif  // PARLEY_QUERY_SERVICE_QUERY_SERVICE_H_
