#include "parley/rpc/server_runner.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <grpcpp/completion_queue.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "parley/rpc/channel.h"
#include "parley/rpc/health_client.h"
#include "parley/v1/query_service.grpc.pb.h"

namespace parley::rpc {
namespace {

TEST(ServerRunnerTest, PortZeroBindsAFreePortAndServesHealth) {
  Server::Options options;
  options.log_requests = false;
  auto server = Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_GT((*server)->port(), 0);
  EXPECT_EQ((*server)->address(), "127.0.0.1:" + std::to_string((*server)->port()));
  auto channel = MakeChannel((*server)->address());
  EXPECT_TRUE(CheckServing(channel.get(), "", absl::Seconds(5)).ok());
  // An unknown service is not SERVING.
  EXPECT_FALSE(CheckServing(channel.get(), "no.such.Service", absl::Seconds(5)).ok());
  (*server)->Shutdown();
  EXPECT_FALSE(CheckServing(channel.get(), "", absl::Milliseconds(500)).ok());
}

TEST(ServerRunnerTest, BusyPortIsUnavailable) {
  Server::Options options;
  options.log_requests = false;
  auto first = Server::Start(options);
  ASSERT_TRUE(first.ok()) << first.status();
  options.listen_address = (*first)->address();
  auto second = Server::Start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(second.status().message().find("listen"), std::string::npos);
}

TEST(ServerRunnerTest, BadAddressIsInvalidArgument) {
  for (const char* bad : {"localhost", ":50051", "127.0.0.1:99999", "127.0.0.1:x"}) {
    Server::Options options;
    options.listen_address = bad;
    auto server = Server::Start(options);
    ASSERT_FALSE(server.ok()) << bad;
    EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(ServerRunnerTest, ShutdownRunsHookOnceAndIsIdempotent) {
  int calls = 0;
  Server::Options options;
  options.log_requests = false;
  options.before_shutdown = [&] { ++calls; };
  auto server = Server::Start(options);
  ASSERT_TRUE(server.ok());
  (*server)->Shutdown();
  (*server)->Shutdown();
  server->reset();
  EXPECT_EQ(calls, 1);
}

// A sync service whose handler only notes which thread ran it.
class ThreadNotingService : public v1::QueryService::Service {
 public:
  grpc::Status GetActor(grpc::ServerContext*, const v1::GetActorRequest*, v1::Actor*) override {
    std::lock_guard<std::mutex> lock(mu_);
    threads_.insert(static_cast<long>(syscall(SYS_gettid)));
    return grpc::Status::OK;
  }
  std::set<long> TakeThreads() {
    std::lock_guard<std::mutex> lock(mu_);
    return std::exchange(threads_, {});
  }

 private:
  std::mutex mu_;
  std::set<long> threads_;
};

// With gRPC's default poller counts the server started and ended threads
// all the time (hundreds a second at 16 calls in flight). Once it has the
// threads 16 calls at once need, later calls run on those threads.
TEST(ServerRunnerTest, CallsRunOnThreadsThatWereAlreadyThere) {
  ThreadNotingService service;
  Server::Options options;
  options.log_requests = false;
  options.services = {{"parley.v1.QueryService", &service}};
  auto server = Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::QueryService::NewStub(MakeChannel((*server)->address()));
  auto run = [&](int clients, int calls_each) {
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
      threads.emplace_back([&] {
        for (int i = 0; i < calls_each; ++i) {
          grpc::ClientContext context;
          v1::Actor actor;
          EXPECT_TRUE(stub->GetActor(&context, v1::GetActorRequest(), &actor).ok());
        }
      });
    }
    for (auto& t : threads) t.join();
  };
  run(16, 50);
  std::set<long> warm = service.TakeThreads();
  run(1, 400);
  run(16, 100);
  int new_threads = 0;
  for (long id : service.TakeThreads()) new_threads += warm.count(id) == 0;
  // Under load the warm-up may not have needed all 16 at once, so a few
  // may be added; the defaults started hundreds.
  EXPECT_LE(new_threads, 20) << new_threads << " new after " << warm.size() << " in warm-up";
}

// A sync service whose WatchEvents holds its thread until the call is
// cancelled, as an idle watcher does.
class HoldingService : public v1::QueryService::Service {
 public:
  grpc::Status WatchEvents(grpc::ServerContext* context, const v1::WatchEventsRequest*,
                           grpc::ServerWriter<v1::WatchEventsResponse>* writer) override {
    ++entered_;
    const int running = ++running_;
    for (int most = most_running_; running > most;) {
      if (most_running_.compare_exchange_weak(most, running)) break;
    }
    writer->SendInitialMetadata();
    while (!context->IsCancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    --running_;
    return grpc::Status::OK;
  }
  grpc::Status GetActor(grpc::ServerContext*, const v1::GetActorRequest*, v1::Actor*) override {
    return grpc::Status::OK;
  }
  int entered() const { return entered_; }
  int running() const { return running_; }
  int most_running() const { return most_running_; }

 private:
  std::atomic<int> entered_{0};
  std::atomic<int> running_{0};
  std::atomic<int> most_running_{0};
};

// Opens `count` watchers at once, waits (up to 30 s) until `settled(number
// the server ended)`, cancels the rest and returns every final status.
std::vector<grpc::Status> OpenWatchers(v1::QueryService::Stub& stub, int count,
                                       const std::function<bool(int)>& settled) {
  grpc::CompletionQueue cq;
  std::vector<grpc::ClientContext> contexts(count);
  std::vector<grpc::Status> statuses(count);
  std::vector<std::unique_ptr<grpc::ClientAsyncReader<v1::WatchEventsResponse>>> calls;
  for (int i = 0; i < count; ++i) {
    calls.push_back(stub.PrepareAsyncWatchEvents(&contexts[i], v1::WatchEventsRequest(), &cq));
    calls.back()->StartCall(nullptr);
    calls.back()->Finish(&statuses[i], &statuses[i]);
  }
  int finished = 0, events = 0;
  auto next = [&](absl::Duration timeout) {
    void* tag;
    bool ok;
    if (cq.AsyncNext(&tag, &ok, absl::ToChronoTime(absl::Now() + timeout)) !=
        grpc::CompletionQueue::GOT_EVENT) {
      return;
    }
    ++events;
    finished += tag != nullptr;
  };
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (!settled(finished) && absl::Now() < deadline) next(absl::Milliseconds(10));
  for (auto& context : contexts) context.TryCancel();
  while (events < 2 * count) next(absl::Seconds(10));
  cq.Shutdown();
  void* tag;
  bool ok;
  while (cq.Next(&tag, &ok)) {
  }
  return statuses;
}

int Count(const std::vector<grpc::Status>& statuses, grpc::StatusCode code,
          const std::string& word) {
  int n = 0;
  for (const auto& s : statuses) {
    n += s.error_code() == code && s.error_message().find(word) != std::string::npos;
  }
  return n;
}

// Past max_concurrent_streams a stream is refused at once, naming the flag,
// while unary calls and health go on; a stream that ends gives its slot back.
TEST(ServerRunnerTest, StreamsPastTheCapAreRefusedAndUnaryCallsGoOn) {
  HoldingService service;
  Server::Options options;
  options.log_requests = false;
  options.max_concurrent_streams = 4;
  options.services = {{"parley.v1.QueryService", &service}};
  auto server = Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = MakeChannel((*server)->address());
  auto stub = v1::QueryService::NewStub(channel);
  bool unary_ok = false, health_ok = false;
  std::vector<grpc::Status> statuses = OpenWatchers(*stub, 10, [&](int refused) {
    if (refused < 6 || service.entered() < 4 || (*server)->open_streams() != 4) return false;
    // All four slots held: unary calls still run.
    grpc::ClientContext context;
    v1::Actor actor;
    unary_ok = stub->GetActor(&context, v1::GetActorRequest(), &actor).ok();
    health_ok = CheckServing(channel.get(), "parley.v1.QueryService", absl::Seconds(5)).ok();
    return true;
  });
  EXPECT_TRUE(unary_ok);
  EXPECT_TRUE(health_ok);
  EXPECT_EQ(Count(statuses, grpc::StatusCode::RESOURCE_EXHAUSTED, "--max-streams"), 6);
  EXPECT_EQ(Count(statuses, grpc::StatusCode::CANCELLED, ""), 4);
  // The four ended: their slots are free for the next four.
  for (int i = 0; i < 100 && (*server)->open_streams() != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ((*server)->open_streams(), 0);
  const int before = service.entered();
  statuses = OpenWatchers(*stub, 4, [&](int) { return service.entered() == before + 4; });
  EXPECT_EQ(service.entered(), before + 4);
  EXPECT_EQ(Count(statuses, grpc::StatusCode::CANCELLED, ""), 4);
}

// A stream with a bad token while the stream cap is full is told to fix its
// token (UNAUTHENTICATED), not to come back later, and the request log
// records what the client got. It got RESOURCE_EXHAUSTED, and an
// unauthenticated caller learned the server was full.
// Sends the default spdlog logger's lines to `text()` while it lives.
class CapturedLog {
 public:
  CapturedLog() : previous_(spdlog::default_logger()) {
    spdlog::set_default_logger(std::make_shared<spdlog::logger>(
        "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(out_)));
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  std::string text() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST(ServerRunnerTest, ABadTokenIsToldSoEvenWhenStreamsAreFull) {
  CapturedLog log;
  HoldingService service;
  Server::Options options;
  options.max_concurrent_streams = 1;
  options.token = std::make_shared<const BearerTokenVerifier>("right-token");
  options.services = {{"parley.v1.QueryService", &service}};
  auto server = Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::QueryService::NewStub(MakeChannel((*server)->address()));
  grpc::ClientContext holder;
  holder.AddMetadata("authorization", "Bearer right-token");
  auto held = stub->WatchEvents(&holder, v1::WatchEventsRequest());
  held->WaitForInitialMetadata();
  ASSERT_EQ((*server)->open_streams(), 1);

  grpc::ClientContext refused;
  refused.AddMetadata("authorization", "Bearer wrong-token");
  auto stream = stub->WatchEvents(&refused, v1::WatchEventsRequest());
  v1::WatchEventsResponse response;
  EXPECT_FALSE(stream->Read(&response));
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  holder.TryCancel();
  (void)held->Finish();
  server->reset();  // Every call has ended and been logged.
  const std::string text = log.text();
  EXPECT_NE(text.find("method=/parley.v1.QueryService/WatchEvents peer="), std::string::npos)
      << text;
  EXPECT_NE(text.find("status=UNAUTHENTICATED"), std::string::npos) << text;
  EXPECT_EQ(text.find("status=RESOURCE_EXHAUSTED"), std::string::npos) << text;
}

// A loopback TCP proxy to `target_port` for one connection, which can be
// frozen: it then forwards nothing either way but keeps both sockets open,
// so the kernel still acknowledges every byte, as for a client that
// vanished behind a NAT or whose cable was pulled.
class FreezableProxy {
 public:
  explicit FreezableProxy(int target_port) : target_port_(target_port) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        listen(listen_fd_, 1) != 0 ||
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ADD_FAILURE() << "proxy: cannot listen";
      return;
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Run(); });
  }
  ~FreezableProxy() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    for (int fd : {listen_fd_, client_fd_, server_fd_}) {
      if (fd >= 0) close(fd);
    }
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  void Freeze() { frozen_ = true; }

 private:
  void Run() {
    pollfd accept_poll{listen_fd_, POLLIN, 0};
    while (!stop_ && poll(&accept_poll, 1, 20) == 0) {
    }
    if (stop_) return;
    client_fd_ = accept(listen_fd_, nullptr, nullptr);
    server_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(target_port_);
    if (client_fd_ < 0 || connect(server_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr))) {
      return;
    }
    char buffer[16384];
    while (!stop_) {
      pollfd fds[2] = {{client_fd_, POLLIN, 0}, {server_fd_, POLLIN, 0}};
      if (frozen_ || poll(fds, 2, 20) <= 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      for (int i = 0; i < 2; ++i) {
        if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
        const ssize_t n = read(fds[i].fd, buffer, sizeof(buffer));
        if (n <= 0) return;  // One side closed: so does the proxy (destructor).
        const int to = i == 0 ? server_fd_ : client_fd_;
        for (ssize_t sent = 0; sent < n;) {
          const ssize_t w = write(to, buffer + sent, n - sent);
          if (w <= 0) return;
          sent += w;
        }
      }
    }
  }

  const int target_port_;
  int listen_fd_ = -1, client_fd_ = -1, server_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> frozen_{false}, stop_{false};
  std::thread thread_;
};

// A client that stops answering holds no stream for long: the server's
// keepalive ping goes unanswered, the connection is closed, the stream's
// handler sees it cancelled and its slot is free again.
TEST(ServerRunnerTest, AStreamWhoseClientStopsAnsweringIsDropped) {
  HoldingService service;
  Server::Options options;
  options.log_requests = false;
  options.max_concurrent_streams = 4;
  options.keepalive_time = absl::Milliseconds(300);
  options.keepalive_timeout = absl::Milliseconds(300);
  options.services = {{"parley.v1.QueryService", &service}};
  auto server = Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  FreezableProxy proxy((*server)->port());
  auto stub = v1::QueryService::NewStub(MakeChannel(proxy.address()));
  grpc::ClientContext context;
  auto watcher = stub->WatchEvents(&context, v1::WatchEventsRequest());
  watcher->WaitForInitialMetadata();
  ASSERT_EQ(service.running(), 1);
  ASSERT_EQ((*server)->open_streams(), 1);
  // Answered pings keep a quiet stream open.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(service.running(), 1);
  EXPECT_EQ((*server)->open_streams(), 1);

  proxy.Freeze();
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (((*server)->open_streams() != 0 || service.running() != 0) && absl::Now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(service.running(), 0) << "the handler still runs for a client that is gone";
  EXPECT_EQ((*server)->open_streams(), 0);
  context.TryCancel();
  (void)watcher->Finish();
}

// A client keeping an idle connection alive with pings as often as the
// server allows keeps its connection: with gRPC's default allowance (no
// calls open: one ping in two hours) the server closed it after three
// ("too_many_pings"), and the client's next call paid a new connection.
TEST(ServerRunnerTest, ClientKeepalivePingsKeepAnIdleConnection) {
  HoldingService service;
  Server::Options options;
  options.log_requests = false;
  options.min_client_ping_interval = absl::Milliseconds(500);
  options.services = {{"parley.v1.QueryService", &service}};
  auto server = Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 1000);  // gRPC's client allows no less.
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  auto channel =
      grpc::CreateCustomChannel((*server)->address(), grpc::InsecureChannelCredentials(), args);
  auto stub = v1::QueryService::NewStub(channel);
  grpc::ClientContext context;
  v1::Actor actor;
  ASSERT_TRUE(stub->GetActor(&context, v1::GetActorRequest(), &actor).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(5500));  // 5 pings, no call.
  EXPECT_EQ(channel->GetState(false), GRPC_CHANNEL_READY)
      << "the server closed a connection for its keepalive pings";
}

TEST(ServerRunnerTest, KeepaliveOutOfRangeIsInvalidArgument) {
  for (absl::Duration bad : {absl::ZeroDuration(), absl::Milliseconds(-5), absl::Hours(24 * 30),
                             absl::InfiniteDuration()}) {
    Server::Options options;
    options.log_requests = false;
    options.keepalive_timeout = bad;
    auto server = Server::Start(options);
    ASSERT_FALSE(server.ok()) << bad;
    EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(server.status().message().find("keepalive"), std::string::npos);
  }
  Server::Options no_pings;
  no_pings.log_requests = false;
  no_pings.keepalive_time = absl::InfiniteDuration();
  EXPECT_TRUE(Server::Start(no_pings).ok());
  no_pings.min_client_ping_interval = absl::InfiniteDuration();
  EXPECT_EQ(Server::Start(no_pings).status().code(), absl::StatusCode::kInvalidArgument);
}

// With no stream cap, the thread backstop still holds: calls past
// max_threads are refused instead of each starting a thread.
TEST(ServerRunnerTest, MaxThreadsRefusesCallsInsteadOfStartingThreads) {
  HoldingService service;
  Server::Options options;
  options.log_requests = false;
  options.max_concurrent_streams = 0;
  options.max_threads = 8;
  options.services = {{"parley.v1.QueryService", &service}};
  auto server = Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ((*server)->max_threads(), 8);
  auto stub = v1::QueryService::NewStub(MakeChannel((*server)->address()));
  const int count = 30;
  std::vector<grpc::Status> statuses = OpenWatchers(*stub, count, [&](int refused) {
    if (refused < 1 || service.running() < 7) return false;
    // Time for more to start, were there threads for them.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return true;
  });
  // One of the 8 threads is left waiting for calls: when it takes one it
  // refuses it; the rest queue until a thread is free (or the client goes).
  EXPECT_LE(service.most_running(), 7);
  EXPECT_GE(Count(statuses, grpc::StatusCode::RESOURCE_EXHAUSTED, "Threadpool"), 1);
}

TEST(ServerRunnerTest, DerivedAndInvalidLimits) {
  Server::Options options;
  options.log_requests = false;
  auto server = Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ((*server)->max_threads(), options.max_concurrent_streams + options.max_waiting_threads +
                                          Server::kUnaryThreadHeadroom);
  options.max_threads = options.min_waiting_threads;  // gRPC would abort.
  auto bad = Server::Start(options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  options.max_threads = 0;
  options.max_concurrent_streams = -1;
  bad = Server::Start(options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace parley::rpc
