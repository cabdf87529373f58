#include "mentions.h"

#include <algorithm>

#include "lexicon.h"

namespace parley::extract {
namespace {

using actors::Candidate;
using actors::EntityKind;
using actors::NameForm;

bool IsWord(const Token& t) { return t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber; }

bool IsDeterminer(std::string_view w) {
  return w == "the" || w == "his" || w == "her" || w == "its" || w == "their" || w == "a" ||
         w == "an";
}

bool IsSkippableAdjective(std::string_view w) {
  return w == "new" || w == "visiting" || w == "incoming" || w == "outgoing" || w == "then";
}

bool IsPluralLeaders(std::string_view w) {
  return w == "leaders" || w == "presidents" || w == "men" || w == "sides" || w == "ministers" ||
         w == "heads";
}

}  // namespace

Mentions::Mentions(const actors::KnowledgeBase& kb, const Document& doc,
                   std::optional<absl::CivilDay> date)
    : kb_(kb), doc_(doc), date_(date), at_(doc.tokens.size(), -1),
      kb_first_(doc.tokens.size(), -1), kb_count_(doc.tokens.size(), 0) {
  FindFullNames();
  Detect();
}

// People named in full ("Lee Myung-bak") anywhere in the article: a bare
// "Lee", even before the full name, means them rather than a namesake.
void Mentions::FindFullNames() {
  CandList cands;
  for (int i = 0; i < static_cast<int>(doc_.tokens.size()); ++i) {
    if (!doc_.tokens[i].cap) continue;
    int n = MatchKb(i, static_cast<int>(doc_.tokens.size()), &cands);
    if (n < 2) continue;
    for (const auto& c : cands) {
      if (c.kind == EntityKind::kPerson) full_named_.push_back(c.index);
    }
    i += n - 1;
  }
}

// Among people sharing a name: one named in full in the article, then one
// already mentioned, then one of `country` (-1: any), then an office holder.
const Candidate* Mentions::PickPerson(const CandList& cands, int country) const {
  const Candidate* best = nullptr;
  int best_score = -1;
  for (const auto& c : cands) {
    if (c.kind != EntityKind::kPerson) continue;
    int score = 0;
    if (std::find(full_named_.begin(), full_named_.end(), c.index) != full_named_.end()) score += 8;
    for (const auto& a : actors_) {
      if (a.kb_person == c.index) score += 4;
    }
    if (country >= 0 && kb_.people()[c.index].country == kb_.countries()[country].id) score += 2;
    if (!OfficeOf(c.index).empty()) score += 1;
    if (score > best_score) {
      best = &c;
      best_score = score;
    }
  }
  return best;
}

const Mention* Mentions::At(int token) const {
  if (token < 0 || token >= static_cast<int>(at_.size()) || at_[token] < 0) return nullptr;
  return &mentions_[at_[token]];
}

const Mention* Mentions::EndingAt(int end) const {
  const Mention* m = At(end - 1);
  return (m != nullptr && m->end == end) ? m : nullptr;
}

const Mention* Mentions::StartingAt(int begin) const {
  const Mention* m = At(begin);
  return (m != nullptr && m->begin == begin) ? m : nullptr;
}

std::vector<int> Mentions::PersonsIn(int b, int e) const {
  std::vector<int> out;
  for (int i = std::max(b, 0); i < e && i < static_cast<int>(at_.size()); ++i) {
    if (at_[i] < 0) continue;
    const Mention& m = mentions_[at_[i]];
    if (m.begin != i) continue;
    if (IsPerson(m.actor) && std::find(out.begin(), out.end(), m.actor) == out.end()) {
      out.push_back(m.actor);
    }
  }
  return out;
}

// Fills the knowledge-base names starting at token i, any length, shortest
// first: one index lookup per word, stopping where no longer name continues.
void Mentions::ComputeKbMatches(int i) const {
  kb_first_[i] = static_cast<int>(kb_matches_.size());
  std::string& key = key_buf_;
  key.clear();
  const int max_n = kb_.max_name_tokens();
  const int size = static_cast<int>(doc_.tokens.size());
  for (int n = 1; n <= max_n && i + n <= size; ++n) {
    const Token& t = doc_.tokens[i + n - 1];
    if (!IsWord(t) && t.kind != TokenKind::kPossessive) break;
    if (t.norm.empty()) break;
    if (n > 1) key.push_back(' ');
    key += t.norm;
    if (n == 1 && key == "the") break;
    const actors::NameKeyEntry* entry = kb_.FindKey(key);
    if (entry == nullptr) break;
    // A name ends on a word: "China 's" alone is not a name.
    if (t.kind != TokenKind::kPossessive && !entry->candidates.empty()) {
      kb_matches_.push_back({n, &entry->candidates});
      ++kb_count_[i];
    }
    if (!entry->continues) break;
  }
}

// Longest knowledge-base name starting at token i (within [i, e)); sets
// `out` to its candidates and returns its length in tokens, 0 if none.
int Mentions::MatchKb(int i, int e, CandList* out) const {
  if (kb_first_[i] < 0) ComputeKbMatches(i);
  int best = 0;
  for (int k = kb_first_[i] + kb_count_[i] - 1; k >= kb_first_[i]; --k) {
    if (i + kb_matches_[k].n <= e) {
      best = kb_matches_[k].n;
      *out = CandList(kb_matches_[k].cands);
      break;
    }
  }
  return best;
}

std::string Mentions::OfficeOf(int kb_person) const {
  if (kb_person < 0 || !date_) return "";
  auto offices = kb_.OfficesOn(kb_.people()[kb_person].id, *date_);
  return offices.empty() ? "" : offices[0]->title;
}

int Mentions::ActorForKbPerson(int index) {
  for (int a = 0; a < static_cast<int>(actors_.size()); ++a) {
    if (actors_[a].kb_person == index) return a;
  }
  const actors::Person& p = kb_.people()[index];
  ArticleActor a;
  a.ref.actor_id = p.id;
  a.ref.name = p.name;
  a.ref.kind = ActorKind::kPerson;
  if (const auto* c = kb_.FindCountry(p.country)) a.ref.country = c->name;
  a.ref.office = OfficeOf(index);
  a.kb_person = index;
  a.gender = p.gender;
  actors_.push_back(std::move(a));
  return static_cast<int>(actors_.size()) - 1;
}

int Mentions::ActorForCandidate(const Candidate& c) {
  if (c.kind == EntityKind::kPerson) return ActorForKbPerson(c.index);
  std::string id;
  ArticleActor a;
  if (c.kind == EntityKind::kCountry) {
    const auto& k = kb_.countries()[c.index];
    a.ref = ActorRef{k.id, k.name, ActorKind::kCountry, k.name, ""};
  } else {
    const auto& k = kb_.institutions()[c.index];
    a.ref.actor_id = k.id;
    a.ref.name = k.name;
    a.ref.kind = k.kind == actors::InstitutionKind::kNewsOutlet ? ActorKind::kNewsOutlet
                                                                : ActorKind::kInstitution;
    if (const auto* co = kb_.FindCountry(k.country)) a.ref.country = co->name;
  }
  for (int i = 0; i < static_cast<int>(actors_.size()); ++i) {
    if (actors_[i].ref.actor_id == a.ref.actor_id) return i;
  }
  actors_.push_back(std::move(a));
  return static_cast<int>(actors_.size()) - 1;
}

int Mentions::ActorForUnknown(const std::string& name, ActorKind kind) {
  for (int i = 0; i < static_cast<int>(actors_.size()); ++i) {
    if (actors_[i].ref.actor_id.empty() && actors_[i].ref.name == name) return i;
  }
  ArticleActor a;
  a.ref.name = name;
  a.ref.kind = kind;
  actors_.push_back(std::move(a));
  return static_cast<int>(actors_.size()) - 1;
}

int Mentions::HolderActor(int country, const std::string& title) const {
  if (country < 0 || !date_) return -1;
  const auto& cid = kb_.countries()[country].id;
  const actors::Person* p = kb_.HolderOn(cid, title, *date_);
  if (p == nullptr) return -1;
  int idx = kb_.PersonIndex(p->id);
  for (int a = 0; a < static_cast<int>(actors_.size()); ++a) {
    if (actors_[a].kb_person == idx) return a;
  }
  return -2 - idx;  // Not yet an article actor: encoded kb index.
}

// Length of an office title at token i ("deputy press secretary",
// "secretary of state"), 0 if none; the title's words go to `title`.
int Mentions::ScanTitle(int i, int e, std::string* title) const {
  int j = i;
  int last_head = -1;
  title->clear();
  while (j < e && IsWord(doc_.tokens[j]) && doc_.tokens[j].Is(lexicon::kTitleWord)) {
    std::string_view w = doc_.tokens[j].norm;
    if (w == "of") {
      // Only "secretary of state".
      if (!(j + 1 < e && doc_.tokens[j + 1].norm == "state" && j > i &&
            doc_.tokens[j - 1].norm == "secretary")) {
        break;
      }
    }
    if ((w == "us" || w == "un") && !doc_.tokens[j].cap) break;
    if (doc_.tokens[j].Is(lexicon::kTitleHead)) last_head = j;
    ++j;
  }
  if (last_head < 0) return 0;
  for (int k = i; k <= last_head; ++k) {
    if (k > i) title->push_back(' ');
    *title += doc_.tokens[k].norm;
  }
  return last_head + 1 - i;
}

// Length of a run of capitalised words at i that the knowledge base does not
// know and that could be a name, 0 if none.
int Mentions::ScanUnknownName(int i, int e) const {
  int j = i;
  CandList c;
  while (j < e) {
    const Token& t = doc_.tokens[j];
    if (t.kind != TokenKind::kWord) break;
    bool connector = !t.cap && (t.norm == "bin" || t.norm == "al" || t.norm == "von" ||
                                t.norm == "der" || t.norm == "de" || t.norm == "van" ||
                                t.norm == "da" || t.norm == "la" || t.norm == "del");
    if (!t.cap && !connector) break;
    if (t.cap && (t.all_caps && t.norm.size() > 3)) break;
    if (t.cap && t.Is(lexicon::kNameStop)) break;
    if (j > i && MatchKb(j, e, &c) > 0) break;
    ++j;
  }
  while (j > i && !doc_.tokens[j - 1].cap) --j;  // No trailing connector.
  return j - i;
}

void Mentions::AddMention(Mention m) {
  int idx = static_cast<int>(mentions_.size());
  for (int k = m.begin; k < m.end; ++k) at_[k] = idx;
  mentions_.push_back(m);
}

int Mentions::ResolvePronoun(int at, char gender) const {
  for (auto it = subjects_.rbegin(); it != subjects_.rend(); ++it) {
    if (it->first >= at) continue;
    if (at - it->first > 400) break;
    char g = actors_[it->second].gender;
    if (g == 0 || g == gender) return it->second;
  }
  // Any earlier compatible person.
  for (int k = at - 1; k >= 0 && at - k < 400; --k) {
    if (at_[k] < 0) continue;
    const Mention& m = mentions_[at_[k]];
    if (m.kind == MentionKind::kName && IsPerson(m.actor) &&
        (actors_[m.actor].kb_person >= 0 || actors_[m.actor].titled)) {
      char g = actors_[m.actor].gender;
      if (g == 0 || g == gender) return m.actor;
    }
  }
  return -1;
}

int Mentions::RecentSubject(int before, char gender) const { return ResolvePronoun(before, gender); }

// An office description without a name: the holder of the office, the
// person the article already called so, or (for "counterpart") the holder
// of the same role as the sentence's subject in `country`.
int Mentions::ResolveDescription(int country, const std::string& title, int at) {
  if (title == "counterpart" || title == "counterparts") {
    int subject = ResolvePronoun(at, 'm');
    if (subject < 0 || country < 0 || !date_ || actors_[subject].kb_person < 0) return -1;
    auto offices = kb_.OfficesOn(kb_.people()[actors_[subject].kb_person].id, *date_);
    for (const auto* o : offices) {
      int h = HolderActor(country, o->role);
      if (h >= 0) return h;
      if (h <= -2) return ActorForKbPerson(-2 - h);
    }
    return -1;
  }
  // Someone already mentioned with this title (and country).
  for (int k = static_cast<int>(mentions_.size()) - 1; k >= 0; --k) {
    if (at - mentions_[k].begin > 2000) break;  // Bounded look-back.
    int a = mentions_[k].actor;
    if (!IsPerson(a)) continue;
    const ArticleActor& act = actors_[a];
    if (country >= 0 && act.ref.country != kb_.countries()[country].name) continue;
    bool has = std::find(act.titles.begin(), act.titles.end(), title) != act.titles.end();
    if (!has && act.kb_person >= 0 && date_) {
      for (const auto* o : kb_.OfficesOn(kb_.people()[act.kb_person].id, *date_)) {
        if (actors::NameKey(o->title) == title ||
            (title == "leader" && (o->role == "head_of_state" || o->role == "head_of_government"))) {
          has = true;
        }
      }
    }
    if (has) return a;
  }
  if (country < 0) return -1;
  std::string t = title == "leader" ? "head_of_state" : title;
  int h = HolderActor(country, t);
  if (title == "leader") {
    // Monarchs and ceremonial heads of state reign; the head of government leads.
    int hg = HolderActor(country, "head_of_government");
    const auto& cid = kb_.countries()[country].id;
    const actors::Person* hs = date_ ? kb_.HolderOn(cid, "head_of_state", *date_) : nullptr;
    bool ceremonial = false;
    if (hs != nullptr) {
      for (const auto* o : kb_.OfficesOn(hs->id, *date_)) {
        std::string tk = actors::NameKey(o->title);
        ceremonial = ceremonial || tk == "king" || tk == "queen" || tk == "emperor" || tk == "monarch" ||
                     tk == "federal president" || tk == "governor-general";
      }
    }
    if (hg != -1 && date_) {
      const actors::Person* g = kb_.HolderOn(cid, "head_of_government", *date_);
      for (const auto* o : kb_.OfficesOn(g->id, *date_)) ceremonial = ceremonial || actors::NameKey(o->title) == "chancellor";
    }
    if (h == -1 || (ceremonial && hg != -1)) h = hg;
  }
  if (h >= 0) return h;
  if (h <= -2) return ActorForKbPerson(-2 - h);
  return -1;
}

void Mentions::Detect() {
  CandList cands;
  for (const Sentence& s : doc_.sentences) {
    bool subject_set = false;
    bool in_quote = false;
    auto note_person = [&](int token, int actor) {
      // An untitled name the knowledge base does not know ("Hong Kong",
      // "Northeast Asia") may be a place: never a pronoun's antecedent.
      if (!subject_set && !in_quote && IsPerson(actor) &&
          (actors_[actor].kb_person >= 0 || actors_[actor].titled)) {
        subjects_.emplace_back(token, actor);
        subject_set = true;
      }
    };
    int i = s.begin;
    while (i < s.end) {
      const Token& t = doc_.tokens[i];
      if (t.kind == TokenKind::kOpenQuote) in_quote = true;
      if (t.kind == TokenKind::kCloseQuote) in_quote = false;
      if (!IsWord(t)) {
        ++i;
        continue;
      }
      // Most words are lower-case and start nothing below: skip them.
      if (t.kind == TokenKind::kWord && !t.cap &&
          !t.Is(lexicon::kMentionCue | lexicon::kTitleWord | lexicon::kGenericSource)) {
        ++i;
        continue;
      }
      std::string_view w = t.norm;
      // "the leaders of Germany, France and Russia": each country's leader.
      if ((w == "leaders" || w == "leader" || w == "heads") && i + 1 < s.end && doc_.tokens[i + 1].norm == "of") {
        int k = i + 2;
        int added = 0;
        while (k < s.end) {
          const Token& tk = doc_.tokens[k];
          if (tk.norm == "," || tk.norm == "and" || tk.norm == "the") {
            ++k;
            continue;
          }
          if (!tk.cap) break;
          int n = MatchKb(k, s.end, &cands);
          if (n == 0 || cands[0].kind != EntityKind::kCountry) break;
          int actor = ResolveDescription(cands[0].index, "leader", i);
          AddMention(Mention{k, k + n, MentionKind::kName, actor, cands[0].index, false});
          ++added;
          k += n;
        }
        if (added > 0) {
          i = k;
          continue;
        }
      }
      // "the British and Italian prime ministers": one office per demonym.
      if (w == "the" || t.cap) {
        int k0 = w == "the" ? i + 1 : i;
        std::vector<std::pair<int, int>> demonyms;  // (country, token)
        int k = k0;
        while (k < s.end) {
          if (doc_.tokens[k].norm == "and" || doc_.tokens[k].norm == ",") {
            ++k;
            continue;
          }
          if (!doc_.tokens[k].cap) break;
          int n = MatchKb(k, s.end, &cands);
          if (n == 0 || cands[0].kind != EntityKind::kCountry || cands[0].form != NameForm::kDemonym) break;
          demonyms.emplace_back(cands[0].index, k);
          k += n;
        }
        std::string ptitle;
        int ptl = demonyms.size() >= 2 ? ScanTitle(k, s.end, &ptitle) : 0;
        if (ptl > 0 && ptitle.size() > 1 && ptitle.back() == 's') {
          std::string singular = ptitle.substr(0, ptitle.size() - 1);
          for (auto [country, tok] : demonyms) {
            int actor = ResolveDescription(country, singular, i);
            AddMention(Mention{tok, tok + 1, MentionKind::kName, actor, country, false});
          }
          i = k + ptl;
          continue;
        }
      }
      // "the two leaders", "both sides": plural reference.
      if ((w == "two" || w == "both") && i + 1 < s.end && IsPluralLeaders(doc_.tokens[i + 1].norm)) {
        AddMention(Mention{i, i + 2, MentionKind::kName, -1, -1, true});
        i += 2;
        continue;
      }
      // Descriptions and titled names: [det] [adj] [MODIFIER ['s]] TITLE [NAME].
      int j = i;
      if (IsDeterminer(w)) ++j;
      while (j < s.end && IsSkippableAdjective(doc_.tokens[j].norm)) ++j;
      int modifier_country = -1;
      int modifier_actor = -1;
      int k = j;
      if (k < s.end && doc_.tokens[k].cap) {
        int n = MatchKb(k, s.end, &cands);
        if (n > 0) {
          const Candidate& c = cands[0];
          if (c.kind == EntityKind::kCountry) {
            modifier_country = c.index;
            k += n;
          } else if (c.kind == EntityKind::kInstitution) {
            modifier_actor = ActorForCandidate(c);
            k += n;
          }
          if (k < s.end && doc_.tokens[k].kind == TokenKind::kPossessive) ++k;
        }
      }
      std::string title;
      int tl = k < s.end ? ScanTitle(k, s.end, &title) : 0;
      bool leaders_of = tl > 0 && k + tl < s.end && doc_.tokens[k + tl].norm == "of" &&
                        (title == "leaders" || title == "leader" || title == "heads");
      if (leaders_of && k > i) {
        ++i;  // Let "leaders of X, Y and Z" be read at "leaders".
        continue;
      }
      if (tl > 0 && !leaders_of && (k > i || IsDeterminer(w) || doc_.tokens[k].cap)) {
        int after = k + tl;
        int n = after < s.end && doc_.tokens[after].cap ? MatchKb(after, s.end, &cands) : 0;
        int actor = -1;
        int end = after;
        if (n > 0 && cands[0].kind == EntityKind::kPerson) {
          // Several people may share an alias; prefer one of the modifier's country.
          actor = ActorForCandidate(*PickPerson(cands, modifier_country));
          end = after + n;
        } else if (after < s.end && doc_.tokens[after].cap) {
          int un = ScanUnknownName(after, s.end);
          if (un >= 1 && (un >= 2 || local_alias_.count(std::string(doc_.tokens[after].norm)))) {
            if (un == 1) {
              actor = local_alias_[std::string(doc_.tokens[after].norm)];
            } else {
              std::string name(doc_.Span(after, after + un));
              actor = ActorForUnknown(name, ActorKind::kPerson);
              if (modifier_country >= 0) actors_[actor].ref.country = kb_.countries()[modifier_country].name;
              local_alias_.emplace(std::string(doc_.tokens[after].norm), actor);
              local_alias_.emplace(std::string(doc_.tokens[after + un - 1].norm), actor);
            }
            end = after + un;
          }
        }
        if (actor < 0 && end == after && (k > j || IsDeterminer(w))) {
          // A description: "the Chinese president", "his U.S. counterpart".
          actor = ResolveDescription(modifier_country, title, i);
        }
        if (actor >= 0 || end > after || k > i) {
          if (actor >= 0) {
            actors_[actor].titled = true;
            auto& titles = actors_[actor].titles;
            if (std::find(titles.begin(), titles.end(), title) == titles.end()) titles.push_back(title);
            if (actors_[actor].ref.office.empty() && lexicon::IsOfficeTitle(title) && title != "counterpart" && title != "leader") {
              actors_[actor].ref.office = doc_.text.substr(doc_.tokens[k].begin, doc_.tokens[k + tl - 1].end - doc_.tokens[k].begin);
            }
          }
          if (actor < 0 && modifier_actor >= 0 && end == after) {
            // "Kremlin spokesman" with no name: an unnamed voice of that body.
            actor = -1;
          }
          Mention m{i, end, MentionKind::kName, actor, modifier_country, false};
          if (actor < 0 && end == after && (title == "spokesman" || title == "spokeswoman" || title == "spokesperson" || title == "official")) {
            m.kind = MentionKind::kGeneric;
          }
          AddMention(m);
          if (actor >= 0) note_person(i, actor);
          i = end;
          continue;
        }
      }
      // Pronouns.
      if (w == "he" || w == "him" || w == "his" || w == "she" || w == "her" || w == "hers") {
        char g = (w[0] == 'h' && w != "her" && w != "hers") ? 'm' : 'f';
        Mention m{i, i + 1, MentionKind::kPronoun, ResolvePronoun(i, g), -1, false};
        AddMention(m);
        if (w == "he" || w == "she") note_person(i, m.actor);
        ++i;
        continue;
      }
      // Knowledge-base names ("von der Leyen" starts lower case).
      bool particle = w == "von" || w == "van" || w == "de" || w == "al" || w == "bin" || w == "el" ||
                      w == "da" || w == "di" || w == "du" || w == "der" || w == "le";
      if (t.cap || t.kind == TokenKind::kNumber || particle) {
        int n = MatchKb(i, s.end, &cands);
        if (n > 0 && particle && cands[0].kind != EntityKind::kPerson) n = 0;
        // A lone surname followed by another capitalised word ("Hong Kong",
        // "Lee Jae-myung" unknown to us) is part of a longer name.
        if (n == 1 && i + 1 < s.end && doc_.tokens[i + 1].kind == TokenKind::kWord && doc_.tokens[i + 1].cap &&
            !doc_.tokens[i + 1].Is(lexicon::kNameStop)) {
          bool all_people = true, named = false;
          for (const auto& c : cands) {
            all_people = all_people && c.kind == EntityKind::kPerson;
            named = named || std::find(full_named_.begin(), full_named_.end(), c.index) != full_named_.end();
          }
          if (all_people && !named) n = 0;
        }
        if (n > 0) {
          const Candidate* pick = &cands[0];
          for (const auto& c : cands) {
            if (c.kind == EntityKind::kPerson && pick->kind != EntityKind::kPerson) pick = &c;
          }
          if (pick->kind == EntityKind::kPerson && cands.size() > 1) pick = PickPerson(cands, -1);
          Mention m{i, i + n, MentionKind::kName, -1, -1, false};
          if (pick->kind == EntityKind::kCountry && pick->form == NameForm::kDemonym) {
            m.kind = MentionKind::kDemonym;
            m.country = pick->index;
            // "Chinese officials": a generic source of that country.
            if (i + n < s.end && doc_.tokens[i + n].Is(lexicon::kGenericSource)) {
              m.end = i + n + 1;
              m.kind = MentionKind::kGeneric;
            }
          } else {
            m.actor = ActorForCandidate(*pick);
            if (pick->kind == EntityKind::kCountry) m.country = pick->index;
          }
          AddMention(m);
          note_person(i, m.actor);
          i = m.end;
          continue;
        }
        // Unknown names.
        if (t.kind == TokenKind::kWord && !t.Is(lexicon::kNameStop)) {
          int un = ScanUnknownName(i, s.end);
          if (un == 1 && local_alias_.count(std::string(w))) {
            AddMention(Mention{i, i + 1, MentionKind::kName, local_alias_[std::string(w)], -1, false});
            note_person(i, local_alias_[std::string(w)]);
            ++i;
            continue;
          }
          if (un >= 2) {
            bool org = false, thing = false;
            for (int q = i; q < i + un; ++q) {
              org = org || doc_.tokens[q].Is(lexicon::kOrgWord);
              thing = thing || doc_.tokens[q].Is(lexicon::kThingWord);
            }
            std::string name(doc_.Span(i, i + un));
            // "China-Russia relations", "Biden-von der Leyen": compounds of known names.
            for (int q = i; q < i + un && !thing; ++q) {
              std::string_view tw = doc_.tokens[q].norm;
              size_t dash = tw.find('-');
              if (dash == std::string::npos) continue;
              if (!kb_.LookupKey(tw.substr(0, dash)).empty() || !kb_.LookupKey(tw.substr(dash + 1)).empty()) thing = true;
            }
            if (org) {
              int a = ActorForUnknown(name, ActorKind::kInstitution);
              AddMention(Mention{i, i + un, MentionKind::kName, a, -1, false});
            } else if (!thing && un <= 4) {
              int a = ActorForUnknown(name, ActorKind::kPerson);
              local_alias_.emplace(std::string(doc_.tokens[i].norm), a);
              local_alias_.emplace(std::string(doc_.tokens[i + un - 1].norm), a);
              AddMention(Mention{i, i + un, MentionKind::kName, a, -1, false});
              note_person(i, a);
            }
            i += un;
            continue;
          }
        }
      }
      if (t.Is(lexicon::kGenericSource)) {
        AddMention(Mention{i, i + 1, MentionKind::kGeneric, -1, -1, false});
      }
      ++i;
    }
  }
}

}  // namespace parley::extract
