#include "parley/rpc/validate.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace parley::rpc {
namespace {

v1::ArticleInput Article(std::string text) {
  v1::ArticleInput in;
  in.set_text(std::move(text));
  return in;
}

// The status must have `code` and a message that starts with `field`.
void ExpectError(const absl::Status& status, absl::StatusCode code, const std::string& field) {
  EXPECT_EQ(status.code(), code) << status;
  EXPECT_EQ(status.message().substr(0, field.size()), field) << status;
}

TEST(ValidateTest, Utf8) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Moon Jae-in \xe2\x80\x9cquoted\xe2\x80\x9d \xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("abc\xe2\x80"));          // Truncated.
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));             // Overlong '/'.
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));         // Surrogate.
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));     // Above U+10FFFF.
  EXPECT_FALSE(IsValidUtf8("\x80 lone continuation"));
}

TEST(ValidateTest, Text) {
  ValidationLimits limits;
  limits.max_text_bytes = 16;
  EXPECT_TRUE(ValidateArticleInput(Article("short text"), limits).ok());
  ExpectError(ValidateArticleInput(Article(""), limits), absl::StatusCode::kInvalidArgument,
              "article.text");
  ExpectError(ValidateArticleInput(Article("bad \xff byte"), limits),
              absl::StatusCode::kInvalidArgument, "article.text");
  ExpectError(ValidateArticleInput(Article(std::string(17, 'a')), limits),
              absl::StatusCode::kResourceExhausted, "article.text");
  EXPECT_TRUE(ValidateArticleInput(Article(std::string(16, 'a')), limits).ok());
}

TEST(ValidateTest, DefaultLimitIsOneMebibyte) {
  ValidationLimits limits;
  EXPECT_TRUE(ValidateArticleInput(Article(std::string(1 << 20, 'a')), limits).ok());
  EXPECT_EQ(ValidateArticleInput(Article(std::string((1 << 20) + 1, 'a')), limits).code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(ValidateTest, Metadata) {
  ValidationLimits limits;
  v1::ArticleInput in = Article("text");
  in.set_source(std::string(257, 's'));
  ExpectError(ValidateArticleInput(in, limits), absl::StatusCode::kInvalidArgument,
              "article.source");
  in = Article("text");
  in.set_url(std::string(2049, 'u'));
  ExpectError(ValidateArticleInput(in, limits), absl::StatusCode::kInvalidArgument,
              "article.url");
  in = Article("text");
  in.set_external_id(std::string(257, 'e'));
  ExpectError(ValidateArticleInput(in, limits), absl::StatusCode::kInvalidArgument,
              "article.external_id");
  in = Article("text");
  in.mutable_published()->set_year(2021);
  in.mutable_published()->set_month(13);
  in.mutable_published()->set_day(1);
  ExpectError(ValidateArticleInput(in, limits), absl::StatusCode::kInvalidArgument,
              "article.published");
}

TEST(ValidateTest, IngestRequest) {
  ValidationLimits limits;
  v1::IngestArticleRequest request;
  ExpectError(ValidateIngestRequest(request, limits), absl::StatusCode::kInvalidArgument,
              "article");
  *request.mutable_article() = Article("text");
  EXPECT_TRUE(ValidateIngestRequest(request, limits).ok());
  request.set_request_id(std::string(129, 'r'));
  ExpectError(ValidateIngestRequest(request, limits), absl::StatusCode::kInvalidArgument,
              "request_id");
}

TEST(ValidateTest, PageSize) {
  EXPECT_EQ(*PageSizeFromRequest(0), 50);
  EXPECT_EQ(*PageSizeFromRequest(7), 7);
  EXPECT_EQ(*PageSizeFromRequest(1000), 1000);
  EXPECT_EQ(*PageSizeFromRequest(5000), 1000);
  ExpectError(PageSizeFromRequest(-1).status(), absl::StatusCode::kInvalidArgument, "page_size");
  auto page = PageFromRequest(3, "tok");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->page_size, 3);
  EXPECT_EQ(page->page_token, "tok");
}

TEST(ValidateTest, DateRange) {
  v1::DateRange range;
  auto open = DateRangeFromProto(false, range, "date_range");
  ASSERT_TRUE(open.ok());
  EXPECT_FALSE(open->start.has_value());

  range.mutable_start()->set_year(2020);
  range.mutable_start()->set_month(5);
  range.mutable_start()->set_day(1);
  auto half = DateRangeFromProto(true, range, "date_range");
  ASSERT_TRUE(half.ok());
  EXPECT_EQ(*half->start, absl::CivilDay(2020, 5, 1));
  EXPECT_FALSE(half->end.has_value());

  range.mutable_end()->set_year(2020);
  range.mutable_end()->set_month(4);
  range.mutable_end()->set_day(30);
  ExpectError(DateRangeFromProto(true, range, "date_range").status(),
              absl::StatusCode::kInvalidArgument, "date_range");

  range.mutable_end()->set_month(2);
  range.mutable_end()->set_day(30);
  ExpectError(DateRangeFromProto(true, range, "date_range").status(),
              absl::StatusCode::kInvalidArgument, "date_range.end");
}

TEST(ValidateTest, IdsAndEnums) {
  EXPECT_TRUE(ValidateId(1, "id").ok());
  ExpectError(ValidateId(0, "id"), absl::StatusCode::kInvalidArgument, "id");
  ExpectError(ValidateId(-5, "id"), absl::StatusCode::kInvalidArgument, "id");
  ExpectError(ValidateEnum(v1::Medium_descriptor(), 42, "medium"),
              absl::StatusCode::kInvalidArgument, "medium");
  EXPECT_TRUE(ValidateEnum(v1::Medium_descriptor(), 1, "medium").ok());
  // The message says what would have been accepted.
  const std::string message(ValidateEnum(v1::Medium_descriptor(), 42, "medium").message());
  for (int i = 0; i < v1::Medium_descriptor()->value_count(); ++i) {
    const auto* value = v1::Medium_descriptor()->value(i);
    EXPECT_NE(message.find(absl::StrCat(value->name(), "=", value->number())), std::string::npos)
        << message;
  }
}

}  // namespace
}  // namespace parley::rpc
