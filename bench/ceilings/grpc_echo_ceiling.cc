// grpc_echo_ceiling: the most a trivial async gRPC service does on this
// machine over loopback, the ceiling any Parley service can at best approach.
//
// One process holds both sides: an async (CompletionQueue) echo server and
// async clients on their own channels (one TCP connection each). Measured:
// unary QPS and latency with 4 KB requests at 1/16/64 calls in flight, and
// client-streaming messages/s with 4 KB messages. Each point runs --runs
// times for --seconds after a short warm-up; the table shows the median.
// With --open_rate R it runs only an open loop instead: calls start at
// Poisson arrivals of R per second, at most --open_max_in_flight at once,
// latency counted from each call's scheduled start (query_bench's open
// loop, run against an echo at the rate the service was driven at).
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "ceiling_echo.grpc.pb.h"
#include "ceiling_report.h"

namespace parley::ceilings {
namespace {

using Clock = std::chrono::steady_clock;
using Service = CeilingEcho::AsyncService;

// --handler_us: each Echo handler keeps its thread busy this long, as a
// query's SQL does, to show what a handler's length costs around it.
int handler_us = 0;

void HandlerWork() {
  if (handler_us <= 0) return;
  const Clock::time_point until = Clock::now() + std::chrono::microseconds(handler_us);
  while (Clock::now() < until) {
  }
}

// Every completion-queue tag is one of these: the classic async state machine.
class Tag {
 public:
  virtual ~Tag() = default;
  virtual void Proceed(bool ok) = 0;
};

// One Echo call from request to reply; arms its successor once accepted.
class EchoCall : public Tag {
 public:
  EchoCall(Service* service, grpc::ServerCompletionQueue* cq)
      : service_(service), cq_(cq), responder_(&ctx_) {
    service_->RequestEcho(&ctx_, &request_, &responder_, cq_, cq_, this);
  }
  void Proceed(bool ok) override {
    if (!ok || replied_) {  // Server shutting down, or the reply went out.
      delete this;
      return;
    }
    new EchoCall(service_, cq_);
    replied_ = true;
    HandlerWork();
    responder_.Finish(request_, grpc::Status::OK, this);
  }

 private:
  Service* service_;
  grpc::ServerCompletionQueue* cq_;
  grpc::ServerContext ctx_;
  Blob request_;
  grpc::ServerAsyncResponseWriter<Blob> responder_;
  bool replied_ = false;
};

// One Upload stream: reads until the client half-closes, then replies.
class UploadCall : public Tag {
 public:
  UploadCall(Service* service, grpc::ServerCompletionQueue* cq)
      : service_(service), cq_(cq), reader_(&ctx_) {
    service_->RequestUpload(&ctx_, &reader_, cq_, cq_, this);
  }
  void Proceed(bool ok) override {
    switch (state_) {
      case State::kWaiting:
        if (!ok) break;
        new UploadCall(service_, cq_);
        state_ = State::kReading;
        reader_.Read(&message_, this);
        return;
      case State::kReading:
        if (ok) {
          summary_.set_messages(summary_.messages() + 1);
          summary_.set_bytes(summary_.bytes() + message_.payload().size());
          reader_.Read(&message_, this);
        } else {  // The client half-closed.
          state_ = State::kFinishing;
          reader_.Finish(summary_, grpc::Status::OK, this);
        }
        return;
      case State::kFinishing:
        break;
    }
    delete this;
  }

