// Conversions between the engine's and the store's plain structs and the
// parley.v1 messages. Forward (struct -> proto) for the services' answers;
// reverse (proto -> extract) for clients that rebuild an Extraction from
// query answers (`parley eval`). Pure functions, no I/O.
#ifndef PARLEY_RPC_CONVERT_H_
#define PARLEY_RPC_CONVERT_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "parley/extract/events.h"
#include "parley/store/store.h"
#include "parley/v1/ingest_service.pb.h"
#include "parley/v1/resources.pb.h"

namespace parley::rpc {

// Dates. DateFromProto rejects an impossible date (month 13, Feb 30, year 0)
// with INVALID_ARGUMENT naming `field`.
v1::Date DateToProto(absl::CivilDay day);
absl::StatusOr<absl::CivilDay> DateFromProto(const v1::Date& date, absl::string_view field);
// Sets *out when `day` has a value, clears it otherwise.
void SetOptionalDate(const std::optional<absl::CivilDay>& day, v1::Date* out);

// Enums. The *FromProto forms return nullopt for UNSPECIFIED or an unknown
// number (proto3 enums are open), which filters read as "any".
v1::Medium MediumToProto(extract::Medium m);
std::optional<extract::Medium> MediumFromProto(v1::Medium m);
v1::Measure MeasureToProto(extract::Measure m);
std::optional<extract::Measure> MeasureFromProto(v1::Measure m);
v1::SanctionStatus SanctionStatusToProto(extract::SanctionStatus s);
std::optional<extract::SanctionStatus> SanctionStatusFromProto(v1::SanctionStatus s);
v1::ActorKind ActorKindToProto(extract::ActorKind k);
std::optional<extract::ActorKind> ActorKindFromProto(v1::ActorKind k);

v1::ActorRef ActorRefToProto(const extract::ActorRef& ref);
extract::ActorRef ActorRefFromProto(const v1::ActorRef& ref);
v1::Provenance ProvenanceToProto(int64_t article_id, const extract::Provenance& p);

// Stored records, as the query service returns them.
v1::Call CallToProto(const store::StoredCall& call);
v1::Quote QuoteToProto(const store::StoredQuote& quote);
v1::Sanction SanctionToProto(const store::StoredSanction& sanction);
v1::Article ArticleToProto(const store::StoredArticle& article);
v1::Actor ActorToProto(const store::StoredActor& actor);

// The events of one article as the ingest service returns them. `ids` gives
// the stored ids (nullptr for a dry run: ids and article id stay 0); quotes
// and sanctions carry the article's date, `extraction.published`.
v1::Events EventsToProto(const extract::Extraction& extraction, int64_t article_id,
                         const store::IngestResult* ids);

// Reverse direction. A call's provenance is its mention in `article_id`
// (the first mention when that article has none, or when article_id is 0).
absl::StatusOr<extract::Call> CallFromProto(const v1::Call& call, int64_t article_id);
extract::Quote QuoteFromProto(const v1::Quote& quote);
extract::Sanction SanctionFromProto(const v1::Sanction& sanction);

// The store's view of an ingest request's article (validated beforehand).
absl::StatusOr<store::ArticleInput> ArticleInputFromProto(const v1::ArticleInput& in);
// The engine's view of the same metadata.
extract::ArticleMeta MetaFromInput(const store::ArticleInput& in);

}  // namespace parley::rpc

#endif  // PARLEY_RPC_CONVERT_H_
