#include "parley/ingest_service/ingest_service.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

#include "absl/strings/str_cat.h"
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

// Starts `*thread` running `body`. Out of threads (the process limit, or
// memory for a stack) std::thread throws; escaping the handler that became
// UNKNOWN "Unexpected error in RPC handling" (std::terminate with a gRPC
// built without exceptions). RESOURCE_EXHAUSTED naming the cause instead,
// nothing read stored.
absl::Status StartThread(const std::function<void()>& body, std::thread* thread) {
  try {
    *thread = std::thread(body);
  } catch (const std::system_error& e) {
    return absl::ResourceExhaustedError(
        absl::StrCat("cannot start a thread for this stream (", e.what(),
                     "): the server is out of threads; retry later, or lower the server's "
                     "--max-streams"));
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

// One article of a bulk stream, from its extraction to its response. Owned
// by StreamPipeline; the store writes into it until it completes.
struct InFlight {
  std::string request_id;
  PreparedArticle article;  // Read by the store until Complete().
  // Filled once: a validation error at once, the store's result on commit.
  absl::StatusOr<store::IngestResult> result;
  bool done = false;  // Guarded by StreamPipeline::mu_.
};

// The articles of one bulk stream in request order, each possibly still
// being committed. Add() waits while `max` are unanswered, so a fast client
// cannot queue unbounded work.
class StreamPipeline {
 public:
  explicit StreamPipeline(size_t max) : max_(max) {}

  InFlight* Add(std::unique_ptr<InFlight> item) {
    std::unique_lock<std::mutex> lock(mu_);
    space_.wait(lock, [this] { return pending_.size() < max_; });
    pending_.push_back(std::move(item));
    return pending_.back().get();
  }

  // Runs on the store's writer thread: records the result, nothing more.
  void Complete(InFlight* item, absl::StatusOr<store::IngestResult> result) {
    std::lock_guard<std::mutex> lock(mu_);
    item->result = std::move(result);
    item->done = true;
    // Under the lock: the consumer may free `item` as soon as it sees done.
    ready_.notify_one();
  }

  // The next article in order once it is done; null once closed and drained.
  std::unique_ptr<InFlight> Pop() {
    std::unique_ptr<InFlight> front;
    {
      std::unique_lock<std::mutex> lock(mu_);
      ready_.wait(lock, [this] {
        return pending_.empty() ? closed_ : pending_.front()->done;
      });
      if (pending_.empty()) return nullptr;
      front = std::move(pending_.front());
      pending_.pop_front();
    }
    space_.notify_one();
    return front;
  }

  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    ready_.notify_one();
  }

 private:
  const size_t max_;
  std::mutex mu_;
  std::condition_variable space_;  // The producer: pending_ shrank.
  std::condition_variable ready_;  // The consumer: an item done, or closed_.
  std::deque<std::unique_ptr<InFlight>> pending_;  // Guarded by mu_.
  bool closed_ = false;                            // Guarded by mu_.
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
  StreamPipeline pipeline(static_cast<size_t>(std::max(1, options_.max_in_flight)));
  // The writer sends each response once its commit is done, in request
  // order. After a failed Write (client gone) it still drains the pipeline:
  // the store writes into its articles until each completes. It starts with
  // the first article, so a stream that stays idle (or is refused by the
  // server's stream cap) costs no thread beyond the one gRPC runs it on.
  std::thread writer;
  auto write_responses = [&] {
    bool broken = false;
    while (std::unique_ptr<InFlight> item = pipeline.Pop()) {
      if (broken) continue;
      Response response = item->result.ok()
                              ? ingester_.Respond(item->article, *item->result)
                              : ErrorResponse(item->request_id, item->result.status());
      if (!stream->Write(response)) broken = true;
    }
  };

  v1::IngestArticleRequest request;
  absl::Status interrupted;
  while (stream->Read(&request)) {
    if (interrupted = Interrupted(context); !interrupted.ok()) break;
    if (!writer.joinable()) {
      if (interrupted = StartThread(write_responses, &writer); !interrupted.ok()) break;
    }
    auto item = std::make_unique<InFlight>();
    item->request_id = request.request_id();
    absl::StatusOr<PreparedArticle> prepared = ingester_.Prepare(request);
    if (!prepared.ok()) {
      item->result = prepared.status();
      item->done = true;  // Not shared yet.
      pipeline.Add(std::move(item));
      continue;
    }
    item->article = *std::move(prepared);
    // No thread per article: the store's writer completes it after the
    // commit that holds it.
    InFlight* added = pipeline.Add(std::move(item));
    ingester_.CommitAsync(added->article,
                          [&pipeline, added](absl::StatusOr<store::IngestResult> result) {
                            pipeline.Complete(added, std::move(result));
                          });
  }
  pipeline.Close();
  if (writer.joinable()) writer.join();
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
