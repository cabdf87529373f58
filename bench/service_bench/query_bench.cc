// query_bench: QPS and latency of three typical queries through the real
// parley-query binary on a populated store, beside two ceilings measured in
// the same run: the same SQL run directly on the same file with raw sqlite3
// prepared statements, and the trivial gRPC echo service (grpc_echo_ceiling).
//
// Queries (page of 50, the default), parameters drawn per call from the
// pools the populator used (workload.h):
//   calls      ListCalls: participant (a leader, Zipf-like) + a 2-year range
//   sanctions  ListSanctions: target (a country) + measure
//   quotes     ListQuotes: text_query, one word of the dev corpus (>= 5 letters)
// Closed loop at each --in_flight (a new call as soon as one completes), then
// open loop: Poisson arrivals at --open_fraction of the measured 16-in-flight
// QPS, at most 16 in flight, latency counted from each call's scheduled time
// (a late start counts against it).
//
// SQL ceiling (SQLite only): the store's own id query for the filter (built
// by store/sqlite_queries.h, so exactly the SQL the store runs) and the row
// loads of store/sqlite_reader.cc for each id, in one read transaction,
// every statement prepared once per thread; 1 thread for 1 in flight (each
// page timed too: the SQL's own latency), one per CPU for more. Its query
// plans are printed, for the scaling table.
#include <grpcpp/grpcpp.h>
#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bench_util.h"
#include "ceiling_report.h"
#include "parley/v1/query_service.grpc.pb.h"
#include "store/sqlite_db.h"
#include "store/sqlite_queries.h"
#include "workload.h"

namespace parley::bench {
namespace {

using ceilings::PrintRow;

struct Config {
  std::string query_bin = PARLEY_QUERY_BIN;
  std::string ceilings_dir = PARLEY_CEILINGS_DIR;
  std::string corpus_dir = PARLEY_DEV_CORPUS;
  std::string work_dir = PARLEY_BENCH_CACHE;
  std::string db;
  std::string store_label = "1M events";
  int runs = 3;
  double seconds = 3, warmup = 0.5;
  std::vector<int> in_flight = {1, 16};
  double open_fraction = 0.5;
  std::vector<std::string> queries = {"calls", "sanctions", "quotes"};
  bool skip_ceiling = false;
  bool sqlite = true;
};

// ---- Query parameters --------------------------------------------------------

struct Params {
  std::string name;  // participant, target or word
  absl::CivilDay from, to;
  int measure = 1;   // v1::Measure 1..13
};

class ParamMaker {
 public:
  ParamMaker(const Pools& pools, uint64_t seed)
      : p_(pools), rng_(seed), leader_(pools.leader_weights.begin(), pools.leader_weights.end()) {
    for (const std::string& w : pools.words) {
      if (w.size() >= 5) words_.push_back(w);
    }
  }
  Params Next(const std::string& query) {
    Params out;
    if (query == "calls") {
      out.name = p_.leaders[leader_(rng_)]->name;
      out.from = kFirstDay + static_cast<int>(rng_() % (kDays - 730));
      out.to = out.from + 730;
    } else if (query == "sanctions") {
      out.name = p_.countries[rng_() % p_.countries.size()]->name;
      out.measure = 1 + static_cast<int>(rng_() % 13);
    } else {
      out.name = words_[rng_() % words_.size()];
    }
    return out;
  }

