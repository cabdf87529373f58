// Hostile input at the service level, beyond services_test.cc (which covers
// empty text, oversize text under a small limit, short metadata overruns,
// bad dates, one invalid UTF-8 text, bad query arguments): the default 1 MiB
// limit at its edge, pathological texts (quotation marks nested a thousand
// deep, a million punctuation marks, NUL bytes), invalid UTF-8 at every
// position, 1 MB metadata fields, forged and misused page tokens, idle
// streams past the stream cap and out-of-thread streams. Every case
// gets a clear status or a normal answer; afterwards the service still
// answers a health check and stores a normal article at once, so no worker
// is stuck or dead.
//
// Time limits here are hang detectors (a stuck worker, a quadratic blow-up),
// set far above what the slowest sanitizer build needs; speed is measured in
// bench/, not asserted.
#include <grpcpp/completion_queue.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "child_process.h"
#include "gtest/gtest.h"
#include "parley/rpc/health_client.h"
#include "service_harness.h"

namespace parley::testing {
namespace {

using std::chrono::system_clock;

constexpr size_t kLimit = 1 << 20;  // The services' default --max-text-bytes.
constexpr auto kHangLimit = std::chrono::seconds(240);

grpc::Status IngestArticle(ServiceHarness& h, const v1::ArticleInput& article,
                           v1::IngestArticleResponse* response,
                           std::chrono::seconds deadline = kHangLimit) {
  grpc::ClientContext context;
  context.set_deadline(system_clock::now() + deadline);
  v1::IngestArticleRequest request;
  *request.mutable_article() = article;
  return h.ingest().IngestArticle(&context, request, response);
}

v1::ArticleInput Text(std::string text) {
  v1::ArticleInput article;
  article.set_text(std::move(text));
  return article;
}

void ExpectStatus(const grpc::Status& status, grpc::StatusCode code, const std::string& field) {
  EXPECT_EQ(status.error_code(), code) << status.error_message();
  EXPECT_NE(status.error_message().find(field), std::string::npos)
      << "message \"" << status.error_message() << "\" does not name " << field;
}

// The service is alive and no worker is wedged: health answers SERVING and
// a fresh article is stored, both within a few seconds.
void ExpectStillServing(ServiceHarness& h, int article_index) {
  auto channel = rpc::MakeChannel(h.ingest_address());
  EXPECT_TRUE(rpc::CheckServing(channel.get(), "", absl::Seconds(10)).ok());
  v1::IngestArticleResponse response;
  grpc::Status status =
      IngestArticle(h, Text(QuoteArticle(article_index)), &response, std::chrono::seconds(30));
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_GT(response.article_id(), 0);
  EXPECT_EQ(response.events().quotes_size(), 1);
}

// Real prose (the harness's articles, repeated) of exactly `size` bytes.
std::string ProseOfSize(size_t size) {
  std::string text;
  for (int i = 0; text.size() < size; ++i) {
    text += i % 3 == 0 ? XinhuaCallArticle() : i % 3 == 1 ? WashingtonCallArticle()
                                                          : QuoteArticle(i);
  }
  text.resize(size);
  // Cut back to a whole UTF-8 character (the articles are ASCII today).
  while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) {
    text.back() = ' ';
  }
  return text;
}

TEST(HostileInputTest, TextOverTheDefaultLimitIsRefusedNamingTheField) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  v1::IngestArticleResponse response;
  ExpectStatus(IngestArticle(*h, Text(std::string(kLimit + 1, 'a')), &response),
               grpc::StatusCode::RESOURCE_EXHAUSTED, "article.text");
  // Far over: the transport's own message limit refuses it before the
  // service parses it; still RESOURCE_EXHAUSTED, nothing stored.
  grpc::Status huge = IngestArticle(*h, Text(std::string(4 * kLimit, 'a')), &response);
  EXPECT_EQ(huge.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << huge.error_message();
  // The same through the bulk stream: a per-article error, the stream goes on.
  {
    grpc::ClientContext context;
    context.set_deadline(system_clock::now() + kHangLimit);
    auto stream = h->ingest().IngestArticles(&context);
    v1::IngestArticleRequest request;
    request.set_request_id("big");
    request.mutable_article()->set_text(std::string(kLimit + 1, 'a'));
    ASSERT_TRUE(stream->Write(request));
    request.set_request_id("fine");
    request.mutable_article()->set_text(QuoteArticle(1));
    ASSERT_TRUE(stream->Write(request));
    stream->WritesDone();
    std::vector<v1::IngestArticleResponse> responses;
    while (stream->Read(&response)) responses.push_back(response);
    ASSERT_TRUE(stream->Finish().ok());
    ASSERT_EQ(responses.size(), 2u);
    EXPECT_EQ(responses[0].error().code(), static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED));
    EXPECT_NE(responses[0].error().message().find("article.text"), std::string::npos)
        << responses[0].error().message();
    EXPECT_FALSE(responses[1].has_error()) << responses[1].error().message();
  }
  EXPECT_EQ(h->Counts().articles, 1);
  ExpectStillServing(*h, 2);
}

