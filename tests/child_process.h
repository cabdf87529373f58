// A binary run as a child process, for the tests that need a real process:
// kill -9 and restarts, SIGTERM draining, flags and environment variables
// read at start-up, resource limits. Its stdout and stderr go to a log file.
//
// The test process has gRPC and store threads running when it forks, and
// between fork() and exec() the child of a multithreaded process may make
// only async-signal-safe calls (no malloc: another thread may have held its
// lock at the fork). Everything the child needs is therefore built before
// fork(); the child only redirects its output, sets the limit and execs.
#ifndef PARLEY_TESTS_CHILD_PROCESS_H_
#define PARLEY_TESTS_CHILD_PROCESS_H_

#include <sys/resource.h>
#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <string>
#include <utility>
#include <vector>

namespace parley::testing {

class ChildProcess {
 public:
  struct Options {
    // argv[0] is the binary's path.
    std::vector<std::string> argv;
    // Created or truncated; stdout and stderr both go there.
    std::string log_path;
    // Set in the child's environment, over the test's own.
    std::vector<std::pair<std::string, std::string>> env;
    // RLIMIT_AS of the child when > 0.
    rlim_t address_space_limit = 0;
    // Sent by the destructor to a child still running. SIGKILL by default;
    // with another signal the destructor waits up to 5 s, then kills.
    int stop_signal = SIGKILL;
  };

  // Starts the child. A binary that cannot be run exits with status 127
  // (its log then says nothing; WaitForAddress() returns "").
  explicit ChildProcess(Options options);
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // Stops a child still running (Options::stop_signal) and reaps it. When
  // the test has failed, prints the last 80 lines of the log: CI keeps the
  // test's output, not the temporary log files.
  ~ChildProcess();

  pid_t pid() const { return pid_; }

  // "127.0.0.1:PORT" from the service's log line "listening ...
  // address=127.0.0.1:PORT"; "" if it does not appear within `wait` or the
  // child exits first (then exited() is true and Wait() gives its status).
  std::string WaitForAddress(std::chrono::milliseconds wait = std::chrono::seconds(60));

  void Signal(int sig);
  // Waits for the child to exit; its wait status, as waitpid() reports it.
  // Once reaped, returns the same status again.
  int Wait();
  // SIGTERM (the services drain and exit), then Wait().
  int Stop();
  // Whether the child has exited, without waiting.
  bool exited();

  // The whole log so far.
  std::string Log() const;

 private:
  Options options_;
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
};

}  // namespace parley::testing

#endif  // PARLEY_TESTS_CHILD_PROCESS_H_
