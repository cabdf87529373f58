// Security of the services, end to end over loopback: TLS and mutual TLS
// with certificates generated for the test run (rpc/testing/test_pki.h),
// bearer tokens on the ingest service (and, when configured, the query
// service), the message size limit and the server-side time limit per call.
// The last tests start the real parley-ingest and parley-query binaries
// configured through environment variables and drive them with the real
// `parley` CLI.
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "child_process.h"
#include "gtest/gtest.h"
#include "parley/rpc/channel.h"
#include "parley/rpc/health_client.h"
#include "parley/rpc/tls.h"
#include "rpc/testing/test_pki.h"
#include "service_harness.h"

namespace parley::testing {
namespace {

using rpc::testing::TestPki;

// What the secured services are started with.
struct Config {
  bool tls = false;
  bool mutual_tls = false;
  std::string ingest_token, query_token;
  int max_receive_message_bytes = (1 << 20) + (64 << 10);
  absl::Duration max_unary = absl::Seconds(30);
  absl::Duration max_stream = absl::InfiniteDuration();
};

Config Tls(bool mutual = false) {
  Config c;
  c.tls = true;
  c.mutual_tls = mutual;
  return c;
}

std::shared_ptr<const rpc::BearerTokenVerifier> Verifier(const std::string& token) {
  return token.empty() ? nullptr : std::make_shared<const rpc::BearerTokenVerifier>(token);
}

// The query service's store, counting the reads that reach it: what a
// rejected caller costs.
class CountingStore : public store::Store {
 public:
  explicit CountingStore(store::Store* inner) : inner_(inner) {}
  int reads() const { return reads_.load(); }

  absl::StatusOr<store::IngestResult> Ingest(const store::ArticleInput& article,
                                             const extract::Extraction& events) override {
    return inner_->Ingest(article, events);
  }
  absl::StatusOr<store::Page<store::StoredCall>> ListCalls(const store::CallFilter& f,
                                                           const store::PageRequest& p) override {
    return Read(), inner_->ListCalls(f, p);
  }
  absl::StatusOr<store::StoredCall> GetCall(int64_t id) override {
    return Read(), inner_->GetCall(id);
  }
  absl::StatusOr<store::Page<store::StoredQuote>> ListQuotes(
      const store::QuoteFilter& f, const store::PageRequest& p) override {
    return Read(), inner_->ListQuotes(f, p);
  }
  absl::StatusOr<store::StoredQuote> GetQuote(int64_t id) override {
    return Read(), inner_->GetQuote(id);
  }
  absl::StatusOr<store::Page<store::StoredSanction>> ListSanctions(
      const store::SanctionFilter& f, const store::PageRequest& p) override {
    return Read(), inner_->ListSanctions(f, p);
  }
  absl::StatusOr<store::StoredSanction> GetSanction(int64_t id) override {
    return Read(), inner_->GetSanction(id);
  }
  absl::StatusOr<store::Page<store::StoredActor>> ListActors(
      const store::ActorFilter& f, const store::PageRequest& p) override {
    return Read(), inner_->ListActors(f, p);
  }
  absl::StatusOr<store::StoredActor> GetActor(std::string_view id) override {
    return Read(), inner_->GetActor(id);
  }
  absl::StatusOr<store::Page<store::StoredArticle>> ListArticles(
      const store::ArticleFilter& f, const store::PageRequest& p) override {
    return Read(), inner_->ListArticles(f, p);
  }
  absl::StatusOr<store::StoredArticle> GetArticle(int64_t id) override {
    return Read(), inner_->GetArticle(id);
  }
  absl::StatusOr<std::vector<store::SequencedEvent>> EventsAfter(int64_t after,
                                                                 int limit) override {
    return Read(), inner_->EventsAfter(after, limit);
  }
  absl::StatusOr<int64_t> LastSequence() override { return Read(), inner_->LastSequence(); }

 private:
  void Read() { reads_.fetch_add(1); }