TEST(HostileInputTest, TextJustUnderTheLimitIsProcessed) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  v1::IngestArticleResponse response;
  auto start = std::chrono::steady_clock::now();
  grpc::Status status = IngestArticle(*h, Text(ProseOfSize(kLimit)), &response);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_GT(response.article_id(), 0);
  EXPECT_GT(response.events().quotes_size(), 100);
  RecordProperty("seconds_for_1MiB", absl::StrCat(seconds));
  ExpectStillServing(*h, 1);
}

TEST(HostileInputTest, PathologicalTextsAreProcessed) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  std::vector<std::pair<std::string, std::string>> cases;
  {
    // Quotation marks nested 2,000 deep around a claim, ASCII and curly.
    std::string nested = "Moon Jae-in said ";
    for (int i = 0; i < 1000; ++i) nested += i % 2 ? "\"" : "\xE2\x80\x9C";  // “
    nested += "peace";
    for (int i = 0; i < 1000; ++i) nested += i % 2 ? "\xE2\x80\x9D" : "\"";  // ”
    nested += ".\n";
    cases.emplace_back("nested quotes", nested);
  }
  {
    // Only openings, never closed, across many sentences and paragraphs.
    std::string unbalanced;
    for (int i = 0; unbalanced.size() < 200000; ++i) {
      unbalanced += absl::StrCat("Xi Jinping said \xE2\x80\x9C", "we ", i, " \xC2\xAB \xE2\x80\x98");
      unbalanced += i % 7 == 0 ? ".\n\n" : ". ";
    }
    cases.emplace_back("unbalanced quotes", unbalanced);
  }
  {
    // A million punctuation characters, cycling through sentence ends,
    // quotes and brackets.
    const std::string ascii = ".,;:!?\"'()[]-";
    const std::string curly = "\xE2\x80\x94\xE2\x80\x9C\xE2\x80\x9D";  // — “ ”
    std::string punctuation;
    for (size_t i = 0; punctuation.size() < 1000000; ++i) {
      if (i % 40 == 39) {
        punctuation += curly;
      } else {
        punctuation += ascii[i % ascii.size()];
      }
    }
    cases.emplace_back("a million punctuation marks", punctuation);
  }
  cases.emplace_back("one quotation mark", "\"");
  cases.emplace_back("one sentence of quote marks", std::string(900000, '"'));
  cases.emplace_back("one word, no spaces", std::string(900000, 'x'));
  cases.emplace_back("newlines only", std::string(900000, '\n'));
  int i = 0;
  for (const auto& [name, text] : cases) {
    ASSERT_LE(text.size(), kLimit) << name;
    v1::IngestArticleResponse response;
    grpc::Status status = IngestArticle(*h, Text(text), &response);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    if (status.ok()) {
      EXPECT_GT(response.article_id(), 0) << name;
    }
    ExpectStillServing(*h, ++i);
  }
}

