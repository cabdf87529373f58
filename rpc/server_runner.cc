#include "parley/rpc/server_runner.h"

#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <mutex>
#include <vector>

#include <grpc/grpc.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <spdlog/spdlog.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "deadline_cap.h"
#include "parley/common/status_macros.h"
#include "request_log.h"
#include "token_auth.h"

namespace parley::rpc {

absl::Status ParseHostPort(const std::string& address, absl::string_view field,
                           std::string* host, int* port) {
  size_t colon = address.rfind(':');
  int value = -1;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(absl::string_view(address).substr(colon + 1), &value) || value < 0 ||
      value > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", address, "\" is not HOST:PORT (PORT 0..65535)"));
  }
  *host = address.substr(0, colon);
  *port = value;
  return absl::OkStatus();
}

// Both are process-wide switches of grpc++ that every server built later
// picks up; turn them on once.
static void EnableHealthAndReflection() {
  static std::once_flag once;
  std::call_once(once, [] {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  });
}

// The streaming calls open under Options::max_concurrent_streams.
class StreamSlots {
 public:
  explicit StreamSlots(int max)
      : max_(max),
        rejection_(absl::StrCat(
            "too many streams: this server serves at most ", max,
            " streaming calls at once (--max-streams); retry later, close idle streams, or raise "
            "--max-streams (PARLEY_MAX_STREAMS)")) {}

  bool TryAcquire() {
    std::lock_guard<std::mutex> lock(mu_);
    if (open_ >= max_) return false;
    ++open_;
    return true;
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    --open_;
  }
  int open() const {
    std::lock_guard<std::mutex> lock(mu_);
    return open_;
  }
  const std::string& rejection() const { return rejection_; }

 private:
  const int max_;
  const std::string rejection_;
  mutable std::mutex mu_;
  int open_ = 0;  // Guarded by mu_.
};

namespace {

using grpc::experimental::InterceptionHookPoints;

// Takes a slot when a stream's headers arrive, or cancels the stream with
// RESOURCE_EXHAUSTED before its handler reads anything; gives the slot back
// when the handler sends its status (or, failing that, with the call).
class StreamLimit : public grpc::experimental::Interceptor {
 public:
  StreamLimit(grpc::experimental::ServerRpcInfo* info, std::shared_ptr<StreamSlots> slots)
      : info_(info), slots_(std::move(slots)) {}
  ~StreamLimit() override {
    if (held_) slots_->Release();
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      held_ = slots_->TryAcquire();
      if (!held_) {
        rejected_ = true;
        // The sync handler still runs, on a cancelled call: its first Read()
        // fails, so it returns at once without reading or starting anything.
        grpc_call_cancel_with_status(info_->server_context()->c_call(),
                                     GRPC_STATUS_RESOURCE_EXHAUSTED, slots_->rejection().c_str(),
                                     nullptr);
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      if (held_) {
        held_ = false;
        slots_->Release();
      }
      // What the client got, for the request log after this interceptor
      // (the token check, after it, puts its own refusal back).
      if (rejected_) {
        methods->ModifySendStatus(
            grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, slots_->rejection()));
      }
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
  const std::shared_ptr<StreamSlots> slots_;
  bool held_ = false;
  bool rejected_ = false;
};

class StreamLimitFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit StreamLimitFactory(std::shared_ptr<StreamSlots> slots) : slots_(std::move(slots)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    if (info->type() == grpc::experimental::ServerRpcInfo::Type::UNARY) return nullptr;
    // gRPC's health service is callback-based: a Watch holds no thread, and
    // load balancers must always be able to watch.
    if (absl::StartsWith(info->method(), "/grpc.health.v1.Health/")) return nullptr;
    return new StreamLimit(info, slots_);
  }

 private:
  const std::shared_ptr<StreamSlots> slots_;
};

}  // namespace

// gRPC runs a server's interceptors in chain order on the sending hooks
// (PRE_SEND_STATUS) and in reverse on the receiving ones
// (POST_RECV_INITIAL_METADATA), and of two cancellations the first one
// reaches the client. So the token check, last of the two on the way in,
// refuses a call before the stream cap can, and a caller with a bad token
// is told UNAUTHENTICATED even when the cap is full; on the way out it
// comes after the cap and puts that refusal back into the status the
// request log, last of all, records.
static std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
Interceptors(const Server::Options& options, const std::shared_ptr<StreamSlots>& stream_slots) {
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> chain;
  if (stream_slots != nullptr) chain.push_back(std::make_unique<StreamLimitFactory>(stream_slots));
  if (options.token != nullptr) {
    std::vector<std::string> guarded;
    for (const auto& entry : options.services) guarded.push_back(entry.name);
    chain.push_back(MakeTokenAuthFactory(options.token, std::move(guarded)));
  }
  if (options.max_unary_duration != absl::InfiniteDuration() ||
      options.max_stream_duration != absl::InfiniteDuration()) {
    chain.push_back(
        MakeDeadlineCapFactory(options.max_unary_duration, options.max_stream_duration));
  }
  if (options.log_requests) chain.push_back(MakeRequestLogFactory(options.name));
  return chain;
}

// Server-side HTTP/2 keepalive (Options::keepalive_time), and how often a
// client may ping (Options::min_client_ping_interval).
static void SetKeepalive(const Server::Options& options, grpc::ServerBuilder& builder) {
  if (options.keepalive_time != absl::InfiniteDuration()) {
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS,
                               static_cast<int>(absl::ToInt64Milliseconds(options.keepalive_time)));
    builder.AddChannelArgument(
        GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
        static_cast<int>(absl::ToInt64Milliseconds(options.keepalive_timeout)));
  }
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
      static_cast<int>(absl::ToInt64Milliseconds(options.min_client_ping_interval)));
}

