#include "parley/rpc/server_runner.h"

#include "gtest/gtest.h"
#include "parley/rpc/health_client.h"

namespace parley::rpc {
namespace {

TEST(ServerRunnerTest, PortZeroBindsAFreePortAndServesHealth) {
  Server::Options options;
  options.log_requests = false;
  auto server = Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_GT((*server)->port(), 0);
  EXPECT_EQ((*server)->address(), "127.0.0.1:" + std::to_string((*server)->port()));
  auto channel = MakeChannel((*server)->address());
  EXPECT_TRUE(CheckServing(channel.get(), "", absl::Seconds(5)).ok());
  // An unknown service is not SERVING.
  EXPECT_FALSE(CheckServing(channel.get(), "no.such.Service", absl::Seconds(5)).ok());
  (*server)->Shutdown();
  EXPECT_FALSE(CheckServing(channel.get(), "", absl::Milliseconds(500)).ok());
}

TEST(ServerRunnerTest, BusyPortIsUnavailable) {
  Server::Options options;
  options.log_requests = false;
  auto first = Server::Start(options);
  ASSERT_TRUE(first.ok()) << first.status();
  options.listen_address = (*first)->address();
  auto second = Server::Start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(second.status().message().find("listen"), std::string::npos);
}

TEST(ServerRunnerTest, BadAddressIsInvalidArgument) {
  for (const char* bad : {"localhost", ":50051", "127.0.0.1:99999", "127.0.0.1:x"}) {
    Server::Options options;
    options.listen_address = bad;
    auto server = Server::Start(options);
    ASSERT_FALSE(server.ok()) << bad;
    EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(ServerRunnerTest, ShutdownRunsHookOnceAndIsIdempotent) {
  int calls = 0;
  Server::Options options;
  options.log_requests = false;
  options.before_shutdown = [&] { ++calls; };
  auto server = Server::Start(options);
  ASSERT_TRUE(server.ok());
  (*server)->Shutdown();
  (*server)->Shutdown();
  server->reset();
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace parley::rpc
