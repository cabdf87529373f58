// Hostile input at the service level, beyond services_test.cc (which covers
// empty text, oversize text under a small limit, short metadata overruns,
// bad dates, one invalid UTF-8 text, bad query arguments): the default 1 MiB
// limit at its edge, pathological texts (quotation marks nested a thousand
// deep, a million punctuation marks, NUL bytes), invalid UTF-8 at every
// position, 1 MB metadata fields, forged and misused page tokens. Every case
// gets a clear status or a normal answer; afterwards the service still
// answers a health check and stores a normal article at once, so no worker
// is stuck or dead.
//
// Time limits here are hang detectors (a stuck worker, a quadratic blow-up),
// set far above what the slowest sanitizer build needs; speed is measured in
// bench/, not asserted.
#include <chrono>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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

}  // namespace
}  // namespace parley::testing
