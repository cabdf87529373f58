// The ingest and query services end to end: real servers on loopback, a
// real SQLite file, real gRPC clients.
#include <chrono>
#include <set>
#include <thread>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/sync_stream.h>

#include "gtest/gtest.h"
#include "parley/rpc/health_client.h"
#include "service_harness.h"

namespace parley::testing {
namespace {

using std::chrono::system_clock;

grpc::Status Ingest(ServiceHarness& h, const v1::ArticleInput& article,
                    v1::IngestArticleResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(system_clock::now() + std::chrono::seconds(20));
  v1::IngestArticleRequest request;
  *request.mutable_article() = article;
  return h.ingest().IngestArticle(&context, request, response);
}

v1::ArticleInput Text(const std::string& text) {
  v1::ArticleInput a;
  a.set_text(text);
  return a;
}

void ExpectStatus(const grpc::Status& status, grpc::StatusCode code, const std::string& field) {
  EXPECT_EQ(status.error_code(), code) << status.error_message();
  EXPECT_NE(status.error_message().find(field), std::string::npos)
      << "message \"" << status.error_message() << "\" does not name " << field;
}

TEST(ServicesTest, IngestThenQuery) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  v1::IngestArticleResponse response;
  ASSERT_TRUE(h->Ingest(XinhuaCallArticle(), &response, "x1").ok());
  EXPECT_GT(response.article_id(), 0);
  EXPECT_FALSE(response.duplicate());
  ASSERT_EQ(response.events().calls_size(), 1);
  EXPECT_GT(response.events().calls(0).id(), 0);
  ASSERT_GE(response.events().quotes_size(), 1);
  ASSERT_GE(response.events().sanctions_size(), 1);

  grpc::ClientContext list_context;
  v1::ListCallsRequest list;
  list.set_participant("xi jinping");  // Names match case-insensitively.
  v1::ListCallsResponse calls;
  ASSERT_TRUE(h->query().ListCalls(&list_context, list, &calls).ok());
  ASSERT_EQ(calls.calls_size(), 1);
  EXPECT_EQ(calls.calls(0).id(), response.events().calls(0).id());
  EXPECT_EQ(calls.calls(0).date().day(), 10);
  EXPECT_EQ(calls.calls(0).medium(), v1::MEDIUM_PHONE);
  EXPECT_EQ(calls.calls(0).mentions(0).article_id(), response.article_id());

  grpc::ClientContext get_context;
  v1::GetArticleRequest get;
  get.set_id(response.article_id());
  v1::Article article;
  ASSERT_TRUE(h->query().GetArticle(&get_context, get, &article).ok());
  EXPECT_EQ(article.text(), XinhuaCallArticle());
  EXPECT_EQ(article.external_id(), "x1");
  EXPECT_EQ(article.published().year(), 2021);  // From the dateline.
  EXPECT_EQ(article.call_count(), 1);
}

TEST(ServicesTest, BadIngestInputIsRejectedAndWritesNothing) {
  ServiceHarness::Options options;
  options.max_text_bytes = 4096;
  auto h = ServiceHarness::Start(options);
  ASSERT_NE(h, nullptr);
  v1::IngestArticleResponse response;
  ExpectStatus(Ingest(*h, Text(""), &response), grpc::StatusCode::INVALID_ARGUMENT,
               "article.text");
  ExpectStatus(Ingest(*h, Text(std::string(4097, 'a')), &response),
               grpc::StatusCode::RESOURCE_EXHAUSTED, "article.text");
  v1::ArticleInput big_source = Text(XinhuaCallArticle());
  big_source.set_source(std::string(300, 's'));
  ExpectStatus(Ingest(*h, big_source, &response), grpc::StatusCode::INVALID_ARGUMENT,
               "article.source");
  v1::ArticleInput big_url = Text(XinhuaCallArticle());
  big_url.set_url(std::string(3000, 'u'));
  ExpectStatus(Ingest(*h, big_url, &response), grpc::StatusCode::INVALID_ARGUMENT, "article.url");
  for (auto [month, day] : {std::pair{13, 1}, std::pair{2, 30}, std::pair{0, 5}}) {
    v1::ArticleInput bad_date = Text(XinhuaCallArticle());
    bad_date.mutable_published()->set_year(2021);
    bad_date.mutable_published()->set_month(month);
    bad_date.mutable_published()->set_day(day);
    ExpectStatus(Ingest(*h, bad_date, &response), grpc::StatusCode::INVALID_ARGUMENT,
                 "article.published");
  }
  {
    grpc::ClientContext context;
    v1::IngestArticleRequest no_article;
    ExpectStatus(h->ingest().IngestArticle(&context, no_article, &response),
                 grpc::StatusCode::INVALID_ARGUMENT, "article");
  }
  {
    grpc::ClientContext context;
    v1::ExtractArticleRequest extract;
    v1::ExtractArticleResponse extracted;
    ExpectStatus(h->ingest().ExtractArticle(&context, extract, &extracted),
                 grpc::StatusCode::INVALID_ARGUMENT, "article");
  }
  EXPECT_EQ(h->Counts(), StoredCounts{});
}

TEST(ServicesTest, NonUtf8TextIsRejected) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  v1::IngestArticleResponse response;
  grpc::Status status = Ingest(*h, Text("Xi said \xff\xfe hello"), &response);
  // proto3 strings must be UTF-8: gRPC's parser refuses the message before
  // the service sees it; the server answers INVALID_ARGUMENT all the same.
  ExpectStatus(status, grpc::StatusCode::INVALID_ARGUMENT, "UTF-8");
  EXPECT_EQ(h->Counts(), StoredCounts{});
}