TEST(HostileInputTest, InvalidUtf8AtEveryPositionIsInvalidArgument) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  const std::string base = "Xi said \xE2\x80\x9Cyes\xE2\x80\x9D to Biden.";
  // At every byte: a stray 0xFF, a lone continuation byte, and the text cut
  // inside a 3-byte character spliced in there.
  const std::vector<std::string> bad_bytes = {"\xFF", "\x80", "\xE2\x80", "\xC0\xAF"};
  int requests = 0;
  for (size_t at = 0; at <= base.size(); ++at) {
    for (const std::string& bad : bad_bytes) {
      std::string text = base;
      text.insert(at, bad);
      v1::IngestArticleResponse response;
      grpc::Status status = IngestArticle(*h, Text(text), &response, std::chrono::seconds(30));
      ++requests;
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << "byte " << at << ": " << status.error_message();
      EXPECT_NE(status.error_message().find("UTF-8"), std::string::npos)
          << status.error_message();
    }
  }
  EXPECT_GT(requests, 100);
  // The dry run and the metadata fields take the same path.
  {
    grpc::ClientContext context;
    v1::ExtractArticleRequest request;
    request.mutable_article()->set_text("Xi said \xFF.");
    v1::ExtractArticleResponse response;
    EXPECT_EQ(h->ingest().ExtractArticle(&context, request, &response).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  {
    v1::ArticleInput article = Text(XinhuaCallArticle());
    article.set_source("Xinhua\xFF");
    v1::IngestArticleResponse response;
    EXPECT_EQ(IngestArticle(*h, article, &response).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  EXPECT_EQ(h->Counts(), StoredCounts{});
  ExpectStillServing(*h, 1);
}

TEST(HostileInputTest, NulBytesAreStoredWholeOrRefused) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  const std::string texts[] = {
      std::string("Moon Jae-in said the talks\0 would continue.\n", 45),
      std::string(1000, '\0'),
      std::string("\0Xi Jinping spoke with Joe Biden by phone on Wednesday.\0", 57),
  };
  for (const std::string& text : texts) {
    v1::IngestArticleResponse response;
    grpc::Status status = IngestArticle(*h, Text(text), &response);
    if (!status.ok()) {
      // Refusing is fine if it is clear; storing a truncated text is not.
      ExpectStatus(status, grpc::StatusCode::INVALID_ARGUMENT, "article.text");
      continue;
    }
    grpc::ClientContext context;
    v1::GetArticleRequest get;
    get.set_id(response.article_id());
    v1::Article article;
    ASSERT_TRUE(h->query().GetArticle(&context, get, &article).ok());
    EXPECT_EQ(article.text(), text) << "text with NUL bytes not stored byte for byte";
  }
  ExpectStillServing(*h, 1);
}

TEST(HostileInputTest, MegabyteMetadataFieldsAreInvalidArgumentNamingTheField) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  const std::string megabyte(1000000, 'm');
  v1::IngestArticleResponse response;
  {
    v1::ArticleInput article = Text(XinhuaCallArticle());
    article.set_source(megabyte);
    ExpectStatus(IngestArticle(*h, article, &response), grpc::StatusCode::INVALID_ARGUMENT,
                 "article.source");
  }
  {
    v1::ArticleInput article = Text(XinhuaCallArticle());
    article.set_url("https://example.org/" + megabyte);
    ExpectStatus(IngestArticle(*h, article, &response), grpc::StatusCode::INVALID_ARGUMENT,
                 "article.url");
  }
  {
    v1::ArticleInput article = Text(XinhuaCallArticle());
    article.set_external_id(megabyte);
    ExpectStatus(IngestArticle(*h, article, &response), grpc::StatusCode::INVALID_ARGUMENT,
                 "article.external_id");
  }
  {
    // A giant request_id on the stream: the error comes back on the stream.
    grpc::ClientContext context;
    context.set_deadline(system_clock::now() + kHangLimit);
    auto stream = h->ingest().IngestArticles(&context);
    v1::IngestArticleRequest request;
    request.set_request_id(megabyte);
    request.mutable_article()->set_text(QuoteArticle(1));
    ASSERT_TRUE(stream->Write(request));
    stream->WritesDone();
    std::vector<v1::IngestArticleResponse> responses;
    while (stream->Read(&response)) responses.push_back(response);
    grpc::Status finish = stream->Finish();
    if (finish.ok()) {
      ASSERT_EQ(responses.size(), 1u);
      EXPECT_EQ(responses[0].error().code(),
                static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
      EXPECT_NE(responses[0].error().message().find("request_id"), std::string::npos)
          << responses[0].error().message();
    } else {
      ExpectStatus(finish, grpc::StatusCode::INVALID_ARGUMENT, "request_id");
    }
  }
  EXPECT_EQ(h->Counts(), StoredCounts{});
  ExpectStillServing(*h, 1);
}

// A real next_page_token from ListQuotes with page_size 2.
std::string RealQuotesToken(ServiceHarness& h) {
  grpc::ClientContext context;
  v1::ListQuotesRequest request;
  request.set_page_size(2);
  v1::ListQuotesResponse response;
  grpc::Status status = h.query().ListQuotes(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(response.next_page_token().empty());
  return response.next_page_token();
}

grpc::Status ListQuotesWith(ServiceHarness& h, const std::string& token,
                            const std::string& speaker = "") {
  grpc::ClientContext context;
  context.set_deadline(system_clock::now() + std::chrono::seconds(30));
  v1::ListQuotesRequest request;
  request.set_page_size(2);
  request.set_page_token(token);
  request.set_speaker(speaker);
  v1::ListQuotesResponse response;
  return h.query().ListQuotes(&context, request, &response);
}

TEST(HostileInputTest, ForgedTruncatedOrForeignPageTokensAreInvalidArgument) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  for (int i = 0; i < 5; ++i) {
    v1::IngestArticleResponse response;
    ASSERT_TRUE(h->Ingest(QuoteArticle(i), &response).ok());
  }
  const std::string token = RealQuotesToken(*h);
  ASSERT_TRUE(ListQuotesWith(*h, token).ok());

  std::vector<std::pair<std::string, std::string>> bad;
  for (size_t cut = 1; cut < token.size(); cut += 3) {
    bad.emplace_back(absl::StrCat("truncated to ", cut), token.substr(0, cut));
  }
  // One character changed, still web-safe base64: its 6-bit value's top bit
  // flipped, so a data bit changes even in the last, partly padding, one.
  const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (size_t at = 0; at < token.size(); ++at) {
    size_t value = alphabet.find(token[at]);
    ASSERT_NE(value, std::string::npos) << "token is not web-safe base64: " << token;
    std::string flipped = token;
    flipped[at] = alphabet[value ^ 32];
    bad.emplace_back(absl::StrCat("one character changed at ", at), flipped);
  }
  bad.emplace_back("same length, all A", std::string(token.size(), 'A'));
  bad.emplace_back("not base64", "!!!!" + token);
  bad.emplace_back("a megabyte", std::string(1000000, 'A'));
  bad.emplace_back("NUL bytes", std::string(token.size(), '\0'));
  for (const auto& [what, forged] : bad) {
    grpc::Status status = ListQuotesWith(*h, forged);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << what << ": " << status.error_message();
    EXPECT_NE(status.error_message().find("page_token"), std::string::npos)
        << what << ": " << status.error_message();
  }
  // A real token, but from another query: other filters, another method.
  ExpectStatus(ListQuotesWith(*h, token, "Moon Jae-in"), grpc::StatusCode::INVALID_ARGUMENT,
               "page_token");
  {
    grpc::ClientContext context;
    v1::ListCallsRequest request;
    request.set_page_size(2);
    request.set_page_token(token);
    v1::ListCallsResponse response;
    ExpectStatus(h->query().ListCalls(&context, request, &response),
                 grpc::StatusCode::INVALID_ARGUMENT, "page_token");
  }
  {
    grpc::ClientContext context;
    v1::ListArticlesRequest request;
    request.set_page_size(2);
    request.set_page_token(token);
    v1::ListArticlesResponse response;
    ExpectStatus(h->query().ListArticles(&context, request, &response),
                 grpc::StatusCode::INVALID_ARGUMENT, "page_token");
  }
  {
    // A token from another store (another file, another secret).
    auto other = ServiceHarness::Start();
    ASSERT_NE(other, nullptr);
    for (int i = 0; i < 3; ++i) {
      v1::IngestArticleResponse response;
      ASSERT_TRUE(other->Ingest(QuoteArticle(i), &response).ok());
    }
    ExpectStatus(ListQuotesWith(*h, RealQuotesToken(*other)), grpc::StatusCode::INVALID_ARGUMENT,
                 "page_token");
  }
  auto channel = rpc::MakeChannel(h->query_address());
  EXPECT_TRUE(rpc::CheckServing(channel.get(), "", absl::Seconds(10)).ok());
  ASSERT_TRUE(ListQuotesWith(*h, token).ok());
}

// The threads of this process (server and client alike), from the kernel.
int ProcessThreads() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (absl::StartsWith(line, "Threads:")) {
      int threads = 0;
      if (absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(8)), &threads)) return threads;
    }
  }
  ADD_FAILURE() << "no Threads: line in /proc/self/status";
  return 0;
}

