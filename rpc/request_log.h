// A server interceptor that writes one structured line per finished call:
//   rpc server=parley-ingest method=/parley.v1.IngestService/IngestArticle
//       peer=ipv4:127.0.0.1:41234 status=OK latency_ms=3.2 req_msgs=1
//       req_bytes=5120 resp_msgs=1 resp_bytes=812
// It also turns gRPC's bare INTERNAL for an unparseable unary request (e.g.
// invalid UTF-8 in a proto3 string) into INVALID_ARGUMENT with a message.
// Private to parley_rpc (used by server_runner.cc).
#ifndef PARLEY_RPC_REQUEST_LOG_H_
#define PARLEY_RPC_REQUEST_LOG_H_

#include <memory>
#include <string>

#include <grpcpp/support/server_interceptor.h>

namespace parley::rpc {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeRequestLogFactory(
    std::string server_name);

}  // namespace parley::rpc

#endif  // PARLEY_RPC_REQUEST_LOG_H_
