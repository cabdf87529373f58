// A server interceptor that enforces a time limit per call on the server
// side, whatever deadline the client set (or none): a call still running at
// its limit is failed with DEADLINE_EXCEEDED naming the flag, and its
// handler sees ServerContext::IsCancelled(), so handlers that check it
// before writing (the ingest service does) write nothing. Unary and
// streaming calls have separate limits; long-lived streams (bulk ingest,
// WatchEvents, health Watch, reflection) usually get none.
//
// One watchdog thread per server holds the running calls ordered by limit
// and cancels them when it passes; a call leaves it when its handler sends
// the status. Private to parley_rpc (used by server_runner.cc).
#ifndef PARLEY_RPC_DEADLINE_CAP_H_
#define PARLEY_RPC_DEADLINE_CAP_H_

#include <memory>

#include <grpcpp/support/server_interceptor.h>

#include "absl/time/time.h"

namespace parley::rpc {

// absl::InfiniteDuration(): no limit for that kind of call.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeDeadlineCapFactory(
    absl::Duration max_unary, absl::Duration max_stream);

}  // namespace parley::rpc

#endif  // PARLEY_RPC_DEADLINE_CAP_H_
