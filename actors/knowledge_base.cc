#include "parley/actors/knowledge_base.h"

#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "embedded_data.h"
#include "parley/common/status_macros.h"
#include "tsv.h"

namespace parley::actors {
namespace {

const std::vector<std::string> kCountryHeader = {"id", "name", "iso2", "aliases", "demonyms", "metonyms"};
const std::vector<std::string> kPeopleHeader = {"id", "name", "country", "aliases", "gender"};
const std::vector<std::string> kOfficeHeader = {"person", "country", "role", "title", "start", "end"};
const std::vector<std::string> kInstitutionHeader = {"id", "name", "kind", "country", "aliases"};

absl::Status RowError(const std::string& file, int line, std::string_view msg) {
  return absl::InvalidArgumentError(absl::StrCat(file, ":", line, ": ", std::string(msg)));
}

absl::StatusOr<absl::CivilDay> ParseDay(const std::string& s, const std::string& file, int line,
                                        std::string_view column) {
  absl::CivilDay day;
  if (s.size() != 10 || !absl::ParseCivilTime(s, &day)) {
    return RowError(file, line, absl::StrCat("bad date in column '", std::string(column), "': '", s, "'"));
  }
  return day;
}

absl::Status CheckId(const std::string& id, std::string_view prefix, const std::string& file, int line) {
  if (id.compare(0, prefix.size(), prefix) != 0 || id.size() == prefix.size()) {
    return RowError(file, line, absl::StrCat("id '", id, "' must start with '", std::string(prefix), "'"));
  }
  return absl::OkStatus();
}

const std::vector<Candidate> kNoCandidates;

// Debian's Abseil has its own string_view type: convert, no copy.
absl::string_view Key(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// FNV-1a: keys are a few words long; cheap and good enough for a filter.
uint64_t FilterHash(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h ^ (h >> 29);
}

}  // namespace

absl::StatusOr<std::unique_ptr<KnowledgeBase>> KnowledgeBase::LoadFromContents(
    const std::map<std::string, std::string>& files, const std::string& origin) {
  std::unique_ptr<KnowledgeBase> kb(new KnowledgeBase());
  auto file_of = [&](const std::string& name) -> const std::string* {
    auto it = files.find(name);
    return it == files.end() ? nullptr : &it->second;
  };
  auto path = [&](const std::string& name) { return origin.empty() ? name : origin + "/" + name; };

  const std::string* countries = file_of("countries.tsv");
  if (countries == nullptr) {
    return absl::NotFoundError(absl::StrCat(path("countries.tsv"), ": missing"));
  }
  PARLEY_ASSIGN_OR_RETURN(auto crows, ParseTsv(*countries, path("countries.tsv"), kCountryHeader));
  for (auto& r : crows) {
    auto& f = r.fields;
    PARLEY_RETURN_IF_ERROR(CheckId(f[0], "country/", path("countries.tsv"), r.line));
    if (f[1].empty()) return RowError(path("countries.tsv"), r.line, "empty name");
    if (kb->country_by_id_.count(f[0])) return RowError(path("countries.tsv"), r.line, "duplicate id " + f[0]);
    kb->country_by_id_[f[0]] = static_cast<int>(kb->countries_.size());
    kb->countries_.push_back(Country{f[0], f[1], f[2], SplitMulti(f[3]), SplitMulti(f[4]), SplitMulti(f[5])});
  }

  if (const std::string* people = file_of("people.tsv")) {
    PARLEY_ASSIGN_OR_RETURN(auto rows, ParseTsv(*people, path("people.tsv"), kPeopleHeader));
    for (auto& r : rows) {
      auto& f = r.fields;
      PARLEY_RETURN_IF_ERROR(CheckId(f[0], "person/", path("people.tsv"), r.line));
      if (f[1].empty()) return RowError(path("people.tsv"), r.line, "empty name");
      if (!f[2].empty() && !kb->country_by_id_.count(f[2])) {
        return RowError(path("people.tsv"), r.line, "unknown country id '" + f[2] + "'");
      }
      if (f[4] != "" && f[4] != "m" && f[4] != "f") {
        return RowError(path("people.tsv"), r.line, "gender must be m, f or empty");
      }
      if (kb->person_by_id_.count(f[0])) return RowError(path("people.tsv"), r.line, "duplicate id " + f[0]);
      kb->person_by_id_[f[0]] = static_cast<int>(kb->people_.size());
      kb->people_.push_back(Person{f[0], f[1], f[2], SplitMulti(f[3]), f[4].empty() ? '\0' : f[4][0]});
    }
  }

  if (const std::string* offices = file_of("offices.tsv")) {
    PARLEY_ASSIGN_OR_RETURN(auto rows, ParseTsv(*offices, path("offices.tsv"), kOfficeHeader));
    for (auto& r : rows) {
      auto& f = r.fields;
      if (!kb->person_by_id_.count(f[0])) return RowError(path("offices.tsv"), r.line, "unknown person id '" + f[0] + "'");
      if (!kb->country_by_id_.count(f[1])) return RowError(path("offices.tsv"), r.line, "unknown country id '" + f[1] + "'");
      if (f[2].empty() && f[3].empty()) return RowError(path("offices.tsv"), r.line, "role and title both empty");
      PARLEY_ASSIGN_OR_RETURN(absl::CivilDay start, ParseDay(f[4], path("offices.tsv"), r.line, "start"));
      std::optional<absl::CivilDay> end;
      if (!f[5].empty()) {
        PARLEY_ASSIGN_OR_RETURN(end, ParseDay(f[5], path("offices.tsv"), r.line, "end"));
        if (*end < start) return RowError(path("offices.tsv"), r.line, "end before start");
      }
      kb->offices_.push_back(Office{f[0], f[1], f[2], f[3], start, end});
    }
  }

  if (const std::string* insts = file_of("institutions.tsv")) {
    PARLEY_ASSIGN_OR_RETURN(auto rows, ParseTsv(*insts, path("institutions.tsv"), kInstitutionHeader));
    for (auto& r : rows) {
      auto& f = r.fields;
      bool outlet = f[0].rfind("outlet/", 0) == 0;
      if (!outlet) PARLEY_RETURN_IF_ERROR(CheckId(f[0], "org/", path("institutions.tsv"), r.line));
      if (f[1].empty()) return RowError(path("institutions.tsv"), r.line, "empty name");
      InstitutionKind kind;
      if (f[2] == "institution") {
        kind = InstitutionKind::kInstitution;
      } else if (f[2] == "news_outlet") {
        kind = InstitutionKind::kNewsOutlet;
      } else {
        return RowError(path("institutions.tsv"), r.line, "kind must be institution or news_outlet");
      }
      if (!f[3].empty() && !kb->country_by_id_.count(f[3])) {
        return RowError(path("institutions.tsv"), r.line, "unknown country id '" + f[3] + "'");
      }
      if (kb->institution_by_id_.count(f[0])) return RowError(path("institutions.tsv"), r.line, "duplicate id " + f[0]);
      kb->institution_by_id_[f[0]] = static_cast<int>(kb->institutions_.size());
      kb->institutions_.push_back(Institution{f[0], f[1], kind, f[3], SplitMulti(f[4])});
    }
  }
  PARLEY_RETURN_IF_ERROR(kb->Index());
  return kb;
}

absl::StatusOr<std::unique_ptr<KnowledgeBase>> KnowledgeBase::LoadFromDirectory(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const char* name : {"countries.tsv", "people.tsv", "offices.tsv", "institutions.tsv"}) {
    std::ifstream in(dir + "/" + name, std::ios::binary);
    if (!in) continue;
    std::stringstream ss;
    ss << in.rdbuf();
    files[name] = ss.str();
  }
  return LoadFromContents(files, dir);
}

absl::StatusOr<std::unique_ptr<KnowledgeBase>> KnowledgeBase::LoadEmbedded() {
  std::map<std::string, std::string> files;
  for (const EmbeddedFile& f : internal::EmbeddedFiles()) files[f.name] = f.contents();
  return LoadFromContents(files, "<embedded data/actors>");
}

void KnowledgeBase::AddName(std::string_view name, Candidate c) {
  std::string key = NameKey(name);
  if (key.empty()) return;
  auto& v = by_key_[key].candidates;
  for (const auto& x : v) {
    if (x.kind == c.kind && x.index == c.index) return;
  }
  v.push_back(c);
  for (size_t p = key.find(' '); p != std::string::npos; p = key.find(' ', p + 1)) {
    by_key_[key.substr(0, p)].continues = true;
  }
  int words = 1;
  for (char ch : key) words += ch == ' ';
  max_name_tokens_ = std::max(max_name_tokens_, words);
}

absl::Status KnowledgeBase::Index() {
  for (int i = 0; i < static_cast<int>(countries_.size()); ++i) {
    const Country& c = countries_[i];
    AddName(c.name, {EntityKind::kCountry, i, NameForm::kName});
    for (const auto& a : c.aliases) AddName(a, {EntityKind::kCountry, i, NameForm::kName});
    for (const auto& a : c.demonyms) AddName(a, {EntityKind::kCountry, i, NameForm::kDemonym});
    for (const auto& a : c.metonyms) AddName(a, {EntityKind::kCountry, i, NameForm::kMetonym});
  }
  for (int i = 0; i < static_cast<int>(people_.size()); ++i) {
    AddName(people_[i].name, {EntityKind::kPerson, i, NameForm::kName});
    for (const auto& a : people_[i].aliases) AddName(a, {EntityKind::kPerson, i, NameForm::kName});
  }
  for (int i = 0; i < static_cast<int>(institutions_.size()); ++i) {
    AddName(institutions_[i].name, {EntityKind::kInstitution, i, NameForm::kName});
    for (const auto& a : institutions_[i].aliases) AddName(a, {EntityKind::kInstitution, i, NameForm::kName});
  }
  BuildKeyFilter();
  for (int i = 0; i < static_cast<int>(offices_.size()); ++i) {
    office_title_keys_.push_back(NameKey(offices_[i].title));
    offices_by_person_[offices_[i].person].push_back(i);
    offices_by_country_[offices_[i].country].push_back(i);
  }
  return absl::OkStatus();
}

void KnowledgeBase::BuildKeyFilter() {
  uint64_t bits = 1024;
  while (bits < by_key_.size() * 16) bits *= 2;
  key_filter_.assign(bits / 64, 0);
  key_filter_mask_ = bits - 1;
  for (const auto& [key, entry] : by_key_) {
    uint64_t h = FilterHash(key);
    for (uint64_t b : {h & key_filter_mask_, (h >> 32) & key_filter_mask_}) key_filter_[b / 64] |= 1ull << (b % 64);
  }
}

const NameKeyEntry* KnowledgeBase::FindKey(std::string_view key) const {
  uint64_t h = FilterHash(key);
  for (uint64_t b : {h & key_filter_mask_, (h >> 32) & key_filter_mask_}) {
    if ((key_filter_[b / 64] & (1ull << (b % 64))) == 0) return nullptr;
  }
  auto it = by_key_.find(Key(key));
  return it == by_key_.end() ? nullptr : &it->second;
}

const std::vector<Candidate>& KnowledgeBase::LookupKey(std::string_view key) const {
  const NameKeyEntry* e = FindKey(key);
  return e == nullptr ? kNoCandidates : e->candidates;
}

int KnowledgeBase::CountryIndex(std::string_view id) const {
  auto it = country_by_id_.find(Key(id));
  return it == country_by_id_.end() ? -1 : it->second;
}

int KnowledgeBase::PersonIndex(std::string_view id) const {
  auto it = person_by_id_.find(Key(id));
  return it == person_by_id_.end() ? -1 : it->second;
}

const Country* KnowledgeBase::FindCountry(std::string_view id) const {
  int i = CountryIndex(id);
  return i < 0 ? nullptr : &countries_[i];
}

const Person* KnowledgeBase::FindPerson(std::string_view id) const {
  int i = PersonIndex(id);
  return i < 0 ? nullptr : &people_[i];
}

const Institution* KnowledgeBase::FindInstitution(std::string_view id) const {
  auto it = institution_by_id_.find(Key(id));
  return it == institution_by_id_.end() ? nullptr : &institutions_[it->second];
}

const Person* KnowledgeBase::HolderOn(std::string_view country_id, std::string_view role_or_title,
                                      absl::CivilDay day) const {
  auto it = offices_by_country_.find(Key(country_id));
  if (it == offices_by_country_.end()) return nullptr;
  const std::string wanted = NameKey(role_or_title);
  for (int i : it->second) {
    const Office& o = offices_[i];
    if (!o.HeldOn(day)) continue;
    if (o.role == role_or_title || office_title_keys_[i] == wanted) {
      return FindPerson(o.person);
    }
  }
  return nullptr;
}

std::vector<const Office*> KnowledgeBase::OfficesOf(std::string_view person_id) const {
  std::vector<const Office*> out;
  auto it = offices_by_person_.find(Key(person_id));
  if (it == offices_by_person_.end()) return out;
  for (int i : it->second) out.push_back(&offices_[i]);
  return out;
}

std::vector<const Office*> KnowledgeBase::OfficesOn(std::string_view person_id, absl::CivilDay day) const {
  std::vector<const Office*> out;
  auto it = offices_by_person_.find(Key(person_id));
  if (it == offices_by_person_.end()) return out;
  for (int i : it->second) {
    if (offices_[i].HeldOn(day)) out.push_back(&offices_[i]);
  }
  return out;
}

}  // namespace parley::actors
