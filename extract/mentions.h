// Mentions of actors in an article and their resolution to actors: names
// and aliases from the knowledge base, unknown names ("presidential spokesman
// Kang Min-seok", later "Kang"), offices ("the Japanese prime minister",
// "his U.S. counterpart"), pronouns ("he" -> the latest compatible person
// subject) and metonyms ("Pyongyang", "the Kremlin").
#ifndef PARLEY_EXTRACT_MENTIONS_H_
#define PARLEY_EXTRACT_MENTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "parley/actors/knowledge_base.h"
#include "parley/extract/events.h"
#include "segmenter.h"

namespace parley::extract {

// One actor of the article. Several mentions may point at it.
struct ArticleActor {
  ActorRef ref;               // What the events report.
  int kb_person = -1;         // Index in kb.people(), if known there.
  char gender = 0;            // 'm', 'f', 0.
  bool titled = false;        // Named with a title somewhere ("spokesman Kang Min-seok").
  std::vector<std::string> titles;  // Lower-case titles seen with it ("prime minister").
};

enum class MentionKind {
  kName,         // A name, alias, metonym or office description resolved to an actor.
  kPronoun,      // he/she/his/her (resolved when possible).
  kDemonym,      // "Chinese" used as a modifier; `country` is set.
  kGeneric,      // "officials", "experts", "state media": an unidentifiable source.
};

struct Mention {
  int begin = 0, end = 0;  // Token span.
  MentionKind kind = MentionKind::kName;
  int actor = -1;           // Index into Mentions::actors, -1 if unresolved.
  int country = -1;         // kb country index for demonyms and country-ish mentions.
  bool plural = false;      // "the two leaders", "they".
};

// A view of the knowledge-base candidates of one name (empty by default):
// matches hand out the index's own vectors instead of copies.
class CandList {
 public:
  CandList() = default;
  explicit CandList(const std::vector<actors::Candidate>* v) : v_(v) {}
  const actors::Candidate& operator[](size_t i) const { return (*v_)[i]; }
  size_t size() const { return v_ == nullptr ? 0 : v_->size(); }
  bool empty() const { return size() == 0; }
  const actors::Candidate* begin() const { return v_ == nullptr ? nullptr : v_->data(); }
  const actors::Candidate* end() const { return begin() + size(); }

 private:
  const std::vector<actors::Candidate>* v_ = nullptr;
};

class Mentions {
 public:
  // Finds and resolves all mentions of `doc`; `date` selects office holders.
  Mentions(const actors::KnowledgeBase& kb, const Document& doc, std::optional<absl::CivilDay> date);

  const std::vector<Mention>& all() const { return mentions_; }
  const actors::KnowledgeBase& kb() const { return kb_; }
  const std::vector<ArticleActor>& actors() const { return actors_; }
  // The mention covering token i, or nullptr.
  const Mention* At(int token) const;
  // The mention ending exactly at token end (exclusive), or nullptr.
  const Mention* EndingAt(int end) const;
  // The mention starting exactly at token begin, or nullptr.
  const Mention* StartingAt(int begin) const;
  // Person actors mentioned (resolved) in [b, e), in order, without repeats.
  std::vector<int> PersonsIn(int b, int e) const;
  // Actor resolved by an office phrase in the text: the person holding
  // `title` in kb country `country` on the article date, or -1.
  int HolderActor(int country, const std::string& title) const;
  bool IsPerson(int actor) const {
    return actor >= 0 && actors_[actor].ref.kind == ActorKind::kPerson;
  }
  // The most recent person subject before token `before`, compatible with `gender`.
  int RecentSubject(int before, char gender) const;

 private:
  void Detect();
  void FindFullNames();
  const actors::Candidate* PickPerson(const CandList& cands, int country) const;
  int MatchKb(int i, int e, CandList* out) const;
  void ComputeKbMatches(int i) const;
  int ActorForCandidate(const actors::Candidate& c);
  int ActorForKbPerson(int index);
  int ActorForUnknown(const std::string& name, ActorKind kind);
  int ScanTitle(int i, int e, std::string* title) const;
  int ScanUnknownName(int i, int e) const;
  void AddMention(Mention m);
  int ResolveDescription(int country, const std::string& title, int at);
  int ResolvePronoun(int at, char gender) const;
  std::string OfficeOf(int kb_person) const;

  const actors::KnowledgeBase& kb_;
  const Document& doc_;
  std::optional<absl::CivilDay> date_;
  std::vector<ArticleActor> actors_;
  std::vector<Mention> mentions_;
  std::vector<int> at_;  // token -> mention index, -1.
  std::vector<std::pair<int, int>> subjects_;  // (token, actor) of sentence-initial persons.
  std::unordered_map<std::string, int> local_alias_;  // norm -> actor, unknown names' parts.
  std::vector<int> full_named_;  // kb people named in full somewhere in the article.
  // Knowledge-base names starting at each token, found once on first use:
  // every stage asks again for the same tokens. kb_first_[i] indexes
  // kb_matches_ (-1: not computed yet); kb_count_[i] names follow, shortest first.
  struct KbMatch {
    int n;
    const std::vector<actors::Candidate>* cands;
  };
  mutable std::vector<int> kb_first_;
  mutable std::vector<uint8_t> kb_count_;
  mutable std::vector<KbMatch> kb_matches_;
  mutable std::string key_buf_;
};

}  // namespace parley::extract

#endif  // PARLEY_EXTRACT_MENTIONS_H_
