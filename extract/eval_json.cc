#include "parley/extract/eval_json.h"

#include <cstdio>

namespace parley::extract {
namespace {

using nlohmann::json;

json Participants(const Call& c) {
  json names = json::array();
  for (const auto& p : c.participants) names.push_back(p.name);
  return names;
}

json Actor(const ActorRef& a) {
  json j = {{"name", a.name}, {"kind", ActorKindName(a.kind)}};
  if (!a.actor_id.empty()) j["id"] = a.actor_id;
  if (!a.country.empty()) j["country"] = a.country;
  if (!a.office.empty()) j["office"] = a.office;
  return j;
}

json Prov(const Provenance& p) {
  return {{"begin", p.begin}, {"end", p.end}, {"evidence", p.evidence}};
}

}  // namespace

json DateJson(const std::optional<absl::CivilDay>& day) {
  if (!day) return nullptr;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(day->year()), day->month(), day->day());
  return std::string(buf);
}

json ToEvalJson(std::string_view article_id, const Extraction& x) {
  json out = {{"article", std::string(article_id)},
              {"calls", json::array()},
              {"quotes", json::array()},
              {"sanctions", json::array()}};
  for (const auto& c : x.calls) {
    out["calls"].push_back(
        {{"participants", Participants(c)}, {"date", DateJson(c.date)}, {"medium", MediumName(c.medium)}});
  }
  for (const auto& q : x.quotes) {
    out["quotes"].push_back({{"speaker", q.speaker.name}, {"text", q.text}, {"direct", q.direct}});
  }
  for (const auto& s : x.sanctions) {
    out["sanctions"].push_back({{"imposer", s.imposer.name},
                                {"target", s.target.name},
                                {"measure", MeasureName(s.measure)},
                                {"items", s.items},
                                {"status", StatusName(s.status)}});
  }
  return out;
}

json ToDetailedJson(std::string_view article_id, const Extraction& x) {
  json out = {{"article", std::string(article_id)},
              {"published", DateJson(x.published)},
              {"source", x.source},
              {"calls", json::array()},
              {"quotes", json::array()},
              {"sanctions", json::array()}};
  for (const auto& c : x.calls) {
    json parts = json::array();
    for (const auto& p : c.participants) parts.push_back(Actor(p));
    out["calls"].push_back({{"participants", parts},
                            {"date", DateJson(c.date)},
                            {"medium", MediumName(c.medium)},
                            {"topics", c.topics},
                            {"provenance", Prov(c.provenance)}});
  }
  for (const auto& q : x.quotes) {
    out["quotes"].push_back({{"speaker", Actor(q.speaker)},
                             {"text", q.text},
                             {"direct", q.direct},
                             {"provenance", Prov(q.provenance)}});
  }
  for (const auto& s : x.sanctions) {
    out["sanctions"].push_back({{"imposer", Actor(s.imposer)},
                                {"target", Actor(s.target)},
                                {"measure", MeasureName(s.measure)},
                                {"items", s.items},
                                {"status", StatusName(s.status)},
                                {"provenance", Prov(s.provenance)}});
  }
  return out;
}

}  // namespace parley::extract