TEST(ServicesTest, BadQueryInput) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  {
    grpc::ClientContext context;
    v1::ListCallsRequest r;
    r.set_page_size(-1);
    v1::ListCallsResponse out;
    ExpectStatus(h->query().ListCalls(&context, r, &out), grpc::StatusCode::INVALID_ARGUMENT,
                 "page_size");
  }
  {
    grpc::ClientContext context;
    v1::ListQuotesRequest r;
    auto* range = r.mutable_date_range();
    range->mutable_start()->set_year(2021);
    range->mutable_start()->set_month(5);
    range->mutable_start()->set_day(2);
    range->mutable_end()->set_year(2021);
    range->mutable_end()->set_month(5);
    range->mutable_end()->set_day(1);
    v1::ListQuotesResponse out;
    ExpectStatus(h->query().ListQuotes(&context, r, &out), grpc::StatusCode::INVALID_ARGUMENT,
                 "date_range");
  }
  {
    grpc::ClientContext context;
    v1::ListSanctionsRequest r;
    r.set_page_token("not-a-token");
    v1::ListSanctionsResponse out;
    EXPECT_EQ(h->query().ListSanctions(&context, r, &out).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  {
    grpc::ClientContext context;
    v1::GetCallRequest r;
    v1::Call out;
    ExpectStatus(h->query().GetCall(&context, r, &out), grpc::StatusCode::INVALID_ARGUMENT, "id");
  }
  {
    grpc::ClientContext context;
    v1::GetQuoteRequest r;
    r.set_id(999);
    v1::Quote out;
    EXPECT_EQ(h->query().GetQuote(&context, r, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  {
    grpc::ClientContext context;
    v1::GetActorRequest r;
    v1::Actor out;
    ExpectStatus(h->query().GetActor(&context, r, &out), grpc::StatusCode::INVALID_ARGUMENT, "id");
  }
}

TEST(ServicesTest, DuplicateTextIsStoredOnce) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  v1::IngestArticleResponse first, second, spaced;
  ASSERT_TRUE(h->Ingest(XinhuaCallArticle(), &first).ok());
  StoredCounts after_first = h->Counts();
  ASSERT_TRUE(h->Ingest(XinhuaCallArticle(), &second).ok());
  EXPECT_TRUE(second.duplicate());
  EXPECT_EQ(second.article_id(), first.article_id());
  ASSERT_EQ(second.events().calls_size(), 1);
  EXPECT_EQ(second.events().calls(0).id(), first.events().calls(0).id());
  // Whitespace differences normalise away.
  ASSERT_TRUE(h->Ingest("  " + XinhuaCallArticle() + "\n\n", &spaced).ok());
  EXPECT_TRUE(spaced.duplicate());
  EXPECT_EQ(h->Counts(), after_first);
  EXPECT_EQ(after_first.articles, 1);
}

TEST(ServicesTest, SameCallFromTwoArticlesIsOneCallWithTwoMentions) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  v1::IngestArticleResponse a, b;
  ASSERT_TRUE(h->Ingest(XinhuaCallArticle(), &a).ok());
  ASSERT_TRUE(h->Ingest(WashingtonCallArticle(), &b).ok());
  ASSERT_EQ(a.events().calls_size(), 1);
  ASSERT_EQ(b.events().calls_size(), 1);
  EXPECT_EQ(a.events().calls(0).id(), b.events().calls(0).id());
  for (int64_t article : {a.article_id(), b.article_id()}) {
    grpc::ClientContext context;
    v1::ListCallsRequest r;
    r.set_article_id(article);
    v1::ListCallsResponse out;
    ASSERT_TRUE(h->query().ListCalls(&context, r, &out).ok());
    ASSERT_EQ(out.calls_size(), 1) << "article " << article;
    EXPECT_EQ(out.calls(0).mentions_size(), 2);
  }
  EXPECT_EQ(h->Counts().calls, 1);
}

TEST(ServicesTest, PaginationAcrossPages) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  for (int i = 0; i < 7; ++i) {
    v1::IngestArticleResponse r;
    ASSERT_TRUE(h->Ingest(QuoteArticle(i), &r).ok());
    ASSERT_EQ(r.events().quotes_size(), 1) << QuoteArticle(i);
  }
  std::vector<int64_t> ids;
  std::vector<int> page_sizes;
  v1::ListQuotesRequest request;
  request.set_page_size(3);
  std::string second_token;
  while (true) {
    grpc::ClientContext context;
    v1::ListQuotesResponse page;
    ASSERT_TRUE(h->query().ListQuotes(&context, request, &page).ok());
    page_sizes.push_back(page.quotes_size());
    for (const auto& q : page.quotes()) ids.push_back(q.id());
    if (page.next_page_token().empty()) break;
    if (second_token.empty()) second_token = page.next_page_token();
    request.set_page_token(page.next_page_token());
  }
  EXPECT_EQ(page_sizes, (std::vector<int>{3, 3, 1}));
  ASSERT_EQ(ids.size(), 7u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()).size(), 7u);

  // The token is bound to its filter.
  grpc::ClientContext context;
  v1::ListQuotesRequest other;
  other.set_page_size(3);
  other.set_speaker("Moon Jae-in");
  other.set_page_token(second_token);
  v1::ListQuotesResponse out;
  EXPECT_EQ(h->query().ListQuotes(&context, other, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // Oversize pages are coerced, not refused.
  grpc::ClientContext big_context;
  v1::ListQuotesRequest big;
  big.set_page_size(5000);
  ASSERT_TRUE(h->query().ListQuotes(&big_context, big, &out).ok());
  EXPECT_EQ(out.quotes_size(), 7);
  EXPECT_TRUE(out.next_page_token().empty());
}

TEST(ServicesTest, StreamingIngestGoesOnPastABadArticle) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  grpc::ClientContext context;
  context.set_deadline(system_clock::now() + std::chrono::seconds(30));
  auto stream = h->ingest().IngestArticles(&context);
  const int kCount = 6;
  for (int i = 0; i < kCount; ++i) {
    v1::IngestArticleRequest request;
    request.set_request_id("r" + std::to_string(i));
    request.mutable_article()->set_text(i == 2 ? "" : QuoteArticle(100 + i));
    if (i == 4) request.mutable_article()->mutable_published()->set_month(13);
    ASSERT_TRUE(stream->Write(request));
  }
  stream->WritesDone();
  std::vector<v1::IngestArticleResponse> responses;
  v1::IngestArticleResponse response;
  while (stream->Read(&response)) responses.push_back(response);
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(responses.size(), static_cast<size_t>(kCount));
  for (int i = 0; i < kCount; ++i) {
    EXPECT_EQ(responses[i].request_id(), "r" + std::to_string(i));
    bool bad = i == 2 || i == 4;
    EXPECT_EQ(responses[i].has_error(), bad) << i;
    if (bad) {
      EXPECT_EQ(responses[i].error().code(), 3);  // INVALID_ARGUMENT
      EXPECT_NE(responses[i].error().message().find(i == 2 ? "article.text" : "article.published"),
                std::string::npos);
      EXPECT_EQ(responses[i].article_id(), 0);
    } else {
      EXPECT_GT(responses[i].article_id(), 0);
    }
  }
  EXPECT_EQ(h->Counts().articles, kCount - 2);
}

// More articles than the stream's pipeline holds (64), sent without
// waiting: every one is answered, in order, with its own stored article,
// and a duplicate inside the stream names the first copy.
TEST(ServicesTest, StreamingIngestOfManyArticlesAnswersEachInOrder) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  grpc::ClientContext context;
  context.set_deadline(system_clock::now() + std::chrono::seconds(60));
  auto stream = h->ingest().IngestArticles(&context);
  const int kCount = 150;
  const int kDuplicateOf = 10, kDuplicate = 120;
  std::thread sender([&] {
    for (int i = 0; i < kCount; ++i) {
      v1::IngestArticleRequest request;
      request.set_request_id("r" + std::to_string(i));
      request.mutable_article()->set_text(QuoteArticle(1000 + (i == kDuplicate ? kDuplicateOf : i)));
      if (!stream->Write(request)) return;
    }
    stream->WritesDone();
  });
  std::vector<v1::IngestArticleResponse> responses;
  v1::IngestArticleResponse response;
  while (stream->Read(&response)) responses.push_back(response);
  sender.join();
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(responses.size(), static_cast<size_t>(kCount));
  std::set<int64_t> ids;
  for (int i = 0; i < kCount; ++i) {
    EXPECT_EQ(responses[i].request_id(), "r" + std::to_string(i));
    EXPECT_FALSE(responses[i].has_error()) << i << ": " << responses[i].error().message();
    EXPECT_EQ(responses[i].duplicate(), i == kDuplicate) << i;
    EXPECT_GT(responses[i].article_id(), 0);
    EXPECT_GE(responses[i].events().quotes_size(), 1) << i;
    if (i != kDuplicate) ids.insert(responses[i].article_id());
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kCount - 1));
  EXPECT_EQ(responses[kDuplicate].article_id(), responses[kDuplicateOf].article_id());
  EXPECT_EQ(h->Counts().articles, kCount - 1);
}

