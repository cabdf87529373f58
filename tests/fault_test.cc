// Faults at the process level, with the real binaries: `parley-ingest` is
// kill -9'd again and again while client threads stream and send articles,
// with a `parley-query` process reading the same SQLite file throughout; and
// the disk under both fills up. What must hold: every acknowledged article is
// in the store afterwards, also when a power cut has taken the WAL index (the
// -shm) with it; PRAGMA integrity_check says ok; the query process never
// fails a call; and a full disk is a clear gRPC status, unary or streamed,
// not a crash, a partly stored article or a corrupt file.
#include <signal.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "child_process.h"
#include "gtest/gtest.h"
#include "parley/rpc/health_client.h"
#include "parley/store/store.h"
#include "service_harness.h"

namespace parley::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;
using std::chrono::system_clock;

// `binary` (a Parley service) on a free port over `db`, its log in `log`.
std::unique_ptr<ChildProcess> StartService(const char* binary, const std::string& db,
                                           const std::string& log) {
  ChildProcess::Options options;
  options.argv = {binary, "--listen", "127.0.0.1:0", "--db", db, "--shutdown-grace", "2"};
  options.log_path = log;
  return std::make_unique<ChildProcess>(std::move(options));
}

std::unique_ptr<ChildProcess> StartIngest(const std::string& db, const std::string& log) {
  return StartService(PARLEY_INGEST_BIN, db, log);
}

std::unique_ptr<ChildProcess> StartQuery(const std::string& db, const std::string& log) {
  return StartService(PARLEY_QUERY_BIN, db, log);
}

