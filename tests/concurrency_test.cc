// Concurrent ingest (unary and streaming) and queries against the real
// services: every article is stored exactly once, readers never fail.
#include <atomic>
#include <thread>

#include "gtest/gtest.h"
#include "service_harness.h"

namespace parley::testing {
namespace {

TEST(ConcurrencyTest, ParallelIngestAndQueries) {
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  constexpr int kWriters = 4, kPerWriter = 10;
  std::atomic<int> errors{0};
  std::atomic<bool> writing{true};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        v1::IngestArticleResponse response;
        // Writers 0 and 1 send the same texts: duplicates under contention.
        int id = (w < 2 ? 0 : w) * 1000 + i;
        grpc::Status status = h->Ingest(QuoteArticle(id), &response);
        if (!status.ok() || response.article_id() <= 0) ++errors;
      }
    });
  }
  // A bulk stream alongside the unary writers.
  threads.emplace_back([&] {
    grpc::ClientContext context;
    auto stream = h->ingest().IngestArticles(&context);
    for (int i = 0; i < kPerWriter; ++i) {
      v1::IngestArticleRequest request;
      request.mutable_article()->set_text(QuoteArticle(9000 + i));
      stream->Write(request);
    }
    stream->WritesDone();
    v1::IngestArticleResponse response;
    int n = 0;
    while (stream->Read(&response)) n += response.has_error() ? 0 : 1;
    if (!stream->Finish().ok() || n != kPerWriter) ++errors;
  });
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      while (writing) {
        grpc::ClientContext context;
        v1::ListQuotesRequest request;
        request.set_page_size(5);
        v1::ListQuotesResponse response;
        if (!h->query().ListQuotes(&context, request, &response).ok()) ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  writing = false;
  for (auto& t : readers) t.join();
  EXPECT_EQ(errors.load(), 0);
  StoredCounts counts = h->Counts();
  // Writers 0 and 1 share their texts: 3 distinct unary sets plus the stream.
  EXPECT_EQ(counts.articles, 3 * kPerWriter + kPerWriter);
  EXPECT_EQ(counts.quotes, counts.articles);
}

}  // namespace
}  // namespace parley::testing