TEST(ServicesTest, ExtractArticleStoresNothing) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  grpc::ClientContext context;
  v1::ExtractArticleRequest request;
  request.mutable_article()->set_text(XinhuaCallArticle());
  v1::ExtractArticleResponse response;
  ASSERT_TRUE(h->ingest().ExtractArticle(&context, request, &response).ok());
  ASSERT_EQ(response.events().calls_size(), 1);
  EXPECT_EQ(response.events().calls(0).id(), 0);
  EXPECT_EQ(response.published().year(), 2021);
  EXPECT_EQ(h->Counts(), StoredCounts{});
}

TEST(ServicesTest, WatchEventsSeesEventsIngestedAfterItStarted) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  v1::IngestArticleResponse before;
  ASSERT_TRUE(h->Ingest(QuoteArticle(1), &before).ok());  // Not to be streamed.

  grpc::ClientContext context;
  context.set_deadline(system_clock::now() + std::chrono::seconds(20));
  v1::WatchEventsRequest request;
  auto stream = h->query().WatchEvents(&context, request);
  stream->WaitForInitialMetadata();  // The server has taken its starting point.

  v1::IngestArticleResponse after;
  ASSERT_TRUE(h->Ingest(XinhuaCallArticle(), &after).ok());
  const int expected = after.events().calls_size() + after.events().quotes_size() +
                       after.events().sanctions_size();
  std::vector<v1::WatchEventsResponse> seen;
  v1::WatchEventsResponse event;
  while (static_cast<int>(seen.size()) < expected && stream->Read(&event)) seen.push_back(event);
  ASSERT_EQ(static_cast<int>(seen.size()), expected);
  int64_t last = 0;
  bool saw_call = false;
  for (const auto& e : seen) {
    EXPECT_GT(e.sequence(), last);
    last = e.sequence();
    if (e.has_call()) saw_call = e.call().id() == after.events().calls(0).id();
    if (e.has_quote()) {
      EXPECT_EQ(e.quote().provenance().article_id(), after.article_id());
    }
  }
  EXPECT_TRUE(saw_call);
  context.TryCancel();
  stream->Finish();

  // Resuming with after_sequence and a type filter: only sanctions after it.
  grpc::ClientContext resume_context;
  resume_context.set_deadline(system_clock::now() + std::chrono::seconds(20));
  v1::WatchEventsRequest resume;
  resume.set_after_sequence(1);
  resume.add_types(v1::EVENT_TYPE_SANCTION);
  auto sanctions = h->query().WatchEvents(&resume_context, resume);
  ASSERT_TRUE(sanctions->Read(&event));
  EXPECT_TRUE(event.has_sanction());
  resume_context.TryCancel();
  sanctions->Finish();
}

