#include "bench_util.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace parley::bench {
namespace fs = std::filesystem;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The address in "listening server=NAME address=HOST:PORT", or "".
std::string ListeningAddress(const std::string& log, const std::string& name) {
  const std::string marker = absl::StrCat("listening server=", name, " address=");
  size_t at = log.find(marker);
  if (at == std::string::npos) return "";
  size_t begin = at + marker.size();
  size_t end = log.find_first_of(" \r\n", begin);
  if (end == std::string::npos) return "";  // Line not complete yet.
  return log.substr(begin, end - begin);
}

bool Exited(pid_t pid) {
  int status;
  return waitpid(pid, &status, WNOHANG) == pid;
}

}  // namespace

absl::StatusOr<ServerProcess> ServerProcess::Start(const std::string& binary,
                                                   const std::vector<std::string>& args,
                                                   const std::string& name,
                                                   const std::string& log_path) {
  // argv is built before fork(): the child of a process with threads may
  // only make async-signal-safe calls (no malloc) until it execs.
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return absl::InternalError(absl::StrCat("cannot create log ", log_path));
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    dup2(fd, 1);
    dup2(fd, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fd);
  ServerProcess p;
  p.pid_ = pid;
  p.log_path_ = log_path;
  const Clock::time_point start = Clock::now();
  while (SecondsSince(start) < 60) {
    p.address_ = ListeningAddress(ReadFile(log_path), name);
    if (!p.address_.empty()) return p;
    if (Exited(pid)) {
      p.pid_ = -1;
      return absl::FailedPreconditionError(
          absl::StrCat(binary, " exited before listening; log ", log_path, ":\n",
                       ReadFile(log_path)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return absl::DeadlineExceededError(absl::StrCat(binary, " did not listen within 60 s"));
}

ServerProcess::ServerProcess(ServerProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      address_(std::move(other.address_)),
      log_path_(std::move(other.log_path_)) {}

ServerProcess& ServerProcess::operator=(ServerProcess&& other) noexcept {
  if (this != &other) {
    Kill();
    pid_ = std::exchange(other.pid_, -1);
    address_ = std::move(other.address_);
    log_path_ = std::move(other.log_path_);
  }
  return *this;
}

ServerProcess::~ServerProcess() { Kill(); }

std::string ServerProcess::Stop(double timeout_s) {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    const Clock::time_point start = Clock::now();
    while (!Exited(pid_)) {
      if (SecondsSince(start) > timeout_s) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
  }
  return Log();
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::string ServerProcess::Log() const { return ReadFile(log_path_); }

std::optional<int64_t> LastLogValue(const std::string& log, const std::string& key) {
  const std::string marker = key + "=";
  size_t at = log.rfind(marker);
  if (at == std::string::npos) return std::nullopt;
  size_t begin = at + marker.size();
  size_t end = log.find_first_not_of("0123456789-", begin);
  int64_t value;
  if (!absl::SimpleAtoi(log.substr(begin, end - begin), &value)) return std::nullopt;
  return value;
}

void Latencies::Append(const Latencies& other) {
  values_.insert(values_.end(), other.values_.begin(), other.values_.end());
}

double Latencies::Percentile(double p) {
  if (values_.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p * values_.size()));
  size_t index = rank == 0 ? 0 : std::min(rank - 1, values_.size() - 1);
  std::nth_element(values_.begin(), values_.begin() + index, values_.end());
  return values_[index];
}

absl::StatusOr<std::vector<CorpusArticle>> LoadCorpus(const std::string& dir) {
  std::vector<fs::path> texts;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".txt") texts.push_back(entry.path());
  }
  if (ec || texts.empty()) {
    return absl::NotFoundError(absl::StrCat("corpus: no .txt files in ", dir));
  }
  std::sort(texts.begin(), texts.end());
  std::vector<CorpusArticle> out;
  for (const fs::path& path : texts) {
    CorpusArticle a;
    a.text = ReadFile(path.string());
    fs::path meta = path;
    meta.replace_extension(".meta.json");
    if (fs::exists(meta)) {
      nlohmann::json j = nlohmann::json::parse(ReadFile(meta.string()), nullptr, false);
      if (j.is_object()) {
        a.source = j.value("source", "");
        absl::CivilDay day;
        if (absl::ParseCivilTime(j.value("published", ""), &day)) a.published = day;
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

std::string UniqueText(const CorpusArticle& a, const std::string& run, int64_t n) {
  return absl::StrCat(a.text, "\n\n(bench copy ", run, "-", n, ")\n");
}

absl::StatusOr<std::map<std::string, double>> RunCeiling(const std::string& command) {
  std::fflush(stdout);
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return absl::InternalError(absl::StrCat("cannot run ", command));
  std::map<std::string, double> medians;
  char line[1024];
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    std::string s(line);
    if (!absl::StartsWith(s, "| ") || absl::StartsWith(s, "| benchmark")) continue;
    std::printf("ceiling %s", s.c_str());
    std::vector<std::string> cells = absl::StrSplit(s, '|');
    if (cells.size() < 5) continue;
    double median;
    if (!absl::SimpleAtod(absl::StripAsciiWhitespace(cells[3]), &median)) continue;
    medians[absl::StrCat(absl::StripAsciiWhitespace(cells[1]), "/",
                         absl::StripAsciiWhitespace(cells[2]))] = median;
  }
  int rc = pclose(pipe);
  std::fflush(stdout);
  if (rc != 0 || medians.empty()) {
    return absl::InternalError(absl::StrCat("ceiling command failed (", rc, "): ", command));
  }
  return medians;
}

void PrintVerdictHeader() {
  std::printf("\n| %-58s | %12s | %12s | %7s | %8s | %-4s |\n", "figure", "value", "ceiling",
              "ratio", "goal", "met");
}

void PrintVerdict(const std::string& figure, double value, double ceiling, double goal_ratio,
                  const std::string& unit) {
  if (ceiling <= 0) {  // No ceiling measured for this one (e.g. PostgreSQL).
    std::printf("| %-58s | %12.1f | %12s | %7s | %8s | %-4s |\n", (figure + " (" + unit + ")").c_str(),
                value, "-", "-", "-", "-");
    std::fflush(stdout);
    return;
  }
  double ratio = ceiling > 0 ? value / ceiling : 0;
  std::printf("| %-58s | %12.1f | %12.1f | %6.0f%% | >= %3.0f%% | %-4s |\n",
              (figure + " (" + unit + ")").c_str(), value, ceiling, 100 * ratio,
              100 * goal_ratio, ratio >= goal_ratio ? "yes" : "NO");
  std::fflush(stdout);
}

void PrintLatencyVerdict(const std::string& figure, double value_us, double goal_us,
                         double ceiling_us) {
  if (ceiling_us <= 0) {
    std::printf("| %-58s | %12.1f | %12s | %7s | <= %5.0f | %-4s |\n", (figure + " (us)").c_str(),
                value_us, "-", "-", goal_us, value_us <= goal_us ? "yes" : "NO");
  } else {  // The ratio: how many times the ceiling's latency the figure is.
    std::printf("| %-58s | %12.1f | %12.1f | %6.1fx | <= %5.0f | %-4s |\n",
                (figure + " (us)").c_str(), value_us, ceiling_us, value_us / ceiling_us, goal_us,
                value_us <= goal_us ? "yes" : "NO");
  }
  std::fflush(stdout);
}

std::string LoadAverage() {
  std::string s = ReadFile("/proc/loadavg");
  std::vector<std::string> parts = absl::StrSplit(s, ' ');
  if (parts.size() < 3) return "loadavg: unknown";
  return absl::StrCat("loadavg: ", parts[0], " ", parts[1], " ", parts[2]);
}

absl::Status LockWorkDir(const std::string& dir) {
  std::filesystem::create_directories(dir);
  const std::string path = (std::filesystem::path(dir) / ".lock").string();
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return absl::UnavailableError(absl::StrCat("cannot open ", path));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return absl::FailedPreconditionError(
        absl::StrCat("another benchmark is using ", dir, " (", path,
                     " is locked); wait for it or pass a different --work_dir"));
  }
  return absl::OkStatus();  // fd stays open: the lock lasts until exit.
}

}  // namespace parley::bench
