#include "kb_actors.h"

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace parley::ingest {
namespace {

std::string CountryName(const actors::KnowledgeBase& kb, const std::string& id) {
  const actors::Country* c = kb.FindCountry(id);
  return c ? c->name : std::string();
}

store::StoredActor MakeActor(std::string id, std::string name, extract::ActorKind kind,
                             std::string country, std::vector<std::string> aliases) {
  store::StoredActor a;
  a.id = std::move(id);
  a.name = std::move(name);
  a.kind = kind;
  a.country = std::move(country);
  a.aliases = std::move(aliases);
  return a;
}

}  // namespace

std::vector<store::StoredActor> KnowledgeBaseActors(const actors::KnowledgeBase& kb) {
  std::vector<store::StoredActor> out;
  out.reserve(kb.countries().size() + kb.people().size() + kb.institutions().size());
  for (const actors::Country& c : kb.countries()) {
    store::StoredActor a =
        MakeActor(c.id, c.name, extract::ActorKind::kCountry, c.name, c.aliases);
    a.aliases.insert(a.aliases.end(), c.metonyms.begin(), c.metonyms.end());
    out.push_back(std::move(a));
  }
  std::unordered_map<std::string, size_t> person_index;
  for (const actors::Person& p : kb.people()) {
    person_index[p.id] = out.size();
    out.push_back(MakeActor(p.id, p.name, extract::ActorKind::kPerson,
                            CountryName(kb, p.country), p.aliases));
  }
  for (const actors::Office& o : kb.offices()) {
    auto it = person_index.find(o.person);
    if (it == person_index.end()) continue;
    store::OfficeTerm term;
    term.office = o.title;
    term.country = CountryName(kb, o.country);
    term.start = o.start;
    term.end = o.end;
    out[it->second].offices.push_back(std::move(term));
  }
  for (const actors::Institution& i : kb.institutions()) {
    out.push_back(MakeActor(i.id, i.name,
                            i.kind == actors::InstitutionKind::kNewsOutlet
                                ? extract::ActorKind::kNewsOutlet
                                : extract::ActorKind::kInstitution,
                            CountryName(kb, i.country), i.aliases));
  }
  return out;
}

}  // namespace parley::ingest
