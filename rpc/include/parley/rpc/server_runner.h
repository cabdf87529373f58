// Common wiring of a Parley gRPC server: listening address (port 0 picks a
// free port, reported by port()), the standard health service with every
// registered service marked SERVING, server reflection (v1alpha), a message
// size limit, a server-side time limit per call, caps on concurrent streams
// and on call threads (so idle streams cannot pin threads), optional TLS
// (tls.h) and bearer-token authentication (bearer_token.h), one structured
// log line per request and graceful shutdown.
//
//   PARLEY_ASSIGN_OR_RETURN(auto server, rpc::Server::Start(options));
//   rpc::WaitForTerminationSignal();  // SIGTERM / SIGINT
//   server->Shutdown();               // in-flight calls finish (with a deadline)
#ifndef PARLEY_RPC_SERVER_RUNNER_H_
#define PARLEY_RPC_SERVER_RUNNER_H_

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "parley/rpc/bearer_token.h"

namespace parley::rpc {

class StreamSlots;  // server_runner.cc

class Server {
 public:
  // Threads the derived max_threads leaves for unary calls beyond the
  // stream cap and the waiting threads: far more than the calls 2-8 cores
  // run at once, so the backstop only bites on a flood.
  static constexpr int kUnaryThreadHeadroom = 64;

  struct Options {
    // HOST:PORT; PORT 0 picks a free port.
    std::string listen_address = "127.0.0.1:0";
    // Services to serve, by full name ("parley.v1.IngestService", for the
    // health service); not owned, they must outlive the Server.
    struct ServiceEntry {
      std::string name;
      grpc::Service* service = nullptr;
    };
    std::vector<ServiceEntry> services;
    // Largest request message accepted (larger: RESOURCE_EXHAUSTED from gRPC).
    int max_receive_message_bytes = 4 << 20;
    // Listener credentials (MakeServerCredentials in tls.h); null: plaintext.
    std::shared_ptr<grpc::ServerCredentials> credentials;
    // When set, calls to the services in `services` must carry this bearer
    // token or fail UNAUTHENTICATED; health and reflection stay open.
    std::shared_ptr<const BearerTokenVerifier> token;
    // Longest a unary / a streaming call may run, whatever deadline the
    // client set: past it the call fails DEADLINE_EXCEEDED and its handler
    // sees IsCancelled(). absl::InfiniteDuration(): no limit.
    absl::Duration max_unary_duration = absl::Seconds(30);
    absl::Duration max_stream_duration = absl::InfiniteDuration();
    // A connection quiet for keepalive_time is pinged, and closed if the
    // ping is not answered within keepalive_timeout: its calls are
    // cancelled and their stream slots freed. Without it a client that
    // vanished without closing its connection (a crash behind a NAT, a
    // pulled cable) holds its streams, and their threads, until TCP gives
    // up hours later. absl::InfiniteDuration(): no pings.
    absl::Duration keepalive_time = absl::Seconds(60);
    absl::Duration keepalive_timeout = absl::Seconds(20);
    // Clients may ping as often as this, with or without calls open; more
    // often, gRPC closes their connection ("too_many_pings"). gRPC's own
    // default, 5 minutes, broke the keepalive settings Go and Python
    // clients commonly use (10-30 s).
    absl::Duration min_client_ping_interval = absl::Seconds(10);
    // How long Shutdown() lets in-flight calls run before cancelling them.
    absl::Duration shutdown_grace = absl::Seconds(10);
    // Called at the start of Shutdown(), before gRPC stops: lets services end
    // open-ended streams (WatchEvents) now rather than at the deadline.
    std::function<void()> before_shutdown;
    // Threads kept waiting for calls (gRPC's sync-server MIN_POLLERS and
    // MAX_POLLERS): at least the calls expected at once, so that no thread
    // is started or ended per call (see server_runner.cc).
    int min_waiting_threads = 2;
    int max_waiting_threads = 32;
    // Most streaming calls (bulk ingest, WatchEvents, reflection) served at
    // once. A sync-server stream holds a thread for as long as it is open,
    // idle or not, so without a cap idle streams pin threads without bound
    // and starve every other call. Past the cap a new stream fails at once
    // with RESOURCE_EXHAUSTED naming --max-streams, and unary calls go on.
    // Health Watch is not counted (gRPC serves it without a thread of its
    // own). 0: no cap.
    int max_concurrent_streams = 100;
    // Backstop for every kind of call: the most threads gRPC runs calls on
    // (a ResourceQuota's max threads). With all of them busy a new call
    // fails RESOURCE_EXHAUSTED ("Server Threadpool Exhausted") instead of
    // starting a thread. 0: derived, max_concurrent_streams +
    // max_waiting_threads + kUnaryThreadHeadroom when streams are capped,
    // otherwise no limit. When set, more than min_waiting_threads.
    int max_threads = 0;
    // One log line per finished call (spdlog, key=value).
    bool log_requests = true;
    // Name in log lines ("parley-ingest").
    std::string name = "parley";
  };

  // Builds and starts the server. UNAVAILABLE when the address cannot be
  // bound, INVALID_ARGUMENT when it is not HOST:PORT.
  static absl::StatusOr<std::unique_ptr<Server>> Start(Options options);

  // Shuts down (gracefully) if not done yet.
  ~Server();

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The port actually bound.
  int port() const { return port_; }
  // Streaming calls holding a slot under max_concurrent_streams right now
  // (0 without a cap).
  int open_streams() const;
  // The max_threads in force (derived when Options left it 0); 0: none.
  int max_threads() const { return max_threads_; }
  // HOST:PORT with the bound port, for clients.
  const std::string& address() const { return address_; }

  // Stops accepting calls, marks health NOT_SERVING, lets in-flight calls
  // finish until the grace deadline, then cancels the rest. Idempotent.
  void Shutdown();
  // Blocks until the server has shut down.
  void Wait();

 private:
  Server() = default;

  Options options_;
  int max_threads_ = 0;
  // The count behind max_concurrent_streams, shared with the interceptor
  // that enforces it (server_runner.cc); null without a cap.
  std::shared_ptr<StreamSlots> stream_slots_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::string address_;
  std::mutex mu_;
  bool shut_down_ = false;  // Guarded by mu_.
};

// Blocks SIGTERM and SIGINT in the calling thread and every thread it starts
// afterwards: call first thing in main(), before any server thread exists,
// so that WaitForTerminationSignal() is the only receiver.
void BlockTerminationSignals();
// Waits for SIGTERM or SIGINT (blocked beforehand) and returns its number.
int WaitForTerminationSignal();

// Splits HOST:PORT ("[::1]:50051" too). INVALID_ARGUMENT naming `field`.
absl::Status ParseHostPort(const std::string& address, absl::string_view field,
                           std::string* host, int* port);

}  // namespace parley::rpc

#endif  // PARLEY_RPC_SERVER_RUNNER_H_
