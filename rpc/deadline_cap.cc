#include "deadline_cap.h"

#include <grpc/grpc.h>
#include <grpcpp/server_context.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"

namespace parley::rpc {
namespace {

using Clock = std::chrono::system_clock;
using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

// Running calls with a limit, and the thread that cancels them at it.
class Watchdog {
 public:
  using Key = std::pair<Clock::time_point, grpc::ServerContextBase*>;

  Watchdog() : thread_([this] { Run(); }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

  void Add(const Key& key, const std::string* message) {
    bool sooner;
    {
      std::lock_guard<std::mutex> lock(mu_);
      calls_.insert({key, message});
      sooner = key.first < wakes_at_;
    }
    // Otherwise the thread wakes by itself before this limit: no wake-up
    // (and no context switch) per call. With one limit for every call each
    // new one is later than the one the thread sleeps for, even when that
    // call has ended: the thread then wakes once per limit, not per call.
    if (sooner) wake_.notify_one();
  }

  // False when the watchdog has already cancelled the call.
  bool Remove(const Key& key) {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_.erase({key, nullptr}) > 0;
  }

 private:
  struct Entry {
    Key key;
    const std::string* message;  // Owned by the factory.
    bool operator<(const Entry& other) const { return key < other.key; }
  };

  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      if (calls_.empty()) {
        wakes_at_ = Clock::time_point::max();
        wake_.wait(lock);
        continue;
      }
      const Entry first = *calls_.begin();
      if (Clock::now() < first.key.first) {
        wakes_at_ = first.key.first;
        wake_.wait_until(lock, first.key.first);
        continue;
      }
      // Awake: it looks at every entry again before it sleeps.
      wakes_at_ = Clock::time_point::min();
      // The context may go away once the entry is gone, the core call not
      // while we hold a reference. Cancelling outside the lock: gRPC may run
      // callback-API handlers (health) inline, and they call Remove().
      grpc_call* call = first.key.second->c_call();
      grpc_call_ref(call);
      calls_.erase(calls_.begin());
      lock.unlock();
      grpc_call_cancel_with_status(call, GRPC_STATUS_DEADLINE_EXCEEDED, first.message->c_str(),
                                   nullptr);
      grpc_call_unref(call);
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable wake_;
  std::set<Entry> calls_;  // Guarded by mu_; soonest limit first.
  // When the sleeping thread wakes by itself; min() while it is awake.
  Clock::time_point wakes_at_ = Clock::time_point::min();  // Guarded by mu_.
  bool stop_ = false;                                      // Guarded by mu_.
  std::thread thread_;     // Last: starts once the rest is built.
};

class DeadlineCap : public grpc::experimental::Interceptor {
 public:
  DeadlineCap(ServerRpcInfo* info, Watchdog* watchdog, absl::Duration limit,
              const std::string* message)
      : info_(info), watchdog_(watchdog), limit_(limit), message_(message) {}

  // Fallback: a call always sends a status, which removes it first.
  ~DeadlineCap() override {
    if (registered_) watchdog_->Remove(key_);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      Start();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
        registered_) {
      registered_ = false;
      // The client already got DEADLINE_EXCEEDED; say so in the request log.
      if (!watchdog_->Remove(key_)) {
        methods->ModifySendStatus(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, *message_));
      }
    }
    methods->Proceed();
  }

 private:
  // Watched only when the client's own deadline is later than the limit.
  void Start() {
    grpc::ServerContextBase* context = info_->server_context();
    const Clock::time_point limit = Clock::now() + absl::ToChronoNanoseconds(limit_);
    if (context->deadline() <= limit) return;
    key_ = {std::chrono::time_point_cast<Clock::duration>(limit), context};
    registered_ = true;
    watchdog_->Add(key_, message_);
  }

  ServerRpcInfo* info_;
  Watchdog* watchdog_;
  const absl::Duration limit_;
  const std::string* message_;
  Watchdog::Key key_;
  bool registered_ = false;
};

class DeadlineCapFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  DeadlineCapFactory(absl::Duration max_unary, absl::Duration max_stream)
      : max_unary_(max_unary),
        max_stream_(max_stream),
        unary_message_(Message(max_unary, "each call", "--max-request-seconds")),
        stream_message_(Message(max_stream, "each stream", "--max-stream-seconds")) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(ServerRpcInfo* info) override {
    const bool unary = info->type() == ServerRpcInfo::Type::UNARY;
    absl::Duration limit = unary ? max_unary_ : max_stream_;
    if (limit == absl::InfiniteDuration()) return nullptr;
    return new DeadlineCap(info, &watchdog_, limit, unary ? &unary_message_ : &stream_message_);
  }

 private:
  static std::string Message(absl::Duration limit, const char* what, const char* flag) {
    return absl::StrCat("server deadline: this server lets ", what, " run at most ",
                        absl::FormatDuration(limit), " (", flag, ")");
  }

  const absl::Duration max_unary_, max_stream_;
  const std::string unary_message_, stream_message_;
  Watchdog watchdog_;  // Destroyed with the server, after its last call.
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeDeadlineCapFactory(
    absl::Duration max_unary, absl::Duration max_stream) {
  return std::make_unique<DeadlineCapFactory>(max_unary, max_stream);
}

}  // namespace parley::rpc
