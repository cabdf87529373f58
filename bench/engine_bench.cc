// engine_bench [CORPUS_DIR] [MIN_MB]: extraction throughput.
//
// Loads the corpus's *.txt (default: ../shared/eval/dev), repeats it until it
// holds at least MIN_MB (default 50) megabytes, and times Extract() over all
// of it single-threaded and with two threads sharing one Extractor. Prints
// articles/s, MB/s (and per core) as the median of five runs, peak RSS, and
// the machine. The goal is >= 25 MB/s per core. It also prints the MB/s per
// CPU-second the extraction used (user + system time): on a shared machine
// wall time includes waiting for a core, CPU time does not.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "parley/actors/knowledge_base.h"
#include "parley/extract/extractor.h"

namespace {

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto p = line.find(':');
      return p == std::string::npos ? line : line.substr(p + 2);
    }
  }
  return "unknown";
}

double CpuSeconds() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return secs(ru.ru_utime) + secs(ru.ru_stime);
}

struct Timing {
  double wall = 0;
  double cpu = 0;
};

Timing RunOnce(const parley::extract::Extractor& ex, const std::vector<std::string>& docs, int threads) {
  std::atomic<size_t> next{0};
  std::atomic<size_t> events{0};
  auto worker = [&]() {
    parley::extract::ArticleMeta meta;
    size_t n = 0;
    for (size_t i = next++; i < docs.size(); i = next++) {
      auto x = ex.Extract(docs[i], meta);
      if (x.ok()) n += x->calls.size() + x->quotes.size() + x->sanctions.size();
    }
    events += n;
  };
  const double cpu0 = CpuSeconds();
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  auto t1 = std::chrono::steady_clock::now();
  if (events.load() == 0) std::fprintf(stderr, "warning: no events extracted\n");
  return {std::chrono::duration<double>(t1 - t0).count(), CpuSeconds() - cpu0};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"engine_bench: extraction throughput over a corpus of *.txt articles"};
  std::string dir = PARLEY_DEV_CORPUS;
  double min_mb = 50.0;
  app.add_option("corpus", dir, "directory of *.txt articles")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();
  app.add_option("min_mb", min_mb, "repeat the corpus to at least this many MB")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  std::vector<std::string> base;
  std::error_code error;
  for (const auto& e : std::filesystem::directory_iterator(dir, error)) {
    if (e.path().extension() != ".txt") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    base.push_back(ss.str());
  }
  if (error || base.empty()) {
    std::fprintf(stderr, "engine_bench: no *.txt in %s %s\n", dir.c_str(), error.message().c_str());
    return 1;
  }
  std::vector<std::string> docs;
  size_t bytes = 0;
  while (bytes < min_mb * 1e6) {
    for (const auto& d : base) {
      docs.push_back(d);
      bytes += d.size();
    }
  }
  auto kb = parley::actors::KnowledgeBase::LoadEmbedded();
  if (!kb.ok()) {
    std::fprintf(stderr, "engine_bench: %s\n", std::string(kb.status().message()).c_str());
    return 1;
  }
  auto ex = parley::extract::Extractor::Create(kb->get());
  if (!ex.ok()) {
    std::fprintf(stderr, "engine_bench: %s\n", std::string(ex.status().message()).c_str());
    return 1;
  }
  std::printf("machine: %u hardware threads, %s\n", std::thread::hardware_concurrency(), CpuModel().c_str());
  std::printf("corpus: %zu articles (%zu distinct), %.1f MB\n", docs.size(), base.size(), bytes / 1e6);
  for (int threads : {1, 2}) {
    std::vector<double> secs, cpus;
    for (int r = 0; r < 5; ++r) {
      Timing t = RunOnce(**ex, docs, threads);
      secs.push_back(t.wall);
      cpus.push_back(t.cpu);
    }
    std::sort(secs.begin(), secs.end());
    std::sort(cpus.begin(), cpus.end());
    double s = secs[2];
    double mbps = bytes / 1e6 / s;
    std::printf("threads=%d: median %.3f s, %.0f articles/s, %.1f MB/s (%.1f MB/s per thread); "
                "%.1f MB per CPU-second\n",
                threads, s, docs.size() / s, mbps, mbps / threads, bytes / 1e6 / cpus[2]);
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  std::printf("peak RSS: %.1f MB\n", ru.ru_maxrss / 1024.0);
  return 0;
}
