#include "parley/rpc/server_limit_flags.h"

#include <stdlib.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace parley::rpc {
namespace {

// Parses `args` the way a service's main does and applies the result.
Server::Options Parse(std::vector<std::string> args) {
  CLI::App app("test");
  ServerLimitFlags flags;
  AddServerLimitFlags(app, flags, "", "bulk ingest");
  args.insert(args.begin(), "test");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
  Server::Options options;
  ApplyServerLimits(flags, options);
  return options;
}

TEST(ServerLimitFlagsTest, DefaultsReachTheOptions) {
  Server::Options options = Parse({});
  EXPECT_EQ(options.max_unary_duration, absl::Seconds(30));
  EXPECT_EQ(options.max_stream_duration, absl::InfiniteDuration());
  EXPECT_EQ(options.max_concurrent_streams, 100);
  EXPECT_EQ(options.max_threads, 0);
  EXPECT_EQ(options.keepalive_time, absl::Seconds(60));
  EXPECT_EQ(options.keepalive_timeout, absl::Seconds(20));
}

TEST(ServerLimitFlagsTest, EveryFlagReachesItsOption) {
  Server::Options options = Parse(
      {"--max-request-seconds", "2.5", "--max-stream-seconds", "600", "--max-streams", "7",
       "--max-threads", "50", "--keepalive-seconds", "15", "--keepalive-timeout-seconds", "3"});
  EXPECT_EQ(options.max_unary_duration, absl::Milliseconds(2500));
  EXPECT_EQ(options.max_stream_duration, absl::Seconds(600));
  EXPECT_EQ(options.max_concurrent_streams, 7);
  EXPECT_EQ(options.max_threads, 50);
  EXPECT_EQ(options.keepalive_time, absl::Seconds(15));
  EXPECT_EQ(options.keepalive_timeout, absl::Seconds(3));
}

TEST(ServerLimitFlagsTest, ZeroSecondsMeansNoLimitAndNoPings) {
  Server::Options options = Parse({"--max-request-seconds", "0", "--keepalive-seconds", "0"});
  EXPECT_EQ(options.max_unary_duration, absl::InfiniteDuration());
  EXPECT_EQ(options.keepalive_time, absl::InfiniteDuration());
}

TEST(ServerLimitFlagsTest, EnvironmentSetsAFlagAndTheCommandLineWins) {
  setenv("PARLEY_KEEPALIVE_SECONDS", "9", 1);
  EXPECT_EQ(Parse({}).keepalive_time, absl::Seconds(9));
  EXPECT_EQ(Parse({"--keepalive-seconds", "4"}).keepalive_time, absl::Seconds(4));
  unsetenv("PARLEY_KEEPALIVE_SECONDS");
}

TEST(ServerLimitFlagsTest, OutOfRangeValuesAreRefusedByTheParser) {
  EXPECT_THROW(Parse({"--keepalive-timeout-seconds", "0"}), CLI::ValidationError);
  EXPECT_THROW(Parse({"--keepalive-seconds", "-1"}), CLI::ValidationError);
  EXPECT_THROW(Parse({"--max-streams", "-1"}), CLI::ValidationError);
}

}  // namespace
}  // namespace parley::rpc
