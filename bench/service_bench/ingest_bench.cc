// ingest_bench: articles/s through the real parley-ingest binary, beside the
// raw-SQLite ceiling measured in the same run (sqlite_ceiling at the batch
// size the service achieved, on SQLite's own VFS and on the store writer's
// WAL write buffer; the higher of the two).
//
// Each run starts parley-ingest on a fresh store (an empty SQLite file, a
// copy of a populated one with --prefilled, or a fresh PostgreSQL database
// with --pg_uri), drives it over loopback for --seconds after --warmup, and
// stops it with SIGTERM; the service then logs its group-commit counters
// (transactions, writes), which give the mean achieved batch size.
//
// Bulk: N clients, each its own connection with one IngestArticles stream,
// writing as fast as flow control lets it and reading responses. Unary: N
// client threads calling IngestArticle back to back (closed loop), each
// call's latency recorded.
//
// The service's contract is checked on every run: each response must name a
// new article (no error, id > 0, not a duplicate) that a separate read-only
// store connection can already read when the response arrives (a checker
// samples acks as fast as it can), and after the run the store holds exactly
// as many articles as were acknowledged.
//
// Articles: the dev corpus texts with their metadata, each made unique by a
// numbered last line (bench_util.h).
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bench_util.h"
#include "ceiling_report.h"
#include "parley/store/store.h"
#include "parley/v1/ingest_service.grpc.pb.h"