// Waits (up to 60 s) for `done`, polling.
bool Eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// Streams opened and left idle: nothing sent after the headers. Async, on
// one completion queue, so that holding hundreds open costs the client no
// thread each (the thread counts measured include this process's client).
class IdleStreams {
 public:
  // `start(context, cq)` prepares one stream (PrepareAsyncIngestArticles...).
  template <typename Start>
  IdleStreams(int count, Start start) : streams_(count) {
    for (int i = 0; i < count; ++i) {
      Stream& s = streams_[i];
      s.context.set_deadline(system_clock::now() + kHangLimit);
      auto call = start(&s.context, &cq_);
      call->StartCall(Tag(i, false));
      // Completes once the server ends the stream: at once when refused.
      call->Finish(&s.status, Tag(i, true));
      s.call = std::move(call);  // Type-erased: ingest and watch streams alike.
    }
  }
  ~IdleStreams() {
    for (Stream& s : streams_) s.context.TryCancel();
    while (pending_ > 0 && Next(std::chrono::seconds(30))) {
    }
    cq_.Shutdown();
    void* tag;
    bool ok;
    while (cq_.Next(&tag, &ok)) {
    }
  }

  // Collects the streams the server ended until `done` or 60 s.
  bool WaitFor(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      Next(std::chrono::milliseconds(10));
    }
    return true;
  }
  // Streams the server ended, and with which status.
  std::vector<grpc::Status> Ended() const {
    std::vector<grpc::Status> ended;
    for (const Stream& s : streams_) {
      if (s.ended) ended.push_back(s.status);
    }
    return ended;
  }
  // Cancels one stream the server still holds; false when there is none.
  bool CancelOneOpen() {
    for (Stream& s : streams_) {
      if (!s.ended && !s.cancelled) {
        s.cancelled = true;
        s.context.TryCancel();
        return true;
      }
    }
    return false;
  }

 private:
  struct Stream {
    grpc::ClientContext context;
    std::shared_ptr<void> call;
    grpc::Status status;
    bool ended = false, cancelled = false;
  };
  static void* Tag(int i, bool finish) {
    return reinterpret_cast<void*>(static_cast<intptr_t>(2 * i + (finish ? 1 : 0)));
  }
  bool Next(std::chrono::milliseconds timeout) {
    void* tag;
    bool ok;
    auto status = cq_.AsyncNext(&tag, &ok, system_clock::now() + timeout);
    if (status != grpc::CompletionQueue::GOT_EVENT) return false;
    --pending_;
    intptr_t t = reinterpret_cast<intptr_t>(tag);
    if (t % 2 == 1) streams_[t / 2].ended = true;
    return true;
  }

  grpc::CompletionQueue cq_;
  std::vector<Stream> streams_;
  int pending_ = 2 * static_cast<int>(streams_.size());  // Start and finish per stream.
};