std::string IntegrityCheck(const std::string& db) {
  sqlite3* conn = nullptr;
  std::string result = "cannot open";
  if (sqlite3_open_v2(db.c_str(), &conn, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(conn, 10000);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(conn, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    } else {
      result = sqlite3_errmsg(conn);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(conn);
  return result;
}

// Checks that every acknowledged article (text index -> id) is in the store
// at `db`, opened afresh, whole with its one quote.
void ExpectAcknowledgedStored(const std::string& db, const std::map<int, int64_t>& acked) {
  store::StoreOptions options;
  options.location = db;
  options.read_only = true;
  auto s = store::Open(options);
  ASSERT_TRUE(s.ok()) << s.status();
  int missing = 0;
  for (const auto& [index, id] : acked) {
    auto article = (*s)->GetArticle(id);
    if (!article.ok() || article->input.text != QuoteArticle(index) || article->quote_count != 1) {
      if (++missing <= 5) {
        ADD_FAILURE() << "acknowledged article " << index << " (id " << id << "): "
                      << (article.ok() ? absl::StrCat("text or quotes differ, ",
                                                      article->quote_count, " quotes")
                                       : article.status().ToString());
      }
    }
  }
  EXPECT_EQ(missing, 0) << "of " << acked.size() << " acknowledged";
}

// The ingest service's current address, which changes on every restart
// (port 0), and a channel to it.
class IngestTarget {
 public:
  void Set(const std::string& address) {
    std::lock_guard<std::mutex> lock(mu_);
    stub_ = v1::IngestService::NewStub(rpc::MakeChannel(address));
  }
  std::shared_ptr<v1::IngestService::Stub> stub() {
    std::lock_guard<std::mutex> lock(mu_);
    return stub_;
  }

 private:
  std::mutex mu_;
  std::shared_ptr<v1::IngestService::Stub> stub_;  // Guarded by mu_.
};

// Acknowledged articles: text index -> article id.
class Acks {
 public:
  void Add(int index, int64_t id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto [it, inserted] = ids_.emplace(index, id);
    if (!inserted && it->second != id) {
      conflicts_.push_back(absl::StrCat("article ", index, " acked as ", it->second, " and ", id));
    }
    last_ = id;
  }
  std::map<int, int64_t> ids() {
    std::lock_guard<std::mutex> lock(mu_);
    return ids_;
  }
  std::vector<std::string> conflicts() {
    std::lock_guard<std::mutex> lock(mu_);
    return conflicts_;
  }
  size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return ids_.size();
  }
  int64_t last() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_;
  }

 private:
  std::mutex mu_;
  std::map<int, int64_t> ids_;          // Guarded by mu_.
  std::vector<std::string> conflicts_;  // Guarded by mu_.
  int64_t last_ = 0;                    // Guarded by mu_.
};

// Unary writer: sends article `next`, `next + stride`, ...; a failed call is
// retried with the same text (after a crash it may already be stored: then
// the answer is a duplicate with the same id).
void UnaryWriter(IngestTarget& target, Acks& acks, std::atomic<bool>& stop, int first,
                 int stride, std::atomic<int>& failures) {
  for (int index = first; !stop;) {
    auto stub = target.stub();
    grpc::ClientContext context;
    context.set_deadline(system_clock::now() + seconds(5));
    v1::IngestArticleRequest request;
    request.mutable_article()->set_text(QuoteArticle(index));
    v1::IngestArticleResponse response;
    if (stub->IngestArticle(&context, request, &response).ok()) {
      acks.Add(index, response.article_id());
      index += stride;
    } else {
      ++failures;
      std::this_thread::sleep_for(milliseconds(10));
    }
  }
}

// Streaming writer: batches of 8 articles on one IngestArticles stream each;
// a response is an ack only for its own request_id, and articles of a
// broken stream are simply not acknowledged.
void StreamWriter(IngestTarget& target, Acks& acks, std::atomic<bool>& stop, int first,
                  int stride, std::atomic<int>& failures) {
  for (int index = first; !stop;) {
    auto stub = target.stub();
    grpc::ClientContext context;
    context.set_deadline(system_clock::now() + seconds(5));
    auto stream = stub->IngestArticles(&context);
    for (int i = 0; i < 8; ++i, index += stride) {
      v1::IngestArticleRequest request;
      request.set_request_id(std::to_string(index));
      request.mutable_article()->set_text(QuoteArticle(index));
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
    v1::IngestArticleResponse response;
    while (stream->Read(&response)) {
      if (!response.has_error()) acks.Add(std::stoi(response.request_id()), response.article_id());
    }
    if (!stream->Finish().ok()) {
      ++failures;
      std::this_thread::sleep_for(milliseconds(10));
    }
  }
}

// Reads through the query process without pause: a page of quotes, the last
// acknowledged article (committed, so it must be visible), and health.
void QueryReader(const std::string& address, Acks& acks, std::atomic<bool>& stop,
                 std::atomic<int>& calls, std::vector<std::string>& failures,
                 std::mutex& failures_mu) {
  auto channel = rpc::MakeChannel(address);
  auto stub = v1::QueryService::NewStub(channel);
  auto fail = [&](const std::string& what) {
    std::lock_guard<std::mutex> lock(failures_mu);
    failures.push_back(what);
  };
  while (!stop) {
    {
      grpc::ClientContext context;
      context.set_deadline(system_clock::now() + seconds(10));
      v1::ListQuotesRequest request;
      request.set_page_size(5);
      v1::ListQuotesResponse response;
      grpc::Status status = stub->ListQuotes(&context, request, &response);
      if (!status.ok()) fail("ListQuotes: " + status.error_message());
    }
    if (int64_t id = acks.last(); id > 0) {
      grpc::ClientContext context;
      context.set_deadline(system_clock::now() + seconds(10));
      v1::GetArticleRequest request;
      request.set_id(id);
      v1::Article article;
      grpc::Status status = stub->GetArticle(&context, request, &article);
      if (!status.ok()) fail(absl::StrCat("GetArticle ", id, ": ", status.error_message()));
    }
    absl::Status health = rpc::CheckServing(channel.get(), "", absl::Seconds(10));
    if (!health.ok()) fail("health: " + std::string(health.message()));
    calls += 3;
  }
}

TEST(FaultTest, KillNineUnderLoadLosesNoAcknowledgedArticle) {
  TempDir dir;
  const std::string db = dir.path() + "/parley.db";
  const unsigned seed = std::random_device()();
  std::mt19937 random(seed);
  SCOPED_TRACE(absl::StrCat("random seed ", seed));

  std::unique_ptr<ChildProcess> ingest = StartIngest(db, dir.path() + "/ingest-0.log");
  std::string ingest_address = ingest->WaitForAddress();
  ASSERT_FALSE(ingest_address.empty()) << ingest->Log();
  std::unique_ptr<ChildProcess> query = StartQuery(db, dir.path() + "/query.log");
  std::string query_address = query->WaitForAddress();
  ASSERT_FALSE(query_address.empty()) << query->Log();

  IngestTarget target;
  target.Set(ingest_address);
  Acks acks;
  std::atomic<bool> stop_writers{false}, stop_readers{false};
  std::atomic<int> write_failures{0}, query_calls{0};
  std::vector<std::string> query_failures;
  std::mutex query_failures_mu;
  constexpr int kUnary = 2, kStreams = 2, kWriters = kUnary + kStreams;
  std::vector<std::thread> writers, readers;
  for (int w = 0; w < kUnary; ++w) {
    writers.emplace_back(UnaryWriter, std::ref(target), std::ref(acks), std::ref(stop_writers),
                         w, kWriters, std::ref(write_failures));
  }
  for (int w = kUnary; w < kWriters; ++w) {
    writers.emplace_back(StreamWriter, std::ref(target), std::ref(acks), std::ref(stop_writers),
                         w, kWriters, std::ref(write_failures));
  }
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back(QueryReader, query_address, std::ref(acks), std::ref(stop_readers),
                         std::ref(query_calls), std::ref(query_failures),
                         std::ref(query_failures_mu));
  }

  constexpr int kKills = 5;
  int kills = 0;
  for (; kills < kKills; ++kills) {
    // Wait until this incarnation has acknowledged something (so the kill
    // lands under load), then a random moment more.
    size_t before = acks.size();
    const auto give_up = steady_clock::now() + seconds(20);
    while (acks.size() < before + 5 && steady_clock::now() < give_up) {
      std::this_thread::sleep_for(milliseconds(5));
    }
    ASSERT_GE(acks.size(), before + 5) << "no progress after restart " << kills << "\n"
                                       << ingest->Log();
    std::this_thread::sleep_for(milliseconds(std::uniform_int_distribution<>(0, 400)(random)));
    ingest->Signal(SIGKILL);
    int status = ingest->Wait();
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << ingest->Log();
    ingest = StartIngest(db, absl::StrCat(dir.path(), "/ingest-", kills + 1, ".log"));
    ingest_address = ingest->WaitForAddress();
    ASSERT_FALSE(ingest_address.empty()) << ingest->Log();
    target.Set(ingest_address);
  }
  // A last stretch of load on the final incarnation, then stop.
  size_t before = acks.size();
  const auto give_up = steady_clock::now() + seconds(20);
  while (acks.size() < before + 5 && steady_clock::now() < give_up) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  stop_writers = true;
  for (std::thread& t : writers) t.join();
  stop_readers = true;
  for (std::thread& t : readers) t.join();

  EXPECT_EQ(kills, kKills);
  EXPECT_GT(acks.size(), 40u);
  EXPECT_TRUE(acks.conflicts().empty()) << acks.conflicts().front();
  EXPECT_GT(query_calls.load(), 0);
  EXPECT_TRUE(query_failures.empty())
      << query_failures.size() << " query calls failed, first: " << query_failures.front()
      << "\n" << query->Log();
  RecordProperty("acknowledged", static_cast<int>(acks.size()));
  RecordProperty("write_failures", write_failures.load());
  RecordProperty("query_calls", query_calls.load());

  // Every acknowledged article, read back through the query process that
  // lived through all the crashes, is there whole with its quote.
  auto query_stub = v1::QueryService::NewStub(rpc::MakeChannel(query_address));
  int missing = 0;
  for (const auto& [index, id] : acks.ids()) {
    grpc::ClientContext context;
    context.set_deadline(system_clock::now() + seconds(10));
    v1::GetArticleRequest request;
    request.set_id(id);
    v1::Article article;
    grpc::Status status = query_stub->GetArticle(&context, request, &article);
    if (!status.ok() || article.text() != QuoteArticle(index) || article.quote_count() != 1) {
      if (++missing <= 5) {
        ADD_FAILURE() << "acknowledged article " << index << " (id " << id
                      << "): " << status.error_message() << " quotes " << article.quote_count();
      }
    }
  }
  EXPECT_EQ(missing, 0);
  // No acknowledged article counted twice or lost from the listing (texts
  // sent but never acknowledged may or may not be there).
  size_t stored = 0;
  v1::ListArticlesRequest list;
  list.set_page_size(1000);
  do {
    grpc::ClientContext context;
    v1::ListArticlesResponse page;
    grpc::Status status = query_stub->ListArticles(&context, list, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    stored += static_cast<size_t>(page.articles_size());
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  EXPECT_GE(stored, acks.size());

  // Then a power cut: both processes die at once, and what is on disk is
  // the database and its -wal; the -shm (the WAL index, shared memory) is
  // gone. Up to here the query process held the -shm, so every restarted
  // ingest process reused that index and SQLite never rebuilt it from the
  // -wal. A fresh open of the two files alone must rebuild it from the
  // -wal's checksummed frames, find the file sound and every acknowledged
  // article in it.
  ingest->Signal(SIGKILL);
  ingest->Wait();
  query->Signal(SIGKILL);
  int status = query->Wait();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << query->Log();
  const std::string recovered = dir.path() + "/after-power-cut/parley.db";
  std::filesystem::create_directories(dir.path() + "/after-power-cut");
  ASSERT_TRUE(std::filesystem::exists(db + "-wal"));
  std::filesystem::copy_file(db, recovered);
  std::filesystem::copy_file(db + "-wal", recovered + "-wal");
  ASSERT_FALSE(std::filesystem::exists(recovered + "-shm"));
  // Commits since the last checkpoint are in the -wal only (kill -9 skips
  // the checkpoint at close): without it there is nothing to recover.
  EXPECT_GT(std::filesystem::file_size(recovered + "-wal"), 0u);
  EXPECT_EQ(IntegrityCheck(recovered), "ok");  // The first connection: it rebuilds the index.
  ExpectAcknowledgedStored(recovered, acks.ids());
}

// A disk that fills up under the services. Mounting a tmpfs needs root (CI
// runs as root); elsewhere the test skips.
class TmpfsDir {
 public:
  explicit TmpfsDir(const std::string& path, const std::string& size) : path_(path) {
    std::filesystem::create_directories(path_);
    if (mount("tmpfs", path_.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0) {
      mounted_ = true;
    } else {
      error_ = strerror(errno);
    }
  }
  ~TmpfsDir() {
    if (mounted_) umount2(path_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

 private:
  std::string path_;
  bool mounted_ = false;
  std::string error_;
};

// A distinct, incompressible-ish article text of about `size` bytes.
std::string NoiseArticle(int index, size_t size) {
  std::string text = absl::StrCat("Moon Jae-in said the talks on item ", index,
                                  " would continue next week.\n");
  uint32_t x = 2463534242u + static_cast<uint32_t>(index);
  while (text.size() < size) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    text.push_back(static_cast<char>('a' + x % 26));
    if (x % 7 == 0) text.push_back(' ');
  }
  return text;
}

TEST(FaultTest, FullDiskIsAClearStatusAndCorruptsNothing) {
  TempDir dir;
  const std::string mount_point = dir.path() + "/small";
  TmpfsDir tmpfs(mount_point, "2m");
  if (!tmpfs.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root; CI runs as root): " << tmpfs.error();
  }
  const std::string db = mount_point + "/parley.db";
  // Ballast, removed later to show the service recovers without a restart.
  const std::string ballast = mount_point + "/ballast";
  {
    std::ofstream out(ballast, std::ios::binary);
    out << std::string(256 << 10, 'b');
  }
  auto ingest = StartIngest(db, dir.path() + "/ingest.log");
  std::string ingest_address = ingest->WaitForAddress();
  ASSERT_FALSE(ingest_address.empty()) << ingest->Log();
  auto query = StartQuery(db, dir.path() + "/query.log");
  std::string query_address = query->WaitForAddress();
  ASSERT_FALSE(query_address.empty()) << query->Log();
  auto ingest_stub = v1::IngestService::NewStub(rpc::MakeChannel(ingest_address));
  auto query_stub = v1::QueryService::NewStub(rpc::MakeChannel(query_address));

  auto ingest_one = [&](int index, v1::IngestArticleResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(system_clock::now() + seconds(20));
    v1::IngestArticleRequest request;
    request.mutable_article()->set_text(NoiseArticle(index, 16 << 10));
    return ingest_stub->IngestArticle(&context, request, response);
  };
  std::map<int, int64_t> acked;
  grpc::Status failure;
  int index = 0;
  for (; index < 400 && failure.ok(); ++index) {
    v1::IngestArticleResponse response;
    grpc::Status status = ingest_one(index, &response);
    if (status.ok()) {
      acked[index] = response.article_id();
    } else {
      failure = status;
    }
  }
  ASSERT_FALSE(failure.ok()) << "the disk never filled";
  RecordProperty("full_disk_status", absl::StrCat(failure.error_code(), " after ", acked.size(),
                                                  " articles: ", failure.error_message()));
  EXPECT_TRUE(failure.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED ||
              failure.error_code() == grpc::StatusCode::UNAVAILABLE)
      << failure.error_code() << " " << failure.error_message();
  ASSERT_FALSE(acked.empty());
  // Again, and in a stream: the same clear status, the process still up.
  {
    v1::IngestArticleResponse response;
    grpc::Status again = ingest_one(index++, &response);
    EXPECT_EQ(again.error_code(), failure.error_code()) << again.error_message();
  }
  {
    // A few articles, so they meet the full disk together in one commit;
    // each is refused in its own response and the stream itself ends well.
    constexpr int kStreamed = 3;
    grpc::ClientContext context;
    context.set_deadline(system_clock::now() + seconds(20));
    auto stream = ingest_stub->IngestArticles(&context);
    const int first = index;
    for (int i = 0; i < kStreamed; ++i, ++index) {
      v1::IngestArticleRequest request;
      request.set_request_id(std::to_string(index));
      request.mutable_article()->set_text(NoiseArticle(index, 16 << 10));
      EXPECT_TRUE(stream->Write(request)) << "stream broken at article " << i;
    }
    stream->WritesDone();
    int responses = 0;
    v1::IngestArticleResponse response;
    while (stream->Read(&response)) {
      EXPECT_EQ(response.request_id(), std::to_string(first + responses));
      ++responses;
      if (!response.has_error()) {
        acked[std::stoi(response.request_id())] = response.article_id();
        ADD_FAILURE() << "article " << response.request_id() << " stored on a full disk";
        continue;
      }
      const auto code = static_cast<grpc::StatusCode>(response.error().code());
      EXPECT_TRUE(code == grpc::StatusCode::RESOURCE_EXHAUSTED ||
                  code == grpc::StatusCode::UNAVAILABLE)
          << "article " << response.request_id() << ": " << code << " "
          << response.error().message();
    }
    EXPECT_EQ(responses, kStreamed);
    grpc::Status finished = stream->Finish();
    EXPECT_TRUE(finished.ok()) << finished.error_code() << " " << finished.error_message();
  }
  EXPECT_TRUE(rpc::CheckServing(rpc::MakeChannel(ingest_address).get(), "", absl::Seconds(10)).ok())
      << ingest->Log();

  // The query process reads everything acknowledged, unharmed.
  auto expect_all_readable = [&] {
    for (const auto& [i, id] : acked) {
      grpc::ClientContext context;
      context.set_deadline(system_clock::now() + seconds(10));
      v1::GetArticleRequest request;
      request.set_id(id);
      v1::Article article;
      grpc::Status status = query_stub->GetArticle(&context, request, &article);
      EXPECT_TRUE(status.ok()) << "article " << i << ": " << status.error_message();
      EXPECT_EQ(article.text(), NoiseArticle(i, 16 << 10));
    }
  };
  expect_all_readable();
  // Nothing refused was stored, not even in part: the store holds exactly
  // the articles the client saw acknowledged, and the file is sound.
  auto count_stored = [&] {
    size_t stored = 0;
    v1::ListArticlesRequest list;
    list.set_page_size(1000);
    do {
      grpc::ClientContext context;
      context.set_deadline(system_clock::now() + seconds(10));
      v1::ListArticlesResponse page;
      grpc::Status status = query_stub->ListArticles(&context, list, &page);
      if (!status.ok()) {
        ADD_FAILURE() << "ListArticles: " << status.error_message();
        return stored;
      }
      stored += static_cast<size_t>(page.articles_size());
      list.set_page_token(page.next_page_token());
    } while (!list.page_token().empty());
    return stored;
  };
  EXPECT_EQ(count_stored(), acked.size());
  EXPECT_EQ(IntegrityCheck(db), "ok");

  // Space comes back: the same process stores again, no restart needed.
  std::filesystem::remove(ballast);
  {
    v1::IngestArticleResponse response;
    grpc::Status status = ingest_one(100000, &response);
    EXPECT_TRUE(status.ok()) << "after freeing space: " << status.error_message();
    if (status.ok()) acked[100000] = response.article_id();
  }
  expect_all_readable();
  EXPECT_EQ(count_stored(), acked.size());

  ingest->Signal(SIGTERM);
  int status = ingest->Wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << ingest->Log();
  EXPECT_EQ(IntegrityCheck(db), "ok");
  query->Signal(SIGTERM);
  query->Wait();
}

}  // namespace
}  // namespace parley::testing
