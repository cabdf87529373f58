// Query requests -> store filters, with validation: every error is
// INVALID_ARGUMENT naming the field ("date_range.start: ...", "medium: ...").
// Name filters pass through unchanged: the store matches them against
// canonical names and aliases.
#ifndef PARLEY_QUERY_SERVICE_FILTERS_H_
#define PARLEY_QUERY_SERVICE_FILTERS_H_

#include "absl/status/statusor.h"
#include "parley/store/store.h"
#include "parley/v1/query_service.pb.h"

namespace parley::query {

// Longest accepted string filter, in bytes.
inline constexpr size_t kMaxFilterBytes = 1024;

absl::StatusOr<store::CallFilter> CallFilterFrom(const v1::ListCallsRequest& request);
absl::StatusOr<store::QuoteFilter> QuoteFilterFrom(const v1::ListQuotesRequest& request);
absl::StatusOr<store::SanctionFilter> SanctionFilterFrom(const v1::ListSanctionsRequest& request);
absl::StatusOr<store::ActorFilter> ActorFilterFrom(const v1::ListActorsRequest& request);
absl::StatusOr<store::ArticleFilter> ArticleFilterFrom(const v1::ListArticlesRequest& request);

// The event types a WatchEvents request wants (all when empty).
struct EventTypes {
  bool calls = true, quotes = true, sanctions = true;
  bool Wants(store::SequencedEvent::Type type) const;
};
absl::StatusOr<EventTypes> EventTypesFrom(const v1::WatchEventsRequest& request);

}  // namespace parley::query

#endif  // PARLEY_QUERY_SERVICE_FILTERS_H_
