#include "request_log.h"

#include <chrono>
#include <cstdint>
#include <string_view>

#include <google/protobuf/message_lite.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/byte_buffer.h>
#include <spdlog/spdlog.h>

namespace parley::rpc {
namespace {

const char* CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {
      "OK",        "CANCELLED",         "UNKNOWN",          "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",   "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL",      "UNAVAILABLE",      "DATA_LOSS",
      "UNAUTHENTICATED"};
  int n = static_cast<int>(code);
  return n >= 0 && n <= 16 ? kNames[n] : "UNKNOWN";
}

// Our services and reflection receive protobuf messages; gRPC's health
// service receives raw byte buffers, so its request sizes are not measured.
bool ReceivesProtobuf(std::string_view method) {
  return method.rfind("/parley.", 0) == 0 || method.rfind("/grpc.reflection.", 0) == 0;
}

class RequestLog : public grpc::experimental::Interceptor {
 public:
  RequestLog(grpc::experimental::ServerRpcInfo* info, const std::string* server_name)
      : info_(info), server_name_(server_name), start_(std::chrono::steady_clock::now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using Hook = grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(Hook::POST_RECV_MESSAGE)) {
      void* msg = methods->GetRecvMessage();
      if (msg != nullptr) {
        ++req_msgs_;
        if (ReceivesProtobuf(info_->method())) {
          req_bytes_ += static_cast<google::protobuf::MessageLite*>(msg)->ByteSizeLong();
        }
      }
    }
    if (methods->QueryInterceptionHookPoint(Hook::PRE_SEND_MESSAGE)) {
      ++resp_msgs_;
      if (grpc::ByteBuffer* buf = methods->GetSerializedSendMessage()) resp_bytes_ += buf->Length();
    }
    if (methods->QueryInterceptionHookPoint(Hook::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      if (IsUnparsedRequest(status)) {
        status = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                              "request: cannot be parsed (a string field such as article.text "
                              "is not valid UTF-8, or the bytes are not a valid message)");
        methods->ModifySendStatus(status);
      }
      Log(status);
    }
    methods->Proceed();
  }

 private:
  // gRPC answers a unary request it cannot deserialize with a bare INTERNAL
  // before any handler runs; proto3 rejects invalid UTF-8 in string fields
  // that way. That is the client's error, so it becomes INVALID_ARGUMENT
  // with a message, as the API promises for non-UTF-8 text.
  bool IsUnparsedRequest(const grpc::Status& status) const {
    return status.error_code() == grpc::StatusCode::INTERNAL && status.error_message().empty() &&
           req_msgs_ == 0 && info_->type() == grpc::experimental::ServerRpcInfo::Type::UNARY &&
           std::string_view(info_->method()).rfind("/parley.", 0) == 0;
  }

  void Log(const grpc::Status& status) {
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                          start_)
                    .count();
    const char* code = CodeName(status.error_code());
    auto level = status.ok() ? spdlog::level::info : spdlog::level::warn;
    spdlog::log(level,
                "rpc server={} method={} peer={} status={} latency_ms={:.2f} req_msgs={} "
                "req_bytes={} resp_msgs={} resp_bytes={}{}{}",
                *server_name_, info_->method(), info_->server_context()->peer(), code, ms,
                req_msgs_, req_bytes_, resp_msgs_, resp_bytes_,
                status.ok() ? "" : " error=", status.ok() ? "" : Quote(status.error_message()));
  }

  // A message value in double quotes, inner quotes escaped, for key=value logs.
  static std::string Quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c == '\n' ? ' ' : c);
    }
    out.push_back('"');
    return out;
  }

  grpc::experimental::ServerRpcInfo* info_;
  const std::string* server_name_;
  std::chrono::steady_clock::time_point start_;
  int64_t req_msgs_ = 0, req_bytes_ = 0, resp_msgs_ = 0, resp_bytes_ = 0;
};

class RequestLogFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RequestLogFactory(std::string server_name) : server_name_(std::move(server_name)) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RequestLog(info, &server_name_);
  }

 private:
  const std::string server_name_;  // Outlives every call: the server owns the factory.
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeRequestLogFactory(
    std::string server_name) {
  return std::make_unique<RequestLogFactory>(std::move(server_name));
}

}  // namespace parley::rpc
