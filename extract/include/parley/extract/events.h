// The events the extraction engine finds in one article. Plain values: no
// gRPC, no database. Services map them to parley.v1 messages; the store
// persists them.
#ifndef PARLEY_EXTRACT_EVENTS_H_
#define PARLEY_EXTRACT_EVENTS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace parley::extract {

// Where an event came from: the byte span [begin, end) of the sentence(s) in
// the article text as given to Extract(), and that span's text.
struct Provenance {
  size_t begin = 0;
  size_t end = 0;
  std::string evidence;  // Whitespace-normalised text of [begin, end).
};

enum class ActorKind { kUnknown, kPerson, kCountry, kInstitution, kNewsOutlet };

// An actor as resolved on the event's date.
struct ActorRef {
  std::string actor_id;  // Knowledge-base id ("person/xi-jinping"); empty if unresolved.
  std::string name;      // Canonical name ("Xi Jinping").
  ActorKind kind = ActorKind::kUnknown;
  std::string country;   // Canonical country name, empty if none.
  std::string office;    // Office held on the event's date, empty if none.
};

enum class Medium { kPhone, kVideo };

struct Call {
  std::vector<ActorRef> participants;   // Two or more, in order of mention.
  std::optional<absl::CivilDay> date;   // Resolved date; nullopt if unanchored.
  Medium medium = Medium::kPhone;
  std::vector<std::string> topics;      // Short phrases ("Korean Peninsula").
  Provenance provenance;
};

struct Quote {
  ActorRef speaker;
  std::string text;     // Words in quotation marks, or the reported clause.
  bool direct = false;  // True when in quotation marks.
  Provenance provenance;
};

// The annotation guide's fixed list of measures.
enum class Measure {
  kExportBan, kImportBan, kAssetFreeze, kTravelBan, kBlacklist, kArmsEmbargo,
  kSupplyCap, kLaborBan, kInvestmentBan, kFinancial, kTariff, kExportControl,
  kOther,
};

enum class SanctionStatus { kImposed, kThreatened, kLifted, kProposed };

struct Sanction {
  ActorRef imposer;
  ActorRef target;
  Measure measure = Measure::kOther;
  std::vector<std::string> items;  // Goods or sectors, lower case as written.
  SanctionStatus status = SanctionStatus::kImposed;
  Provenance provenance;
};

// Everything found in one article.
struct Extraction {
  // The date relative phrases were resolved against: the metadata date, else
  // one found in the text; nullopt when neither exists.
  std::optional<absl::CivilDay> published;
  std::string source;  // Metadata source, else one found in the text (may be empty).
  std::vector<Call> calls;
  std::vector<Quote> quotes;
  std::vector<Sanction> sanctions;
};

// Metadata a feed knows besides the text. Every field is optional.
struct ArticleMeta {
  std::optional<absl::CivilDay> published;
  std::string source;
  std::string url;
};

// Stable lower-case names used in JSON, the database and the eval format
// ("export_ban", "imposed", "phone", "person").
const char* MeasureName(Measure m);
const char* StatusName(SanctionStatus s);
const char* MediumName(Medium m);
const char* ActorKindName(ActorKind k);
// Inverses; return false for an unknown name.
bool ParseMeasure(std::string_view name, Measure* out);
bool ParseStatus(std::string_view name, SanctionStatus* out);
bool ParseMedium(std::string_view name, Medium* out);
bool ParseActorKind(std::string_view name, ActorKind* out);

}  // namespace parley::extract

#endif  // PARLEY_EXTRACT_EVENTS_H_
