#include "parley/query_service/filters.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "parley/common/status_macros.h"
#include "parley/rpc/convert.h"
#include "parley/rpc/validate.h"

namespace parley::query {
namespace {

absl::Status CheckString(const std::string& value, absl::string_view field) {
  if (value.size() > kMaxFilterBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", value.size(), " bytes, at most ", kMaxFilterBytes, " allowed"));
  }
  if (!rpc::IsValidUtf8(value)) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": not valid UTF-8"));
  }
  return absl::OkStatus();
}

// Checks every (value, field) pair.
absl::Status CheckStrings(
    std::initializer_list<std::pair<const std::string*, absl::string_view>> fields) {
  for (const auto& [value, field] : fields) PARLEY_RETURN_IF_ERROR(CheckString(*value, field));
  return absl::OkStatus();
}

// A name or id as typed, without the spaces around it: " Lula" and "Lula "
// mean Lula (a name with them matches nothing). Not for name_prefix, where a
// trailing space is part of the prefix, nor text_query, which is split into
// words anyway.
std::string Trim(const std::string& value) {
  return std::string(absl::StripAsciiWhitespace(value));
}

absl::Status CheckArticleId(int64_t id) {
  if (id < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("article_id: ", id, " is negative (0 = any article)"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<store::CallFilter> CallFilterFrom(const v1::ListCallsRequest& r) {
  PARLEY_RETURN_IF_ERROR(CheckStrings({{&r.participant(), "participant"},
                                       {&r.participant_id(), "participant_id"},
                                       {&r.country(), "country"},
                                       {&r.topic(), "topic"}}));
  PARLEY_RETURN_IF_ERROR(rpc::ValidateEnum(v1::Medium_descriptor(), r.medium(), "medium"));
  PARLEY_RETURN_IF_ERROR(CheckArticleId(r.article_id()));
  store::CallFilter f;
  f.participant = Trim(r.participant());
  f.participant_id = Trim(r.participant_id());
  f.country = Trim(r.country());
  f.topic = Trim(r.topic());
  f.medium = rpc::MediumFromProto(r.medium());
  PARLEY_ASSIGN_OR_RETURN(f.dates,
                          rpc::DateRangeFromProto(r.has_date_range(), r.date_range(), "date_range"));
  f.article_id = r.article_id();
  return f;
}

absl::StatusOr<store::QuoteFilter> QuoteFilterFrom(const v1::ListQuotesRequest& r) {
  PARLEY_RETURN_IF_ERROR(CheckStrings({{&r.speaker(), "speaker"},
                                       {&r.speaker_id(), "speaker_id"},
                                       {&r.country(), "country"},
                                       {&r.text_query(), "text_query"}}));
  PARLEY_RETURN_IF_ERROR(CheckArticleId(r.article_id()));
  store::QuoteFilter f;
  f.speaker = Trim(r.speaker());
  f.speaker_id = Trim(r.speaker_id());
  f.country = Trim(r.country());
  f.text_query = r.text_query();
  PARLEY_ASSIGN_OR_RETURN(f.dates,
                          rpc::DateRangeFromProto(r.has_date_range(), r.date_range(), "date_range"));
  f.direct_only = r.direct_only();
  f.article_id = r.article_id();
  return f;
}

absl::StatusOr<store::SanctionFilter> SanctionFilterFrom(const v1::ListSanctionsRequest& r) {
  PARLEY_RETURN_IF_ERROR(CheckStrings(
      {{&r.imposer(), "imposer"}, {&r.target(), "target"}, {&r.item(), "item"}}));
  PARLEY_RETURN_IF_ERROR(rpc::ValidateEnum(v1::Measure_descriptor(), r.measure(), "measure"));
  PARLEY_RETURN_IF_ERROR(rpc::ValidateEnum(v1::SanctionStatus_descriptor(), r.status(), "status"));
  PARLEY_RETURN_IF_ERROR(CheckArticleId(r.article_id()));
  store::SanctionFilter f;
  f.imposer = Trim(r.imposer());
  f.target = Trim(r.target());
  f.item = Trim(r.item());
  f.measure = rpc::MeasureFromProto(r.measure());
  f.status = rpc::SanctionStatusFromProto(r.status());
  PARLEY_ASSIGN_OR_RETURN(f.dates,
                          rpc::DateRangeFromProto(r.has_date_range(), r.date_range(), "date_range"));
  f.article_id = r.article_id();
  return f;
}

absl::StatusOr<store::ActorFilter> ActorFilterFrom(const v1::ListActorsRequest& r) {
  PARLEY_RETURN_IF_ERROR(CheckStrings(
      {{&r.name_prefix(), "name_prefix"}, {&r.country(), "country"}, {&r.office(), "office"}}));
  PARLEY_RETURN_IF_ERROR(rpc::ValidateEnum(v1::ActorKind_descriptor(), r.kind(), "kind"));
  store::ActorFilter f;
  f.name_prefix = r.name_prefix();
  f.country = Trim(r.country());
  f.office = Trim(r.office());
  f.kind = rpc::ActorKindFromProto(r.kind());
  f.with_events_only = r.with_events_only();
  return f;
}

absl::StatusOr<store::ArticleFilter> ArticleFilterFrom(const v1::ListArticlesRequest& r) {
  PARLEY_RETURN_IF_ERROR(
      CheckStrings({{&r.source(), "source"}, {&r.external_id(), "external_id"}}));
  store::ArticleFilter f;
  f.source = Trim(r.source());
  f.external_id = Trim(r.external_id());
  PARLEY_ASSIGN_OR_RETURN(f.dates,
                          rpc::DateRangeFromProto(r.has_date_range(), r.date_range(), "date_range"));
  return f;
}

bool EventTypes::Wants(store::SequencedEvent::Type type) const {
  switch (type) {
    case store::SequencedEvent::Type::kCall: return calls;
    case store::SequencedEvent::Type::kQuote: return quotes;
    case store::SequencedEvent::Type::kSanction: return sanctions;
  }
  return false;
}

absl::StatusOr<EventTypes> EventTypesFrom(const v1::WatchEventsRequest& request) {
  if (request.after_sequence() < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "after_sequence: ", request.after_sequence(), " is negative (0 = from now on)"));
  }
  EventTypes types;
  if (request.types().empty()) return types;
  types = {false, false, false};
  for (int i = 0; i < request.types_size(); ++i) {
    switch (request.types(i)) {
      case v1::EVENT_TYPE_CALL: types.calls = true; break;
      case v1::EVENT_TYPE_QUOTE: types.quotes = true; break;
      case v1::EVENT_TYPE_SANCTION: types.sanctions = true; break;
      default:
        return absl::InvalidArgumentError(absl::StrCat(
            "types[", i, "]: ", request.types(i), " is not an event type (empty list = all)"));
    }
  }
  return types;
}

}  // namespace parley::query