absl::StatusOr<std::unique_ptr<Server>> Server::Start(Options options) {
  std::string host;
  int requested_port = 0;
  PARLEY_RETURN_IF_ERROR(ParseHostPort(options.listen_address, "listen", &host, &requested_port));
  if (options.max_concurrent_streams < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max streams: ", options.max_concurrent_streams, " is negative (0: no cap)"));
  }
  // gRPC takes these as int milliseconds; only keepalive_time may be
  // infinite (no pings).
  std::vector<absl::Duration> keepalive = {options.keepalive_timeout,
                                           options.min_client_ping_interval};
  if (options.keepalive_time != absl::InfiniteDuration()) {
    keepalive.push_back(options.keepalive_time);
  }
  for (absl::Duration d : keepalive) {
    if (d < absl::Milliseconds(1) || d > absl::Hours(24 * 24)) {
      return absl::InvalidArgumentError(
          absl::StrCat("keepalive: ", absl::FormatDuration(d),
                       " is out of range (1 ms to 24 days; no pings: an infinite keepalive time)"));
    }
  }
  int max_threads = options.max_threads;
  if (max_threads == 0 && options.max_concurrent_streams > 0) {
    max_threads = options.max_concurrent_streams + options.max_waiting_threads +
                  kUnaryThreadHeadroom;
  }
  // gRPC aborts the process when the quota cannot hold the waiting threads.
  if (max_threads != 0 && max_threads <= options.min_waiting_threads) {
    return absl::InvalidArgumentError(
        absl::StrCat("max threads: ", max_threads, " must be 0 (derived) or more than the ",
                     options.min_waiting_threads, " threads kept waiting for calls"));
  }
  EnableHealthAndReflection();

  std::unique_ptr<Server> server(new Server());
  server->max_threads_ = max_threads;
  if (options.max_concurrent_streams > 0) {
    server->stream_slots_ = std::make_shared<StreamSlots>(options.max_concurrent_streams);
  }
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address,
                           options.credentials != nullptr ? options.credentials
                                                          : grpc::InsecureServerCredentials(),
                           &server->port_);
  for (const auto& entry : options.services) builder.RegisterService(entry.service);
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  // The sync server keeps between MIN_POLLERS and MAX_POLLERS threads
  // waiting for calls: taking a call with fewer than MIN left waiting
  // starts a thread, and a thread that ends its call while MAX wait exits.
  // With gRPC's defaults (1, 2) threads were started and ended all the time:
  // ~14 a second with one client's calls one after another, ~1,200 a second
  // with 16 in flight, each new one with cold caches and its own malloc
  // arena. With (2, 32), 16 queries in flight ran 13-23% faster and 16 bulk
  // ingest streams 60-80% (bench/README.md, "Stop 11"); an idle waiting
  // thread costs only its stack.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS,
                              options.min_waiting_threads);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              options.max_waiting_threads);
  // gRPC sets SO_REUSEPORT by default, which lets a second server silently
  // share a busy port; we want that to fail.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  SetKeepalive(options, builder);
  // The backstop behind the stream cap: a flood of slow unary calls, or
  // streams on a server without a cap, cannot start threads until memory or
  // the process limit runs out (then gRPC failed calls anyway, and a thread
  // a handler starts could not be created).
  if (max_threads > 0) {
    grpc::ResourceQuota quota(absl::StrCat(options.name, "-threads"));
    quota.SetMaxThreads(max_threads);
    builder.SetResourceQuota(quota);
  }
  auto interceptors = Interceptors(options, server->stream_slots_);
  if (!interceptors.empty()) builder.experimental().SetInterceptorCreators(std::move(interceptors));
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("listen: cannot listen on ", options.listen_address,
                     " (address in use, or not a local address?)"));
  }
  grpc::HealthCheckServiceInterface* health = server->server_->GetHealthCheckService();
  for (const auto& entry : options.services) health->SetServingStatus(entry.name, true);
  health->SetServingStatus("", true);
  server->address_ = absl::StrCat(host, ":", server->port_);
  server->options_ = std::move(options);
  // The limits in force, derived ones included (0: none).
  const Options& o = server->options_;
  auto seconds = [](absl::Duration d) {
    return d == absl::InfiniteDuration() ? 0.0 : absl::ToDoubleSeconds(d);
  };
  spdlog::info(
      "listening server={} address={} max_request_s={} max_stream_s={} max_streams={} "
      "max_threads={} keepalive_s={} keepalive_timeout_s={}",
      o.name, server->address_, seconds(o.max_unary_duration), seconds(o.max_stream_duration),
      o.max_concurrent_streams, server->max_threads_, seconds(o.keepalive_time),
      seconds(o.keepalive_timeout));
  return server;
}

Server::~Server() {
  if (server_ == nullptr) return;  // Start() failed before building.
  Shutdown();
  Wait();
}

void Server::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shut_down_) return;
    shut_down_ = true;
  }
  spdlog::info("shutting down server={} grace_s={}", options_.name,
               absl::ToDoubleSeconds(options_.shutdown_grace));
  if (options_.before_shutdown) options_.before_shutdown();
  // Health turns NOT_SERVING inside Shutdown(); in-flight calls run until the
  // deadline, after which gRPC cancels them and returns.
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(options_.shutdown_grace));
  spdlog::info("stopped server={}", options_.name);
}

void Server::Wait() { server_->Wait(); }

int Server::open_streams() const {
  return stream_slots_ == nullptr ? 0 : stream_slots_->open();
}

static sigset_t TerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

void BlockTerminationSignals() {
  sigset_t set = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForTerminationSignal() {
  sigset_t set = TerminationSignals();
  int signal = 0;
  while (sigwait(&set, &signal) != 0) {
  }
  return signal;
}

}  // namespace parley::rpc