 private:
  const Pools& p_;
  std::mt19937_64 rng_;
  std::discrete_distribution<size_t> leader_;
  std::vector<std::string> words_;
};

void SetDate(v1::Date* d, absl::CivilDay day) {
  d->set_year(static_cast<int32_t>(day.year()));
  d->set_month(day.month());
  d->set_day(day.day());
}

// ---- gRPC load -----------------------------------------------------------------

// What one finished call reports: status, items returned, response bytes.
struct Outcome {
  bool ok = false;
  std::string error;
  int items = 0;
  size_t bytes = 0;
};
using Done = std::function<void(const Outcome&)>;

// One call in flight: owns what the callback API needs until it completes.
template <typename Request, typename Response>
struct CallState {
  grpc::ClientContext context;
  Request request;
  Response response;
};

// Starts `method` (a lambda calling stub->async()->X) and reports through
// `done` on a gRPC thread; `count` gives the items in the response.
template <typename Request, typename Response, typename Method, typename Count>
void Start(Request request, Method method, Count count, Done done) {
  auto* s = new CallState<Request, Response>;
  s->request = std::move(request);
  s->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  method(&s->context, &s->request, &s->response,
         [s, count, done = std::move(done)](grpc::Status status) {
           Outcome o;
           o.ok = status.ok();
           o.error = status.error_message();
           o.items = count(s->response);
           o.bytes = s->response.ByteSizeLong();
           delete s;
           done(o);
         });
}

// Issues one query asynchronously (callback API).
void Issue(v1::QueryService::Stub* stub, const std::string& query, const Params& p, Done done) {
  auto* async = stub->async();
  if (query == "calls") {
    v1::ListCallsRequest r;
    r.set_participant(p.name);
    SetDate(r.mutable_date_range()->mutable_start(), p.from);
    SetDate(r.mutable_date_range()->mutable_end(), p.to);
    Start<v1::ListCallsRequest, v1::ListCallsResponse>(
        std::move(r), [async](auto* c, auto* q, auto* a, auto cb) { async->ListCalls(c, q, a, cb); },
        [](const v1::ListCallsResponse& x) { return x.calls_size(); }, std::move(done));
  } else if (query == "sanctions") {
    v1::ListSanctionsRequest r;
    r.set_target(p.name);
    r.set_measure(static_cast<v1::Measure>(p.measure));
    Start<v1::ListSanctionsRequest, v1::ListSanctionsResponse>(
        std::move(r),
        [async](auto* c, auto* q, auto* a, auto cb) { async->ListSanctions(c, q, a, cb); },
        [](const v1::ListSanctionsResponse& x) { return x.sanctions_size(); }, std::move(done));
  } else {
    v1::ListQuotesRequest r;
    r.set_text_query(p.name);
    Start<v1::ListQuotesRequest, v1::ListQuotesResponse>(
        std::move(r),
        [async](auto* c, auto* q, auto* a, auto cb) { async->ListQuotes(c, q, a, cb); },
        [](const v1::ListQuotesResponse& x) { return x.quotes_size(); }, std::move(done));
  }
}

struct LoadResult {
  double qps = 0;
  Latencies latencies;  // Of calls completed in the measured window.
  int64_t calls = 0, full_pages = 0, empty_pages = 0;
  double mean_bytes = 0;
};

// Shared by the closed and open loops: records outcomes, tracks in-flight.
class Recorder {
 public:
  // `end`: when the response arrived (taken before any follow-up call).
  void Finish(Clock::time_point scheduled, Clock::time_point end, const Outcome& o) {
    double us = std::chrono::duration<double, std::micro>(end - scheduled).count();
    std::lock_guard<std::mutex> lock(mu_);
    --in_flight_;
    if (!o.ok && error_.empty()) error_ = o.error;
    if (measuring_) {
      r_.latencies.Add(us);
      ++r_.calls;
      r_.full_pages += o.items == 50;
      r_.empty_pages += o.items == 0;
      bytes_ += o.bytes;
    }
    cv_.notify_all();
  }
  void Started() {
    std::lock_guard<std::mutex> lock(mu_);
    ++in_flight_;
  }
  // Waits until fewer than `max` calls are in flight.
  void WaitBelow(int max) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return in_flight_ < max; });
  }
  void SetMeasuring(bool on) {
    std::lock_guard<std::mutex> lock(mu_);
    measuring_ = on;
  }
  LoadResult Take(double seconds) {
    WaitBelow(1);
    std::lock_guard<std::mutex> lock(mu_);
    if (!error_.empty()) {
      std::fprintf(stderr, "query_bench: a query failed: %s\n", error_.c_str());
      std::exit(2);
    }
    r_.qps = r_.calls / seconds;
    r_.mean_bytes = r_.calls ? static_cast<double>(bytes_) / r_.calls : 0;
    return std::move(r_);
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int in_flight_ = 0;
  bool measuring_ = false;
  std::string error_;
  size_t bytes_ = 0;
  LoadResult r_;
};