// The audit's attack: idle bulk streams on one connection, each of which
// held a server thread, plus one more per stream the handler started before
// reading anything (500 took parley-ingest from 13 to 1,013 threads). Past
// the default cap a stream is refused at once, naming the flag; a unary
// ingest and health go on meanwhile; the threads stay bounded; closing a
// stream lets the next one in.
TEST(HostileInputTest, IdleIngestStreamsPastTheCapAreRefusedNamingTheFlag) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  const int cap = rpc::Server::Options().max_concurrent_streams;
  ASSERT_GT(cap, 0) << "streams have no cap by default";
  ExpectStillServing(*h, 0);  // Warm: the server's waiting threads exist.
  const int threads_before = ProcessThreads();
  const int extra = 150;
  {
    IdleStreams streams(cap + extra, [&](grpc::ClientContext* context, grpc::CompletionQueue* cq) {
      return h->ingest().PrepareAsyncIngestArticles(context, cq);
    });
    ASSERT_TRUE(streams.WaitFor([&] {
      return static_cast<int>(streams.Ended().size()) >= extra &&
             h->ingest_server().open_streams() == cap;
    })) << streams.Ended().size()
        << " refused, " << h->ingest_server().open_streams() << " open, "
        << ProcessThreads() - threads_before << " more threads";
    std::vector<grpc::Status> refused = streams.Ended();
    EXPECT_EQ(static_cast<int>(refused.size()), extra);
    for (const grpc::Status& status : refused) {
      ExpectStatus(status, grpc::StatusCode::RESOURCE_EXHAUSTED, "--max-streams");
    }
    // One handler thread per open stream, and none of the handler's own
    // until an article arrives; the slack covers gRPC's waiting threads.
    // Once settled: threads that served the refusals are still exiting for
    // a while after the flood, longer on a loaded machine.
    int threads_open = 0;
    EXPECT_TRUE(Eventually([&] {
      threads_open = ProcessThreads();
      return threads_open - threads_before <= cap + 40;
    })) << threads_before
        << " threads before, " << threads_open << " with the streams open";
    RecordProperty("threads_before", threads_before);
    RecordProperty("threads_with_streams_open", threads_open);
    ExpectStillServing(*h, 1);

    // A closed stream frees its slot: the next bulk stream is served.
    ASSERT_TRUE(streams.CancelOneOpen());
    ASSERT_TRUE(Eventually([&] { return h->ingest_server().open_streams() == cap - 1; }));
    grpc::ClientContext context;
    context.set_deadline(system_clock::now() + kHangLimit);
    auto stream = h->ingest().IngestArticles(&context);
    v1::IngestArticleRequest request;
    request.set_request_id("after");
    request.mutable_article()->set_text(QuoteArticle(2));
    ASSERT_TRUE(stream->Write(request));
    stream->WritesDone();
    v1::IngestArticleResponse response;
    ASSERT_TRUE(stream->Read(&response));
    EXPECT_FALSE(response.has_error()) << response.error().message();
    EXPECT_FALSE(stream->Read(&response));
    grpc::Status status = stream->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  // Every slot back once the clients go.
  EXPECT_TRUE(Eventually([&] { return h->ingest_server().open_streams() == 0; }))
      << h->ingest_server().open_streams();
  EXPECT_EQ(h->Counts().articles, 3);
}

