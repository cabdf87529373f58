// Two parley-ingest and two parley-query processes (the real binaries) on one
// PostgreSQL database, as a scaled-out deployment runs them: overlapping
// corpora ingested concurrently through both ingest replicas must store every
// article and every call once, both query replicas must answer alike, a live
// stream on one query replica must see what either ingest replica wrote, and
// a database outage must be UNAVAILABLE and heal without a restart.
//
// The server comes from scripts/with_postgres.sh (PARLEY_TEST_POSTGRES_URI);
// without it every test skips. Each test gets a schema of its own.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "child_process.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parley/rpc/convert.h"
#include "parley/rpc/health_client.h"
#include "parley/v1/ingest_service.grpc.pb.h"
#include "parley/v1/query_service.grpc.pb.h"
#include "service_harness.h"
#include "store/event_keys.h"
#include "store_postgres/pg_test_util.h"

namespace parley::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::system_clock;

Clock::time_point In(int seconds) { return Clock::now() + std::chrono::seconds(seconds); }

// A service child on a free port; stopped with SIGTERM (then SIGKILL) when
// destroyed, so that it closes its PostgreSQL connections.
std::unique_ptr<ChildProcess> StartService(std::vector<std::string> argv, std::string log_path) {
  ChildProcess::Options options;
  options.argv = std::move(argv);
  options.log_path = std::move(log_path);
  options.stop_signal = SIGTERM;
  return std::make_unique<ChildProcess>(std::move(options));
}

// Restarts the server when a test that stopped it ends, whatever happened.
class ServerRestarter {
 public:
  ~ServerRestarter() {
    if (stopped_) store::pg::ServerCtl("start");
  }
  bool Stop() { return stopped_ = store::pg::ServerCtl("stop"); }
  bool Start() {
    stopped_ = !store::pg::ServerCtl("start");
    return !stopped_;
  }

 private:
  bool stopped_ = false;
};

class ReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!store::pg::TestServerUri()) GTEST_SKIP() << store::pg::kNoServerReason;
    uri_ = store::pg::FreshSchemaUri();
    // Ingest replicas first: each migrates (under a lock) and loads the
    // knowledge base, so both start against the same schema at once.
    for (int i = 0; i < 2; ++i) {
      ingest_procs_.push_back(StartService(
          {PARLEY_INGEST_BIN, "--listen", "127.0.0.1:0", "--db", uri_, "--shutdown-grace", "5"},
          absl::StrCat(dir_.path(), "/ingest", i, ".log")));
    }
    for (int i = 0; i < 2; ++i) {
      query_procs_.push_back(StartService({PARLEY_QUERY_BIN, "--listen", "127.0.0.1:0", "--db",
                                           uri_, "--watch-poll-ms", "50", "--shutdown-grace", "5"},
                                          absl::StrCat(dir_.path(), "/query", i, ".log")));
    }
    for (auto& p : ingest_procs_) {
      std::string address = p->WaitForAddress();
      ASSERT_FALSE(address.empty()) << p->Log();
      ingest_.push_back(v1::IngestService::NewStub(rpc::MakeChannel(address)));
    }
    for (auto& p : query_procs_) {
      std::string address = p->WaitForAddress();
      ASSERT_FALSE(address.empty()) << p->Log();
      query_.push_back(v1::QueryService::NewStub(rpc::MakeChannel(address)));
    }
  }

  grpc::Status Ingest(int replica, const std::string& text, v1::IngestArticleResponse* out) {
    grpc::ClientContext context;
    context.set_deadline(In(60));
    v1::IngestArticleRequest request;
    request.mutable_article()->set_text(text);
    return ingest_[replica]->IngestArticle(&context, request, out);
  }

  TempDir dir_;
  std::string uri_;
  std::vector<std::unique_ptr<ChildProcess>> ingest_procs_, query_procs_;
  std::vector<std::unique_ptr<v1::IngestService::Stub>> ingest_;
  std::vector<std::unique_ptr<v1::QueryService::Stub>> query_;
};

// ---- The corpus ------------------------------------------------------------

