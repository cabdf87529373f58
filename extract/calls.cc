#include "calls.h"

#include <algorithm>
#include <string_view>

#include "dates.h"
#include "lexicon.h"
#include "quotes.h"

namespace parley::extract {
namespace {

struct Cue {
  int begin = -1, end = -1;
  Medium medium = Medium::kPhone;
  bool anaphoric = false;  // "the call", "Thursday's conversation": refers back.
  bool weak = false;       // "spoke with": a call only in an article about calls.
  bool verb = false;       // "X called Y": needs a person right after.
};

// "spoke with X", "talked with X", "held talks with X": a conversation of
// unstated medium.
Cue FindWeakCue(const Document& doc, int b, int e) {
  for (int i = b; i + 1 < e; ++i) {
    if (!doc.tokens[i].Is(lexicon::kWeakCallCue)) continue;
    std::string_view w = doc.tokens[i].norm, n1 = doc.tokens[i + 1].norm;
    bool with_soon = false;
    for (int k = i + 1; k < e && k <= i + 4; ++k) with_soon = with_soon || doc.tokens[k].norm == "with";
    bool plural_subject = i > b && (doc.tokens[i - 1].norm == "they" || doc.tokens[i - 1].norm == "leaders" ||
                                    (i - 1 > b && doc.tokens[i - 2].norm == "they"));
    if (((w == "spoke" || w == "spoken" || w == "talked" || w == "speaks") && (n1 == "with" || n1 == "to" || with_soon || plural_subject)) ||
        ((w == "conversation" || w == "talks") && with_soon)) {
      Cue c{i, i + 1, Medium::kPhone, false, true};
      return c;
    }
  }
  return {};
}

// Words that make a sentence about a meeting in person, not a call.
bool MentionsMeeting(const Document& doc, int b, int e) {
  for (int i = b; i < e; ++i) {
    if (doc.tokens[i].Is(lexicon::kMeetingWord)) return true;
  }
  return false;
}

// Finds a call cue in [b, e): "phone call", "spoke by phone", "video link"...
Cue FindCue(const Document& doc, int b, int e) {
  auto norm = [&](int k) -> std::string_view {
    return k >= b && k < e ? std::string_view(doc.tokens[k].norm) : std::string_view();
  };
  for (int i = b; i < e; ++i) {
    if (!doc.tokens[i].Is(lexicon::kCallCue)) continue;
    std::string_view w = norm(i), n1 = norm(i + 1), p1 = norm(i - 1);
    bool phone = w == "phone" || w == "telephone" || w == "telephonic";
    bool video = w == "video" || w == "videoconference" || w == "video-conference" || w == "virtual";
    if (phone || video) {
      bool noun = n1 == "call" || n1 == "calls" || n1 == "conversation" || n1 == "conversations" ||
                  n1 == "talks" || n1 == "talk" || n1 == "conference" || n1 == "summit" ||
                  n1 == "link" || n1 == "exchange" || n1 == "meeting" || n1 == "chat" ||
                  n1 == "discussion" || n1 == "discussions";
      bool by = p1 == "by" || (p1 == "the" && norm(i - 2) == "over") || (p1 == "the" && norm(i - 2) == "on") ||
                p1 == "via" || p1 == "over" || (p1 == "a" && norm(i - 2) == "via");
      if (w == "videoconference" || noun || by) {
        if (video && w == "virtual" && !(n1 == "summit" || n1 == "meeting" || n1 == "talks")) continue;
        if (video && (n1 == "meeting" || n1 == "summit") && w != "video" && w != "virtual") continue;
        Cue c{i, i + (noun ? 2 : 1), video ? Medium::kVideo : Medium::kPhone, false};
        // "the call" / "Thursday's phone call" with no verb of its own.
        c.anaphoric = (p1 == "the" || p1 == "'s" || p1 == "their" || p1 == "this") && !by;
        return c;
      }
    }
    if (w == "phoned" || w == "telephoned" || ((w == "called" || w == "calls") && p1 != "so" && n1 != "for" && n1 != "on" && n1 != "it" && n1 != "them" && n1 != "him" && n1 != "her" && n1 != "upon" && n1 != "the" && n1 != "a" && n1 != "an" && n1 != "off")) {
      if (w == "called" || w == "calls") {
        // "X called Y": the next token must be a name (checked by the caller).
        if (i + 1 < e && doc.tokens[i + 1].cap) {
          Cue c{i, i + 1, Medium::kPhone, false};
          c.verb = true;
          return c;
        }
      } else {
        return Cue{i, i + 1, Medium::kPhone, false};
      }
    }
    if ((w == "call" || w == "conversation" || w == "calls" || w == "conversations") &&
        (p1 == "the" || p1 == "'s" || p1 == "their" || p1 == "this" || p1 == "that")) {
      return Cue{i, i + 1, Medium::kPhone, true};
    }
    // "his first call with", "a call to", "separate calls with", "in a call on".
    bool with_soon = false;
    for (int k = i + 1; k < e && k <= i + 4; ++k) with_soon = with_soon || norm(k) == "with";
    if ((w == "call" || w == "calls" || w == "conversation") &&
        (n1 == "with" || n1 == "to" || n1 == "from" || (with_soon && p1 != "the") ||
         (p1 == "a" && (norm(i - 2) == "in" || norm(i - 2) == "during")))) {
      return Cue{i, i + 1, Medium::kPhone, false};
    }
  }
  return {};
}

bool IsPlanned(const Document& doc, int b, int e, int cue) {
  for (int i = std::max(b, cue - 8); i < std::min(e, cue + 3); ++i) {
    std::string_view w = doc.tokens[i].norm;
    std::string_view n = i + 1 < e ? std::string_view(doc.tokens[i + 1].norm) : std::string_view();
    if (w == "will" || w == "plan" || w == "plans" || w == "planned" || w == "scheduled" ||
        w == "expected" || w == "hopes" || w == "hope" || w == "would" || w == "proposed" ||
        w == "offered" || w == "invited" || w == "requested" || w == "next" || w == "upcoming" ||
        w == "ahead" || w == "tried" || w == "trying" || w == "attempted" || w == "declined" ||
        w == "refused" || (w == "to" && (n == "hold" || n == "speak" || n == "talk" || n == "call")) ||
        (w == "is" && n == "to")) {
      return true;
    }
  }
  return false;
}

bool SameSet(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

std::vector<std::string> Names(const Call& c) {
  std::vector<std::string> n;
  for (const auto& p : c.participants) n.push_back(p.name);
  return n;
}

// Clauses of a sentence: split at ';' and at ', and|but|while|whereas'.
std::vector<std::pair<int, int>> Clauses(const Document& doc, int b, int e) {
  std::vector<std::pair<int, int>> out;
  int start = b;
  for (int i = b; i + 1 < e; ++i) {
    std::string_view w = doc.tokens[i].norm, n = doc.tokens[i + 1].norm;
    std::string_view n2 = i + 2 < e ? std::string_view(doc.tokens[i + 2].norm) : std::string_view();
    if (w == ";" || (w == "," && (n == "while" || n == "whereas" || n == "but" || n == "after" || n == "before" ||
                                   (n == "a" && (n2 == "day" || n2 == "week")) ||
                                   (n == "and" && i + 2 < e && doc.tokens[i + 2].cap)))) {
      if (i > start) out.emplace_back(start, i);
      start = i + 1;
    }
  }
  out.emplace_back(start, e);
  return out;
}

bool IsSayVerb(std::string_view w) {
  return w == "said" || w == "says" || w == "added" || w == "noted" || w == "reported" || w == "stated" ||
         w == "announced" || w == "confirmed" || w == "explained" || w == "wrote" || w == "tweeted" ||
         w == "recalled" || w == "acknowledged" || w == "disclosed" || w == "revealed";
}

// The first date in [b, e), preferring a specific day over a vague span
// ("Last week, Moon ... who called on Jan. 26").
DateMention FirstDate(const Document& doc, int b, int e, std::optional<absl::CivilDay> anchor) {
  DateMention first = ResolveDate(doc, b, e, anchor);
  DateMention dm = first;
  while (dm.found && !dm.day && dm.token + 1 < e) {
    dm = ResolveDate(doc, dm.token + 1, e, anchor);
    if (dm.day) return dm;
  }
  return first;
}

// "the following day", "a day earlier", "the same day": relative to the
// latest date the paragraph gave. Returns the offset in days, or nullopt.
std::optional<int> RelativeDayOffset(const Document& doc, int b, int e) {
  for (int i = b; i + 1 < e; ++i) {
    std::string_view w = doc.tokens[i].norm, n = doc.tokens[i + 1].norm;
    if (w != "day" && n != "day") continue;  // Every pattern below has "day" first or second.
    std::string_view n2 = i + 2 < e ? std::string_view(doc.tokens[i + 2].norm) : std::string_view();
    if ((w == "following" || w == "next") && n == "day") return 1;
    if (w == "same" && n == "day") return 0;
    if ((w == "day" && (n == "earlier" || n == "before")) || (w == "previous" && n == "day")) return -1;
    if (w == "a" && n == "day" && (n2 == "earlier" || n2 == "before" || n2 == "after")) return -1;
  }
  return std::nullopt;
}

bool ArticleHasStrongCue(const Document& doc) {
  for (const Sentence& s : doc.sentences) {
    if (!doc.paragraphs[s.paragraph].prose || !Analyzable(s)) continue;
    Cue c = FindCue(doc, s.begin, s.end);
    if (c.begin >= 0 && !c.anaphoric) return true;
  }
  return false;
}

struct Found {
  Call call;
  bool explicit_date = false;
  std::vector<int> subjects;  // Participants named before "with": whom a later "they" means.
};

bool HasThey(const Document& doc, int b, int e) {
  for (int i = b; i < e; ++i) {
    std::string_view w = doc.tokens[i].norm;
    if (w == "they" || ((w == "two" || w == "both") && i + 1 < e &&
                        (doc.tokens[i + 1].norm == "leaders" || doc.tokens[i + 1].norm == "presidents" ||
                         doc.tokens[i + 1].norm == "men"))) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<Call> ExtractCalls(const Document& doc, const Mentions& mentions,
                               std::optional<absl::CivilDay> anchor) {
  std::vector<Found> found;
  const bool call_article = ArticleHasStrongCue(doc);
  std::optional<absl::CivilDay> last_date;  // Latest explicit date in the paragraph.
  int last_para = -1;
  for (const Sentence& s : doc.sentences) {
    if (!doc.paragraphs[s.paragraph].prose || !Analyzable(s)) continue;
    if (s.paragraph != last_para) {
      last_date.reset();
      last_para = s.paragraph;
    }
    int cs = ContentStart(doc, s);
    DateMention sentence_date = FirstDate(doc, cs, s.end, anchor);
    std::optional<int> rel = RelativeDayOffset(doc, cs, s.end);
    for (auto [cb, ce] : Clauses(doc, cs, s.end)) {
      Cue cue = FindCue(doc, cb, ce);
      if ((cue.begin < 0 || cue.anaphoric) && call_article) {
        Cue weak = FindWeakCue(doc, cb, ce);
        if (weak.begin >= 0) cue = weak;
      }
      if (cue.begin < 0) continue;
      if (cue.weak && MentionsMeeting(doc, cs, s.end)) continue;
      if (IsPlanned(doc, cb, ce, cue.begin)) continue;
      // "Hours after the call, ...": only "during/in the call" describes it.
      std::string_view before = cue.begin - 1 > cb ? std::string_view(doc.tokens[cue.begin - 2].norm) : "";
      std::string_view before2 = cue.begin - 2 > cb ? std::string_view(doc.tokens[cue.begin - 3].norm) : "";
      bool anaphoric_content = cue.anaphoric && (before == "during" || before == "in" || before2 == "during" || before2 == "in");
      // Participants: persons of the clause, less those who only attribute
      // the report ("Carney said the decision was taken during the call").
      int pb = cb, pe = ce;
      std::vector<std::pair<int, int>> excluded;
      for (int i = cb + 1; i < ce; ++i) {
        if (!IsSayVerb(doc.tokens[i].norm) && !(doc.tokens[i].norm == "told" && i + 1 < ce &&
                                                 (doc.tokens[i + 1].norm == "reporters" || doc.tokens[i + 1].norm == "journalists"))) {
          continue;
        }
        const Mention* subj = mentions.EndingAt(i);
        int sb = subj ? subj->begin : i;
        int comma = -1;
        for (int k = i - 1; k > cb + 3 && k >= i - 5; --k) {
          if (doc.tokens[k].norm == ",") {
            comma = k;
            break;
          }
          if (doc.tokens[k].norm == "that") break;
        }
        if (comma >= 0 || (sb > cb && doc.tokens[sb - 1].norm == ",")) {
          if (subj) excluded.emplace_back(subj->begin, subj->end);
        } else if (i < cue.begin) {
          pb = std::max(pb, i + 1);
        }
      }
      // "a conversation between X and Y": exactly X and Y.
      for (int k = cue.end; k < ce && k <= cue.end + 2; ++k) {
        if (doc.tokens[k].norm == "between") pb = std::max(pb, k + 1);
      }
      std::vector<int> kept;
      for (int a : mentions.PersonsIn(pb, pe)) {
        const ArticleActor& act = mentions.actors()[a];
        if (act.kb_person < 0 && !act.titled) continue;
        bool only_excluded = true;
        for (int k = pb; k < pe; ++k) {
          const Mention* m = mentions.StartingAt(k);
          if (m == nullptr || m->actor != a) continue;
          bool in_ex = false;
          for (auto [xb, xe] : excluded) in_ex = in_ex || (k >= xb && k < xe);
          if (!in_ex) only_excluded = false;
        }
        if (!only_excluded) kept.push_back(a);
      }
      // Date: the clause's, else the sentence's, else relative to the
      // paragraph's latest, else the anchor.
      DateMention dm = FirstDate(doc, cb, ce, anchor);
      if (!dm.found) dm = sentence_date;
      std::optional<absl::CivilDay> date;
      bool explicit_date = dm.found;
      if (dm.found && (dm.day || !rel)) {
        date = dm.day;
      } else if (rel && last_date) {
        date = *last_date + *rel;
        explicit_date = true;
      } else if (rel && anchor) {
        date = *anchor + *rel;
        explicit_date = true;
      } else {
        date = last_date ? last_date : anchor;
      }
      if (cue.anaphoric && !anaphoric_content) {
        // A reference to a call already found: it may tell its date.
        if (explicit_date && date) {
          for (Found& f : found) {
            if (!f.explicit_date) {
              f.call.date = date;
              f.explicit_date = true;
            }
          }
        }
        continue;
      }
      // "They spoke again", "the two leaders spoke by phone": the last call's people.
      if (!found.empty() && kept.size() < 2 && HasThey(doc, cb, ce)) {
        std::vector<int> ids = found.back().subjects;
        for (int a : kept) {
          if (std::find(ids.begin(), ids.end(), a) == ids.end()) ids.push_back(a);
        }
        if (ids.size() >= 2) kept = ids;
      }
      if (kept.size() < 2) {
        if (explicit_date && date && !found.empty() && !found.back().explicit_date) {
          found.back().call.date = date;
          found.back().explicit_date = true;
        }
        continue;
      }
      if (cue.verb) {
        const Mention* m = mentions.StartingAt(cue.end);
        if (m == nullptr || !mentions.IsPerson(m->actor)) continue;
      }
      // Subjects: the participants before the first "with"; "with A ... and
      // then with B" are two calls.
      std::vector<int> withs;
      for (int k = cb; k < ce; ++k) {
        if (doc.tokens[k].norm == "with") withs.push_back(k);
      }
      std::vector<int> subjects = kept;
      if (!withs.empty()) {
        subjects.clear();
        for (int a : mentions.PersonsIn(pb, withs[0])) {
          if (std::find(kept.begin(), kept.end(), a) != kept.end()) subjects.push_back(a);
        }
        if (subjects.empty()) subjects = kept;
      }
      std::vector<std::vector<int>> groups;
      if (withs.size() >= 2 && !subjects.empty() && subjects.size() < kept.size()) {
        for (size_t w = 0; w < withs.size(); ++w) {
          int wb = withs[w], we = w + 1 < withs.size() ? withs[w + 1] : ce;
          std::vector<int> g = subjects;
          for (int a : mentions.PersonsIn(wb, we)) {
            if (std::find(g.begin(), g.end(), a) == g.end() && std::find(kept.begin(), kept.end(), a) != kept.end()) g.push_back(a);
          }
          if (g.size() >= 2) groups.push_back(g);
        }
      }
      // "held separate calls with A, B and C": one call each.
      bool separate = false;
      for (int k = std::max(cb, cue.begin - 2); k < cue.end; ++k) separate = separate || doc.tokens[k].norm == "separate";
      if (separate && groups.size() < 2 && subjects.size() == 1 && kept.size() > 2) {
        groups.clear();
        for (int a : kept) {
          if (a != subjects[0]) groups.push_back({subjects[0], a});
        }
      }
      if (groups.size() < 2) groups = {kept};
      for (const auto& group : groups) {
      Found f;
      f.subjects = subjects;
      for (int a : group) f.call.participants.push_back(mentions.actors()[a].ref);
      f.call.medium = cue.medium;
      f.call.date = date;
      f.explicit_date = explicit_date;
      f.call.provenance.begin = doc.tokens[s.begin].begin;
      f.call.provenance.end = doc.tokens[s.end - 1].end;
      f.call.provenance.evidence = std::string(doc.Span(s.begin, s.end));
      bool merged = false;
      for (Found& o : found) {
        if (!SameSet(Names(o.call), Names(f.call))) continue;
        if (o.explicit_date && f.explicit_date && o.call.date != f.call.date) continue;
        if (f.explicit_date && !o.explicit_date) {
          o.call.date = f.call.date;
          o.explicit_date = true;
        }
        if (f.call.medium == Medium::kVideo) o.call.medium = Medium::kVideo;
        merged = true;
        break;
      }
      if (!merged) found.push_back(std::move(f));
      }
    }
    if (sentence_date.found && sentence_date.day) last_date = sentence_date.day;
  }
  std::vector<Call> calls;
  for (auto& f : found) calls.push_back(std::move(f.call));
  return calls;
}

}  // namespace parley::extract