// The same for WatchEvents, which holds its thread for as long as the
// watcher stays: past the cap a watcher is refused and queries go on.
TEST(HostileInputTest, WatchersPastTheCapAreRefusedNamingTheFlag) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  const int cap = rpc::Server::Options().max_concurrent_streams;
  const int extra = 20;
  {
    v1::WatchEventsRequest watch;
    IdleStreams streams(cap + extra, [&](grpc::ClientContext* context, grpc::CompletionQueue* cq) {
      return h->query().PrepareAsyncWatchEvents(context, watch, cq);
    });
    ASSERT_TRUE(streams.WaitFor([&] {
      return static_cast<int>(streams.Ended().size()) >= extra &&
             h->query_server().open_streams() == cap;
    })) << streams.Ended().size()
        << " refused, " << h->query_server().open_streams() << " open";
    for (const grpc::Status& status : streams.Ended()) {
      ExpectStatus(status, grpc::StatusCode::RESOURCE_EXHAUSTED, "--max-streams");
    }
    EXPECT_EQ(static_cast<int>(streams.Ended().size()), extra);
    grpc::ClientContext context;
    context.set_deadline(system_clock::now() + std::chrono::seconds(30));
    v1::ListQuotesResponse quotes;
    grpc::Status status = h->query().ListQuotes(&context, v1::ListQuotesRequest(), &quotes);
    EXPECT_TRUE(status.ok()) << status.error_message();
    auto channel = rpc::MakeChannel(h->query_address());
    EXPECT_TRUE(rpc::CheckServing(channel.get(), "", absl::Seconds(10)).ok());
  }
  EXPECT_TRUE(Eventually([&] { return h->query_server().open_streams() == 0; }))
      << h->query_server().open_streams();
}