// The development corpus's texts (sorted by file name), then two reports of
// one call from different outlets.
std::vector<std::string> Corpus() {
  std::vector<std::filesystem::path> files;
  std::error_code error;  // A missing corpus fails the size check below.
  for (const auto& entry : std::filesystem::directory_iterator(PARLEY_DEV_DIR, error)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> texts;
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream text;
    text << in.rdbuf();
    texts.push_back(text.str());
  }
  texts.push_back(XinhuaCallArticle());
  texts.push_back(WashingtonCallArticle());
  return texts;
}

// What one ingest RPC answered.
struct Sent {
  size_t text = 0;
  int replica = 0;
  grpc::Status status;
  v1::IngestArticleResponse response;
};

// The call-merging key of a call as the API returns it.
std::string KeyOf(const v1::Call& call) {
  extract::Call c;
  for (const v1::ActorRef& p : call.participants()) c.participants.push_back(rpc::ActorRefFromProto(p));
  if (call.has_date()) {
    absl::StatusOr<absl::CivilDay> day = rpc::DateFromProto(call.date(), "date");
    if (day.ok()) c.date = *day;
  }
  c.medium = rpc::MediumFromProto(call.medium()).value_or(extract::Medium::kPhone);
  return store::CallKey(c);
}

// ---- Paged listings, compared across replicas ------------------------------