// `in_flight` loops, each issuing its next call when the last completes.
LoadResult ClosedLoop(const Config& c, std::vector<std::unique_ptr<v1::QueryService::Stub>>& stubs,
                      const Pools& pools, const std::string& query, int in_flight, uint64_t seed) {
  Recorder rec;
  std::atomic<bool> stop{false};
  std::vector<std::unique_ptr<ParamMaker>> makers;
  std::vector<std::mutex> maker_mu(in_flight);
  std::function<void(int)> next = [&](int slot) {
    if (stop) return;
    Params p;
    {
      std::lock_guard<std::mutex> lock(maker_mu[slot]);
      p = makers[slot]->Next(query);
    }
    rec.Started();
    Clock::time_point start = Clock::now();
    Issue(stubs[slot % stubs.size()].get(), query, p, [&, slot, start](const Outcome& o) {
      Clock::time_point end = Clock::now();
      // The next call first: in-flight never drops to zero while running, so
      // Take() returns only after the last callback is done with `next`.
      next(slot);
      rec.Finish(start, end, o);
    });
  };
  for (int i = 0; i < in_flight; ++i) makers.push_back(std::make_unique<ParamMaker>(pools, seed + i));
  for (int i = 0; i < in_flight; ++i) next(i);
  std::this_thread::sleep_for(std::chrono::duration<double>(c.warmup));
  rec.SetMeasuring(true);
  Clock::time_point start = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(c.seconds));
  rec.SetMeasuring(false);
  double elapsed = SecondsSince(start);
  stop = true;
  return rec.Take(elapsed);
}

// Poisson arrivals at `rate`, at most `max_in_flight` outstanding.
LoadResult OpenLoop(const Config& c, std::vector<std::unique_ptr<v1::QueryService::Stub>>& stubs,
                    const Pools& pools, const std::string& query, double rate, int max_in_flight,
                    uint64_t seed) {
  Recorder rec;
  ParamMaker maker(pools, seed);
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> gap(rate);
  const Clock::time_point begin = Clock::now();
  const double total = c.warmup + c.seconds;
  double t = 0;
  bool measuring = false;
  for (int64_t i = 0; (t += gap(rng)) < total; ++i) {
    Clock::time_point scheduled =
        begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(t));
    std::this_thread::sleep_until(scheduled);
    rec.WaitBelow(max_in_flight);
    if (!measuring && t >= c.warmup) rec.SetMeasuring(measuring = true);
    Params p = maker.Next(query);
    rec.Started();
    Issue(stubs[i % stubs.size()].get(), query, p,
          [&rec, scheduled](const Outcome& o) { rec.Finish(scheduled, Clock::now(), o); });
  }
  LoadResult r = rec.Take(c.seconds);
  return r;
}

// ---- SQL ceiling -----------------------------------------------------------------

// The row loads of store/sqlite_reader.cc, per query, in order.
std::vector<const char*> LoadSql(const std::string& query) {
  if (query == "calls") {
    return {"SELECT date, medium FROM calls WHERE id = ?",
            "SELECT ref, name, kind, country, office FROM call_participants WHERE call_id = ? "
            "ORDER BY position",
            "SELECT topic FROM call_topics WHERE call_id = ? ORDER BY position",
            "SELECT article_id, span_begin, span_end, evidence FROM call_mentions WHERE call_id = ? "
            "ORDER BY id"};
  }
  if (query == "sanctions") {
    return {"SELECT article_id, date, imposer_ref, imposer_name, imposer_kind, "
            "imposer_country, imposer_office, target_ref, target_name, target_kind, "
            "target_country, target_office, measure, status, span_begin, span_end, evidence "
            "FROM sanctions WHERE id = ?",
            "SELECT item FROM sanction_items WHERE sanction_id = ? ORDER BY position"};
  }
  return {"SELECT article_id, date, speaker_ref, speaker_name, speaker_kind, "
          "speaker_country, speaker_office, text, direct, span_begin, span_end, evidence "
          "FROM quotes WHERE id = ?"};
}

const char* kMeasureNames[] = {"", "export_ban", "import_ban", "asset_freeze", "travel_ban",
                               "blacklist", "arms_embargo", "supply_cap", "labor_ban",
                               "investment_ban", "financial", "tariff", "export_control", "other"};

