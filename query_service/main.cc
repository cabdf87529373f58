// parley-query: the gRPC query service over the store the ingest service
// writes (opened read-only by default). Serves parley.v1.QueryService with
// health and reflection until SIGTERM/SIGINT, then ends live streams, lets
// in-flight calls finish and closes the store. Flags also come from the
// environment (PARLEY_LISTEN, PARLEY_DB, ...); flags win.
#include <memory>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

#include "CLI/CLI.hpp"
#include "parley/common/status_macros.h"
#include "parley/query_service/query_service.h"
#include "parley/rpc/server_limit_flags.h"
#include "parley/rpc/server_runner.h"
#include "parley/rpc/server_security.h"
#include "parley/rpc/server_security_flags.h"
#include "parley/store/store.h"

namespace {

struct Flags {
  std::string listen = "127.0.0.1:50052";
  std::string db;
  bool read_only = true;
  double open_timeout_s = 10;
  double shutdown_grace_s = 10;
  int poll_ms = 100;
  parley::rpc::ServerLimitFlags limits;
  parley::rpc::ServerSecurityFlags security;
};

// The ingest service creates the store; when both start together, retry
// until it exists and is migrated, up to the timeout.
absl::StatusOr<std::unique_ptr<parley::store::Store>> OpenStore(const Flags& flags) {
  parley::store::StoreOptions options;
  options.location = flags.db;
  options.read_only = flags.read_only;
  const absl::Time deadline = absl::Now() + absl::Seconds(flags.open_timeout_s);
  while (true) {
    auto store = parley::store::Open(options);
    if (store.ok() || absl::Now() >= deadline) return store;
    spdlog::info("waiting for store {}: {}", flags.db, store.status().ToString());
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

absl::Status Run(const Flags& flags) {
  // Before anything else, so a bad certificate or token file stops us at once.
  parley::rpc::Server::Options options;
  PARLEY_RETURN_IF_ERROR(parley::rpc::ApplyServerSecurity(flags.security, &options));
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<parley::store::Store> store, OpenStore(flags));
  parley::query::QueryServiceImpl::Options service_options;
  service_options.watch_poll_interval = absl::Milliseconds(flags.poll_ms);
  service_options.token = options.token;
  parley::query::QueryServiceImpl service(store.get(), service_options);

  options.name = "parley-query";
  options.listen_address = flags.listen;
  options.services.push_back({parley::v1::QueryService::service_full_name(), &service});
  options.max_receive_message_bytes = 1 << 20;  // Requests are small filters.
  options.shutdown_grace = absl::Seconds(flags.shutdown_grace_s);
  options.before_shutdown = [&service] { service.Stop(); };
  parley::rpc::ApplyServerLimits(flags.limits, options);
  spdlog::info("security server=parley-query {}",
               parley::rpc::DescribeServerSecurity(flags.security, options));
  PARLEY_ASSIGN_OR_RETURN(auto server, parley::rpc::Server::Start(std::move(options)));

  int signal = parley::rpc::WaitForTerminationSignal();
  spdlog::info("signal={} received, draining", signal);
  server->Shutdown();
  server.reset();
  store.reset();
  spdlog::info("store closed");
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  parley::rpc::BlockTerminationSignals();
  Flags flags;
  CLI::App app{
      "parley-query: gRPC service answering typed, paginated queries over stored "
      "events (parley.v1.QueryService, with gRPC health and reflection)"};
  app.add_option("--listen", flags.listen, "HOST:PORT to listen on (port 0: any free port)")
      ->envname("PARLEY_LISTEN")
      ->capture_default_str();
  app.add_option("--db", flags.db,
                 "Store: the SQLite file parley-ingest writes, or a postgresql:// URI")
      ->envname("PARLEY_DB")
      ->required();
  app.add_option("--read-only", flags.read_only,
                 "Open the store read-only (false: create and migrate it if missing)")
      ->envname("PARLEY_READ_ONLY")
      ->capture_default_str();
  app.add_option("--open-timeout", flags.open_timeout_s,
                 "Seconds to wait for the store to appear at start-up")
      ->envname("PARLEY_OPEN_TIMEOUT")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  app.add_option("--shutdown-grace", flags.shutdown_grace_s,
                 "Seconds in-flight calls get to finish on SIGTERM/SIGINT")
      ->envname("PARLEY_SHUTDOWN_GRACE")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  app.add_option("--watch-poll-ms", flags.poll_ms, "How often WatchEvents polls the store")
      ->envname("PARLEY_WATCH_POLL_MS")
      ->check(CLI::Range(10, 60000))
      ->capture_default_str();
  parley::rpc::AddServerLimitFlags(app, flags.limits, "", "WatchEvents streams");
  parley::rpc::AddServerSecurityFlags(
      app, flags.security,
      "File holding a bearer token every QueryService call must carry "
      "(or set PARLEY_AUTH_TOKEN); default: queries are open");
  CLI11_PARSE(app, argc, argv);

  absl::Status status = Run(flags);
  if (!status.ok()) {
    spdlog::error("parley-query: {}", status.ToString());
    return 1;
  }
  return 0;
}
