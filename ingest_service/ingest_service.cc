#include "parley/ingest_service/ingest_service.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "parley/rpc/status.h"

namespace parley::ingest {
namespace {

using Response = v1::IngestArticleResponse;

// OK while the call may go on; DEADLINE_EXCEEDED or CANCELLED once the
// client's deadline has passed, it went away, or the server cut the call
// (its --max-request-seconds limit, or a missing token).
absl::Status Interrupted(grpc::ServerContext* context) {
  if (context->deadline() <= std::chrono::system_clock::now()) {
    return absl::DeadlineExceededError("deadline exceeded before the article was stored");
  }
  if (context->IsCancelled()) {
    return absl::CancelledError(
        "call cancelled (by the client, or by the server's time limit) before the article was "
        "stored");
  }
  return absl::OkStatus();
}

Response ErrorResponse(const std::string& request_id, const absl::Status& status) {
  Response response;
  response.set_request_id(request_id);
  response.mutable_error()->set_code(static_cast<int32_t>(status.code()));
  response.mutable_error()->set_message(std::string(status.message()));
  return response;
}

std::future<Response> Ready(Response response) {
  std::promise<Response> promise;
  promise.set_value(std::move(response));
  return promise.get_future();
}

// Responses of one bulk stream in request order, each possibly still being
// committed. Push() waits while `max` are pending, so a fast client cannot
// queue unbounded work.
class OrderedResponses {
 public:
  explicit OrderedResponses(size_t max) : max_(max) {}

  void Push(std::future<Response> response) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait(lock, [this] { return pending_.size() < max_; });
      pending_.push_back(std::move(response));
    }
    changed_.notify_all();
  }

  // Next response in order; false once closed and drained.
  bool Pop(std::future<Response>* out) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait(lock, [this] { return !pending_.empty() || closed_; });
      if (pending_.empty()) return false;
      *out = std::move(pending_.front());
      pending_.pop_front();
    }
    changed_.notify_all();
    return true;
  }

  void Close() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closed_ = true;
    }
    changed_.notify_all();
  }

 private:
  const size_t max_;
  std::mutex mu_;
  // One producer and one consumer wait on it, for opposite conditions.
  std::condition_variable changed_;
  std::deque<std::future<Response>> pending_;  // Guarded by mu_.
  bool closed_ = false;                        // Guarded by mu_.
};

}  // namespace

IngestServiceImpl::IngestServiceImpl(const extract::Extractor* extractor, store::Store* store,
                                     Options options)
    : ingester_(extractor, store, options.limits), options_(options) {}

grpc::Status IngestServiceImpl::Authenticate(const grpc::ServerContext& context) const {
  return options_.token == nullptr ? grpc::Status::OK : options_.token->Check(context);
}

grpc::Status IngestServiceImpl::IngestArticle(grpc::ServerContext* context,
                                              const v1::IngestArticleRequest* request,
                                              v1::IngestArticleResponse* response) {
  if (grpc::Status s = Authenticate(*context); !s.ok()) return s;
  if (absl::Status s = Interrupted(context); !s.ok()) return rpc::ToGrpcStatus(s);
  absl::StatusOr<PreparedArticle> prepared = ingester_.Prepare(*request);
  if (!prepared.ok()) return rpc::ToGrpcStatus(prepared.status());
  // Last point where giving up leaves nothing written.
  if (absl::Status s = Interrupted(context); !s.ok()) return rpc::ToGrpcStatus(s);
  absl::StatusOr<Response> committed = ingester_.Commit(*prepared);
  if (!committed.ok()) return rpc::ToGrpcStatus(committed.status());
  *response = *std::move(committed);
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::IngestArticles(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::IngestArticleResponse, v1::IngestArticleRequest>* stream) {
  if (grpc::Status s = Authenticate(*context); !s.ok()) return s;
  OrderedResponses responses(static_cast<size_t>(std::max(1, options_.max_in_flight)));
  // The writer sends each response once its commit is done. After a failed
  // Write (client gone) it still drains the futures: their threads use the
  // store and must finish before this handler returns.
  std::thread writer([&] {
    bool broken = false;
    std::future<Response> next;
    while (responses.Pop(&next)) {
      Response response = next.get();
      if (!broken && !stream->Write(response)) broken = true;
    }
  });

  v1::IngestArticleRequest request;
  absl::Status interrupted;
  while (stream->Read(&request)) {
    if (interrupted = Interrupted(context); !interrupted.ok()) break;
    absl::StatusOr<PreparedArticle> prepared = ingester_.Prepare(request);
    if (!prepared.ok()) {
      responses.Push(Ready(ErrorResponse(request.request_id(), prepared.status())));
      continue;
    }
    responses.Push(std::async(std::launch::async, [this, article = *std::move(prepared)] {
      absl::StatusOr<Response> committed = ingester_.Commit(article);
      return committed.ok() ? *std::move(committed)
                            : ErrorResponse(article.request_id, committed.status());
    }));
  }
  responses.Close();
  writer.join();
  if (interrupted.ok()) interrupted = Interrupted(context);
  return rpc::ToGrpcStatus(interrupted);
}

grpc::Status IngestServiceImpl::ExtractArticle(grpc::ServerContext* context,
                                               const v1::ExtractArticleRequest* request,
                                               v1::ExtractArticleResponse* response) {
  if (grpc::Status s = Authenticate(*context); !s.ok()) return s;
  absl::StatusOr<v1::ExtractArticleResponse> extracted = ingester_.Extract(*request);
  if (!extracted.ok()) return rpc::ToGrpcStatus(extracted.status());
  if (absl::Status s = Interrupted(context); !s.ok()) return rpc::ToGrpcStatus(s);
  *response = *std::move(extracted);
  return grpc::Status::OK;
}

}  // namespace parley::ingest
