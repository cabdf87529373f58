// parley-ingest: the gRPC ingest service. Loads the knowledge base, opens
// (creating) the store, serves parley.v1.IngestService with health and
// reflection until SIGTERM/SIGINT, then drains in-flight calls and closes
// the store. Every flag can also come from the environment; flags win.
#include <cstdio>
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

#include "CLI/CLI.hpp"
#include "parley/actors/knowledge_base.h"
#include "parley/common/status_macros.h"
#include "parley/extract/extractor.h"
#include "parley/ingest_service/ingest_service.h"
#include "parley/rpc/server_limit_flags.h"
#include "parley/rpc/server_runner.h"
#include "parley/rpc/server_security.h"
#include "parley/rpc/server_security_flags.h"
#include "parley/store/store.h"
#include "kb_actors.h"

namespace {

struct Flags {
  std::string listen = "127.0.0.1:50051";
  std::string db;
  std::string data_dir;
  size_t max_text_bytes = 1 << 20;
  double shutdown_grace_s = 10;
  int max_batch = 256;
  parley::rpc::ServerLimitFlags limits;
  parley::rpc::ServerSecurityFlags security;
};

absl::StatusOr<std::unique_ptr<parley::actors::KnowledgeBase>> LoadKnowledgeBase(
    const std::string& dir) {
  if (dir.empty()) return parley::actors::KnowledgeBase::LoadEmbedded();
  return parley::actors::KnowledgeBase::LoadFromDirectory(dir);
}

absl::Status Run(const Flags& flags) {
  // Before anything else, so a bad certificate or token file stops us at once.
  parley::rpc::Server::Options options;
  PARLEY_RETURN_IF_ERROR(parley::rpc::ApplyServerSecurity(flags.security, &options));
  PARLEY_ASSIGN_OR_RETURN(auto kb, LoadKnowledgeBase(flags.data_dir));
  PARLEY_ASSIGN_OR_RETURN(auto extractor, parley::extract::Extractor::Create(kb.get()));
  parley::store::StoreOptions store_options;
  store_options.location = flags.db;
  store_options.max_batch = flags.max_batch;
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<parley::store::Store> store,
                          parley::store::Open(store_options));
  // Known actors go in first so name filters match every alias at once.
  PARLEY_RETURN_IF_ERROR(store->UpsertActors(parley::ingest::KnowledgeBaseActors(*kb)));

  parley::ingest::IngestServiceImpl::Options service_options;
  service_options.limits.max_text_bytes = flags.max_text_bytes;
  service_options.token = options.token;
  parley::ingest::IngestServiceImpl service(extractor.get(), store.get(), service_options);

  options.name = "parley-ingest";
  options.listen_address = flags.listen;
  options.services.push_back({parley::v1::IngestService::service_full_name(), &service});
  // Room for the largest accepted text plus its metadata, so an oversize
  // text gets the service's own RESOURCE_EXHAUSTED naming the field.
  options.max_receive_message_bytes =
      static_cast<int>(std::min<size_t>(flags.max_text_bytes + (64 << 10), 1u << 30));
  options.shutdown_grace = absl::Seconds(flags.shutdown_grace_s);
  parley::rpc::ApplyServerLimits(flags.limits, options);
  spdlog::info("security server=parley-ingest {}",
               parley::rpc::DescribeServerSecurity(flags.security, options));
  PARLEY_ASSIGN_OR_RETURN(auto server, parley::rpc::Server::Start(std::move(options)));

  int signal = parley::rpc::WaitForTerminationSignal();
  spdlog::info("signal={} received, draining", signal);
  server->Shutdown();
  server.reset();
  // Group commit at work: writes / transactions is the mean batch size
  // (bench/service_bench reads this line).
  const parley::store::Store::CommitStats stats = store->commit_stats();
  spdlog::info("commit_stats transactions={} writes={}", stats.transactions, stats.writes);
  store.reset();  // Closes the database after the last call has finished.
  spdlog::info("store closed");
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  // Before any thread exists, so only WaitForTerminationSignal() sees them.
  parley::rpc::BlockTerminationSignals();
  Flags flags;
  CLI::App app{
      "parley-ingest: gRPC service that extracts events from article text and "
      "stores them (parley.v1.IngestService, with gRPC health and reflection)"};
  app.add_option("--listen", flags.listen, "HOST:PORT to listen on (port 0: any free port)")
      ->envname("PARLEY_LISTEN")
      ->capture_default_str();
  app.add_option("--db", flags.db,
                 "Store: SQLite file path (created if missing) or postgresql:// URI")
      ->envname("PARLEY_DB")
      ->required();
  app.add_option("--max-text-bytes", flags.max_text_bytes,
                 "Largest accepted article text in bytes (larger: RESOURCE_EXHAUSTED)")
      ->envname("PARLEY_MAX_TEXT_BYTES")
      ->check(CLI::Range(size_t{1}, size_t{512} << 20))
      ->capture_default_str();
  app.add_option("--data-dir", flags.data_dir,
                 "Knowledge-base directory (data/actors layout); default: the embedded copy")
      ->envname("PARLEY_DATA_DIR");
  app.add_option("--shutdown-grace", flags.shutdown_grace_s,
                 "Seconds in-flight calls get to finish on SIGTERM/SIGINT")
      ->envname("PARLEY_SHUTDOWN_GRACE")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  app.add_option("--max-batch", flags.max_batch, "Most articles group-committed at once")
      ->envname("PARLEY_MAX_BATCH")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  parley::rpc::AddServerLimitFlags(app, flags.limits, "; an article is stored whole or not at all",
                                   "IngestArticles bulk streams");
  parley::rpc::AddServerSecurityFlags(
      app, flags.security,
      "File holding the bearer token every IngestService call must carry "
      "(or set PARLEY_AUTH_TOKEN to the token); health and reflection stay open");
  CLI11_PARSE(app, argc, argv);

  absl::Status status = Run(flags);
  if (!status.ok()) {
    spdlog::error("parley-ingest: {}", status.ToString());
    return 1;
  }
  return 0;
}
