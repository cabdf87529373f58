#include "parley/rpc/server_limit_flags.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace parley::rpc {
namespace {

absl::Duration Limit(double seconds) {
  return seconds > 0 ? absl::Seconds(seconds) : absl::InfiniteDuration();
}

}  // namespace

void AddServerLimitFlags(CLI::App& app, ServerLimitFlags& flags, const std::string& unary_help,
                         const std::string& streams) {
  app.add_option("--max-request-seconds", flags.max_request_s,
                 absl::StrCat("Longest a unary call may run, whatever the client's deadline "
                              "(then DEADLINE_EXCEEDED",
                              unary_help, "); 0: no limit"))
      ->envname("PARLEY_MAX_REQUEST_SECONDS")
      ->check(CLI::Range(0.0, 86400.0))
      ->capture_default_str();
  app.add_option("--max-stream-seconds", flags.max_stream_s,
                 absl::StrCat("Longest a stream (", streams, ") may run; 0: no limit"))
      ->envname("PARLEY_MAX_STREAM_SECONDS")
      ->check(CLI::Range(0.0, 86400.0))
      ->capture_default_str();
  app.add_option("--max-streams", flags.max_streams,
                 absl::StrCat("Most streaming calls served at once (", streams,
                              ", reflection); each holds a server thread while open, idle or "
                              "not. One more gets RESOURCE_EXHAUSTED at once while unary calls "
                              "and health go on; 0: no cap"))
      ->envname("PARLEY_MAX_STREAMS")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  app.add_option("--max-threads", flags.max_threads,
                 "Most threads the server runs calls on, a backstop for every kind of call "
                 "(past it: RESOURCE_EXHAUSTED \"Server Threadpool Exhausted\"); 0: --max-streams "
                 "+ 96 (none when --max-streams is 0)")
      ->envname("PARLEY_MAX_THREADS")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  app.add_option("--keepalive-seconds", flags.keepalive_s,
                 "Ping a connection quiet this long; one whose client does not answer within "
                 "--keepalive-timeout-seconds is closed, its calls cancelled and its stream slots "
                 "freed (a client gone without closing its connection otherwise holds them for "
                 "hours); 0: no pings")
      ->envname("PARLEY_KEEPALIVE_SECONDS")
      ->check(CLI::Range(0.0, 86400.0))
      ->capture_default_str();
  app.add_option("--keepalive-timeout-seconds", flags.keepalive_timeout_s,
                 "How long a keepalive ping may go unanswered")
      ->envname("PARLEY_KEEPALIVE_TIMEOUT_SECONDS")
      ->check(CLI::Range(0.001, 86400.0))
      ->capture_default_str();
}

void ApplyServerLimits(const ServerLimitFlags& flags, Server::Options& options) {
  options.max_unary_duration = Limit(flags.max_request_s);
  options.max_stream_duration = Limit(flags.max_stream_s);
  options.max_concurrent_streams = flags.max_streams;
  options.max_threads = flags.max_threads;
  options.keepalive_time = Limit(flags.keepalive_s);
  options.keepalive_timeout = absl::Seconds(flags.keepalive_timeout_s);
}

}  // namespace parley::rpc