TEST(ServicesTest, WatchEventsEndsWhenTheServerShutsDown) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  grpc::ClientContext context;
  context.set_deadline(system_clock::now() + std::chrono::seconds(20));
  auto stream = h->query().WatchEvents(&context, v1::WatchEventsRequest());
  stream->WaitForInitialMetadata();
  auto start = std::chrono::steady_clock::now();
  std::thread stopper([&] { h->query_server().Shutdown(); });
  v1::WatchEventsResponse event;
  EXPECT_FALSE(stream->Read(&event));
  EXPECT_TRUE(stream->Finish().ok());
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
}

TEST(ServicesTest, DeadlineIsHonouredAndNothingPartialIsWritten) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  // Many sentences: extraction takes longer than the 1 ms the client allows.
  std::string big;
  for (int i = 0; big.size() < 900000; ++i) big += QuoteArticle(1000 + i);
  grpc::ClientContext context;
  context.set_deadline(system_clock::now() + std::chrono::milliseconds(1));
  v1::IngestArticleRequest request;
  request.mutable_article()->set_text(big);
  v1::IngestArticleResponse response;
  grpc::Status status = h->ingest().IngestArticle(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  // Let the server finish whatever it was doing, then check the store holds
  // the article whole or not at all.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  StoredCounts counts = h->Counts();
  EXPECT_EQ(counts.articles, 0) << "the server should have stopped before writing";
  EXPECT_EQ(counts.quotes, 0);
  // The service still works.
  ASSERT_TRUE(h->Ingest(QuoteArticle(1), &response).ok());
}

