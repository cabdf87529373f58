#include "child_process.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "gtest/gtest.h"

extern char** environ;

namespace parley::testing {
namespace {

std::string LastLines(const std::string& text, int n) {
  size_t at = text.size();
  while (n-- > 0 && at > 0) {
    size_t nl = text.rfind('\n', at - 1);
    if (nl == std::string::npos) return text;
    at = nl;
  }
  return text.substr(at);
}

// "NAME=value" for the test's environment with `overrides` put over it.
std::vector<std::string> Environment(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::vector<std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string var = *entry;
    bool overridden = false;
    for (const auto& [name, value] : overrides) {
      overridden = overridden || var.compare(0, name.size() + 1, name + "=") == 0;
    }
    if (!overridden) out.push_back(std::move(var));
  }
  for (const auto& [name, value] : overrides) out.push_back(name + "=" + value);
  return out;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

ChildProcess::ChildProcess(Options options) : options_(std::move(options)) {
  std::vector<std::string> args = options_.argv;
  std::vector<std::string> env = Environment(options_.env);
  std::vector<char*> argv = Pointers(args), envp = Pointers(env);
  const rlim_t limit = options_.address_space_limit;
  int log = open(options_.log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  pid_ = fork();
  if (pid_ == 0) {
    if (log >= 0) {
      dup2(log, STDOUT_FILENO);
      dup2(log, STDERR_FILENO);
    }
    if (limit > 0) {
      struct rlimit rl = {limit, limit};
      setrlimit(RLIMIT_AS, &rl);
    }
    if (!argv.empty() && argv[0] != nullptr) execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  if (log >= 0) close(log);
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !reaped_) {
    Signal(options_.stop_signal);
    if (options_.stop_signal != SIGKILL) {
      for (int i = 0; i < 100 && !exited(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      if (!exited()) Signal(SIGKILL);
    }
    Wait();
  }
  if (::testing::Test::HasFailure()) {
    std::cerr << "---- last lines of " << options_.log_path << "\n"
              << LastLines(Log(), 80) << "----\n";
  }
}

std::string ChildProcess::WaitForAddress(std::chrono::milliseconds wait) {
  const std::string key = "address=127.0.0.1:";
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < deadline) {
    std::string log = Log();
    size_t at = log.find(key);
    if (at != std::string::npos) {
      size_t begin = at + key.size(), end = begin;
      while (end < log.size() && isdigit(static_cast<unsigned char>(log[end]))) ++end;
      // The line must be whole: a port still being written is cut short.
      if (end > begin && end < log.size()) return "127.0.0.1:" + log.substr(begin, end - begin);
    }
    if (exited()) return "";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return "";
}

void ChildProcess::Signal(int sig) {
  if (pid_ > 0 && !reaped_) kill(pid_, sig);
}

int ChildProcess::Wait() {
  if (pid_ > 0 && !reaped_) {
    waitpid(pid_, &status_, 0);
    reaped_ = true;
  }
  return status_;
}

int ChildProcess::Stop() {
  Signal(SIGTERM);
  return Wait();
}

bool ChildProcess::exited() {
  if (pid_ <= 0 || reaped_) return true;
  if (waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true;
  return reaped_;
}

std::string ChildProcess::Log() const {
  std::ifstream in(options_.log_path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace parley::testing
