#include "token_auth.h"

#include <grpc/grpc.h>
#include <grpcpp/server_context.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace parley::rpc {
namespace {

using grpc::experimental::InterceptionHookPoints;

class TokenAuth : public grpc::experimental::Interceptor {
 public:
  TokenAuth(grpc::experimental::ServerRpcInfo* info, const BearerTokenVerifier* verifier)
      : info_(info), verifier_(verifier) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      rejection_ = verifier_->Check(*info_->server_context());
      if (!rejection_.ok()) {
        grpc_call_cancel_with_status(info_->server_context()->c_call(),
                                     GRPC_STATUS_UNAUTHENTICATED,
                                     rejection_.error_message().c_str(), nullptr);
      }
    }
    // What the client got, for the request log after this interceptor.
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
        !rejection_.ok()) {
      methods->ModifySendStatus(rejection_);
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
  const BearerTokenVerifier* verifier_;
  grpc::Status rejection_;
};

class TokenAuthFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  TokenAuthFactory(std::shared_ptr<const BearerTokenVerifier> verifier,
                   std::vector<std::string> services)
      : verifier_(std::move(verifier)) {
    for (const auto& service : services) prefixes_.push_back(absl::StrCat("/", service, "/"));
  }

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    for (const auto& prefix : prefixes_) {
      if (absl::StartsWith(info->method(), prefix)) return new TokenAuth(info, verifier_.get());
    }
    return nullptr;  // Health, reflection: open.
  }

 private:
  const std::shared_ptr<const BearerTokenVerifier> verifier_;
  std::vector<std::string> prefixes_;  // "/parley.v1.IngestService/"
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeTokenAuthFactory(
    std::shared_ptr<const BearerTokenVerifier> verifier, std::vector<std::string> services) {
  return std::make_unique<TokenAuthFactory>(std::move(verifier), std::move(services));
}

}  // namespace parley::rpc