namespace parley::bench {
namespace {

namespace fs = std::filesystem;
using ceilings::PrintRow;

struct Config {
  std::string ingest_bin = PARLEY_INGEST_BIN;
  std::string ceilings_dir = PARLEY_CEILINGS_DIR;
  std::string corpus_dir = PARLEY_DEV_CORPUS;
  std::string work_dir = PARLEY_BENCH_CACHE;
  std::string prefilled;   // A populated SQLite store copied for each run.
  std::string pg_uri;      // PostgreSQL server (a database per run is created).
  int64_t prefill_events = 0;  // Events in --prefilled (for labels and the ceiling).
  std::string store_label = "empty";  // "empty", "1M events", "PostgreSQL empty".
  int runs = 3;
  double seconds = 5, warmup = 1;
  std::vector<int> bulk_clients = {1, 4, 16};
  std::vector<int> unary_clients = {1, 16};
  std::vector<int> replicas = {1};
  // Bulk: most unanswered articles per stream. Bounds the work queued when
  // the run stops (gRPC's flow-control windows would admit thousands), at
  // twice the service's own per-stream pipeline (max_in_flight = 64).
  int window = 128;
  bool skip_ceiling = false;
  double ceiling_seconds = 1.5;
};

struct RunResult {
  double rate = 0;  // Articles/s acknowledged in the measured window.
  double mean_batch = 0;
  Latencies latencies;
  int64_t acked = 0, checked = 0;
};

// Counts acknowledgements and hands the newest one to the checker.
struct Acks {
  std::atomic<int64_t> count{0};
  std::atomic<int64_t> latest_id{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  std::string failure;

  void Fail(const std::string& why) {
    std::lock_guard<std::mutex> lock(mu);
    if (!failed.exchange(true)) failure = why;
  }
  void Ack(const v1::IngestArticleResponse& r) {
    if (r.has_error() || r.article_id() <= 0 || r.duplicate()) {
      Fail(absl::StrCat("bad response: ", r.ShortDebugString().substr(0, 300)));
      return;
    }
    latest_id.store(r.article_id(), std::memory_order_relaxed);
    count.fetch_add(1, std::memory_order_relaxed);
  }
};

v1::IngestArticleRequest MakeRequest(const std::vector<CorpusArticle>& corpus,
                                     const std::string& run, int64_t n) {
  const CorpusArticle& a = corpus[n % corpus.size()];
  v1::IngestArticleRequest request;
  request.set_request_id(std::to_string(n));
  v1::ArticleInput* in = request.mutable_article();
  in->set_text(UniqueText(a, run, n));
  in->set_source(a.source);
  if (a.published) {
    in->mutable_published()->set_year(static_cast<int32_t>(a.published->year()));
    in->mutable_published()->set_month(a.published->month());
    in->mutable_published()->set_day(a.published->day());
  }
  return request;
}

std::shared_ptr<grpc::Channel> Connect(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // One connection per client.
  args.SetMaxReceiveMessageSize(64 << 20);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

// Reads each acked article back through a separate store connection while
// the service runs: an ack for an article another connection cannot see
// yet would break the contract "acknowledged after its commit".
class AckChecker {
 public:
  AckChecker(const std::string& location, Acks* acks) : acks_(acks) {
    store::StoreOptions options;
    options.location = location;
    options.read_only = true;
    auto opened = store::Open(options);
    if (!opened.ok()) {
      acks_->Fail(absl::StrCat("checker cannot open store: ", opened.status().ToString()));
      return;
    }
    store_ = *std::move(opened);
    thread_ = std::thread([this] { Loop(); });
  }
  ~AckChecker() { Stop(); }
  int64_t Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    return checked_;
  }

 private:
  void Loop() {
    int64_t last = 0;
    while (!stop_) {
      int64_t id = acks_->latest_id.load(std::memory_order_relaxed);
      if (id != 0 && id != last) {
        auto article = store_->GetArticle(id);
        if (!article.ok()) {
          acks_->Fail(absl::StrCat("article ", id, " acknowledged but not readable: ",
                                   article.status().ToString()));
        }
        last = id;
        ++checked_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  Acks* acks_;
  std::unique_ptr<store::Store> store_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  int64_t checked_ = 0;
};

// One client's bulk stream: a writer thread and this thread reading.
void BulkClient(v1::IngestService::Stub* stub, const std::vector<CorpusArticle>& corpus,
                const std::string& run, int window, std::atomic<int64_t>* next,
                std::atomic<bool>* stop, Acks* acks) {
  grpc::ClientContext context;
  // Once in a 1M-store run one of 16 fresh channels failed its first
  // connect ("failed to connect to all addresses") and the run was lost; a
  // client waits and retries instead, the deadline bounding a dead server.
  context.set_wait_for_ready(true);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(10));
  auto stream = stub->IngestArticles(&context);
  std::atomic<int64_t> sent{0}, received{0};
  std::thread writer([&] {
    while (!stop->load(std::memory_order_relaxed)) {
      if (sent - received >= window) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        continue;
      }
      if (!stream->Write(MakeRequest(corpus, run, next->fetch_add(1)))) break;
      ++sent;
    }
    stream->WritesDone();
  });
  v1::IngestArticleResponse response;
  while (stream->Read(&response)) {
    acks->Ack(response);
    ++received;
  }
  writer.join();
  grpc::Status status = stream->Finish();
  if (!status.ok() || received != sent) {
    acks->Fail(absl::StrCat("bulk stream ended ", status.error_message(), " after ",
                            received.load(), " of ", sent.load(), " responses"));
  }
}

void UnaryClient(v1::IngestService::Stub* stub, const std::vector<CorpusArticle>& corpus,
                 const std::string& run, std::atomic<int64_t>* next, std::atomic<bool>* stop,
                 std::atomic<bool>* measuring, Acks* acks, Latencies* latencies) {
  while (!stop->load(std::memory_order_relaxed)) {
    v1::IngestArticleRequest request = MakeRequest(corpus, run, next->fetch_add(1));
    v1::IngestArticleResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    Clock::time_point start = Clock::now();
    grpc::Status status = stub->IngestArticle(&context, request, &response);
    double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
    if (!status.ok()) {
      acks->Fail(absl::StrCat("IngestArticle: ", status.error_message()));
      return;
    }
    if (measuring->load(std::memory_order_relaxed)) latencies->Add(us);
    acks->Ack(response);
  }
}

// Where one run's store lives, made fresh.
class RunStore {
 public:
  RunStore(const Config& c, const std::string& name) {
    if (!c.pg_uri.empty()) {
      std::string db = absl::StrCat("bench_", name);
      std::string base = c.pg_uri.substr(0, c.pg_uri.rfind('/') + 1);
      std::string psql = absl::StrCat("PGOPTIONS='-c client_min_messages=warning' psql -q '", c.pg_uri, "' -c 'DROP DATABASE IF EXISTS ", db,
                                      "' -c 'CREATE DATABASE ", db, "' >/dev/null");
      if (std::system(psql.c_str()) != 0) {
        std::fprintf(stderr, "ingest_bench: %s failed\n", psql.c_str());
        std::exit(1);
      }
      location_ = base + db;
      return;
    }
    fs::create_directories(c.work_dir);
    location_ = (fs::path(c.work_dir) / "ingest_run.db").string();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(location_ + suffix);
    if (!c.prefilled.empty()) {
      // With its WAL, if one was left: the .db file alone can be missing
      // the last commits, or hold half of a checkpoint (stores populated
      // before the store checkpointed on close did; runs on such copies
      // counted a wrong base and measured a smaller store).
      for (const char* suffix : {"", "-wal"}) {
        if (fs::exists(c.prefilled + suffix)) fs::copy_file(c.prefilled + suffix, location_ + suffix);
      }
      std::system(absl::StrCat("sync '", location_, "'*").c_str());
    }
  }
  const std::string& location() const { return location_; }

 private:
  std::string location_;
};

// Counts the articles in the store through the Store API (any backend).
int64_t CountArticles(const std::string& location) {
  store::StoreOptions options;
  options.location = location;
  options.read_only = true;
  auto opened = store::Open(options);
  if (!opened.ok()) return -1;
  int64_t n = 0;
  store::PageRequest page;
  page.page_size = 1000;
  for (;;) {
    auto got = (*opened)->ListArticles({}, page);
    if (!got.ok()) return -1;
    n += static_cast<int64_t>(got->items.size());
    if (got->next_page_token.empty()) return n;
    page.page_token = got->next_page_token;
  }
}

// Articles already in a prefilled store (the count check subtracts them).
// An unreadable copy stops the benchmark: a base of -1 once passed for a
// store holding one article more than was acknowledged.
int64_t BaseArticles(const std::string& location, const Config& c) {
  if (c.prefilled.empty()) return 0;
  int64_t base = CountArticles(location);
  if (base < 0) {
    std::fprintf(stderr, "ingest_bench: cannot read the copy of %s at %s\n", c.prefilled.c_str(),
                 location.c_str());
    std::exit(1);
  }
  return base;
}

std::vector<ServerProcess> StartServers(const Config& c, const std::string& location,
                                        int replicas) {
  std::vector<ServerProcess> servers;
  for (int r = 0; r < replicas; ++r) {
    std::string log = (fs::path(c.work_dir) / absl::StrCat("parley-ingest-", r, ".log")).string();
    auto server = ServerProcess::Start(
        c.ingest_bin, {"--listen", "127.0.0.1:0", "--db", location}, "parley-ingest", log);
    if (!server.ok()) {
      std::fprintf(stderr, "ingest_bench: %s\n", server.status().ToString().c_str());
      std::exit(1);
    }
    servers.push_back(*std::move(server));
  }
  return servers;
}

// Mean articles per transaction from the logs, not counting each replica's
// start-up write of the knowledge-base actors.
double MeanBatch(std::vector<ServerProcess>& servers) {
  int64_t transactions = 0, writes = 0;
  for (ServerProcess& s : servers) {
    std::string log = s.Stop();
    auto t = LastLogValue(log, "transactions"), w = LastLogValue(log, "writes");
    if (!t || !w) return 0;
    transactions += *t - 1;
    writes += *w - 1;
  }
  return transactions > 0 ? static_cast<double>(writes) / transactions : 0;
}

RunResult OneRun(const Config& c, const std::vector<CorpusArticle>& corpus, bool bulk,
                 int clients, int replicas, const std::string& run) {
  RunStore where(c, run);
  const int64_t base = BaseArticles(where.location(), c);
  std::vector<ServerProcess> servers = StartServers(c, where.location(), replicas);
  Acks acks;
  AckChecker checker(where.location(), &acks);
  std::vector<std::unique_ptr<v1::IngestService::Stub>> stubs;
  for (int i = 0; i < clients; ++i) {
    stubs.push_back(v1::IngestService::NewStub(Connect(servers[i % replicas].address())));
  }
  std::atomic<int64_t> next{0};
  std::atomic<bool> stop{false}, measuring{false};
  std::vector<Latencies> latencies(clients);
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      if (bulk) {
        BulkClient(stubs[i].get(), corpus, run, c.window, &next, &stop, &acks);
      } else {
        UnaryClient(stubs[i].get(), corpus, run, &next, &stop, &measuring, &acks, &latencies[i]);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(c.warmup));
  int64_t before = acks.count.load();
  Clock::time_point start = Clock::now();
  measuring = true;
  std::this_thread::sleep_for(std::chrono::duration<double>(c.seconds));
  measuring = false;
  RunResult result;
  result.rate = (acks.count.load() - before) / SecondsSince(start);
  stop = true;
  for (auto& t : threads) t.join();
  result.checked = checker.Stop();
  result.acked = acks.count.load();
  result.mean_batch = MeanBatch(servers);
  for (Latencies& l : latencies) result.latencies.Append(l);
  int64_t stored = CountArticles(where.location()) - base;
  if (!acks.failed && stored != result.acked) {
    acks.Fail(absl::StrCat("store holds ", stored, " new articles, ", result.acked, " acked"));
  }
  if (acks.failed) {
    std::fprintf(stderr, "ingest_bench: CONTRACT VIOLATED in run %s: %s\n", run.c_str(),
                 acks.failure.c_str());
    std::exit(2);
  }
  return result;
}

struct Point {
  std::string name;
  bool bulk;
  int clients, replicas;
  std::vector<double> rates, batches, p50, p99;
  int64_t acked = 0, checked = 0;
};

Point Measure(const Config& c, const std::vector<CorpusArticle>& corpus, bool bulk, int clients,
              int replicas) {
  Point p{absl::StrCat(bulk ? "ingest bulk stream, " : "ingest unary, ", clients, " client",
                       clients > 1 ? "s" : "", replicas > 1 ? absl::StrCat(", ", replicas,
                                                                         " replicas")
                                                            : "",
                       ", ", c.store_label, " store"),
          bulk, clients, replicas, {}, {}, {}, {}};
  for (int r = 0; r < c.runs; ++r) {
    std::string run = absl::StrCat(getpid(), "_", bulk ? "b" : "u", clients, "_", replicas, "_", r);
    RunResult result = OneRun(c, corpus, bulk, clients, replicas, run);
    p.rates.push_back(result.rate);
    p.batches.push_back(result.mean_batch);
    p.p50.push_back(result.latencies.Percentile(0.5));
    p.p99.push_back(result.latencies.Percentile(0.99));
    p.acked += result.acked;
    p.checked += result.checked;
  }
  PrintRow(p.name, "throughput", p.rates, "articles/s");
  PrintRow(p.name, "mean batch", p.batches, "articles");
  if (!bulk) {
    PrintRow(p.name, "p50", p.p50, "us");
    PrintRow(p.name, "p99", p.p99, "us");
  }
  std::printf("# contract: %s: %lld acks, all new articles, %lld read back while serving, "
              "store count = acks\n",
              p.name.c_str(), static_cast<long long>(p.acked), static_cast<long long>(p.checked));
  return p;
}

// "1M", "100k", "12345": sqlite_ceiling's spelling of a store size.
std::string EventCount(int64_t n) {
  if (n % 1000000 == 0) return absl::StrCat(n / 1000000, "M");
  if (n % 1000 == 0) return absl::StrCat(n / 1000, "k");
  return absl::StrCat(n);
}

// The ceiling key sqlite_ceiling prints for `batch` on this run's store.
std::string CeilingKey(const Config& c, int batch) {
  return absl::StrCat("sqlite insert, batch ", batch, ", ", c.store_label,
                      " store/throughput");
}

std::map<std::string, double> Ceilings(const Config& c, const std::set<int>& batches) {
  if (c.skip_ceiling || !c.pg_uri.empty()) return {};
  std::string cmd = absl::StrCat(c.ceilings_dir, "/sqlite_ceiling --skip_reads --runs ", c.runs,
                                 " --seconds ", c.ceiling_seconds, " --batches ",
                                 absl::StrJoin(batches, " "));
  if (c.prefilled.empty()) {
    absl::StrAppend(&cmd, " --stores empty");
  } else {
    absl::StrAppend(&cmd, " --stores full --prefill_events ", c.prefill_events);
  }
  // Per batch, the better of SQLite's own VFS and the store writer's WAL
  // write buffer: the buffer saves system calls on small commits and costs
  // a copy on large ones, and the ceiling is the most SQLite does either way.
  std::map<std::string, double> best;
  for (const char* vfs : {"default", "wal-buffer"}) {
    auto medians = RunCeiling(absl::StrCat(cmd, " --vfs ", vfs));
    if (!medians.ok()) {  // E.g. a standalone sqlite_ceiling has no wal-buffer.
      std::fprintf(stderr, "ingest_bench: %s\n", medians.status().ToString().c_str());
      continue;
    }
    for (const auto& [key, value] : *medians) best[key] = std::max(best[key], value);
  }
  return best;
}

int Main(int argc, char** argv) {
  Config c;
  CLI::App app{"ingest_bench: articles/s through parley-ingest beside the raw SQLite ceiling"};
  app.add_option("--ingest_bin", c.ingest_bin, "the parley-ingest binary")->capture_default_str();
  app.add_option("--ceilings_dir", c.ceilings_dir, "where sqlite_ceiling is")->capture_default_str();
  app.add_option("--corpus", c.corpus_dir, "articles: ID.txt (+ ID.meta.json)")->capture_default_str();
  app.add_option("--work_dir", c.work_dir, "run stores and logs")->capture_default_str();
  app.add_option("--prefilled", c.prefilled, "SQLite store copied for each run (populate_store)");
  app.add_option("--prefill_events", c.prefill_events,
                 "events in --prefilled: the ceiling's store gets as many");
  app.add_option("--pg_uri", c.pg_uri, "PostgreSQL server URI: a fresh database per run");
  app.add_option("--runs", c.runs, "runs per point")->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--seconds", c.seconds, "measured seconds per run")->capture_default_str();
  app.add_option("--warmup", c.warmup, "unmeasured seconds first")->capture_default_str();
  app.add_option("--bulk_clients", c.bulk_clients, "bulk-stream client counts (0: none)")->delimiter(',');
  app.add_option("--unary_clients", c.unary_clients, "unary client counts (0: none)")->delimiter(',');
  app.add_option("--replicas", c.replicas, "parley-ingest processes on one store (PostgreSQL)")->delimiter(',');
  app.add_option("--window", c.window, "bulk: most unanswered articles per stream")
      ->check(CLI::PositiveNumber)->capture_default_str();
  app.add_flag("--skip_ceiling", c.skip_ceiling, "do not run sqlite_ceiling");
  app.add_option("--ceiling_seconds", c.ceiling_seconds, "seconds per ceiling run")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (!c.pg_uri.empty()) c.store_label = "PostgreSQL empty";
  if (!c.prefilled.empty()) {
    if (c.prefill_events <= 0) {
      std::fprintf(stderr, "ingest_bench: --prefilled needs --prefill_events\n");
      return 1;
    }
    c.store_label = EventCount(c.prefill_events) + " events";
  }

  if (absl::Status locked = LockWorkDir(c.work_dir); !locked.ok()) {
    std::fprintf(stderr, "ingest_bench: %s\n", std::string(locked.message()).c_str());
    return 1;
  }
  auto corpus = LoadCorpus(c.corpus_dir);
  if (!corpus.ok()) {
    std::fprintf(stderr, "ingest_bench: %s\n", corpus.status().ToString().c_str());
    return 1;
  }
  ceilings::PrintMachineInfo({LoadAverage(), "ingest_bench: " + c.ingest_bin,
                              absl::StrCat("articles: ", corpus->size(), " dev corpus texts + ",
                                           "a unique numbered line each"),
                              absl::StrCat("runs=", c.runs, " seconds=", c.seconds,
                                           " warmup=", c.warmup)});
  std::vector<Point> points;
  for (int replicas : c.replicas) {
    for (int n : c.bulk_clients) {
      if (n > 0) points.push_back(Measure(c, *corpus, true, n, replicas));
    }
    for (int n : c.unary_clients) {
      if (n > 0) points.push_back(Measure(c, *corpus, false, n, replicas));
    }
  }
  std::set<int> batches = {1};
  for (const Point& p : points) {
    if (p.bulk) batches.insert(std::max(1, static_cast<int>(ceilings::Median(p.batches) + 0.5)));
  }
  std::map<std::string, double> ceiling = Ceilings(c, batches);
  PrintVerdictHeader();
  for (const Point& p : points) {
    double rate = ceilings::Median(p.rates);
    int batch = p.bulk ? std::max(1, static_cast<int>(ceilings::Median(p.batches) + 0.5)) : 1;
    double limit = ceiling.count(CeilingKey(c, batch)) ? ceiling[CeilingKey(c, batch)] : 0;
    PrintVerdict(c.pg_uri.empty() ? absl::StrCat(p.name, " vs sqlite batch ", batch) : p.name,
                 rate, limit,
                 p.bulk ? 0.6 : 0.5, "articles/s");
  }
  std::printf("# %s\n", LoadAverage().c_str());
  return 0;
}

}  // namespace
}  // namespace parley::bench

int main(int argc, char** argv) { return parley::bench::Main(argc, argv); }