 private:
  enum class State { kWaiting, kReading, kFinishing };
  Service* service_;
  grpc::ServerCompletionQueue* cq_;
  grpc::ServerContext ctx_;
  grpc::ServerAsyncReader<UploadSummary, Blob> reader_;
  Blob message_;
  UploadSummary summary_;
  State state_ = State::kWaiting;
};

// The same service on gRPC's two other server models (--server), to price
// the model itself: Parley's services use the sync one, whose handlers run
// on a pool of gRPC's threads (bench/README.md, "Stop 13", compares them).
class SyncEcho : public CeilingEcho::Service {
  grpc::Status Echo(grpc::ServerContext*, const Blob* request, Blob* reply) override {
    HandlerWork();
    *reply = *request;
    return grpc::Status::OK;
  }
  grpc::Status Upload(grpc::ServerContext*, grpc::ServerReader<Blob>* reader,
                      UploadSummary* summary) override {
    Blob message;
    while (reader->Read(&message)) {
      summary->set_messages(summary->messages() + 1);
      summary->set_bytes(summary->bytes() + message.payload().size());
    }
    return grpc::Status::OK;
  }
};

class CallbackEcho : public CeilingEcho::CallbackService {
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context, const Blob* request,
                                 Blob* reply) override {
    HandlerWork();
    *reply = *request;
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
  grpc::ServerReadReactor<Blob>* Upload(grpc::CallbackServerContext*,
                                        UploadSummary* summary) override {
    class Reader : public grpc::ServerReadReactor<Blob> {
     public:
      explicit Reader(UploadSummary* summary) : summary_(summary) { StartRead(&message_); }
      void OnReadDone(bool ok) override {
        if (!ok) return Finish(grpc::Status::OK);  // The client half-closed.
        summary_->set_messages(summary_->messages() + 1);
        summary_->set_bytes(summary_->bytes() + message_.payload().size());
        StartRead(&message_);
      }
      void OnDone() override { delete this; }

     private:
      UploadSummary* summary_;
      Blob message_;
    };
    return new Reader(summary);
  }
};

// The server: async with one completion queue per thread, as gRPC
// recommends; or the sync or callback model (`model`).
class EchoServer {
 public:
  // Returns the bound loopback port.
  int Start(const std::string& model, int threads) {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    if (model == "sync") {
      // As Parley's services set them (rpc/server_runner.cc).
      builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 2);
      builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, 32);
      builder.RegisterService(&sync_);
    } else if (model == "callback") {
      builder.RegisterService(&callback_);
    } else {
      builder.RegisterService(&service_);
      for (int i = 0; i < threads; ++i) cqs_.push_back(builder.AddCompletionQueue());
    }
    server_ = builder.BuildAndStart();
    // Async only: the other models have no queues of ours.
    for (auto& cq : cqs_) {
      // A few calls armed per queue so a burst of new calls need not wait.
      for (int i = 0; i < 4; ++i) {
        new EchoCall(&service_, cq.get());
        new UploadCall(&service_, cq.get());
      }
      threads_.emplace_back([q = cq.get()] {
        void* tag;
        bool ok;
        while (q->Next(&tag, &ok)) static_cast<Tag*>(tag)->Proceed(ok);
      });
    }
    return port;
  }

  // Call only once every client call has finished.
  void Stop() {
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
    for (auto& cq : cqs_) cq->Shutdown();
    for (auto& t : threads_) t.join();
  }

 private:
  Service service_;
  SyncEcho sync_;
  CallbackEcho callback_;
  std::unique_ptr<grpc::Server> server_;
  std::vector<std::unique_ptr<grpc::ServerCompletionQueue>> cqs_;
  std::vector<std::thread> threads_;
};

std::shared_ptr<grpc::Channel> NewChannel(int port, int index) {
  grpc::ChannelArguments args;
  // A distinct argument makes gRPC open a separate connection per channel
  // instead of sharing one subchannel.
  args.SetInt("parley.ceiling_channel", index);
  return grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(port),
                                   grpc::InsecureChannelCredentials(), args);
}

struct Window {
  Clock::time_point measure_start, measure_end;
};

struct UnaryResult {
  int64_t completed = 0;         // Calls started inside the window.
  std::vector<double> latencies_us;
  bool failed = false;
};

// One client thread keeping `in_flight` Echo calls outstanding on its own
// queue and channel until the window ends.
UnaryResult DriveUnary(int port, int index, int in_flight, const Blob& request, Window w) {
  struct Slot {
    std::unique_ptr<grpc::ClientContext> ctx;
    std::unique_ptr<grpc::ClientAsyncResponseReader<Blob>> rpc;
    Blob reply;
    grpc::Status status;
    Clock::time_point start;
  };
  auto stub = CeilingEcho::NewStub(NewChannel(port, index));
  grpc::CompletionQueue cq;
  std::vector<Slot> slots(in_flight);
  auto issue = [&](Slot* s) {
    s->ctx = std::make_unique<grpc::ClientContext>();
    s->start = Clock::now();
    s->rpc = stub->PrepareAsyncEcho(s->ctx.get(), request, &cq);
    s->rpc->StartCall();
    s->rpc->Finish(&s->reply, &s->status, s);
  };
  for (Slot& s : slots) issue(&s);
  UnaryResult result;
  int outstanding = in_flight;
  void* tag;
  bool ok;
  while (outstanding > 0 && cq.Next(&tag, &ok)) {
    Slot* s = static_cast<Slot*>(tag);
    Clock::time_point now = Clock::now();
    if (!ok || !s->status.ok()) result.failed = true;
    if (s->start >= w.measure_start && s->start < w.measure_end) {
      ++result.completed;
      result.latencies_us.push_back(
          std::chrono::duration<double, std::micro>(now - s->start).count());
    }
    if (now < w.measure_end && !result.failed) {
      issue(s);
    } else {
      --outstanding;
    }
  }
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  return result;
}

struct UnaryPoint {
  double qps = 0, p50_us = 0, p99_us = 0, p999_us = 0;
};

