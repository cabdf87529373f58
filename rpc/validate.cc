#include "parley/rpc/validate.h"

#include <google/protobuf/descriptor.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "parley/common/status_macros.h"
#include "parley/rpc/convert.h"

namespace parley::rpc {

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07;
    } else {
      return false;  // Continuation byte in lead position, C0/C1, F5..FF.
    }
    if (end - p < len) return false;
    for (int i = 1; i < len; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;  // Overlong.
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;                           // Surrogate.
    if (cp > 0x10FFFF) return false;
    p += len;
  }
  return true;
}

static absl::Status CheckMetadata(absl::string_view value, size_t max, absl::string_view field) {
  if (value.size() > max) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", value.size(),
                                                   " bytes, at most ", max, " allowed"));
  }
  if (!IsValidUtf8(std::string_view(value.data(), value.size()))) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": not valid UTF-8"));
  }
  return absl::OkStatus();
}

absl::Status ValidateArticleInput(const v1::ArticleInput& article,
                                  const ValidationLimits& limits) {
  const std::string& text = article.text();
  if (text.empty()) return absl::InvalidArgumentError("article.text: required, must not be empty");
  if (text.size() > limits.max_text_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat("article.text: ", text.size(),
                                                     " bytes, over the server's limit of ",
                                                     limits.max_text_bytes));
  }
  if (!IsValidUtf8(text)) return absl::InvalidArgumentError("article.text: not valid UTF-8");
  PARLEY_RETURN_IF_ERROR(CheckMetadata(article.source(), kMaxSourceBytes, "article.source"));
  PARLEY_RETURN_IF_ERROR(CheckMetadata(article.url(), kMaxUrlBytes, "article.url"));
  PARLEY_RETURN_IF_ERROR(
      CheckMetadata(article.external_id(), kMaxExternalIdBytes, "article.external_id"));
  if (article.has_published()) {
    PARLEY_RETURN_IF_ERROR(DateFromProto(article.published(), "article.published").status());
  }
  return absl::OkStatus();
}

absl::Status ValidateIngestRequest(const v1::IngestArticleRequest& request,
                                   const ValidationLimits& limits) {
  PARLEY_RETURN_IF_ERROR(CheckMetadata(request.request_id(), kMaxRequestIdBytes, "request_id"));
  if (!request.has_article()) return absl::InvalidArgumentError("article: required");
  return ValidateArticleInput(request.article(), limits);
}

absl::StatusOr<int> PageSizeFromRequest(int32_t page_size) {
  if (page_size < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: ", page_size, " is negative (0..", kMaxPageSize, ", 0 = ",
                     kDefaultPageSize, ")"));
  }
  if (page_size == 0) return kDefaultPageSize;
  return page_size > kMaxPageSize ? kMaxPageSize : page_size;
}

absl::StatusOr<store::PageRequest> PageFromRequest(int32_t page_size, std::string_view token) {
  store::PageRequest page;
  PARLEY_ASSIGN_OR_RETURN(page.page_size, PageSizeFromRequest(page_size));
  page.page_token = std::string(token);
  return page;
}

absl::StatusOr<store::DateRange> DateRangeFromProto(bool has_range, const v1::DateRange& range,
                                                    absl::string_view field) {
  store::DateRange out;
  if (!has_range) return out;
  if (range.has_start()) {
    PARLEY_ASSIGN_OR_RETURN(out.start,
                            DateFromProto(range.start(), absl::StrCat(field, ".start")));
  }
  if (range.has_end()) {
    PARLEY_ASSIGN_OR_RETURN(out.end, DateFromProto(range.end(), absl::StrCat(field, ".end")));
  }
  if (out.start && out.end && *out.start > *out.end) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": start ", absl::FormatCivilTime(*out.start), " is after end ",
        absl::FormatCivilTime(*out.end)));
  }
  return out;
}

absl::Status ValidateId(int64_t id, absl::string_view field) {
  if (id <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", id, " is not a valid id (must be positive)"));
  }
  return absl::OkStatus();
}

absl::Status ValidateEnum(const google::protobuf::EnumDescriptor* type, int value,
                          absl::string_view field) {
  if (type->FindValueByNumber(value) != nullptr) return absl::OkStatus();
  std::vector<std::string> known;
  for (int i = 0; i < type->value_count(); ++i) {
    known.push_back(absl::StrCat(type->value(i)->name(), "=", type->value(i)->number()));
  }
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": unknown value ", value, " (one of ", absl::StrJoin(known, ", "), ")"));
}

}  // namespace parley::rpc
