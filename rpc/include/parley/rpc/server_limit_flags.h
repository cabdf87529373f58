// The command-line side of a server's limits: both services register the
// same flags (with their PARLEY_* environment variables) through one
// function, so their names, ranges and help cannot drift apart.
#ifndef PARLEY_RPC_SERVER_LIMIT_FLAGS_H_
#define PARLEY_RPC_SERVER_LIMIT_FLAGS_H_

#include <string>

#include "CLI/CLI.hpp"
#include "parley/rpc/server_runner.h"

namespace parley::rpc {

struct ServerLimitFlags {
  double max_request_s = 30;
  double max_stream_s = 0;  // 0: no limit.
  // Each open stream holds a server thread, idle or not (see --help).
  int max_streams = 100;
  int max_threads = 0;  // 0: derived from max_streams.
  double keepalive_s = 60;  // 0: no pings.
  double keepalive_timeout_s = 20;
};

// Adds --max-request-seconds, --max-stream-seconds, --max-streams,
// --max-threads, --keepalive-seconds and --keepalive-timeout-seconds to
// `app`, writing into `flags` (which must outlive parsing). `unary_help`
// adds what a cut unary call means in this service; `streams` names its
// streaming calls.
void AddServerLimitFlags(CLI::App& app, ServerLimitFlags& flags, const std::string& unary_help,
                         const std::string& streams);

// Sets the limits of `options` from `flags` (0 seconds: no limit).
void ApplyServerLimits(const ServerLimitFlags& flags, Server::Options& options);

}  // namespace parley::rpc

#endif  // PARLEY_RPC_SERVER_LIMIT_FLAGS_H_
