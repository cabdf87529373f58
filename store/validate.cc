#include "store/validate.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "parley/common/status_macros.h"

namespace parley::store {
namespace {

absl::Status CheckSpan(const extract::Provenance& p, size_t text_size, const std::string& field) {
  if (p.begin > p.end || p.end > text_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ".provenance: span [", p.begin, ", ", p.end, ") is not within the text (",
        text_size, " bytes)"));
  }
  return absl::OkStatus();
}

absl::Status CheckNamed(const extract::ActorRef& ref, const std::string& field) {
  if (ref.name.empty() && ref.actor_id.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": needs a name or an actor_id"));
  }
  return absl::OkStatus();
}

absl::Status CheckCall(const extract::Call& call, size_t text_size, const std::string& field) {
  if (call.participants.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".participants: a call needs two or more"));
  }
  for (size_t i = 0; i < call.participants.size(); ++i) {
    PARLEY_RETURN_IF_ERROR(
        CheckNamed(call.participants[i], absl::StrCat(field, ".participants[", i, "]")));
  }
  return CheckSpan(call.provenance, text_size, field);
}

absl::Status CheckQuote(const extract::Quote& quote, size_t text_size, const std::string& field) {
  PARLEY_RETURN_IF_ERROR(CheckNamed(quote.speaker, field + ".speaker"));
  if (quote.text.empty()) return absl::InvalidArgumentError(field + ".text: empty");
  return CheckSpan(quote.provenance, text_size, field);
}

}  // namespace

absl::Status ValidateIngest(const ArticleInput& article, const extract::Extraction& events) {
  if (article.text.empty()) return absl::InvalidArgumentError("text: empty");
  const size_t size = article.text.size();
  for (size_t i = 0; i < events.calls.size(); ++i) {
    PARLEY_RETURN_IF_ERROR(CheckCall(events.calls[i], size, absl::StrCat("calls[", i, "]")));
  }
  for (size_t i = 0; i < events.quotes.size(); ++i) {
    PARLEY_RETURN_IF_ERROR(CheckQuote(events.quotes[i], size, absl::StrCat("quotes[", i, "]")));
  }
  for (size_t i = 0; i < events.sanctions.size(); ++i) {
    PARLEY_RETURN_IF_ERROR(
        CheckSpan(events.sanctions[i].provenance, size, absl::StrCat("sanctions[", i, "]")));
  }
  return absl::OkStatus();
}

absl::Status ValidateDates(const DateRange& dates, absl::string_view field) {
  if (dates.start && dates.end && *dates.start > *dates.end) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": start is after end"));
  }
  return absl::OkStatus();
}

}  // namespace parley::store