  store::Store* inner_;
  std::atomic<int> reads_{0};
};

// Ingest (secured as configured) and query (plaintext; a token only when
// configured) over one SQLite file, as the two binaries run them.
class SecuredServices {
 public:
  SecuredServices(const TempDir& dir, const TestPki& pki, const Config& config) {
    store::StoreOptions writable;
    writable.location = dir.path() + "/parley.db";
    auto ingest_store = store::Open(writable);
    EXPECT_TRUE(ingest_store.ok()) << ingest_store.status();
    if (!ingest_store.ok()) return;
    ingest_store_ = *std::move(ingest_store);
    store::StoreOptions read_only = writable;
    read_only.read_only = true;
    auto query_store = store::Open(read_only);
    EXPECT_TRUE(query_store.ok()) << query_store.status();
    if (!query_store.ok()) return;
    query_store_ = *std::move(query_store);
    counting_store_ = std::make_unique<CountingStore>(query_store_.get());

    ingest::IngestServiceImpl::Options ingest_options;
    ingest_options.token = Verifier(config.ingest_token);
    ingest_ = std::make_unique<ingest::IngestServiceImpl>(&SharedExtractor(),
                                                          ingest_store_.get(), ingest_options);
    query::QueryServiceImpl::Options query_service_options;
    query_service_options.token = Verifier(config.query_token);
    query_ =
        std::make_unique<query::QueryServiceImpl>(counting_store_.get(), query_service_options);

    rpc::Server::Options options;
    options.name = "secure-ingest";
    options.services = {{v1::IngestService::service_full_name(), ingest_.get()}};
    options.max_receive_message_bytes = config.max_receive_message_bytes;
    options.max_unary_duration = config.max_unary;
    options.max_stream_duration = config.max_stream;
    options.token = ingest_options.token;
    options.shutdown_grace = absl::Seconds(2);
    if (config.tls) {
      rpc::ServerTlsFiles files;
      files.cert = pki.server_cert;
      files.key = pki.server_key;
      if (config.mutual_tls) files.client_ca = pki.ca;
      auto credentials = rpc::MakeServerCredentials(files);
      EXPECT_TRUE(credentials.ok()) << credentials.status();
      if (!credentials.ok()) return;
      options.credentials = *credentials;
    }
    auto ingest_server = rpc::Server::Start(options);
    EXPECT_TRUE(ingest_server.ok()) << ingest_server.status();
    if (!ingest_server.ok()) return;
    ingest_server_ = *std::move(ingest_server);

    rpc::Server::Options query_options;
    query_options.name = "secure-query";
    query_options.services = {{v1::QueryService::service_full_name(), query_.get()}};
    query_options.token = query_service_options.token;
    query_options.shutdown_grace = absl::Seconds(2);
    query::QueryServiceImpl* query = query_.get();
    query_options.before_shutdown = [query] { query->Stop(); };
    auto query_server = rpc::Server::Start(query_options);
    EXPECT_TRUE(query_server.ok()) << query_server.status();
    if (!query_server.ok()) return;
    query_server_ = *std::move(query_server);
  }

  ~SecuredServices() {
    if (query_server_) query_server_->Shutdown();
    if (ingest_server_) ingest_server_->Shutdown();
  }

  bool ok() const { return ingest_server_ != nullptr && query_server_ != nullptr; }
  // Shutdown() returns once every handler has returned: after it, the store
  // holds whatever the calls in flight were going to write.
  void StopIngestServer() { ingest_server_->Shutdown(); }
  void StopQueryServer() { query_server_->Shutdown(); }
  // Store reads by the query service's handlers so far.
  int query_store_reads() const { return counting_store_->reads(); }
  std::string ingest_address() const { return ingest_server_->address(); }
  std::string query_address() const { return query_server_->address(); }

  // Articles stored, read through the query service (plaintext, no token
  // unless `token`).
  int StoredArticles(const std::string& token = "") {
    auto stub = QueryStub(token);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::ListArticlesRequest request;
    request.set_page_size(1000);
    v1::ListArticlesResponse response;
    grpc::Status status = stub->ListArticles(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return status.ok() ? response.articles_size() : -1;
  }

  std::unique_ptr<v1::QueryService::Stub> QueryStub(const std::string& token) {
    rpc::ChannelOptions options;
    options.bearer_token = token;
    return v1::QueryService::NewStub(*rpc::MakeChannel(query_address(), options));
  }

 private:
  std::unique_ptr<store::Store> ingest_store_, query_store_;
  std::unique_ptr<CountingStore> counting_store_;
  std::unique_ptr<ingest::IngestServiceImpl> ingest_;
  std::unique_ptr<query::QueryServiceImpl> query_;
  std::unique_ptr<rpc::Server> ingest_server_, query_server_;
};

class SecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pki = rpc::testing::WriteTestPki(dir_.path());
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = *pki;
  }

