#include "service_harness.h"

#include <stdlib.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "parley/actors/knowledge_base.h"
#include "parley/rpc/health_client.h"

#ifdef PARLEY_HARNESS_WITH_POSTGRES
#include "parley/store/postgres_store.h"
#include "store_postgres/pg_test_util.h"
#endif

namespace parley::testing {

TempDir::TempDir() {
  const char* base = getenv("TEST_TMPDIR");
  std::string pattern = absl::StrCat(base != nullptr ? base : "/tmp", "/parley_test_XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed for " << pattern;
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

const extract::Extractor& SharedExtractor() {
  static const extract::Extractor* extractor = [] {
    auto kb = actors::KnowledgeBase::LoadEmbedded();
    if (!kb.ok()) {
      ADD_FAILURE() << kb.status();
      abort();
    }
    auto* owned_kb = kb->release();  // Lives for the whole test process.
    auto engine = extract::Extractor::Create(owned_kb);
    if (!engine.ok()) {
      ADD_FAILURE() << engine.status();
      abort();
    }
    return engine->release();
  }();
  return *extractor;
}

std::string TestStoreBackend() {
  const char* backend = getenv("PARLEY_TEST_STORE");
  return backend == nullptr || *backend == '\0' ? "sqlite" : backend;
}

namespace {

// Where this harness's store lives: a new SQLite file in `dir`, or a new
// schema on the test PostgreSQL server. Empty (with a test failure recorded)
// when the backend asked for cannot be had.
std::string NewStoreLocation(const TempDir& dir) {
  const std::string backend = TestStoreBackend();
  if (backend == "sqlite") return dir.path() + "/parley.db";
#ifdef PARLEY_HARNESS_WITH_POSTGRES
  if (backend == "postgres") {
    if (!store::pg::TestServerUri().has_value()) {
      ADD_FAILURE() << "PARLEY_TEST_STORE=postgres needs PARLEY_TEST_POSTGRES_URI: run under "
                       "scripts/with_postgres.sh";
      return "";
    }
    static const bool registered = store::RegisterPostgresStore();
    (void)registered;
    return store::pg::FreshSchemaUri();
  }
#endif
  ADD_FAILURE() << "PARLEY_TEST_STORE=" << backend
                << ": unknown or not built (sqlite, or postgres when the PostgreSQL store is "
                   "built)";
  return "";
}

}  // namespace

std::unique_ptr<ServiceHarness> ServiceHarness::Start(Options options) {
  std::unique_ptr<ServiceHarness> h(new ServiceHarness());
  h->location_ = NewStoreLocation(h->dir_);
  if (h->location_.empty()) return nullptr;
  store::StoreOptions writable;
  writable.location = h->location_;
  auto ingest_store = store::Open(writable);
  if (!ingest_store.ok()) {
    ADD_FAILURE() << "ingest store: " << ingest_store.status();
    return nullptr;
  }
  h->ingest_store_ = *std::move(ingest_store);
  store::StoreOptions read_only = writable;
  read_only.read_only = true;
  auto query_store = store::Open(read_only);
  if (!query_store.ok()) {
    ADD_FAILURE() << "query store: " << query_store.status();
    return nullptr;
  }
  h->query_store_ = *std::move(query_store);

  ingest::IngestServiceImpl::Options ingest_options;
  ingest_options.limits.max_text_bytes = options.max_text_bytes;
  h->ingest_service_ = std::make_unique<ingest::IngestServiceImpl>(
      &SharedExtractor(), h->ingest_store_.get(), ingest_options);
  query::QueryServiceImpl::Options query_options;
  query_options.watch_poll_interval = options.watch_poll;
  h->query_service_ =
      std::make_unique<query::QueryServiceImpl>(h->query_store_.get(), query_options);

  rpc::Server::Options server;
  server.name = "test-ingest";
  server.services = {{v1::IngestService::service_full_name(), h->ingest_service_.get()}};
  server.max_receive_message_bytes = static_cast<int>(options.max_text_bytes + (64 << 10));
  server.shutdown_grace = absl::Seconds(5);
  auto ingest_server = rpc::Server::Start(server);
  if (!ingest_server.ok()) {
    ADD_FAILURE() << ingest_server.status();
    return nullptr;
  }
  h->ingest_server_ = *std::move(ingest_server);
  server.name = "test-query";
  server.services = {{v1::QueryService::service_full_name(), h->query_service_.get()}};
  query::QueryServiceImpl* query_service = h->query_service_.get();
  server.before_shutdown = [query_service] { query_service->Stop(); };
  auto query_server = rpc::Server::Start(server);
  if (!query_server.ok()) {
    ADD_FAILURE() << query_server.status();
    return nullptr;
  }
  h->query_server_ = *std::move(query_server);
  h->ingest_stub_ = v1::IngestService::NewStub(rpc::MakeChannel(h->ingest_address()));
  h->query_stub_ = v1::QueryService::NewStub(rpc::MakeChannel(h->query_address()));
  return h;
}

ServiceHarness::~ServiceHarness() {
  // Servers first (they use the services and stores), then the rest.
  if (query_server_) query_server_->Shutdown();
  if (ingest_server_) ingest_server_->Shutdown();
  query_server_.reset();
  ingest_server_.reset();
}

grpc::Status ServiceHarness::Ingest(const std::string& text, v1::IngestArticleResponse* response,
                                    const std::string& external_id) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  v1::IngestArticleRequest request;
  request.mutable_article()->set_text(text);
  request.mutable_article()->set_external_id(external_id);
  return ingest_stub_->IngestArticle(&context, request, response);
}

// Items of every page of one List RPC.
template <typename Request, typename Response, typename Call>
static int CountAll(Call call) {
  Request request;
  request.set_page_size(1000);
  int n = 0;
  while (true) {
    grpc::ClientContext context;
    Response response;
    grpc::Status status = call(&context, request, &response);
    if (!status.ok()) {
      ADD_FAILURE() << status.error_message();
      return -1;
    }
    n += response.GetDescriptor() != nullptr ? response.GetReflection()->FieldSize(
                                                   response, response.GetDescriptor()->field(0))
                                             : 0;
    if (response.next_page_token().empty()) return n;
    request.set_page_token(response.next_page_token());
  }
}

StoredCounts ServiceHarness::Counts() {
  auto* q = query_stub_.get();
  StoredCounts c;
  c.articles = CountAll<v1::ListArticlesRequest, v1::ListArticlesResponse>(
      [q](auto* ctx, const auto& r, auto* out) { return q->ListArticles(ctx, r, out); });
  c.calls = CountAll<v1::ListCallsRequest, v1::ListCallsResponse>(
      [q](auto* ctx, const auto& r, auto* out) { return q->ListCalls(ctx, r, out); });
  c.quotes = CountAll<v1::ListQuotesRequest, v1::ListQuotesResponse>(
      [q](auto* ctx, const auto& r, auto* out) { return q->ListQuotes(ctx, r, out); });
  c.sanctions = CountAll<v1::ListSanctionsRequest, v1::ListSanctionsResponse>(
      [q](auto* ctx, const auto& r, auto* out) { return q->ListSanctions(ctx, r, out); });
  return c;
}

std::string XinhuaCallArticle() {
  return "BEIJING, Feb. 11, 2021 (Xinhua) -- Chinese President Xi Jinping spoke with U.S. "
         "President Joe Biden by phone on Wednesday evening.\n"
         "Xi said China and the United States should cooperate. \"We must respect each "
         "other,\" Xi said.\n"
         "The United States imposed an export ban on coal to North Korea.\n";
}

std::string WashingtonCallArticle() {
  return "WASHINGTON, Feb. 11, 2021 -- U.S. President Joe Biden held a telephone conversation "
         "with Chinese President Xi Jinping on Wednesday, the White House said.\n"
         "Biden told Xi that he was concerned about human rights.\n";
}

std::string QuoteArticle(int index) {
  return absl::StrCat("SEOUL, March 3, 2021 -- South Korean President Moon Jae-in said the "
                      "talks on item number ", index, " would continue next week.\n");
}

}  // namespace parley::testing
