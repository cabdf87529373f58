// Shared parts of the service benchmarks (ingest_bench, query_bench,
// populate_store): starting the real service binaries, latency statistics,
// the benchmark articles, and running a ceiling binary to read its medians.
//
// Every benchmark prints the machine ("# key: value" lines), one table row
// per measured point ("| benchmark | metric | median | min | max | unit |",
// the ceilings' format) and a verdict table
// ("| figure | value | ceiling | ratio | goal | met |").
#ifndef PARLEY_BENCH_SERVICE_BENCH_BENCH_UTIL_H_
#define PARLEY_BENCH_SERVICE_BENCH_BENCH_UTIL_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace parley::bench {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start);

// One of the service binaries running as a child process, its stdout and
// stderr in `log_path`. Start() returns once the log says it listens.
class ServerProcess {
 public:
  // `name` is the server name in the "listening server=NAME address=" line.
  static absl::StatusOr<ServerProcess> Start(const std::string& binary,
                                             const std::vector<std::string>& args,
                                             const std::string& name,
                                             const std::string& log_path);
  ServerProcess(ServerProcess&& other) noexcept;
  ServerProcess& operator=(ServerProcess&& other) noexcept;
  ~ServerProcess();  // SIGKILLs a child still running.

  const std::string& address() const { return address_; }
  pid_t pid() const { return pid_; }
  // SIGTERM and wait (graceful drain); SIGKILL after `timeout_s`. Returns
  // the log text.
  std::string Stop(double timeout_s = 60);
  // SIGKILL and wait: the crash a durability check needs.
  void Kill();
  std::string Log() const;

 private:
  ServerProcess() = default;
  pid_t pid_ = -1;
  std::string address_, log_path_;
};

// The value of "key=" in the last log line that has it, or nullopt.
std::optional<int64_t> LastLogValue(const std::string& log, const std::string& key);

// Latencies in microseconds; percentiles by nearest rank.
class Latencies {
 public:
  void Add(double us) { values_.push_back(us); }
  void Append(const Latencies& other);
  size_t size() const { return values_.size(); }
  double Percentile(double p);  // 0..1; 0 when empty.

 private:
  std::vector<double> values_;
};

// The benchmark's articles: the dev corpus texts (with metadata), each made
// unique by a numbered last line, so none is a duplicate of another or of an
// earlier run's ("run" tags the run).
struct CorpusArticle {
  std::string text, source;
  std::optional<absl::CivilDay> published;
};
absl::StatusOr<std::vector<CorpusArticle>> LoadCorpus(const std::string& dir);

// Takes `dir`'s lock file for this process's lifetime (flock, released on
// exit): two benchmarks sharing a work directory would delete each other's
// run stores mid-run. FAILED_PRECONDITION when another process holds it.
absl::Status LockWorkDir(const std::string& dir);
std::string UniqueText(const CorpusArticle& a, const std::string& run, int64_t n);

// Runs `command` (a shell command line) and returns the medians of its
// table rows: "benchmark/metric" -> median. Rows are echoed to stdout with
// the prefix "ceiling " so the log keeps them.
absl::StatusOr<std::map<std::string, double>> RunCeiling(const std::string& command);

// "| figure | value | ceiling | ratio | goal | met |" rows. A latency's goal
// is a maximum; its ratio, when a ceiling latency is given (> 0), is the
// figure over the ceiling.
void PrintVerdictHeader();
void PrintVerdict(const std::string& figure, double value, double ceiling, double goal_ratio,
                  const std::string& unit);
void PrintLatencyVerdict(const std::string& figure, double value_us, double goal_us,
                         double ceiling_us = 0);

// "# loadavg: ..." for the machine lines.
std::string LoadAverage();

}  // namespace parley::bench

#endif  // PARLEY_BENCH_SERVICE_BENCH_BENCH_UTIL_H_