// One run: the calls in flight spread over up to `client_threads` threads.
UnaryPoint RunUnary(int port, int in_flight, int client_threads, double warmup_s,
                    double seconds, const Blob& request) {
  Window w;
  w.measure_start = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(warmup_s));
  w.measure_end = w.measure_start + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(seconds));
  int threads = std::max(1, std::min(in_flight, client_threads));
  std::vector<UnaryResult> results(threads);
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    int share = in_flight / threads + (i < in_flight % threads ? 1 : 0);
    workers.emplace_back([&, i, share] { results[i] = DriveUnary(port, i, share, request, w); });
  }
  for (auto& t : workers) t.join();
  UnaryPoint point;
  std::vector<double> all;
  int64_t completed = 0;
  for (UnaryResult& r : results) {
    if (r.failed) {
      std::fprintf(stderr, "grpc_echo_ceiling: an Echo call failed\n");
      std::exit(1);
    }
    completed += r.completed;
    all.insert(all.end(), r.latencies_us.begin(), r.latencies_us.end());
  }
  point.qps = completed / seconds;
  point.p50_us = Percentile(all, 0.50);
  point.p99_us = Percentile(all, 0.99);
  point.p999_us = Percentile(all, 0.999);
  return point;
}

// One open-loop run: calls start at Poisson arrivals of `rate` per second
// (an arrival finding `max_in_flight` outstanding waits for one to end),
// spread over up to 4 channels; latency from each call's scheduled start,
// so time spent waiting to start counts, as it does for a user.
UnaryPoint RunOpen(int port, double rate, int max_in_flight, double warmup_s, double seconds,
                   const Blob& request, uint64_t seed) {
  struct Call {
    grpc::ClientContext ctx;
    std::unique_ptr<grpc::ClientAsyncResponseReader<Blob>> rpc;
    Blob reply;
    grpc::Status status;
    Clock::time_point scheduled;
    bool measured = false;
  };
  const int channels = std::max(1, std::min(max_in_flight, 4));
  std::vector<std::unique_ptr<CeilingEcho::Stub>> stubs;
  for (int i = 0; i < channels; ++i)
    stubs.push_back(CeilingEcho::NewStub(NewChannel(port, 2000 + i)));
  grpc::CompletionQueue cq;
  std::mutex mu;
  std::condition_variable cv;
  int outstanding = 0;
  bool failed = false;
  std::vector<double> latencies_us;
  std::thread reaper([&] {
    void* tag;
    bool ok;
    while (cq.Next(&tag, &ok)) {
      std::unique_ptr<Call> call(static_cast<Call*>(tag));
      const Clock::time_point now = Clock::now();
      std::lock_guard<std::mutex> lock(mu);
      if (!ok || !call->status.ok()) failed = true;
      if (call->measured) {
        latencies_us.push_back(
            std::chrono::duration<double, std::micro>(now - call->scheduled).count());
      }
      --outstanding;
      cv.notify_all();
    }
  });
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> gap(rate);
  const Clock::time_point begin = Clock::now();
  double t = 0;
  for (int64_t i = 0; (t += gap(rng)) < warmup_s + seconds; ++i) {
    const Clock::time_point scheduled =
        begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(t));
    std::this_thread::sleep_until(scheduled);
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return outstanding < max_in_flight; });
      ++outstanding;
    }
    auto* call = new Call;
    call->scheduled = scheduled;
    call->measured = t >= warmup_s;
    call->rpc = stubs[i % channels]->PrepareAsyncEcho(&call->ctx, request, &cq);
    call->rpc->StartCall();
    call->rpc->Finish(&call->reply, &call->status, call);
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return outstanding == 0; });
  }
  cq.Shutdown();
  reaper.join();
  if (failed) {
    std::fprintf(stderr, "grpc_echo_ceiling: an Echo call failed\n");
    std::exit(1);
  }
  UnaryPoint point;
  point.qps = latencies_us.size() / seconds;
  point.p50_us = Percentile(latencies_us, 0.50);
  point.p99_us = Percentile(latencies_us, 0.99);
  point.p999_us = Percentile(latencies_us, 0.999);
  return point;
}

// One run of one client stream writing `message` as fast as flow control
// lets it; returns messages/s counted inside the window.
double RunUpload(int port, double warmup_s, double seconds, const Blob& message) {
  auto stub = CeilingEcho::NewStub(NewChannel(port, 1000));
  grpc::ClientContext ctx;
  UploadSummary summary;
  auto writer = stub->Upload(&ctx, &summary);
  Clock::time_point start = Clock::now();
  Clock::time_point measure_start =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(warmup_s));
  Clock::time_point measure_end =
      measure_start +
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  int64_t counted = 0;
  for (Clock::time_point now = start; now < measure_end; now = Clock::now()) {
    if (!writer->Write(message)) break;
    if (now >= measure_start) ++counted;
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (!status.ok() || summary.messages() < counted) {
    std::fprintf(stderr, "grpc_echo_ceiling: Upload failed: %s\n", status.error_message().c_str());
    std::exit(1);
  }
  return counted / seconds;
}