// Every page of a List method, each page from the replica `pick(page)`
// chooses: page tokens are signed with a secret the replicas share.
template <typename Request, typename Response, typename Method>
std::vector<std::string> ListAll(Request request,
                                 const std::vector<std::unique_ptr<v1::QueryService::Stub>>& q,
                                 const std::function<int(int)>& pick, Method method,
                                 const std::function<int(const Response&)>& count,
                                 const std::function<std::string(const Response&, int)>& item) {
  std::vector<std::string> out;
  for (int page = 0; page < 10000; ++page) {
    grpc::ClientContext context;
    context.set_deadline(In(30));
    Response response;
    grpc::Status status = ((*q[pick(page)]).*method)(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    for (int i = 0; i < count(response); ++i) out.push_back(item(response, i));
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  return out;
}

#define PARLEY_LIST_ALL(Kind, field, request, q, pick)                                  \
  ListAll<v1::List##Kind##Request, v1::List##Kind##Response>(                          \
      request, q, pick, &v1::QueryService::Stub::List##Kind,                           \
      [](const v1::List##Kind##Response& r) { return r.field##_size(); },              \
      [](const v1::List##Kind##Response& r, int i) { return r.field(i).SerializeAsString(); })

// What replica 0 listed.
struct Listing {
  std::vector<v1::Call> calls;
  size_t quotes = 0, sanctions = 0, articles = 0;
};

// Every listing (calls, quotes, sanctions, actors, articles, paged small)
// read three ways: all from replica 0, all from replica 1, alternating.
Listing ExpectReplicasAgree(
    const std::vector<std::unique_ptr<v1::QueryService::Stub>>& q) {
  const std::vector<std::function<int(int)>> picks = {
      [](int) { return 0; }, [](int) { return 1; }, [](int page) { return page % 2; }};
  std::vector<std::vector<std::string>> calls, quotes, sanctions, actors, kb_actors, articles;
  for (const auto& pick : picks) {
    v1::ListCallsRequest c;
    c.set_page_size(5);
    calls.push_back(PARLEY_LIST_ALL(Calls, calls, c, q, pick));
    v1::ListQuotesRequest qr;
    qr.set_page_size(25);
    quotes.push_back(PARLEY_LIST_ALL(Quotes, quotes, qr, q, pick));
    v1::ListSanctionsRequest s;
    s.set_page_size(7);
    sanctions.push_back(PARLEY_LIST_ALL(Sanctions, sanctions, s, q, pick));
    v1::ListActorsRequest a;
    a.set_page_size(9);
    a.set_with_events_only(true);
    actors.push_back(PARLEY_LIST_ALL(Actors, actors, a, q, pick));
    v1::ListActorsRequest all;
    all.set_page_size(500);
    kb_actors.push_back(PARLEY_LIST_ALL(Actors, actors, all, q, pick));
    v1::ListArticlesRequest ar;
    ar.set_page_size(6);
    articles.push_back(PARLEY_LIST_ALL(Articles, articles, ar, q, pick));
  }
  for (size_t i = 1; i < picks.size(); ++i) {
    EXPECT_EQ(calls[i], calls[0]) << "calls differ, read " << i;
    EXPECT_EQ(quotes[i], quotes[0]) << "quotes differ, read " << i;
    EXPECT_EQ(sanctions[i], sanctions[0]) << "sanctions differ, read " << i;
    EXPECT_EQ(actors[i], actors[0]) << "actors with events differ, read " << i;
    EXPECT_EQ(kb_actors[i], kb_actors[0]) << "actors differ, read " << i;
    EXPECT_EQ(articles[i], articles[0]) << "articles differ, read " << i;
  }
  EXPECT_FALSE(actors[0].empty());
  Listing out;
  for (const std::string& bytes : calls[0]) {
    out.calls.emplace_back();
    out.calls.back().ParseFromString(bytes);
  }
  out.quotes = quotes[0].size();
  out.sanctions = sanctions[0].size();
  out.articles = articles[0].size();
  return out;
}

// A WatchEvents stream on one query replica, read on its own thread.
class Watcher {
 public:
  explicit Watcher(v1::QueryService::Stub& stub) {
    context_.set_deadline(In(120));
    reader_ = stub.WatchEvents(&context_, v1::WatchEventsRequest());
    // Headers arrive once the service has fixed the stream's starting point.
    reader_->WaitForInitialMetadata();
    thread_ = std::thread([this] {
      v1::WatchEventsResponse event;
      while (reader_->Read(&event)) {
        std::lock_guard<std::mutex> lock(mu_);
        seen_.push_back(event);
      }
      std::lock_guard<std::mutex> lock(mu_);
      ended_ = true;
    });
  }
  ~Watcher() { Finish(); }

  // Waits until `n` events arrived or `seconds` passed; the events so far.
  std::vector<v1::WatchEventsResponse> WaitFor(size_t n, int seconds) {
    for (auto until = In(seconds); Clock::now() < until;) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (seen_.size() >= n) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }

  // Waits up to `seconds` for the stream to end by itself; its status.
  grpc::Status WaitForEnd(int seconds) {
    for (auto until = In(seconds); Clock::now() < until && !done(); ) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return Finish();
  }

  // Cancels the stream unless it already ended; its final status.
  grpc::Status Finish() {
    if (thread_.joinable()) {
      // A cancel after the server's status arrived would replace it.
      if (!done()) context_.TryCancel();
      thread_.join();
      status_ = reader_->Finish();
    }
    return status_;
  }

 private:
  bool done() {
    // The reader thread leaves its loop when the stream ends.
    std::lock_guard<std::mutex> lock(mu_);
    return ended_;
  }

  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::WatchEventsResponse>> reader_;
  std::thread thread_;
  std::mutex mu_;
  std::vector<v1::WatchEventsResponse> seen_;
  bool ended_ = false;
  grpc::Status status_;
};

TEST_F(ReplicasTest, OverlappingConcurrentIngestStoresEverythingOnce) {
  const std::vector<std::string> texts = Corpus();
  const size_t n = texts.size();
  // Replica 0 gets the first two thirds, replica 1 the last two thirds (the
  // two call reports at the end land one each side); both send the shared
  // middle third first, so the same text reaches both at nearly the same moment.
  std::vector<std::vector<size_t>> halves(2);
  for (size_t i = n / 3; i < 2 * n / 3; ++i) halves[0].push_back(i), halves[1].push_back(i);
  for (size_t i = 0; i < n / 3; ++i) halves[0].push_back(i);
  for (size_t i = 2 * n / 3; i < n - 2; ++i) halves[1].push_back(i);
  halves[0].push_back(n - 2);  // Xinhua's report of the call...
  halves[1].push_back(n - 1);  // ...and Washington's, through the other replica.
  ASSERT_EQ(texts[n - 2], XinhuaCallArticle());
  ASSERT_GE(n / 3, 10u) << "corpus too small: " << PARLEY_DEV_DIR;

  Watcher watcher(*query_[1]);

  constexpr int kThreadsPerReplica = 3;
  std::vector<std::vector<Sent>> sent(2 * kThreadsPerReplica);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kThreadsPerReplica; ++t) {
    threads.emplace_back([&, t] {
      const int replica = t % 2, lane = t / 2;
      ++ready;
      while (ready < 2 * kThreadsPerReplica) std::this_thread::yield();
      const std::vector<size_t>& mine = halves[replica];
      for (size_t k = lane; k < mine.size(); k += kThreadsPerReplica) {
        Sent s{mine[k], replica, {}, {}};
        s.status = Ingest(replica, texts[s.text], &s.response);
        sent[t].push_back(std::move(s));
      }
    });
  }
  for (std::thread& t : threads) t.join();

  // Per text: stored once, every answer naming the same article and events.
  std::map<size_t, std::vector<const Sent*>> by_text;
  for (const auto& lane : sent) {
    for (const Sent& s : lane) {
      ASSERT_TRUE(s.status.ok()) << s.status.error_message();
      ASSERT_FALSE(s.response.has_error()) << s.response.error().message();
      by_text[s.text].push_back(&s);
    }
  }
  ASSERT_EQ(by_text.size(), n);
  std::set<int64_t> article_ids, stored_by[2];
  int duplicates = 0, overlap_sends = 0;
  for (const auto& [text, answers] : by_text) {
    int stored = 0;
    for (const Sent* s : answers) {
      stored += s->response.duplicate() ? 0 : 1;
      duplicates += s->response.duplicate() ? 1 : 0;
      EXPECT_EQ(s->response.article_id(), answers[0]->response.article_id()) << "text " << text;
      EXPECT_EQ(s->response.events().SerializeAsString(),
                answers[0]->response.events().SerializeAsString())
          << "text " << text;
      if (!s->response.duplicate()) stored_by[s->replica].insert(s->response.article_id());
    }
    overlap_sends += static_cast<int>(answers.size()) - 1;
    EXPECT_EQ(stored, 1) << "text " << text << " sent " << answers.size() << " times";
    article_ids.insert(answers[0]->response.article_id());
  }
  EXPECT_EQ(article_ids.size(), n);
  EXPECT_EQ(duplicates, overlap_sends);
  EXPECT_GT(overlap_sends, 0);
  EXPECT_FALSE(stored_by[0].empty());
  EXPECT_FALSE(stored_by[1].empty());

  // What the engine finds in each distinct text (ExtractArticle, a dry run
  // of the same service): the calls every report adds a mention to.
  std::map<std::string, int> expected_mentions;
  size_t expected_quotes = 0, expected_sanctions = 0;
  for (size_t i = 0; i < n; ++i) {
    grpc::ClientContext context;
    context.set_deadline(In(30));
    v1::ExtractArticleRequest request;
    request.mutable_article()->set_text(texts[i]);
    v1::ExtractArticleResponse extracted;
    ASSERT_TRUE(ingest_[i % 2]->ExtractArticle(&context, request, &extracted).ok());
    for (const v1::Call& c : extracted.events().calls()) ++expected_mentions[KeyOf(c)];
    expected_quotes += extracted.events().quotes_size();
    expected_sanctions += extracted.events().sanctions_size();
  }
  ASSERT_GT(expected_mentions.size(), 1u);
  EXPECT_TRUE(std::any_of(expected_mentions.begin(), expected_mentions.end(),
                          [](const auto& kv) { return kv.second > 1; }))
      << "the corpus should report some call more than once";

  const Listing listing = ExpectReplicasAgree(query_);
  std::map<std::string, int> stored_mentions;
  std::set<int64_t> call_ids;
  for (const v1::Call& c : listing.calls) {
    std::string key = KeyOf(c);
    EXPECT_EQ(stored_mentions.count(key), 0u) << "call stored twice: " << c.ShortDebugString();
    stored_mentions[key] = c.mentions_size();
    call_ids.insert(c.id());
  }
  EXPECT_EQ(stored_mentions, expected_mentions);

  // Totals through the query side agree with the engine's.
  EXPECT_EQ(listing.quotes, expected_quotes);
  EXPECT_EQ(listing.sanctions, expected_sanctions);
  EXPECT_EQ(listing.articles, n);

  // The live stream on query replica 1 saw every new event exactly once,
  // whichever ingest replica wrote it.
  const size_t expected_events = call_ids.size() + expected_quotes + expected_sanctions;
  std::vector<v1::WatchEventsResponse> events = watcher.WaitFor(expected_events, 30);
  watcher.Finish();
  std::set<std::pair<int, int64_t>> seen;
  std::set<int64_t> seen_calls, event_articles;
  int64_t last_sequence = 0;
  for (const v1::WatchEventsResponse& e : events) {
    EXPECT_GT(e.sequence(), last_sequence);
    last_sequence = e.sequence();
    int64_t id = e.has_call() ? e.call().id() : e.has_quote() ? e.quote().id() : e.sanction().id();
    EXPECT_TRUE(seen.insert({static_cast<int>(e.event_case()), id}).second)
        << "event twice: " << e.ShortDebugString();
    if (e.has_call()) seen_calls.insert(id);
    if (e.has_quote()) event_articles.insert(e.quote().provenance().article_id());
  }
  EXPECT_EQ(events.size(), expected_events);
  EXPECT_EQ(seen_calls, call_ids);
  int mentions = 0;
  for (const auto& [key, count] : stored_mentions) mentions += count;
  std::cout << "replicas: " << n << " texts, " << n + overlap_sends << " sends, " << duplicates
            << " duplicates, " << call_ids.size() << " calls with " << mentions << " mentions, "
            << expected_quotes << " quotes, " << expected_sanctions << " sanctions, "
            << events.size() << " events watched\n";
  auto from = [&](int replica) {
    return std::any_of(stored_by[replica].begin(), stored_by[replica].end(),
                       [&](int64_t a) { return event_articles.count(a) > 0; });
  };
  EXPECT_TRUE(from(0)) << "no event from ingest replica 0 reached the watcher";
  EXPECT_TRUE(from(1)) << "no event from ingest replica 1 reached the watcher";
}

TEST_F(ReplicasTest, DatabaseOutageIsUnavailableAndHealsWithoutRestart) {
  if (!store::pg::HaveServerCtl()) GTEST_SKIP() << "PARLEY_TEST_POSTGRES_CTL is unset";
  v1::IngestArticleResponse response;
  ASSERT_TRUE(Ingest(0, QuoteArticle(1), &response).ok());
  Watcher watcher(*query_[0]);

  ServerRestarter server;
  ASSERT_TRUE(server.Stop());
  for (int replica = 0; replica < 2; ++replica) {
    grpc::Status status = Ingest(replica, QuoteArticle(10 + replica), &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr("PostgreSQL"));
    grpc::ClientContext context;
    context.set_deadline(In(30));
    v1::ListCallsResponse calls;
    status = query_[replica]->ListCalls(&context, v1::ListCallsRequest(), &calls);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr("PostgreSQL"));
  }
  // An open live stream ends with the same answer, so its client reconnects.
  grpc::Status watch = watcher.WaitForEnd(10);
  EXPECT_EQ(watch.error_code(), grpc::StatusCode::UNAVAILABLE) << watch.error_message();

  ASSERT_TRUE(server.Start());
  // No restart of the services: each heals on its next call.
  for (int replica = 0; replica < 2; ++replica) {
    grpc::Status status;
    for (auto until = In(30); Clock::now() < until;) {
      status = Ingest(replica, QuoteArticle(20 + replica), &response);
      if (status.error_code() != grpc::StatusCode::UNAVAILABLE) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_FALSE(response.duplicate());
  }
  for (int replica = 0; replica < 2; ++replica) {
    grpc::ClientContext context;
    context.set_deadline(In(30));
    v1::ListArticlesResponse articles;
    grpc::Status status = query_[replica]->ListArticles(&context, v1::ListArticlesRequest(),
                                                        &articles);
    ASSERT_TRUE(status.ok()) << status.error_message();
    // The article from before and one per replica after; nothing of the
    // refused ones.
    EXPECT_EQ(articles.articles_size(), 3);
  }
}

}  // namespace
}  // namespace parley::testing
