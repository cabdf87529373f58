#include "parley/rpc/server_runner.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <grpcpp/completion_queue.h>

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