// The parley-ingest binary the RealIngestBinary cases run: $PARLEY_INGEST_BIN
// if set, else this build's (CMake passes its path); null when neither.
const char* IngestBinary() {
  const char* binary = getenv("PARLEY_INGEST_BIN");
  if (binary != nullptr && *binary != '\0') return binary;
#ifdef PARLEY_INGEST_BIN
  return PARLEY_INGEST_BIN;
#else
  return nullptr;
#endif
}

// Sanitizers reserve terabytes of address space up front, so a binary built
// with them cannot start under an RLIMIT_AS of a few hundred MiB.
constexpr bool kSanitized =
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
    true;
#else
    false;
#endif
#else
    false;
#endif

// Runs the real parley-ingest (IngestBinary()) with `extra_args` and,
// when `memory_limit` > 0, that RLIMIT_AS; `body(address, pid)` then drives it.
// Afterwards the child must still be alive, serve health and stop cleanly.
void WithRealIngest(const std::vector<std::string>& extra_args, rlim_t memory_limit,
                    const std::function<void(const std::string&, pid_t)>& body) {
  const char* binary = IngestBinary();
  ASSERT_NE(binary, nullptr);
  TempDir dir;
  const std::string db = dir.path() + "/ingest.db";
  ChildProcess::Options options;
  options.argv = {binary, "--listen", "127.0.0.1:0", "--db", db};
  options.argv.insert(options.argv.end(), extra_args.begin(), extra_args.end());
  options.log_path = dir.path() + "/ingest.log";
  // As the audit's `ulimit -v`: thread stacks run out before the rest.
  options.address_space_limit = memory_limit;
  ChildProcess child(std::move(options));
  const std::string address = child.WaitForAddress();
  if (address.empty()) {
    FAIL() << binary
           << (child.exited() ? absl::StrCat(" exited at start (wait status ", child.Wait(),
                                             "; 127: could not run it)")
                              : std::string(" did not listen within 60 s"))
           << ":\n"
           << child.Log();
  }
  body(address, child.pid());
  EXPECT_FALSE(child.exited()) << "parley-ingest died:\n" << child.Log();
  auto channel = rpc::MakeChannel(address);
  EXPECT_TRUE(rpc::CheckServing(channel.get(), "", absl::Seconds(10)).ok());
  const int wait_status = child.Stop();
  EXPECT_TRUE(WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0) << child.Log();
}

int ThreadsOf(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  int threads = 0;
  while (std::getline(status, line)) {
    if (absl::StartsWith(line, "Threads:")) {
      (void)absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(8)), &threads);
    }
  }
  return threads;
}

