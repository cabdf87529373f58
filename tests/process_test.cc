// The real parley-ingest binary as a child process: acknowledged articles
// survive kill -9, and SIGTERM drains in-flight work and exits cleanly.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <memory>
#include <thread>

#include "child_process.h"
#include "gtest/gtest.h"
#include "parley/rpc/health_client.h"
#include "parley/store/store.h"
#include "service_harness.h"

namespace parley::testing {
namespace {

// A parley-ingest child on a free port, its log in `log_path`.
std::unique_ptr<ChildProcess> StartIngest(const std::string& db, const std::string& log_path) {
  ChildProcess::Options options;
  options.argv = {PARLEY_INGEST_BIN,  "--listen", "127.0.0.1:0", "--db", db,
                  "--shutdown-grace", "10"};
  options.log_path = log_path;
  return std::make_unique<ChildProcess>(std::move(options));
}

// Streams `n` articles numbered from `first`; returns the acknowledged ids.
std::vector<int64_t> StreamArticles(const std::string& address, int first, int n,
                                    const std::function<void(int)>& after_ack = nullptr) {
  auto stub = v1::IngestService::NewStub(rpc::MakeChannel(address));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto stream = stub->IngestArticles(&context);
  std::thread writer([&] {
    for (int i = 0; i < n; ++i) {
      v1::IngestArticleRequest request;
      request.mutable_article()->set_text(QuoteArticle(first + i));
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
  });
  std::vector<int64_t> acked;
  v1::IngestArticleResponse response;
  while (stream->Read(&response)) {
    if (!response.has_error()) acked.push_back(response.article_id());
    if (after_ack) after_ack(static_cast<int>(acked.size()));
  }
  writer.join();
  EXPECT_TRUE(stream->Finish().ok());
  return acked;
}

std::string IntegrityCheck(const std::string& db) {
  sqlite3* conn = nullptr;
  std::string result = "cannot open";
  if (sqlite3_open_v2(db.c_str(), &conn, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(conn, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(conn);
  return result;
}

void ExpectStored(const std::string& db, const std::vector<int64_t>& ids) {
  store::StoreOptions options;
  options.location = db;
  options.read_only = true;
  auto s = store::Open(options);
  ASSERT_TRUE(s.ok()) << s.status();
  for (int64_t id : ids) {
    auto article = (*s)->GetArticle(id);
    EXPECT_TRUE(article.ok()) << "acknowledged article " << id << ": " << article.status();
    if (article.ok()) {
      EXPECT_EQ(article->quote_count, 1);
    }
  }
}

TEST(ProcessTest, AcknowledgedArticlesSurviveKillNine) {
  TempDir dir;
  const std::string db = dir.path() + "/parley.db";
  std::vector<int64_t> acked;
  {
    auto first = StartIngest(db, dir.path() + "/first.log");
    std::string address = first->WaitForAddress();
    ASSERT_FALSE(address.empty()) << first->Log();
    acked = StreamArticles(address, 0, 30);
    ASSERT_EQ(acked.size(), 30u);
    first->Signal(SIGKILL);
    int status = first->Wait();
    EXPECT_TRUE(WIFSIGNALED(status));
  }
  auto second = StartIngest(db, dir.path() + "/second.log");
  std::string address = second->WaitForAddress();
  ASSERT_FALSE(address.empty()) << second->Log();
  // The restarted service still knows them: re-sending is a duplicate.
  auto stub = v1::IngestService::NewStub(rpc::MakeChannel(address));
  grpc::ClientContext context;
  v1::IngestArticleRequest request;
  request.mutable_article()->set_text(QuoteArticle(0));
  v1::IngestArticleResponse response;
  ASSERT_TRUE(stub->IngestArticle(&context, request, &response).ok());
  EXPECT_TRUE(response.duplicate());
  EXPECT_EQ(response.article_id(), acked[0]);
  ExpectStored(db, acked);
  EXPECT_EQ(IntegrityCheck(db), "ok");
}

TEST(ProcessTest, SigtermDrainsInFlightWorkAndExitsCleanly) {
  TempDir dir;
  const std::string db = dir.path() + "/parley.db";
  auto process = StartIngest(db, dir.path() + "/ingest.log");
  std::string address = process->WaitForAddress();
  ASSERT_FALSE(address.empty()) << process->Log();
  ASSERT_TRUE(rpc::WaitUntilServing(rpc::MakeChannel(address).get(), "", absl::Seconds(10)).ok());
  // SIGTERM once the first article is acknowledged: the open stream must
  // still be served to its end.
  bool signalled = false;
  std::vector<int64_t> acked = StreamArticles(address, 500, 40, [&](int n) {
    if (n == 1 && !signalled) {
      process->Signal(SIGTERM);
      signalled = true;
    }
  });
  EXPECT_TRUE(signalled);
  EXPECT_EQ(acked.size(), 40u);
  int status = process->Wait();
  ASSERT_TRUE(WIFEXITED(status)) << process->Log();
  EXPECT_EQ(WEXITSTATUS(status), 0) << process->Log();
  EXPECT_NE(process->Log().find("store closed"), std::string::npos);
  ExpectStored(db, acked);
  EXPECT_EQ(IntegrityCheck(db), "ok");
}

}  // namespace
}  // namespace parley::testing
