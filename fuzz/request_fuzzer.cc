// request_fuzzer: the request decoding path of both services. Each input is
// parsed as a parley.v1.IngestArticleRequest, a ListCallsRequest and a
// ListQuotesRequest (what gRPC does with a request's bytes) and, when it
// parses, validated the way the services do (rpc/validate.h and, when the
// query service is built, its filters.h). It is also fed as an article's raw text,
// which protobuf's parser would refuse when not UTF-8 but a hand-built or
// other-language client can still send.
//
// Checked beyond "no crash": every rejection is INVALID_ARGUMENT or
// RESOURCE_EXHAUSTED with a message, and an accepted article's text is
// non-empty, valid UTF-8 and within the limit.
#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "parley/rpc/validate.h"
#include "parley/v1/ingest_service.pb.h"
#include "parley/v1/query_service.pb.h"
#ifdef PARLEY_FUZZ_QUERY_FILTERS
#include "parley/query_service/filters.h"
#endif

namespace {

[[noreturn]] void Violated(const char* what, const absl::Status& status) {
  std::fprintf(stderr, "request_fuzzer: %s: %s\n", what, status.ToString().c_str());
  std::abort();
}

void CheckRejection(const absl::Status& status) {
  if (status.ok()) return;
  if (status.code() != absl::StatusCode::kInvalidArgument &&
      status.code() != absl::StatusCode::kResourceExhausted) {
    Violated("unexpected status code for bad input", status);
  }
  if (status.message().empty()) Violated("rejection without a message", status);
}

// A small limit so the oversize path is reachable within -max_len.
parley::rpc::ValidationLimits Limits() {
  parley::rpc::ValidationLimits limits;
  limits.max_text_bytes = 4096;
  return limits;
}

void CheckIngest(const parley::v1::IngestArticleRequest& request) {
  absl::Status status = parley::rpc::ValidateIngestRequest(request, Limits());
  CheckRejection(status);
  if (status.ok()) {
    const std::string& text = request.article().text();
    if (text.empty() || text.size() > Limits().max_text_bytes ||
        !parley::rpc::IsValidUtf8(text)) {
      Violated("accepted an article text the contract rejects", status);
    }
  }
}

void CheckListCalls(const parley::v1::ListCallsRequest& request) {
  CheckRejection(parley::rpc::PageFromRequest(request.page_size(), request.page_token()).status());
  CheckRejection(parley::rpc::DateRangeFromProto(request.has_date_range(), request.date_range(),
                                                 "date_range")
                     .status());
  CheckRejection(
      parley::rpc::ValidateEnum(parley::v1::Medium_descriptor(), request.medium(), "medium"));
  if (request.article_id() != 0) {
    CheckRejection(parley::rpc::ValidateId(request.article_id(), "article_id"));
  }
#ifdef PARLEY_FUZZ_QUERY_FILTERS
  // The query service's own request -> store filter conversion.
  CheckRejection(parley::query::CallFilterFrom(request).status());
#endif
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Protobuf logs every invalid-UTF-8 string it parses; at fuzzing speed
  // that drowns the output.
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* bytes = reinterpret_cast<const char*>(data);
  const int length = static_cast<int>(size);

  parley::v1::IngestArticleRequest ingest;
  if (ingest.ParseFromArray(bytes, length)) CheckIngest(ingest);

  parley::v1::ListCallsRequest list;
  if (list.ParseFromArray(bytes, length)) CheckListCalls(list);

#ifdef PARLEY_FUZZ_QUERY_FILTERS
  parley::v1::ListQuotesRequest quotes;  // Carries the full-text query.
  if (quotes.ParseFromArray(bytes, length)) {
    CheckRejection(parley::query::QuoteFilterFrom(quotes).status());
  }
#endif

  parley::v1::IngestArticleRequest raw;
  raw.mutable_article()->set_text(bytes, size);  // Setters do not check UTF-8.
  CheckIngest(raw);
  return 0;
}