// The store's SQL for `query` with `p`, page of 50 (LIMIT 51, as the store asks);
// `lookup` resolves the name filter, as the store does on its read transaction.
store::sqlite::IdQuery StoreSql(const std::string& query, const Params& p,
                                const store::sqlite::Lookup& lookup) {
  absl::StatusOr<store::sqlite::IdQuery> q;
  if (query == "calls") {
    store::CallFilter f;
    f.participant = p.name;
    f.dates.start = p.from;
    f.dates.end = p.to;
    q = store::sqlite::CallsQuery(f, {}, 51, lookup);
  } else if (query == "sanctions") {
    store::SanctionFilter f;
    f.target = p.name;
    extract::Measure m;
    extract::ParseMeasure(kMeasureNames[p.measure], &m);
    f.measure = m;
    q = store::sqlite::SanctionsQuery(f, {}, 51, lookup);
  } else {
    store::QuoteFilter f;
    f.text_query = p.name;
    q = store::sqlite::QuotesQuery(f, {}, 51, lookup);
  }
  if (!q.ok()) {
    std::fprintf(stderr, "query_bench: %s\n", q.status().ToString().c_str());
    std::exit(1);
  }
  return *std::move(q);
}

// One thread's connection with every statement prepared once.
class SqlRunner {
 public:
  explicit SqlRunner(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      Die("open");
    }
    sqlite3_busy_timeout(db_, 5000);
    // As the store's read connections (store/connection_pool.cc).
    sqlite3_exec(db_, "PRAGMA mmap_size = 2147418112", nullptr, nullptr, nullptr);
    begin_ = Prepare("BEGIN");
    commit_ = Prepare("COMMIT");
  }
  ~SqlRunner() {
    for (auto& [sql, st] : cache_) sqlite3_finalize(st);
    sqlite3_close(db_);
  }
  // Runs one page: the id query, then the loads per id. Returns the ids.
  int Page(const std::string& query, const Params& p) {
    Step(begin_);
    store::sqlite::IdQuery q = StoreSql(query, p, Lookup());
    sqlite3_stmt* ids = Prepare(q.sql);
    int i = 1;
    for (const auto& arg : q.args) {
      if (const int64_t* v = std::get_if<int64_t>(&arg)) {
        sqlite3_bind_int64(ids, i++, *v);
      } else {
        const std::string& s = std::get<std::string>(arg);
        sqlite3_bind_text(ids, i++, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      }
    }
    std::vector<int64_t> got;
    while (sqlite3_step(ids) == SQLITE_ROW) got.push_back(sqlite3_column_int64(ids, 0));
    sqlite3_reset(ids);
    if (got.size() > 50) got.resize(50);
    for (int64_t id : got) {
      for (const char* sql : LoadSql(query)) {
        sqlite3_stmt* st = Prepare(sql);
        sqlite3_bind_int64(st, 1, id);
        while (sqlite3_step(st) == SQLITE_ROW) Touch(st);
        sqlite3_reset(st);
      }
    }
    Step(commit_);
    return static_cast<int>(got.size());
  }
  // The store's name lookups on this connection's prepared statements.
  store::sqlite::Lookup Lookup() {
    return store::sqlite::Lookup([this](absl::string_view sql, const std::vector<std::string>& args)
                                     -> absl::StatusOr<std::vector<std::string>> {
      sqlite3_stmt* st = Prepare(std::string(sql));
      for (size_t i = 0; i < args.size(); ++i) {
        sqlite3_bind_text(st, static_cast<int>(i + 1), args[i].data(),
                          static_cast<int>(args[i].size()), SQLITE_TRANSIENT);
      }
      std::vector<std::string> out;
      while (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char* text = sqlite3_column_text(st, 0);
        out.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "");
      }
      sqlite3_reset(st);
      return out;
    });
  }
  std::string Plan(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db_, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &st, nullptr) ==
        SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW) {
        absl::StrAppend(&out, out.empty() ? "" : " | ",
                        reinterpret_cast<const char*>(sqlite3_column_text(st, 3)));
      }
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  [[noreturn]] void Die(const char* what) {
    std::fprintf(stderr, "query_bench: sqlite %s: %s\n", what, sqlite3_errmsg(db_));
    std::exit(1);
  }
  sqlite3_stmt* Prepare(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) !=
        SQLITE_OK) {
      Die("prepare");
    }
    cache_[sql] = st;
    return st;
  }
  void Step(sqlite3_stmt* st) {
    if (sqlite3_step(st) != SQLITE_DONE) Die("step");
    sqlite3_reset(st);
  }
  // Reads every column, as the store's loaders do.
  static void Touch(sqlite3_stmt* st) {
    for (int i = 0, n = sqlite3_column_count(st); i < n; ++i) {
      if (sqlite3_column_type(st, i) == SQLITE_TEXT) sqlite3_column_text(st, i);
    }
  }
  sqlite3* db_ = nullptr;
  sqlite3_stmt *begin_ = nullptr, *commit_ = nullptr;
  std::map<std::string, sqlite3_stmt*> cache_;
};

