#include "parley/extract/events.h"

#include <array>
#include <string_view>

namespace parley::extract {
namespace {

constexpr std::array<const char*, 13> kMeasureNames = {
    "export_ban", "import_ban", "asset_freeze", "travel_ban", "blacklist", "arms_embargo",
    "supply_cap", "labor_ban", "investment_ban", "financial", "tariff", "export_control", "other"};
constexpr std::array<const char*, 4> kStatusNames = {"imposed", "threatened", "lifted", "proposed"};
constexpr std::array<const char*, 2> kMediumNames = {"phone", "video"};
constexpr std::array<const char*, 5> kActorKindNames = {"unknown", "person", "country",
                                                        "institution", "news_outlet"};

template <typename E, size_t N>
bool ParseName(std::string_view name, const std::array<const char*, N>& names, E* out) {
  for (size_t i = 0; i < N; ++i) {
    if (name == names[i]) {
      *out = static_cast<E>(i);
      return true;
    }
  }
  return false;
}

}  // namespace

const char* MeasureName(Measure m) { return kMeasureNames[static_cast<size_t>(m)]; }
const char* StatusName(SanctionStatus s) { return kStatusNames[static_cast<size_t>(s)]; }
const char* MediumName(Medium m) { return kMediumNames[static_cast<size_t>(m)]; }
const char* ActorKindName(ActorKind k) { return kActorKindNames[static_cast<size_t>(k)]; }

bool ParseMeasure(std::string_view name, Measure* out) { return ParseName(name, kMeasureNames, out); }
bool ParseStatus(std::string_view name, SanctionStatus* out) { return ParseName(name, kStatusNames, out); }
bool ParseMedium(std::string_view name, Medium* out) { return ParseName(name, kMediumNames, out); }
bool ParseActorKind(std::string_view name, ActorKind* out) {
  return ParseName(name, kActorKindNames, out);
}

}  // namespace parley::extract
