#include "child_process.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "service_harness.h"

namespace parley::testing {
namespace {

ChildProcess::Options Shell(const std::string& script, const std::string& log) {
  ChildProcess::Options options;
  options.argv = {"/bin/sh", "-c", script};
  options.log_path = log;
  return options;
}

TEST(ChildProcessTest, FindsTheListeningAddressAndSetsTheEnvironment) {
  TempDir dir;
  setenv("PARLEY_CHILD_TEST_KEPT", "kept", 1);
  setenv("PARLEY_CHILD_TEST_REPLACED", "old", 1);
  ChildProcess::Options options = Shell(
      "echo \"$PARLEY_CHILD_TEST_KEPT $PARLEY_CHILD_TEST_REPLACED\"; "
      "echo 'listening server=x address=127.0.0.1:4321' >&2; exec sleep 60",
      dir.path() + "/child.log");
  options.env = {{"PARLEY_CHILD_TEST_REPLACED", "new"}};
  ChildProcess child(std::move(options));
  EXPECT_EQ(child.WaitForAddress(), "127.0.0.1:4321");
  EXPECT_NE(child.Log().find("kept new\n"), std::string::npos) << child.Log();
  EXPECT_FALSE(child.exited());
  child.Signal(SIGKILL);
  const int status = child.Wait();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  EXPECT_TRUE(child.exited());
  EXPECT_EQ(child.Wait(), status);  // Reaped once; the status is kept.
}

TEST(ChildProcessTest, AnExitBeforeListeningEndsTheWaitWithItsStatus) {
  TempDir dir;
  ChildProcess child(Shell("echo bad flag >&2; exit 3", dir.path() + "/child.log"));
  EXPECT_EQ(child.WaitForAddress(), "");
  EXPECT_TRUE(child.exited());
  EXPECT_TRUE(WIFEXITED(child.Wait()) && WEXITSTATUS(child.Wait()) == 3);
  EXPECT_EQ(child.Log(), "bad flag\n");
}

TEST(ChildProcessTest, ABinaryThatCannotRunExits127) {
  TempDir dir;
  ChildProcess::Options options;
  options.argv = {dir.path() + "/no-such-binary"};
  options.log_path = dir.path() + "/child.log";
  ChildProcess child(std::move(options));
  EXPECT_EQ(child.WaitForAddress(), "");
  EXPECT_TRUE(WIFEXITED(child.Wait()) && WEXITSTATUS(child.Wait()) == 127);
}

TEST(ChildProcessTest, StopSendsSigtermAndTheLimitApplies) {
  TempDir dir;
  // The shell reports its own limit: `ulimit -v` is in KiB.
  ChildProcess::Options options =
      Shell("ulimit -v; trap 'echo terminated; exit 0' TERM; while :; do sleep 0.05; done",
            dir.path() + "/child.log");
  options.address_space_limit = rlim_t{512} << 20;
  ChildProcess child(std::move(options));
  for (int i = 0; i < 200 && child.Log().empty(); ++i) usleep(10'000);
  EXPECT_EQ(child.Log(), "524288\n");
  const int status = child.Stop();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_NE(child.Log().find("terminated"), std::string::npos) << child.Log();
}

}  // namespace
}  // namespace parley::testing