// Pages per second of the raw SQL on `threads` threads. With `latencies`
// (one thread only) each page's time is added to it: the SQL's own latency,
// which no service running it can beat.
double SqlCeilingRun(const Config& c, const Pools& pools, const std::string& query, int threads,
                     uint64_t seed, Latencies* latencies = nullptr) {
  std::atomic<int64_t> total{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      SqlRunner runner(c.db);
      ParamMaker maker(pools, seed + t);
      for (int i = 0; i < 20; ++i) runner.Page(query, maker.Next(query));  // Warm statements.
      int64_t n = 0;
      Clock::time_point start = Clock::now();
      while (SecondsSince(start) < c.seconds) {
        Params params = maker.Next(query);
        Clock::time_point page_start = Clock::now();
        runner.Page(query, params);
        if (latencies != nullptr) latencies->Add(1e6 * SecondsSince(page_start));
        ++n;
      }
      total += n;
    });
  }
  for (auto& w : workers) w.join();
  return total / c.seconds;
}

// ---- Main ------------------------------------------------------------------

std::shared_ptr<grpc::Channel> Connect(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetMaxReceiveMessageSize(64 << 20);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

struct QueryFigures {
  std::map<int, double> qps;           // by in_flight
  std::map<int, double> p99;           // by in_flight
  double open_p99 = 0, open_rate = 0;
  std::map<int, double> sql_ceiling;   // by in_flight
  double sql_p50_us = 0;               // one page of the SQL alone, 1 thread
};

QueryFigures MeasureQuery(const Config& c, const std::string& address, const Pools& pools,
                          const std::string& query) {
  QueryFigures f;
  const int cpus = ceilings::ReadMachineInfo().nproc;
  for (int n : c.in_flight) {
    std::vector<std::unique_ptr<v1::QueryService::Stub>> stubs;
    for (int i = 0; i < std::min(n, 4); ++i) stubs.push_back(v1::QueryService::NewStub(Connect(address)));
    std::vector<double> qps, p50, p99, p999, full, bytes;
    for (int r = 0; r < c.runs; ++r) {
      LoadResult lr = ClosedLoop(c, stubs, pools, query, n, 1000 * r + 17);
      qps.push_back(lr.qps);
      p50.push_back(lr.latencies.Percentile(0.5));
      p99.push_back(lr.latencies.Percentile(0.99));
      p999.push_back(lr.latencies.Percentile(0.999));
      full.push_back(lr.calls ? 100.0 * lr.full_pages / lr.calls : 0);
      bytes.push_back(lr.mean_bytes);
    }
    std::string name = absl::StrCat("query ", query, ", ", c.store_label, ", ", n, " in flight");
    PrintRow(name, "throughput", qps, "queries/s");
    PrintRow(name, "p50", p50, "us");
    PrintRow(name, "p99", p99, "us");
    PrintRow(name, "p999", p999, "us");
    PrintRow(name, "full pages", full, "%");
    PrintRow(name, "resp size", bytes, "bytes");
    f.qps[n] = ceilings::Median(qps);
    f.p99[n] = ceilings::Median(p99);
    if (c.sqlite && !c.skip_ceiling) {
      int threads = n == 1 ? 1 : cpus;
      const bool timed = threads == 1;  // Page times only from one thread.
      std::vector<double> ceiling, p50, p99, p999;
      for (int r = 0; r < c.runs; ++r) {
        Latencies page_times;
        ceiling.push_back(SqlCeilingRun(c, pools, query, threads, 1000 * r + 17,
                                        timed ? &page_times : nullptr));
        if (!timed) continue;
        p50.push_back(page_times.Percentile(0.5));
        p99.push_back(page_times.Percentile(0.99));
        p999.push_back(page_times.Percentile(0.999));
      }
      std::string name =
          absl::StrCat("sql ceiling ", query, ", ", c.store_label, ", ", threads, " thr");
      PrintRow(name, "throughput", ceiling, "queries/s");
      if (timed) {
        PrintRow(name, "p50", p50, "us");
        PrintRow(name, "p99", p99, "us");
        PrintRow(name, "p999", p999, "us");
      }
      f.sql_ceiling[n] = ceilings::Median(ceiling);
      if (timed) f.sql_p50_us = ceilings::Median(p50);
    }
  }
  const int top = c.in_flight.back();
  if (c.open_fraction > 0 && f.qps[top] > 0) {
    std::vector<std::unique_ptr<v1::QueryService::Stub>> stubs;
    for (int i = 0; i < std::min(top, 4); ++i) stubs.push_back(v1::QueryService::NewStub(Connect(address)));
    f.open_rate = c.open_fraction * f.qps[top];
    std::vector<double> p50, p99, p999;
    for (int r = 0; r < c.runs; ++r) {
      LoadResult lr = OpenLoop(c, stubs, pools, query, f.open_rate, top, 1000 * r + 29);
      p50.push_back(lr.latencies.Percentile(0.5));
      p99.push_back(lr.latencies.Percentile(0.99));
      p999.push_back(lr.latencies.Percentile(0.999));
    }
    std::string name = absl::StrCat("query ", query, ", ", c.store_label, ", open ",
                                    static_cast<int>(f.open_rate), "/s <=", top);
    PrintRow(name, "p50", p50, "us");
    PrintRow(name, "p99", p99, "us");
    PrintRow(name, "p999", p999, "us");
    f.open_p99 = ceilings::Median(p99);
  }
  return f;
}

void PrintPlans(const Config& c, const Pools& pools) {
  SqlRunner runner(c.db);
  ParamMaker maker(pools, 1);
  for (const std::string& q : c.queries) {
    std::string sql = StoreSql(q, maker.Next(q), runner.Lookup()).sql;
    std::printf("# plan %s: %s\n", q.c_str(), runner.Plan(sql).c_str());
  }
}

int Main(int argc, char** argv) {
  // The SQL ceiling opens SQLite directly: set up as the store's connections are.
  store::sqlite::TurnOffProcessWideMemoryStatistics();
  Config c;
  CLI::App app{"query_bench: queries through parley-query beside SQL and gRPC ceilings"};
  app.add_option("--db", c.db, "populated store: SQLite file or postgresql:// URI")->required();
  app.add_option("--store_label", c.store_label, "store size in row names")->capture_default_str();
  app.add_option("--query_bin", c.query_bin, "the parley-query binary")->capture_default_str();
  app.add_option("--ceilings_dir", c.ceilings_dir, "where grpc_echo_ceiling is")->capture_default_str();
  app.add_option("--corpus", c.corpus_dir, "dev corpus (search words)")->capture_default_str();
  app.add_option("--work_dir", c.work_dir, "logs")->capture_default_str();
  app.add_option("--runs", c.runs, "runs per point")->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--seconds", c.seconds, "measured seconds per run")->capture_default_str();
  app.add_option("--warmup", c.warmup, "unmeasured seconds first")->capture_default_str();
  app.add_option("--in_flight", c.in_flight, "closed-loop concurrency, one point each")->delimiter(',');
  app.add_option("--open_fraction", c.open_fraction,
                 "open-loop rate as a fraction of the last --in_flight QPS (0: no open loop)")
      ->capture_default_str();
  app.add_option("--queries", c.queries, "calls, sanctions, quotes")->delimiter(',');
  app.add_flag("--skip_ceiling", c.skip_ceiling, "no SQL or gRPC ceilings");
  CLI11_PARSE(app, argc, argv);
  c.sqlite = c.db.find("://") == std::string::npos;

  auto kb = actors::KnowledgeBase::LoadEmbedded();
  if (!kb.ok()) return std::fprintf(stderr, "%s\n", kb.status().ToString().c_str()), 1;
  Pools pools = MakePools(**kb, c.corpus_dir);
  ceilings::PrintMachineInfo({LoadAverage(), "query_bench: " + c.query_bin + " --db " + c.db,
                              absl::StrCat("runs=", c.runs, " seconds=", c.seconds)});
  if (c.sqlite) PrintPlans(c, pools);
  if (absl::Status locked = LockWorkDir(c.work_dir); !locked.ok()) {
    std::fprintf(stderr, "query_bench: %s\n", std::string(locked.message()).c_str());
    return 1;
  }
  auto server = ServerProcess::Start(
      c.query_bin, {"--listen", "127.0.0.1:0", "--db", c.db}, "parley-query",
      (std::filesystem::path(c.work_dir) / "parley-query.log").string());
  if (!server.ok()) return std::fprintf(stderr, "%s\n", server.status().ToString().c_str()), 1;
  std::map<std::string, QueryFigures> figures;
  for (const std::string& q : c.queries) figures[q] = MeasureQuery(c, server->address(), pools, q);
  server->Stop();

  std::map<std::string, double> grpc;
  if (!c.skip_ceiling) {
    auto got = RunCeiling(absl::StrCat(c.ceilings_dir, "/grpc_echo_ceiling --runs ", c.runs,
                                       " --seconds ", c.seconds, " --in_flight ",
                                       absl::StrJoin(c.in_flight, " ")));
    if (got.ok()) grpc = *got;
  }
  // The open loop's ceilings: the echo driven the same way at the same
  // rate, empty and with a handler busy for the SQL's own page time (a
  // service doing nothing but its SQL).
  std::map<std::string, std::pair<double, double>> open_ceiling;  // p99 us: empty, busy
  if (!c.skip_ceiling) {
    const int top = c.in_flight.back();
    for (const std::string& q : c.queries) {
      const QueryFigures& f = figures[q];
      if (f.open_rate <= 0) continue;
      const int rate = static_cast<int>(f.open_rate);
      auto echo = [&](int handler_us) {
        auto got = RunCeiling(absl::StrCat(
            c.ceilings_dir, "/grpc_echo_ceiling --runs ", c.runs, " --seconds ", c.seconds,
            " --open_rate ", rate, " --open_max_in_flight ", top, " --handler_us ", handler_us));
        std::string size = handler_us > 0 ? absl::StrCat("4 KB (handler ", handler_us, " us)")
                                          : std::string("4 KB");
        return got.ok() ? (*got)[absl::StrCat("grpc unary echo ", size, ", open ", rate,
                                              "/s <=", top, "/p99")]
                        : 0.0;
      };
      open_ceiling[q] = {echo(0), f.sql_p50_us > 0 ? echo(static_cast<int>(f.sql_p50_us)) : 0};
    }
  }
  PrintVerdictHeader();
  for (const std::string& q : c.queries) {
    QueryFigures& f = figures[q];
    for (int n : c.in_flight) {
      double g = grpc[absl::StrCat("grpc unary echo 4 KB, ", n, " in flight/throughput")];
      double s = f.sql_ceiling.count(n) ? f.sql_ceiling[n] : 0;
      double limit = s > 0 && g > 0 ? std::min(s, g) : std::max(s, g);
      PrintVerdict(absl::StrCat(q, ", ", c.store_label, ", ", n, " in flight vs min(sql, grpc)"),
                   f.qps[n], limit, 0.5, "queries/s");
    }
    if (f.open_rate > 0) {
      const auto [empty, busy] = open_ceiling[q];
      PrintLatencyVerdict(absl::StrCat(q, ", ", c.store_label, ", open loop ",
                                       static_cast<int>(f.open_rate), "/s p99 vs echo"),
                          f.open_p99, 1000, empty);
      if (busy > 0) {
        PrintLatencyVerdict(absl::StrCat(q, ", open loop p99 vs echo busy ",
                                         static_cast<int>(f.sql_p50_us), " us (the SQL)"),
                            f.open_p99, 1000, busy);
      }
    }
  }
  std::printf("# %s\n", LoadAverage().c_str());
  return 0;
}

}  // namespace
}  // namespace parley::bench

int main(int argc, char** argv) { return parley::bench::Main(argc, argv); }
