// Shared parts of the service commands (the gRPC clients of the `parley`
// CLI): address options, errors, reading corpus files, the streaming ingest
// used by both `parley ingest` and `parley eval`.
#ifndef PARLEY_CLI_SERVICE_COMMANDS_H_
#define PARLEY_CLI_SERVICE_COMMANDS_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "parley/v1/ingest_service.pb.h"

namespace parley::cli {

inline constexpr char kDefaultIngestAddr[] = "127.0.0.1:50051";
inline constexpr char kDefaultQueryAddr[] = "127.0.0.1:50052";

void AddIngestCommand(CLI::App& app);
void AddListCommands(CLI::App& app);  // calls, quotes, sanctions, actors, articles
void AddEvalCommand(CLI::App& app);
void AddHealthCommand(CLI::App& app);

// --addr HOST:PORT, default $PARLEY_ADDR, else `fallback`; also adds the
// connection options (AddConnectionOptions).
void AddAddressOption(CLI::App* command, std::string* addr, const char* fallback,
                      const char* service);

// How every service command dials: --tls (PARLEY_TLS), --tls-ca
// (PARLEY_TLS_CA), --tls-cert/--tls-key (PARLEY_TLS_CLIENT_CERT/_KEY, for
// mutual TLS), --tls-server-name (PARLEY_TLS_SERVER_NAME), --token-file
// (PARLEY_AUTH_TOKEN_FILE, or PARLEY_AUTH_TOKEN itself). One command runs
// per process, so the values live in one process-wide place.
void AddConnectionOptions(CLI::App* command);

// A channel to `addr` with the connection options given; an unusable TLS or
// token file ends the command through Fail(command, ...).
std::shared_ptr<grpc::Channel> Connect(const std::string& command, const std::string& addr);

// Prints "parley <command>: <status>" on stderr and exits the command with
// code 1 (CLI11 turns the exception into the exit code).
[[noreturn]] void Fail(const std::string& command, const absl::Status& status);

// YYYY-MM-DD; INVALID_ARGUMENT naming `flag` otherwise.
absl::StatusOr<absl::CivilDay> ParseDay(const std::string& text, const std::string& flag);

// One article on disk: ID.txt and, when present, ID.meta.json beside it.
struct ArticleFile {
  std::string id;         // File name without .txt ("d001"); "-" for stdin.
  std::string text_path;  // "-" for stdin.
  std::string meta_path;  // Empty when there is no meta file.
};

// FILE (any name), DIR (every *.txt in it, sorted, not recursive) or "-".
absl::StatusOr<std::vector<ArticleFile>> FindArticleFiles(const std::string& path);
// The ingest request's article: text as is, meta's "published" and "source",
// external_id = the file's id (not for stdin).
absl::StatusOr<v1::ArticleInput> ReadArticle(const ArticleFile& file);

// What the ingest service answered for one file (or why it was not sent).
struct IngestOutcome {
  absl::Status status;               // Read error, per-article error or stream error.
  v1::IngestArticleResponse response;  // Valid when status is OK.
};

// Streams every file through IngestService.IngestArticles (reading each as
// it is sent); outcomes are parallel to `files`. `on_done(i)` runs after
// outcome i is known, in order (progress display).
absl::StatusOr<std::vector<IngestOutcome>> StreamIngest(
    const std::shared_ptr<grpc::Channel>& channel, const std::vector<ArticleFile>& files,
    const std::function<void(size_t, const IngestOutcome&)>& on_done);

}  // namespace parley::cli

#endif  // PARLEY_CLI_SERVICE_COMMANDS_H_