int Main(int argc, char** argv) {
  CLI::App app{"gRPC echo ceiling: async loopback unary and client-streaming throughput"};
  int runs = 5, server_threads = 2, client_threads = 2, payload = 4096;
  double seconds = 2, warmup = 0.3;
  std::vector<int> in_flight = {1, 16, 64};
  app.add_option("--runs", runs, "runs per point (median reported)")->check(CLI::PositiveNumber);
  app.add_option("--seconds", seconds, "measured seconds per run")->check(CLI::PositiveNumber);
  app.add_option("--warmup", warmup, "unmeasured seconds before each run")->check(CLI::NonNegativeNumber);
  app.add_option("--in_flight", in_flight, "unary calls in flight, one point each");
  app.add_option("--server_threads", server_threads, "server completion-queue threads")
      ->check(CLI::PositiveNumber);
  app.add_option("--client_threads", client_threads, "most client threads (one channel each)")
      ->check(CLI::PositiveNumber);
  app.add_option("--payload", payload, "request / message bytes")->check(CLI::NonNegativeNumber);
  std::string model = "async";
  app.add_option("--server", model,
                 "server model: async (the ceiling), sync (as Parley's services), callback")
      ->check(CLI::IsMember({"async", "sync", "callback"}));
  app.add_option("--handler_us", handler_us, "busy time of each Echo handler, microseconds")
      ->check(CLI::NonNegativeNumber);
  int open_rate = 0, open_max_in_flight = 16;
  app.add_option("--open_rate", open_rate,
                 "calls/s of an open loop (Poisson arrivals) run instead of the other points")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--open_max_in_flight", open_max_in_flight, "most open-loop calls at once")
      ->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);

  PrintMachineInfo({"grpc: " + grpc::Version(),
                    "grpc_echo_ceiling: server=" + model +
                        " handler_us=" + std::to_string(handler_us) +
                        " server_threads=" + std::to_string(server_threads) +
                        " client_threads=" + std::to_string(client_threads) +
                        " runs=" + std::to_string(runs) + " payload=" + std::to_string(payload)});
  EchoServer server;
  int port = server.Start(model, server_threads);
  Blob blob;
  blob.set_payload(std::string(payload, 'x'));
  std::string size = std::to_string(payload / 1024) + " KB";
  if (model != "async") size += " (" + model + " server)";
  if (handler_us > 0) size += " (handler " + std::to_string(handler_us) + " us)";

  if (open_rate > 0) {
    std::vector<double> p50, p99, p999;
    for (int r = 0; r < runs; ++r) {
      UnaryPoint p =
          RunOpen(port, open_rate, open_max_in_flight, warmup, seconds, blob, 1000 * r + 29);
      p50.push_back(p.p50_us);
      p99.push_back(p.p99_us);
      p999.push_back(p.p999_us);
    }
    std::string name = "grpc unary echo " + size + ", open " + std::to_string(open_rate) +
                       "/s <=" + std::to_string(open_max_in_flight);
    PrintRow(name, "p50", p50, "us");
    PrintRow(name, "p99", p99, "us");
    PrintRow(name, "p999", p999, "us");
    server.Stop();
    return 0;
  }

  for (int n : in_flight) {
    std::vector<double> qps, p50, p99, p999;
    for (int r = 0; r < runs; ++r) {
      UnaryPoint p = RunUnary(port, n, client_threads, warmup, seconds, blob);
      qps.push_back(p.qps);
      p50.push_back(p.p50_us);
      p99.push_back(p.p99_us);
      p999.push_back(p.p999_us);
    }
    std::string name = "grpc unary echo " + size + ", " + std::to_string(n) + " in flight";
    PrintRow(name, "throughput", qps, "calls/s");
    PrintRow(name, "p50", p50, "us");
    PrintRow(name, "p99", p99, "us");
    // Stalls of the machine itself (scheduling, the hypervisor) show here:
    // the floor under every service's tail latency.
    PrintRow(name, "p999", p999, "us");
  }
  std::vector<double> rate;
  for (int r = 0; r < runs; ++r) rate.push_back(RunUpload(port, warmup, seconds, blob));
  PrintRow("grpc client-streaming " + size + ", 1 stream", "throughput", rate, "msgs/s");
  server.Stop();
  return 0;
}

}  // namespace
}  // namespace parley::ceilings

int main(int argc, char** argv) { return parley::ceilings::Main(argc, argv); }
