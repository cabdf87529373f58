// Request validation shared by the services (and the fuzz targets). Every
// error is INVALID_ARGUMENT (RESOURCE_EXHAUSTED for an oversize text) with a
// message that starts with the offending field's path, e.g.
// "article.published: invalid date 2021-2-30 (no such day in that month)".
#ifndef PARLEY_RPC_VALIDATE_H_
#define PARLEY_RPC_VALIDATE_H_

#include <google/protobuf/descriptor.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "parley/store/store.h"
#include "parley/v1/ingest_service.pb.h"
#include "parley/v1/resources.pb.h"

namespace parley::rpc {

// Metadata sizes documented in ingest_service.proto.
inline constexpr size_t kMaxSourceBytes = 256;
inline constexpr size_t kMaxUrlBytes = 2048;
inline constexpr size_t kMaxExternalIdBytes = 256;
inline constexpr size_t kMaxRequestIdBytes = 128;

// AIP-158 page sizes.
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

struct ValidationLimits {
  // Largest accepted article text, in bytes (the services' --max-text-bytes).
  size_t max_text_bytes = 1 << 20;
};

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code
// points above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// The article of an ingest or extract request: text non-empty, valid UTF-8,
// within the limit; metadata within its sizes and valid UTF-8; a valid date.
absl::Status ValidateArticleInput(const v1::ArticleInput& article, const ValidationLimits& limits);
// The article is required; request_id at most kMaxRequestIdBytes.
absl::Status ValidateIngestRequest(const v1::IngestArticleRequest& request,
                                   const ValidationLimits& limits);

// page_size: negative is INVALID_ARGUMENT, 0 means kDefaultPageSize, above
// kMaxPageSize is coerced down.
absl::StatusOr<int> PageSizeFromRequest(int32_t page_size);
absl::StatusOr<store::PageRequest> PageFromRequest(int32_t page_size, std::string_view token);

// A date range whose ends are valid dates, start not after end. `field`
// names the range ("date_range") in messages. An unset range is open.
absl::StatusOr<store::DateRange> DateRangeFromProto(bool has_range, const v1::DateRange& range,
                                                    absl::string_view field);

// Ids of Get requests: positive.
absl::Status ValidateId(int64_t id, absl::string_view field);
// Enum filters: a number `type` defines (proto3 enums accept any on the
// wire). The error lists the values there are, so the caller can fix it.
absl::Status ValidateEnum(const google::protobuf::EnumDescriptor* type, int value,
                          absl::string_view field);

}  // namespace parley::rpc

#endif  // PARLEY_RPC_VALIDATE_H_
