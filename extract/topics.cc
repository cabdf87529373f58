#include "topics.h"

#include <algorithm>

#include "parley/actors/name_key.h"

namespace parley::extract {
namespace {

// (NameKey of the cue, canonical topic).
constexpr std::pair<std::string_view, std::string_view> kTopics[] = {
    {"korean peninsula", "Korean Peninsula"}, {"denuclearization", "denuclearization"},
    {"denuclearisation", "denuclearization"}, {"nuclear", "nuclear issue"},
    {"ukraine", "Ukraine"}, {"crimea", "Crimea"}, {"taiwan", "Taiwan"}, {"hong kong", "Hong Kong"},
    {"xinjiang", "Xinjiang"}, {"tibet", "Tibet"}, {"climate change", "climate change"},
    {"climate", "climate change"}, {"trade", "trade"}, {"covid-19", "COVID-19"},
    {"coronavirus", "COVID-19"}, {"pandemic", "COVID-19"}, {"syria", "Syria"}, {"iran", "Iran"},
    {"gaza", "Gaza"}, {"ceasefire", "ceasefire"}, {"sanctions", "sanctions"},
    {"missile", "missile launch"}, {"human rights", "human rights"}, {"security", "security"},
    {"alliance", "alliance"}, {"afghanistan", "Afghanistan"}, {"belarus", "Belarus"},
    {"navalny", "Alexei Navalny"}, {"libya", "Libya"}, {"senkaku", "Senkaku Islands"},
    {"south china sea", "South China Sea"}, {"terrorism", "terrorism"}, {"energy", "energy"},
    {"investment", "investment"}, {"economy", "economy"}, {"vaccine", "vaccines"}};

}  // namespace

std::vector<std::string> FindTopics(std::string_view text) {
  std::string key = " ";
  key += actors::NameKey(text);
  key += ' ';
  std::string_view k(key);
  std::vector<std::string> out;
  for (const auto& [cue, topic] : kTopics) {
    // " cue" without building it: find the cue, check the space before.
    size_t p = k.find(cue);
    while (p != std::string_view::npos && k[p - 1] != ' ') p = k.find(cue, p + 1);
    if (p == std::string_view::npos) continue;
    char after = k[p + cue.size()];
    // Whole words (a trailing plural 's' allowed).
    if (after != ' ' && after != 's' && after != '-') continue;
    if (std::find(out.begin(), out.end(), topic) == out.end()) out.emplace_back(topic);
  }
  return out;
}

}  // namespace parley::extract