// The audit's numbers on the real binary: 500 idle bulk streams on one
// connection took parley-ingest from 13 to 1,013 threads.
TEST(HostileInputTest, RealIngestBinaryStaysBoundedUnderFiveHundredIdleStreams) {
  if (IngestBinary() == nullptr) GTEST_SKIP() << "no parley-ingest: set PARLEY_INGEST_BIN";
  WithRealIngest({}, 0, [](const std::string& address, pid_t pid) {
    auto threads_of_child = [pid] { return ThreadsOf(pid); };
    auto stub = v1::IngestService::NewStub(rpc::MakeChannel(address));
    auto ingest = [&](int index) {
      grpc::ClientContext context;
      context.set_deadline(system_clock::now() + std::chrono::seconds(30));
      v1::IngestArticleRequest request;
      request.mutable_article()->set_text(QuoteArticle(index));
      v1::IngestArticleResponse response;
      return stub->IngestArticle(&context, request, &response);
    };
    ASSERT_TRUE(ingest(0).ok());
    const int threads_before = threads_of_child();
    {
      IdleStreams streams(500, [&](grpc::ClientContext* context, grpc::CompletionQueue* cq) {
        return stub->PrepareAsyncIngestArticles(context, cq);
      });
      EXPECT_TRUE(streams.WaitFor([&] { return streams.Ended().size() >= 400; }))
          << streams.Ended().size() << " refused";
      for (const grpc::Status& status : streams.Ended()) {
        ExpectStatus(status, grpc::StatusCode::RESOURCE_EXHAUSTED, "--max-streams");
      }
      int threads_open = 0;
      EXPECT_TRUE(Eventually([&] {
        threads_open = threads_of_child();
        return threads_open <= threads_before + 100 + 40;
      })) << threads_before
          << " threads before, " << threads_open << " with the streams open";
      RecordProperty("child_threads_before", threads_before);
      RecordProperty("child_threads_with_500_streams", threads_open);
      grpc::Status status = ingest(1);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
  });
}

// Out of memory for thread stacks (no stream cap, no thread backstop, a
// tight `ulimit -v`): a bulk stream whose handler cannot start its thread
// fails RESOURCE_EXHAUSTED saying so (it was UNKNOWN "Unexpected error in RPC
// handling", the exception escaping the handler), and the process lives on.
TEST(HostileInputTest, RealIngestBinarySurvivesRunningOutOfThreads) {
  if (IngestBinary() == nullptr) GTEST_SKIP() << "no parley-ingest: set PARLEY_INGEST_BIN";
  if (kSanitized) GTEST_SKIP() << "a sanitized binary cannot start under a tight RLIMIT_AS";
  // Which thread fails first, gRPC's or the stream's, depends on where the
  // limit falls (8 MiB stacks): a few limits 4 MiB apart catch both.
  int out_of_threads = 0;
  for (rlim_t limit_mib : {400, 404, 408, 412}) {
    WithRealIngest({"--max-streams", "0"}, limit_mib << 20, [&](const std::string& address, pid_t) {
      auto stub = v1::IngestService::NewStub(rpc::MakeChannel(address));
      struct Open {
        grpc::ClientContext context;
        std::unique_ptr<
            grpc::ClientReaderWriter<v1::IngestArticleRequest, v1::IngestArticleResponse>>
            stream;
      };
      std::vector<std::unique_ptr<Open>> open;
      v1::IngestArticleRequest request;
      request.mutable_article()->set_text(QuoteArticle(7));
      // One at a time, each held open once answered: it then holds two
      // threads, gRPC's and the one that sends responses, until one of them
      // cannot be started. Either way that stream fails RESOURCE_EXHAUSTED.
      for (int i = 0; i < 200; ++i) {
        auto o = std::make_unique<Open>();
        o->context.set_deadline(system_clock::now() + std::chrono::seconds(20));
        o->stream = stub->IngestArticles(&o->context);
        v1::IngestArticleResponse response;
        if (o->stream->Write(request) && o->stream->Read(&response)) {
          open.push_back(std::move(o));
          continue;
        }
        grpc::Status status = o->stream->Finish();
        EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
            << "stream " << i << ": " << status.error_message();
        // The stream's own thread, or gRPC's ("Server Threadpool Exhausted").
        out_of_threads += status.error_message().find("cannot start a thread") != std::string::npos;
        break;
      }
      for (auto& o : open) o->context.TryCancel();
      for (auto& o : open) (void)o->stream->Finish();
    });
  }
  RecordProperty("streams_out_of_threads", out_of_threads);
  EXPECT_GT(out_of_threads, 0) << "no stream's thread failed; gRPC's always did first";
}

}  // namespace
}  // namespace parley::testing
