// `parley health [--addr HOST:PORT] [--service NAME] [--wait DURATION]`: the
// standard gRPC health check (there is no grpc_health_probe in Debian), for
// scripts and container health checks. Exit 0 when SERVING.
#include <iostream>
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cli/service_commands.h"
#include "parley/rpc/health_client.h"

namespace parley::cli {
namespace {

// "10s", "500ms", "1m" (absl::ParseDuration) or a plain number of seconds.
absl::StatusOr<absl::Duration> ParseWait(const std::string& text) {
  absl::Duration d;
  double seconds;
  if (absl::ParseDuration(text, &d) && d >= absl::ZeroDuration()) return d;
  if (absl::SimpleAtod(text, &seconds) && seconds >= 0) return absl::Seconds(seconds);
  return absl::InvalidArgumentError(
      absl::StrCat("--wait: \"", text, "\" is not a duration such as 10s or 500ms"));
}

}  // namespace

void AddHealthCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "health", "Check a service with the gRPC health protocol; exit 0 when SERVING");
  struct Flags {
    std::string addr, service, wait = "0s";
  };
  auto flags = std::make_shared<Flags>();
  AddAddressOption(cmd, &flags->addr, kDefaultIngestAddr, "the service to check");
  cmd->add_option("--service", flags->service,
                  "Service name, e.g. parley.v1.QueryService (default: the whole server)");
  cmd->add_option("--wait", flags->wait,
                  "Keep retrying this long while the service is not up (e.g. 10s)")
      ->capture_default_str();
  cmd->callback([flags] {
    absl::StatusOr<absl::Duration> wait = ParseWait(flags->wait);
    if (!wait.ok()) Fail("health", wait.status());
    auto channel = Connect("health", flags->addr);
    absl::Status status =
        *wait > absl::ZeroDuration()
            ? rpc::WaitUntilServing(channel.get(), flags->service, *wait)
            : rpc::CheckServing(channel.get(), flags->service, absl::Seconds(5));
    if (!status.ok()) Fail("health", status);
    std::cout << flags->addr << (flags->service.empty() ? "" : " " + flags->service)
              << ": SERVING" << std::endl;
  });
}

}  // namespace parley::cli
