#include "parley/rpc/channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>
#include <grpcpp/support/client_interceptor.h>

#include "parley/common/status_macros.h"

namespace parley::rpc {
namespace {

using grpc::experimental::ClientInterceptorFactoryInterface;
using grpc::experimental::InterceptionHookPoints;

// Adds the authorization metadata to each call. An interceptor rather than
// call credentials: gRPC sends those only over TLS, and a token is also
// useful in plaintext behind a TLS-terminating proxy.
class BearerMetadata : public grpc::experimental::Interceptor {
 public:
  explicit BearerMetadata(const std::string* header) : header_(header) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"authorization", *header_});
    }
    methods->Proceed();
  }

 private:
  const std::string* header_;
};

class BearerMetadataFactory : public ClientInterceptorFactoryInterface {
 public:
  explicit BearerMetadataFactory(const std::string& token) : header_("Bearer " + token) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new BearerMetadata(&header_);
  }

 private:
  const std::string header_;  // The channel owns the factory: outlives every call.
};

bool UsesTls(const ChannelOptions& options) {
  const ClientTlsFiles& f = options.tls_files;
  return options.tls || !f.ca.empty() || !f.cert.empty() || !f.key.empty();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const std::string& address,
                                                           const ChannelOptions& options) {
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (UsesTls(options)) {
    PARLEY_ASSIGN_OR_RETURN(credentials, MakeClientCredentials(options.tls_files));
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  if (!options.tls_server_name.empty()) {
    args.SetSslTargetNameOverride(options.tls_server_name);
  }
  std::vector<std::unique_ptr<ClientInterceptorFactoryInterface>> interceptors;
  if (!options.bearer_token.empty()) {
    interceptors.push_back(std::make_unique<BearerMetadataFactory>(options.bearer_token));
  }
  return grpc::experimental::CreateCustomChannelWithInterceptors(address, credentials, args,
                                                                 std::move(interceptors));
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address) {
  // Cannot fail: no files to read.
  return *MakeChannel(address, ChannelOptions());
}

}  // namespace parley::rpc
