// The actors knowledge base: countries, people, their offices over time, and
// institutions, loaded from the TSV files described in data/actors/README.md.
//
// Immutable after loading, so one instance is safely shared by any number of
// threads. Name lookups go through NameKey() (case, accents, periods and
// curly apostrophes ignored), the same key the extraction engine computes for
// the words of an article.
#ifndef PARLEY_ACTORS_KNOWLEDGE_BASE_H_
#define PARLEY_ACTORS_KNOWLEDGE_BASE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "parley/actors/name_key.h"

namespace parley::actors {

struct Country {
  std::string id;    // "country/north-korea"
  std::string name;  // "North Korea"
  std::string iso2;
  std::vector<std::string> aliases;
  std::vector<std::string> demonyms;
  std::vector<std::string> metonyms;
};

struct Person {
  std::string id;       // "person/xi-jinping"
  std::string name;     // "Xi Jinping"
  std::string country;  // country id
  std::vector<std::string> aliases;
  char gender = 0;      // 'm', 'f' or 0 when unknown.
};

struct Office {
  std::string person;   // person id
  std::string country;  // country id
  std::string role;     // "head_of_state", "head_of_government", "foreign_minister"
  std::string title;    // "President", "Prime Minister", ...
  absl::CivilDay start;
  std::optional<absl::CivilDay> end;  // Last day in office; nullopt while current.

  bool HeldOn(absl::CivilDay day) const { return start <= day && (!end || day <= *end); }
};

enum class InstitutionKind { kInstitution, kNewsOutlet };

struct Institution {
  std::string id;       // "org/un-security-council", "outlet/xinhua"
  std::string name;
  InstitutionKind kind = InstitutionKind::kInstitution;
  std::string country;  // country id; empty for international bodies.
  std::vector<std::string> aliases;
};

enum class EntityKind { kCountry, kPerson, kInstitution };

// How a name matched an entity: by its canonical name or alias, or (countries
// only) as a demonym ("Chinese") or a metonym ("Pyongyang").
enum class NameForm { kName, kDemonym, kMetonym };

// One entity a name may denote. `index` points into countries(), people() or
// institutions() according to `kind`.
struct Candidate {
  EntityKind kind;
  int index;
  NameForm form;
};

// One key of the name index: the entities named by exactly this key (none
// when it is only the start of longer names) and whether a longer name
// continues it. Lets an n-gram scan do one lookup per word and stop early.
struct NameKeyEntry {
  std::vector<Candidate> candidates;
  bool continues = false;
};

class KnowledgeBase {
 public:
  // Reads countries.tsv, people.tsv, offices.tsv and institutions.tsv from
  // `dir` (countries.tsv is required; a missing other file is an empty one).
  // Errors name the file and line.
  static absl::StatusOr<std::unique_ptr<KnowledgeBase>> LoadFromDirectory(const std::string& dir);
  // The data/actors/ files compiled into the binary at build time.
  static absl::StatusOr<std::unique_ptr<KnowledgeBase>> LoadEmbedded();
  // `files` maps a file name ("people.tsv") to its contents; `origin` prefixes
  // error messages. Used by both loaders above and by tests.
  static absl::StatusOr<std::unique_ptr<KnowledgeBase>> LoadFromContents(
      const std::map<std::string, std::string>& files, const std::string& origin);

  const std::vector<Country>& countries() const { return countries_; }
  const std::vector<Person>& people() const { return people_; }
  const std::vector<Office>& offices() const { return offices_; }
  const std::vector<Institution>& institutions() const { return institutions_; }

  // Entities whose name, alias, demonym or metonym has this NameKey. Empty if none.
  const std::vector<Candidate>& LookupKey(std::string_view key) const;
  // Same, for raw text ("N. Korea", "Émmanuel Macron").
  const std::vector<Candidate>& Lookup(std::string_view name) const { return LookupKey(NameKey(name)); }
  // Whether some name's key starts with `key` followed by a space or ends
  // there: lets n-gram scans stop as soon as no longer name can match.
  bool IsKeyPrefix(std::string_view key) const { return FindKey(key) != nullptr; }
  // The index entry of `key`, nullptr when no name equals or starts with it.
  // No allocation: callers scanning text pass views of a reused buffer.
  const NameKeyEntry* FindKey(std::string_view key) const;
  // Longest name in tokens, so callers can bound their n-gram scans.
  int max_name_tokens() const { return max_name_tokens_; }

  const Country* FindCountry(std::string_view id) const;
  const Person* FindPerson(std::string_view id) const;
  const Institution* FindInstitution(std::string_view id) const;
  int CountryIndex(std::string_view id) const;  // -1 if unknown.
  int PersonIndex(std::string_view id) const;   // -1 if unknown.

  // The person holding `role_or_title` (a role such as "head_of_state" or a
  // title such as "Prime Minister", case-insensitive) in `country_id` on
  // `day`; nullptr if nobody does (or the data does not say).
  const Person* HolderOn(std::string_view country_id, std::string_view role_or_title,
                         absl::CivilDay day) const;
  // The offices `person_id` held on `day`.
  std::vector<const Office*> OfficesOn(std::string_view person_id, absl::CivilDay day) const;
  // Every office term of `person_id`, any date.
  std::vector<const Office*> OfficesOf(std::string_view person_id) const;

 private:
  KnowledgeBase() = default;
  absl::Status Index();
  void BuildKeyFilter();
  void AddName(std::string_view name, Candidate c);

  std::vector<Country> countries_;
  std::vector<Person> people_;
  std::vector<Office> offices_;
  std::vector<Institution> institutions_;
  // Every name key and every proper word-prefix of one (absl's string hash
  // allows lookup by string_view).
  absl::flat_hash_map<std::string, NameKeyEntry> by_key_;
  // A Bloom filter over by_key_'s keys, small enough to stay in cache: most
  // words of an article are no name, and the filter answers them without
  // touching the (large, cold) map. Two bits per key, 16 bits per key.
  std::vector<uint64_t> key_filter_;
  uint64_t key_filter_mask_ = 0;  // Bit count - 1 (a power of two).
  // Flat maps: lookups by string_view need no temporary string.
  absl::flat_hash_map<std::string, int> country_by_id_, person_by_id_, institution_by_id_;
  absl::flat_hash_map<std::string, std::vector<int>> offices_by_person_;
  absl::flat_hash_map<std::string, std::vector<int>> offices_by_country_;
  std::vector<std::string> office_title_keys_;  // NameKey(offices_[i].title), for HolderOn().
  int max_name_tokens_ = 1;
};

}  // namespace parley::actors

#endif  // PARLEY_ACTORS_KNOWLEDGE_BASE_H_