  std::unique_ptr<SecuredServices> Start(const Config& config) {
    auto services = std::make_unique<SecuredServices>(dir_, pki_, config);
    return services->ok() ? std::move(services) : nullptr;
  }

  // A client channel; aborts the test on a bad option (a test bug).
  std::shared_ptr<grpc::Channel> Channel(const std::string& address,
                                         const rpc::ChannelOptions& options) {
    auto channel = rpc::MakeChannel(address, options);
    EXPECT_TRUE(channel.ok()) << channel.status();
    return channel.ok() ? *channel : rpc::MakeChannel(address);
  }

  rpc::ChannelOptions TrustingCa() {
    rpc::ChannelOptions options;
    options.tls_files.ca = pki_.ca;
    return options;
  }

  static grpc::Status Ingest(const std::shared_ptr<grpc::Channel>& channel,
                             const std::string& text, v1::IngestArticleResponse* response) {
    auto stub = v1::IngestService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    v1::IngestArticleRequest request;
    request.mutable_article()->set_text(text);
    return stub->IngestArticle(&context, request, response);
  }

  static absl::Status Health(const std::shared_ptr<grpc::Channel>& channel) {
    return rpc::CheckServing(channel.get(), "", absl::Seconds(5));
  }

  TempDir dir_;
  TestPki pki_;
};

TEST_F(SecurityTest, TlsClientTrustingTheCaSucceeds) {
  auto services = Start(Tls());
  ASSERT_NE(services, nullptr);
  auto channel = Channel(services->ingest_address(), TrustingCa());
  EXPECT_TRUE(Health(channel).ok());
  v1::IngestArticleResponse response;
  grpc::Status status = Ingest(channel, XinhuaCallArticle(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_GT(response.article_id(), 0);
  EXPECT_EQ(services->StoredArticles(), 1);
}

TEST_F(SecurityTest, PlaintextOrUntrustingClientToTlsServerFails) {
  auto services = Start(Tls());
  ASSERT_NE(services, nullptr);
  absl::Status plaintext = Health(rpc::MakeChannel(services->ingest_address()));
  EXPECT_EQ(plaintext.code(), absl::StatusCode::kUnavailable) << plaintext;
  // TLS, but trusting only the system's CAs, which never signed the test CA.
  rpc::ChannelOptions system_roots;
  system_roots.tls = true;
  absl::Status untrusted = Health(Channel(services->ingest_address(), system_roots));
  EXPECT_EQ(untrusted.code(), absl::StatusCode::kUnavailable) << untrusted;
  // The server certificate names 127.0.0.1, not this.
  rpc::ChannelOptions wrong_name = TrustingCa();
  wrong_name.tls_server_name = "parley.example.com";
  EXPECT_FALSE(Health(Channel(services->ingest_address(), wrong_name)).ok());
  v1::IngestArticleResponse response;
  EXPECT_FALSE(Ingest(rpc::MakeChannel(services->ingest_address()), XinhuaCallArticle(),
                      &response)
                   .ok());
  EXPECT_EQ(services->StoredArticles(), 0);
}

TEST_F(SecurityTest, MutualTlsRequiresATrustedClientCertificate) {
  auto services = Start(Tls(/*mutual=*/true));
  ASSERT_NE(services, nullptr);
  const std::string address = services->ingest_address();

  absl::Status no_cert = Health(Channel(address, TrustingCa()));
  EXPECT_EQ(no_cert.code(), absl::StatusCode::kUnavailable) << no_cert;

  rpc::ChannelOptions rogue = TrustingCa();
  rogue.tls_files.cert = pki_.rogue_cert;
  rogue.tls_files.key = pki_.rogue_key;
  absl::Status rogue_status = Health(Channel(address, rogue));
  EXPECT_EQ(rogue_status.code(), absl::StatusCode::kUnavailable) << rogue_status;

  rpc::ChannelOptions client = TrustingCa();
  client.tls_files.cert = pki_.client_cert;
  client.tls_files.key = pki_.client_key;
  auto channel = Channel(address, client);
  EXPECT_TRUE(Health(channel).ok());
  v1::IngestArticleResponse response;
  grpc::Status status = Ingest(channel, XinhuaCallArticle(), &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(services->StoredArticles(), 1);
}

TEST_F(SecurityTest, IngestNeedsTheBearerTokenHealthDoesNot) {
  Config config = Tls();
  config.ingest_token = "s3cret-token";
  auto services = Start(config);
  ASSERT_NE(services, nullptr);
  const std::string address = services->ingest_address();
  v1::IngestArticleResponse response;

  grpc::Status missing = Ingest(Channel(address, TrustingCa()), XinhuaCallArticle(), &response);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(missing.error_message().find("authorization: missing"), std::string::npos)
      << missing.error_message();
  EXPECT_NE(missing.error_message().find("--token-file"), std::string::npos);

  rpc::ChannelOptions wrong = TrustingCa();
  wrong.bearer_token = "s3cret-tokem";
  grpc::Status rejected = Ingest(Channel(address, wrong), XinhuaCallArticle(), &response);
  EXPECT_EQ(rejected.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(rejected.error_message().find("not accepted"), std::string::npos);

  // The bulk stream and the dry run are guarded too.
  {
    auto stub = v1::IngestService::NewStub(Channel(address, wrong));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    auto stream = stub->IngestArticles(&context);
    v1::IngestArticleRequest request;
    request.mutable_article()->set_text(WashingtonCallArticle());
    stream->Write(request);
    stream->WritesDone();
    v1::IngestArticleResponse ignored;
    EXPECT_FALSE(stream->Read(&ignored));
    EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
  {
    auto stub = v1::IngestService::NewStub(Channel(address, TrustingCa()));
    grpc::ClientContext context;
    v1::ExtractArticleRequest request;
    request.mutable_article()->set_text(XinhuaCallArticle());
    v1::ExtractArticleResponse extracted;
    EXPECT_EQ(stub->ExtractArticle(&context, request, &extracted).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  EXPECT_EQ(services->StoredArticles(), 0);

  EXPECT_TRUE(Health(Channel(address, TrustingCa())).ok()) << "health must stay open";

  rpc::ChannelOptions right = TrustingCa();
  right.bearer_token = "s3cret-token";
  grpc::Status accepted = Ingest(Channel(address, right), XinhuaCallArticle(), &response);
  EXPECT_TRUE(accepted.ok()) << accepted.error_message();
  // The query service was not given a token: still open.
  EXPECT_EQ(services->StoredArticles(), 1);
}

TEST_F(SecurityTest, QueryServiceNeedsATokenOnlyWhenConfigured) {
  Config config;
  config.query_token = "query-token";
  auto services = Start(config);
  ASSERT_NE(services, nullptr);
  v1::ListCallsRequest request;
  v1::ListCallsResponse response;
  {
    grpc::ClientContext context;
    grpc::Status status = services->QueryStub("")->ListCalls(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  }
  {
    grpc::ClientContext context;
    grpc::Status status =
        services->QueryStub("query-token")->ListCalls(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  // The ingest service has no token configured here.
  v1::IngestArticleResponse ingested;
  EXPECT_TRUE(Ingest(rpc::MakeChannel(services->ingest_address()), XinhuaCallArticle(), &ingested)
                  .ok());
  EXPECT_TRUE(Health(rpc::MakeChannel(services->query_address())).ok());
}

// gRPC's synchronous server still runs the handler of a call the token
// check failed: the handler must return before touching the store, or every
// rejected caller costs a full database query.
TEST_F(SecurityTest, RejectedQueryCallersCostNoStoreRead) {
  Config config;
  config.query_token = "query-token";
  auto services = Start(config);
  ASSERT_NE(services, nullptr);
  v1::IngestArticleResponse ingested;
  ASSERT_TRUE(
      Ingest(rpc::MakeChannel(services->ingest_address()), XinhuaCallArticle(), &ingested).ok());
  // An accepted call reads: the counter does see the handlers' reads.
  EXPECT_EQ(services->StoredArticles("query-token"), 1);
  const int accepted_reads = services->query_store_reads();
  EXPECT_GT(accepted_reads, 0);

  const auto deadline = [] {
    return std::chrono::system_clock::now() + std::chrono::seconds(10);
  };
  for (const std::string token : {"", "wrong-token"}) {
    SCOPED_TRACE(absl::StrCat("token \"", token, "\""));
    auto stub = services->QueryStub(token);
    {
      grpc::ClientContext context;
      context.set_deadline(deadline());
      v1::ListArticlesRequest request;
      request.set_page_size(1000);
      v1::ListArticlesResponse response;
      grpc::Status status = stub->ListArticles(&context, request, &response);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
      EXPECT_EQ(response.articles_size(), 0);
    }
    {
      grpc::ClientContext context;
      context.set_deadline(deadline());
      v1::GetArticleRequest request;
      request.set_id(ingested.article_id());
      v1::Article article;
      EXPECT_EQ(stub->GetArticle(&context, request, &article).error_code(),
                grpc::StatusCode::UNAUTHENTICATED);
    }
    {
      grpc::ClientContext context;
      context.set_deadline(deadline());
      v1::ListCallsResponse calls;
      EXPECT_EQ(stub->ListCalls(&context, v1::ListCallsRequest(), &calls).error_code(),
                grpc::StatusCode::UNAUTHENTICATED);
    }
    {
      grpc::ClientContext context;
      context.set_deadline(deadline());
      auto stream = stub->WatchEvents(&context, v1::WatchEventsRequest());
      v1::WatchEventsResponse event;
      EXPECT_FALSE(stream->Read(&event));
      EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
    }
  }
  // Shutting down waits for the handlers gRPC ran for those calls.
  services->StopQueryServer();
  EXPECT_EQ(services->query_store_reads(), accepted_reads)
      << "a rejected caller's handler read the store";
}

// A proxy in front may check one authorization header and the server
// another: two headers are refused even when the first holds the token.
TEST_F(SecurityTest, TwoAuthorizationHeadersAreRejected) {
  Config config;
  config.ingest_token = "ingest-token";
  config.query_token = "query-token";
  auto services = Start(config);
  ASSERT_NE(services, nullptr);
  {
    auto stub = v1::IngestService::NewStub(rpc::MakeChannel(services->ingest_address()));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    context.AddMetadata("authorization", "Bearer ingest-token");
    context.AddMetadata("authorization", "Bearer forged");
    v1::IngestArticleRequest request;
    request.mutable_article()->set_text(XinhuaCallArticle());
    v1::IngestArticleResponse response;
    grpc::Status status = stub->IngestArticle(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
    EXPECT_NE(status.error_message().find("more than once"), std::string::npos)
        << status.error_message();
  }
  {
    auto stub = services->QueryStub("");
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    context.AddMetadata("authorization", "Bearer query-token");
    context.AddMetadata("authorization", "Bearer query-token");
    v1::ListArticlesResponse response;
    grpc::Status status = stub->ListArticles(&context, v1::ListArticlesRequest(), &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  }
  services->StopIngestServer();
  EXPECT_EQ(services->StoredArticles("query-token"), 0);
}

TEST_F(SecurityTest, OversizeMessageIsResourceExhausted) {
  Config config = Tls();
  config.ingest_token = "t";
  config.max_receive_message_bytes = 64 << 10;
  auto services = Start(config);
  ASSERT_NE(services, nullptr);
  rpc::ChannelOptions options = TrustingCa();
  options.bearer_token = "t";
  v1::IngestArticleResponse response;
  grpc::Status status =
      Ingest(Channel(services->ingest_address(), options), std::string(100 << 10, 'a'), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_EQ(services->StoredArticles(), 0);
}

// A long article: its extraction takes far longer than 1 ms on any machine.
std::string LongArticle() {
  std::string text = XinhuaCallArticle();
  while (text.size() < (900 << 10)) {
    absl::StrAppend(&text, "Officials in Beijing and Washington said talks would continue, ",
                    text.size(), ".\n");
  }
  return text;
}

TEST_F(SecurityTest, ServerCutsUnaryCallsAtItsTimeLimitWritingNothing) {
  Config config;
  config.max_unary = absl::Milliseconds(1);
  config.max_stream = absl::Seconds(60);
  auto services = Start(config);
  ASSERT_NE(services, nullptr);
  auto stub = v1::IngestService::NewStub(rpc::MakeChannel(services->ingest_address()));
  // A stream first, running under its longer limit: the limits' watchdog
  // sleeps until that one, and the unary call's sooner limit must wake it.
  grpc::ClientContext stream_context;
  auto stream = stub->IngestArticles(&stream_context);
  v1::IngestArticleRequest small;
  small.mutable_article()->set_text(XinhuaCallArticle());
  ASSERT_TRUE(stream->Write(small));
  v1::IngestArticleResponse streamed;
  ASSERT_TRUE(stream->Read(&streamed));
  EXPECT_FALSE(streamed.has_error()) << streamed.error().message();

  // No client deadline at all: only the server's limit can end the call.
  grpc::ClientContext context;
  v1::IngestArticleRequest request;
  request.mutable_article()->set_text(LongArticle());
  v1::IngestArticleResponse response;
  grpc::Status status = stub->IngestArticle(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();
  EXPECT_NE(status.error_message().find("--max-request-seconds"), std::string::npos)
      << status.error_message();
  // Streams are not subject to the unary limit: this one, far older than
  // 1 ms, ends normally.
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());

  // The client has its answer while the handler may still be extracting the
  // article: counting now would pass even if the handler committed it
  // later. Shutting the server down waits for the handler to return.
  services->StopIngestServer();
  EXPECT_EQ(services->StoredArticles(), 1) << "only the stream's article may be stored";
}

TEST_F(SecurityTest, ServerCutsStreamsAtTheirOwnLimit) {
  Config config;
  config.max_stream = absl::Milliseconds(200);
  auto services = Start(config);
  ASSERT_NE(services, nullptr);
  auto stub = v1::IngestService::NewStub(rpc::MakeChannel(services->ingest_address()));
  grpc::ClientContext context;
  // Far later than the server's limit; only there so a failure cannot hang.
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  auto stream = stub->IngestArticles(&context);
  // Held open, sending nothing: the server must end it.
  v1::IngestArticleResponse response;
  EXPECT_FALSE(stream->Read(&response));
  grpc::Status status = stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();
  EXPECT_NE(status.error_message().find("--max-stream-seconds"), std::string::npos);
}

TEST_F(SecurityTest, UnusableFilesAreRejectedNamingTheFlag) {
  rpc::ServerTlsFiles files;
  files.cert = dir_.path() + "/none.pem";
  files.key = pki_.server_key;
  auto missing = rpc::MakeServerCredentials(files);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("--tls-cert"), std::string::npos);
  files.cert = pki_.server_cert;
  files.key = pki_.client_key;
  auto mismatched = rpc::MakeServerCredentials(files);
  ASSERT_FALSE(mismatched.ok());
  EXPECT_NE(mismatched.status().message().find("--tls-key"), std::string::npos);
  rpc::ClientTlsFiles client;
  client.ca = pki_.server_key;
  auto not_pem = rpc::MakeClientCredentials(client);
  ASSERT_FALSE(not_pem.ok());
  EXPECT_NE(not_pem.status().message().find("--tls-ca"), std::string::npos);
}

// --- The binaries, configured through flags and the environment. ---

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// A service binary (PARLEY_INGEST_BIN, PARLEY_QUERY_BIN) as a child, its
// environment extended by `env`, its log (stdout and stderr) in `log`;
// stopped with SIGTERM when destroyed.
std::unique_ptr<ChildProcess> StartService(const char* binary,
                                           std::vector<std::pair<std::string, std::string>> env,
                                           const std::vector<std::string>& args,
                                           const std::string& log) {
  ChildProcess::Options options;
  options.argv = {binary};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.env = std::move(env);
  options.log_path = log;
  options.stop_signal = SIGTERM;
  return std::make_unique<ChildProcess>(std::move(options));
}

// Runs a shell command line; returns its exit code, output in `output`.
int Shell(const std::string& command, const std::string& out_path, std::string* output) {
  int rc = std::system(absl::StrCat(command, " >", out_path, " 2>&1").c_str());
  *output = ReadFile(out_path);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

TEST_F(SecurityTest, BinariesWireUpTlsAndTokenFromFlagsAndEnvironment) {
  const std::string token_file = dir_.path() + "/token";
  WriteFile(token_file, "binary-token\n");  // As `echo` writes it.
  const std::string article = dir_.path() + "/a1.txt";
  WriteFile(article, XinhuaCallArticle());
  auto server = StartService(PARLEY_INGEST_BIN,
                             {{"PARLEY_TLS_CERT", pki_.server_cert},
                              {"PARLEY_TLS_KEY", pki_.server_key},
                              {"PARLEY_TLS_CLIENT_CA", pki_.ca},
                              {"PARLEY_AUTH_TOKEN_FILE", token_file}},
                             {"--listen", "127.0.0.1:0", "--db", dir_.path() + "/bin.db"},
                             dir_.path() + "/ingest.log");
  const std::string address = server->WaitForAddress();
  ASSERT_FALSE(address.empty()) << server->Log();
  EXPECT_NE(server->Log().find("tls=mutual token=required"), std::string::npos) << server->Log();

  const std::string cli = absl::StrCat("env -u PARLEY_AUTH_TOKEN -u PARLEY_AUTH_TOKEN_FILE ",
                                       PARLEY_CLI_BIN);
  const std::string tls = absl::StrCat(" --addr ", address, " --tls-ca ", pki_.ca,
                                       " --tls-cert ", pki_.client_cert, " --tls-key ",
                                       pki_.client_key);
  const std::string out = dir_.path() + "/cli.out";
  std::string output;
  EXPECT_EQ(Shell(absl::StrCat(cli, " health", tls), out, &output), 0) << output;
  EXPECT_NE(output.find("SERVING"), std::string::npos) << output;

  EXPECT_NE(Shell(absl::StrCat(cli, " ingest", tls, " ", article), out, &output), 0) << output;
  EXPECT_NE(output.find("UNAUTHENTICATED"), std::string::npos) << output;

  EXPECT_EQ(Shell(absl::StrCat(cli, " ingest", tls, " --token-file ", token_file, " ", article),
                  out, &output),
            0)
      << output;
  EXPECT_NE(output.find("ingested 1"), std::string::npos) << output;

  // The same through the environment, as a container would run it.
  EXPECT_EQ(Shell(absl::StrCat("PARLEY_AUTH_TOKEN=binary-token PARLEY_TLS_CA=", pki_.ca,
                               " PARLEY_TLS_CLIENT_CERT=", pki_.client_cert,
                               " PARLEY_TLS_CLIENT_KEY=", pki_.client_key, " ", PARLEY_CLI_BIN,
                               " ingest --addr ", address, " ", article),
                  out, &output),
            0)
      << output;
  EXPECT_NE(output.find("duplicates 1"), std::string::npos) << output;

  // Plaintext to the TLS port fails.
  EXPECT_NE(Shell(absl::StrCat(cli, " health --addr ", address), out, &output), 0) << output;
  // Mutual TLS: trusting the server but showing no certificate fails too
  // (health is open to any token, so only the missing certificate can).
  EXPECT_NE(Shell(absl::StrCat(cli, " health --addr ", address, " --tls-ca ", pki_.ca), out,
                  &output),
            0)
      << "a client without a certificate got through: " << output;
}

// parley-query as a container runs it: mutual TLS and the token itself
// (PARLEY_AUTH_TOKEN) from the environment, queried with the real CLI.
TEST_F(SecurityTest, QueryBinaryWiresUpMutualTlsAndTokenFromEnvironment) {
  const std::string token_file = dir_.path() + "/query-token";
  WriteFile(token_file, "query-binary-token\n");
  auto server = StartService(
      PARLEY_QUERY_BIN,
      {{"PARLEY_TLS_CERT", pki_.server_cert},
       {"PARLEY_TLS_KEY", pki_.server_key},
       {"PARLEY_TLS_CLIENT_CA", pki_.ca},
       {"PARLEY_AUTH_TOKEN", "query-binary-token"}},
      {"--listen", "127.0.0.1:0", "--db", dir_.path() + "/query.db", "--read-only", "false"},
      dir_.path() + "/query.log");
  const std::string address = server->WaitForAddress();
  ASSERT_FALSE(address.empty()) << server->Log();
  EXPECT_NE(server->Log().find("server=parley-query tls=mutual token=required"), std::string::npos)
      << server->Log();

  const std::string cli = absl::StrCat("env -u PARLEY_AUTH_TOKEN -u PARLEY_AUTH_TOKEN_FILE ",
                                       PARLEY_CLI_BIN);
  const std::string ca_only = absl::StrCat(" --addr ", address, " --tls-ca ", pki_.ca);
  const std::string with_cert =
      absl::StrCat(ca_only, " --tls-cert ", pki_.client_cert, " --tls-key ", pki_.client_key);
  const std::string token = absl::StrCat(" --token-file ", token_file);
  const std::string out = dir_.path() + "/cli.out";
  std::string output;

  EXPECT_NE(Shell(absl::StrCat(cli, " articles --addr ", address, token), out, &output), 0)
      << "plaintext got through: " << output;
  EXPECT_NE(Shell(absl::StrCat(cli, " articles", ca_only, token), out, &output), 0)
      << "no client certificate got through: " << output;
  EXPECT_NE(Shell(absl::StrCat(cli, " health", ca_only), out, &output), 0)
      << "no client certificate got through: " << output;

  EXPECT_NE(Shell(absl::StrCat(cli, " articles", with_cert), out, &output), 0) << output;
  EXPECT_NE(output.find("UNAUTHENTICATED"), std::string::npos) << output;

  EXPECT_EQ(Shell(absl::StrCat(cli, " articles --format json", with_cert, token), out, &output),
            0)
      << output;
  EXPECT_EQ(Shell(absl::StrCat(cli, " health", with_cert), out, &output), 0)
      << "health must stay open to a caller without the token: " << output;
  EXPECT_EQ(server->Stop(), 0) << server->Log();
}

// --max-request-seconds through its variable: the real binary cuts a unary
// call that outlives it, says which flag did, and stores nothing.
TEST_F(SecurityTest, IngestBinaryCutsUnaryCallsAtPARLEY_MAX_REQUEST_SECONDS) {
  const std::string db = dir_.path() + "/limited.db";
  auto server = StartService(PARLEY_INGEST_BIN, {{"PARLEY_MAX_REQUEST_SECONDS", "0.001"}},
                             {"--listen", "127.0.0.1:0", "--db", db}, dir_.path() + "/limited.log");
  const std::string address = server->WaitForAddress();
  ASSERT_FALSE(address.empty()) << server->Log();

  v1::IngestArticleResponse response;
  grpc::Status status = Ingest(rpc::MakeChannel(address), LongArticle(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();
  EXPECT_NE(status.error_message().find("--max-request-seconds"), std::string::npos)
      << status.error_message();

  // SIGTERM lets the handler finish before the process exits: after that the
  // file holds whatever it was going to write.
  EXPECT_EQ(server->Stop(), 0) << server->Log();
  store::StoreOptions options;
  options.location = db;
  options.read_only = true;
  auto stored = store::Open(options);
  ASSERT_TRUE(stored.ok()) << stored.status();
  store::PageRequest page;
  page.page_size = 100;
  auto articles = (*stored)->ListArticles(store::ArticleFilter(), page);
  ASSERT_TRUE(articles.ok()) << articles.status();
  EXPECT_EQ(articles->items.size(), 0u) << "the cut call stored its article";
}

// An unfilled Secret or template (the variable set, its value empty) must
// stop the service, not start it with authentication off.
TEST_F(SecurityTest, BinaryRefusesToStartWithAnEmptyTokenVariable) {
  for (const char* variable : {"PARLEY_AUTH_TOKEN", "PARLEY_AUTH_TOKEN_FILE"}) {
    for (const char* binary : {PARLEY_INGEST_BIN, PARLEY_QUERY_BIN}) {
      SCOPED_TRACE(absl::StrCat(binary, " with ", variable, "=\"\""));
      const std::string log = absl::StrCat(dir_.path(), "/empty-", variable, ".log");
      std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--db",
                                       dir_.path() + "/empty.db"};
      if (binary == std::string(PARLEY_QUERY_BIN)) {
        args.insert(args.end(), {"--read-only", "false"});
      }
      auto server = StartService(binary, {{variable, ""}}, args, log);
      // Stopped when it listens, so that a regression fails rather than hangs.
      if (std::string address = server->WaitForAddress(); !address.empty()) {
        ADD_FAILURE() << "listening at " << address << " without a token:\n" << server->Log();
        server->Stop();
        continue;
      }
      int status = server->Wait();
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 0) << status;
      EXPECT_NE(server->Log().find(absl::StrCat(variable, " is set but empty")), std::string::npos)
          << server->Log();
    }
  }
}

TEST_F(SecurityTest, BinaryRefusesToStartWithAMismatchedKey) {
  auto server = StartService(PARLEY_INGEST_BIN, {},
                             {"--listen", "127.0.0.1:0", "--db", dir_.path() + "/bad.db",
                              "--tls-cert", pki_.server_cert, "--tls-key", pki_.client_key},
                             dir_.path() + "/bad.log");
  if (std::string address = server->WaitForAddress(); !address.empty()) {
    server->Stop();  // So that a regression fails rather than hangs.
    FAIL() << "listening at " << address << " with a mismatched key:\n" << server->Log();
  }
  int status = server->Wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 0) << status;
  EXPECT_NE(server->Log().find("--tls-key"), std::string::npos) << server->Log();
}

}  // namespace
}  // namespace parley::testing