TEST(ServicesTest, HealthIsServingForBothServices) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  auto ingest = rpc::MakeChannel(h->ingest_address());
  auto query = rpc::MakeChannel(h->query_address());
  EXPECT_TRUE(rpc::CheckServing(ingest.get(), "", absl::Seconds(5)).ok());
  EXPECT_TRUE(rpc::CheckServing(ingest.get(), "parley.v1.IngestService", absl::Seconds(5)).ok());
  EXPECT_TRUE(rpc::CheckServing(query.get(), "parley.v1.QueryService", absl::Seconds(5)).ok());
  EXPECT_FALSE(rpc::CheckServing(query.get(), "parley.v1.IngestService", absl::Seconds(5)).ok());
}

// Lists services through server reflection (grpc.reflection.v1alpha), with
// the reflection messages gRPC's own library registers, over a raw stream.
std::vector<std::string> ReflectedServices(const std::string& address) {
  namespace pb = google::protobuf;
  const pb::DescriptorPool* pool = pb::DescriptorPool::generated_pool();
  const pb::Descriptor* req_type =
      pool->FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionRequest");
  const pb::Descriptor* resp_type =
      pool->FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionResponse");
  if (req_type == nullptr || resp_type == nullptr) {
    ADD_FAILURE() << "reflection messages are not linked in";
    return {};
  }
  std::unique_ptr<pb::Message> request(
      pb::MessageFactory::generated_factory()->GetPrototype(req_type)->New());
  request->GetReflection()->SetString(request.get(), req_type->FindFieldByName("list_services"),
                                      "*");
  std::string bytes = request->SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer out_buffer(&slice, 1);

  auto channel = rpc::MakeChannel(address);
  grpc::ClientContext context;
  context.set_deadline(system_clock::now() + std::chrono::seconds(10));
  grpc::internal::RpcMethod method(
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      grpc::internal::RpcMethod::BIDI_STREAMING);
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>> stream(
      grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::Create(
          channel.get(), method, &context));
  std::vector<std::string> names;
  grpc::ByteBuffer in_buffer;
  if (!stream->Write(out_buffer) || !stream->WritesDone() || !stream->Read(&in_buffer)) {
    ADD_FAILURE() << "reflection stream failed: " << stream->Finish().error_message();
    return names;
  }
  std::vector<grpc::Slice> slices;
  (void)in_buffer.Dump(&slices);
  std::string reply;
  for (const auto& s : slices) reply.append(reinterpret_cast<const char*>(s.begin()), s.size());
  std::unique_ptr<pb::Message> response(
      pb::MessageFactory::generated_factory()->GetPrototype(resp_type)->New());
  EXPECT_TRUE(response->ParseFromString(reply));
  const pb::Message& list = response->GetReflection()->GetMessage(
      *response, resp_type->FindFieldByName("list_services_response"));
  const pb::FieldDescriptor* service_field = list.GetDescriptor()->FindFieldByName("service");
  for (int i = 0; i < list.GetReflection()->FieldSize(list, service_field); ++i) {
    const pb::Message& service = list.GetReflection()->GetRepeatedMessage(list, service_field, i);
    names.push_back(service.GetReflection()->GetString(
        service, service.GetDescriptor()->FindFieldByName("name")));
  }
  while (stream->Read(&in_buffer)) {
  }
  stream->Finish();
  return names;
}

TEST(ServicesTest, ReflectionListsTheServices) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  auto ingest = ReflectedServices(h->ingest_address());
  auto query = ReflectedServices(h->query_address());
  EXPECT_NE(std::find(ingest.begin(), ingest.end(), "parley.v1.IngestService"), ingest.end());
  EXPECT_NE(std::find(query.begin(), query.end(), "parley.v1.QueryService"), query.end());
}

}  // namespace
}  // namespace parley::testing
