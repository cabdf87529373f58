// Test harness for the integration tests: the real ingest and query
// services, each on its own loopback port (port 0), over one real store,
// with real gRPC stubs.
//
// The store is a SQLite file in a fresh temporary directory (the ingest side
// writable, the query side opened read-only, as the two processes do), or,
// when PARLEY_TEST_STORE=postgres, a fresh schema on the PostgreSQL server
// named by PARLEY_TEST_POSTGRES_URI (scripts/with_postgres.sh starts one;
// CTest runs each integration suite both ways). The same tests, unchanged,
// then hold both backends to one contract.
#ifndef PARLEY_TESTS_SERVICE_HARNESS_H_
#define PARLEY_TESTS_SERVICE_HARNESS_H_

#include <memory>
#include <string>

#include "parley/extract/extractor.h"
#include "parley/ingest_service/ingest_service.h"
#include "parley/query_service/query_service.h"
#include "parley/rpc/server_runner.h"
#include "parley/store/store.h"
#include "parley/v1/ingest_service.grpc.pb.h"
#include "parley/v1/query_service.grpc.pb.h"

namespace parley::testing {

// A fresh directory under $TEST_TMPDIR or /tmp, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The engine over the embedded knowledge base, built once per process.
const extract::Extractor& SharedExtractor();

// Which backend ServiceHarness::Start() uses: "sqlite" (the default) or
// "postgres", from PARLEY_TEST_STORE.
std::string TestStoreBackend();

// Counts of everything stored, read through the query service.
struct StoredCounts {
  int articles = 0, calls = 0, quotes = 0, sanctions = 0;
  bool operator==(const StoredCounts&) const = default;
};

class ServiceHarness {
 public:
  struct Options {
    size_t max_text_bytes = 1 << 20;
    absl::Duration watch_poll = absl::Milliseconds(100);
  };
  // Starts both services; on failure records a test failure and returns null.
  static std::unique_ptr<ServiceHarness> Start(Options options);
  static std::unique_ptr<ServiceHarness> Start() { return Start(Options()); }
  ~ServiceHarness();

  v1::IngestService::Stub& ingest() { return *ingest_stub_; }
  v1::QueryService::Stub& query() { return *query_stub_; }
  const std::string& ingest_address() const { return ingest_server_->address(); }
  const std::string& query_address() const { return query_server_->address(); }
  // The store's location: a file path, or a postgresql:// URI.
  const std::string& store_location() const { return location_; }
  rpc::Server& ingest_server() { return *ingest_server_; }
  rpc::Server& query_server() { return *query_server_; }

  // Unary IngestArticle of `text` (with an external id when not empty).
  grpc::Status Ingest(const std::string& text, v1::IngestArticleResponse* response,
                      const std::string& external_id = "");
  StoredCounts Counts();

 private:
  ServiceHarness() = default;

  TempDir dir_;
  std::string location_;
  std::unique_ptr<store::Store> ingest_store_, query_store_;
  std::unique_ptr<ingest::IngestServiceImpl> ingest_service_;
  std::unique_ptr<query::QueryServiceImpl> query_service_;
  std::unique_ptr<rpc::Server> ingest_server_, query_server_;
  std::unique_ptr<v1::IngestService::Stub> ingest_stub_;
  std::unique_ptr<v1::QueryService::Stub> query_stub_;
};

// Short articles the engine finds events in: a phone call between Xi
// Jinping and Joe Biden on 2021-02-10 (reported by both), quotes, and in
// the first a sanction.
std::string XinhuaCallArticle();
std::string WashingtonCallArticle();
// An article with one distinct quote per index (a unique text).
std::string QuoteArticle(int index);

}  // namespace parley::testing

#endif  // PARLEY_TESTS_SERVICE_HARNESS_H_
