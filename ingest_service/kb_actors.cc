#include "kb_actors.h"

#include <string>
#include <unordered_map>

namespace parley::ingest {
namespace {

std::string CountryName(const actors::KnowledgeBase& kb, const std::string& id) {
  const actors::Country* c = kb.FindCountry(id);
  return c ? c->name : std::string();
}

}  // namespace

std::vector<store::StoredActor> KnowledgeBaseActors(const actors::KnowledgeBase& kb) {
  std::vector<store::StoredActor> out;
  out.reserve(kb.countries().size() + kb.people().size() + kb.institutions().size());
  for (const actors::Country& c : kb.countries()) {
    store::StoredActor a{.id = c.id, .name = c.name, .kind = extract::ActorKind::kCountry,
                         .country = c.name};
    a.aliases = c.aliases;
    a.aliases.insert(a.aliases.end(), c.metonyms.begin(), c.metonyms.end());
    out.push_back(std::move(a));
  }
  std::unordered_map<std::string, size_t> person_index;
  for (const actors::Person& p : kb.people()) {
    person_index[p.id] = out.size();
    out.push_back({.id = p.id, .name = p.name, .kind = extract::ActorKind::kPerson,
                   .country = CountryName(kb, p.country), .aliases = p.aliases});
  }
  for (const actors::Office& o : kb.offices()) {
    auto it = person_index.find(o.person);
    if (it == person_index.end()) continue;
    out[it->second].offices.push_back(
        {.office = o.title, .country = CountryName(kb, o.country), .start = o.start, .end = o.end});
  }
  for (const actors::Institution& i : kb.institutions()) {
    out.push_back({.id = i.id, .name = i.name,
                   .kind = i.kind == actors::InstitutionKind::kNewsOutlet
                               ? extract::ActorKind::kNewsOutlet
                               : extract::ActorKind::kInstitution,
                   .country = CountryName(kb, i.country), .aliases = i.aliases});
  }
  return out;
}

}  // namespace parley::ingest
