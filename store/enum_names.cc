#include "store/enum_names.h"

#include <array>
#include <utility>

#include "absl/strings/string_view.h"

namespace parley::store {
namespace {

using extract::ActorKind;
using extract::Measure;
using extract::Medium;
using extract::SanctionStatus;

template <typename E, size_t N>
using Table = std::array<std::pair<E, absl::string_view>, N>;

constexpr Table<Measure, 13> kMeasures = {{
    {Measure::kExportBan, "export_ban"}, {Measure::kImportBan, "import_ban"},
    {Measure::kAssetFreeze, "asset_freeze"}, {Measure::kTravelBan, "travel_ban"},
    {Measure::kBlacklist, "blacklist"}, {Measure::kArmsEmbargo, "arms_embargo"},
    {Measure::kSupplyCap, "supply_cap"}, {Measure::kLaborBan, "labor_ban"},
    {Measure::kInvestmentBan, "investment_ban"}, {Measure::kFinancial, "financial"},
    {Measure::kTariff, "tariff"}, {Measure::kExportControl, "export_control"},
    {Measure::kOther, "other"},
}};
constexpr Table<SanctionStatus, 4> kStatuses = {{
    {SanctionStatus::kImposed, "imposed"}, {SanctionStatus::kThreatened, "threatened"},
    {SanctionStatus::kLifted, "lifted"}, {SanctionStatus::kProposed, "proposed"},
}};
constexpr Table<Medium, 2> kMedia = {{{Medium::kPhone, "phone"}, {Medium::kVideo, "video"}}};
constexpr Table<ActorKind, 5> kKinds = {{
    {ActorKind::kUnknown, "unknown"}, {ActorKind::kPerson, "person"},
    {ActorKind::kCountry, "country"}, {ActorKind::kInstitution, "institution"},
    {ActorKind::kNewsOutlet, "news_outlet"},
}};

template <typename E, size_t N>
absl::string_view Find(const Table<E, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return table.back().second;
}

template <typename E, size_t N>
E Find(const Table<E, N>& table, absl::string_view name, E fallback) {
  for (const auto& [e, n] : table) {
    if (n == name) return e;
  }
  return fallback;
}

}  // namespace

absl::string_view NameOf(Measure m) { return Find(kMeasures, m); }
absl::string_view NameOf(SanctionStatus s) { return Find(kStatuses, s); }
absl::string_view NameOf(Medium m) { return Find(kMedia, m); }
absl::string_view NameOf(ActorKind k) { return Find(kKinds, k); }

Measure MeasureFromName(absl::string_view n) { return Find(kMeasures, n, Measure::kOther); }
SanctionStatus StatusFromName(absl::string_view n) {
  return Find(kStatuses, n, SanctionStatus::kImposed);
}
Medium MediumFromName(absl::string_view n) { return Find(kMedia, n, Medium::kPhone); }
ActorKind ActorKindFromName(absl::string_view n) { return Find(kKinds, n, ActorKind::kUnknown); }

}  // namespace parley::store
