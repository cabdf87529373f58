#include "quotes.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "lexicon.h"

namespace parley::extract {
namespace {

enum class VerbType {
  kSay,        // said, added, stressed: a clause or (after "that") a that-clause.
  kTell,       // told X (that) ...: the object is skipped.
  kUrge,       // urged Y to Z, called on Y to Z: the object is part of the text.
  kFor,        // called for X: the text follows "for".
  kAccording,  // according to X.
  kQuoted,     // X quoted Y as saying / X was quoted as saying.
};

struct Verb {
  int begin = 0, end = 0;
  VerbType type = VerbType::kSay;
  bool participle = false;
};

bool IsWord(const Token& t) { return t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber; }

bool MatchVerb(const Document& doc, int i, int e, Verb* v) {
  const Token& t = doc.tokens[i];
  if (t.kind != TokenKind::kWord || !t.Is(lexicon::kReportingWord)) return false;
  std::string_view w = t.norm;
  std::string_view next = i + 1 < e ? std::string_view(doc.tokens[i + 1].norm) : std::string_view();
  std::string_view prev = i > 0 ? std::string_view(doc.tokens[i - 1].norm) : std::string_view();
  // "the proposed measures", "its stated goal": adjectives, not verbs.
  if (prev == "the" || prev == "its" || prev == "a" || prev == "their" || prev == "his") return false;
  *v = Verb{i, i + 1, VerbType::kSay, false};
  if (w == "according" && next == "to") {
    *v = Verb{i, i + 2, VerbType::kAccording, false};
    return true;
  }
  if ((w == "called" || w == "calls" || w == "calling") && (next == "for" || next == "on" || next == "upon")) {
    *v = Verb{i, i + 2, next == "for" ? VerbType::kFor : VerbType::kUrge, w == "calling"};
    return true;
  }
  if ((w == "pointed" || w == "pointing") && (next == "out" || next == "to")) {
    *v = Verb{i, i + 2, VerbType::kSay, w == "pointing"};
    return true;
  }
  if ((w == "made" || w == "making") && next == "clear") {
    *v = Verb{i, i + 2, VerbType::kSay, w == "making"};
    return true;
  }
  if (w == "quoted" && (next != "" )) {
    v->type = VerbType::kQuoted;
    return true;
  }
  if (t.Is(lexicon::kSayVerb)) {
    // "expressed" and "hoped" report only with a clause: "expressed hope that".
    if ((w == "expressed" || w == "hoped" || w == "believes" || w == "agreed") && next != "that") return false;
    if (w == "proposed" && next != "that" && next != "to") return false;
    return true;
  }
  if (t.Is(lexicon::kSayParticiple)) {
    v->participle = true;
    return true;
  }
  if (t.Is(lexicon::kTellVerb)) {
    v->type = VerbType::kTell;
    return true;
  }
  if (t.Is(lexicon::kUrgeVerb)) {
    v->type = VerbType::kUrge;
    return true;
  }
  if (t.Is(lexicon::kUrgeParticiple)) {
    v->type = w == "telling" ? VerbType::kTell : VerbType::kUrge;
    v->participle = true;
    return true;
  }
  return false;
}

enum class SpeakerState { kNone, kActor, kGeneric, kPlural, kSentenceSubject };

struct Speaker {
  SpeakerState state = SpeakerState::kNone;
  int actor = -1;
  ActorRef literal;  // For "Moon's office": the text as written.
  bool has_literal = false;
  int begin = -1;    // First token of the subject phrase.
};

Speaker FromMention(const Mention* m) {
  Speaker s;
  if (m == nullptr) return s;
  s.begin = m->begin;
  if (m->plural) {
    s.state = SpeakerState::kPlural;
  } else if (m->kind == MentionKind::kGeneric || m->kind == MentionKind::kDemonym) {
    s.state = SpeakerState::kGeneric;
  } else if (m->actor >= 0) {
    s.state = SpeakerState::kActor;
    s.actor = m->actor;
  } else {
    s.state = SpeakerState::kGeneric;
  }
  return s;
}

class QuoteFinder {
 public:
  QuoteFinder(const Document& doc, const Mentions& mentions)
      : doc_(doc), m_(mentions), consumed_(doc.tokens.size(), false), in_quote_(doc.tokens.size(), false) {}

  std::vector<Quote> Run() {
    for (const Paragraph& p : doc_.paragraphs) {
      if (p.prose) DirectQuotes(p);
    }
    for (const Sentence& s : doc_.sentences) {
      if (doc_.paragraphs[s.paragraph].prose && Analyzable(s)) Reported(s);
    }
    return std::move(quotes_);
  }

 private:
  // Subject of the verb starting at v: the phrase just before it.
  Speaker SubjectBefore(int v, int start) const {
    int p = v;
    while (p > start && IsWord(doc_.tokens[p - 1]) && !doc_.tokens[p - 1].cap &&
           doc_.tokens[p - 1].Is(lexicon::kSkipBeforeVerb) && m_.EndingAt(p) == nullptr) {
      --p;
    }
    // "was quoted": passive.
    if (p <= start) return {};
    if (const Mention* m = m_.EndingAt(p)) {
      Speaker s = FromMention(m);
      // "Moon's office", "Trump's transition team".
      return s;
    }
    const Token& before = doc_.tokens[p - 1];
    if (IsWord(before) && !before.cap && p - 2 > start &&
        doc_.tokens[p - 2].kind == TokenKind::kPossessive) {
      int q = p - 1;
      // "Moon's office", "Trump's transition team": at most two nouns.
      if (q - 1 > start && IsWord(doc_.tokens[q - 1]) && !doc_.tokens[q - 1].cap) --q;
      if (doc_.tokens[q - 1].kind == TokenKind::kPossessive) {
        if (const Mention* owner = m_.EndingAt(q - 1)) {
          if (before.Is(lexicon::kOrgWord) || before.norm == "team" || before.norm == "presidency" ||
              before.norm == "spokesman" || before.norm == "spokeswoman") {
            Speaker s;
            s.state = SpeakerState::kActor;
            s.begin = owner->begin;
            // "China's foreign ministry": the country speaks; "Moon's office": as written.
            if (owner->actor >= 0 && m_.actors()[owner->actor].ref.kind == ActorKind::kCountry) {
              s.actor = owner->actor;
              return s;
            }
            s.has_literal = true;
            s.literal.name = std::string(doc_.Span(owner->begin, p));
            s.literal.kind = ActorKind::kInstitution;
            s.begin = owner->begin;
            if (owner->actor >= 0) s.literal.country = m_.actors()[owner->actor].ref.country;
            return s;
          }
        }
      }
    }
    if (before.norm == "who" && p - 2 >= start && doc_.tokens[p - 2].norm == ",") {
      return FromMention(m_.EndingAt(p - 2));
    }
    if (before.norm == "and") {
      Speaker s;
      s.state = SpeakerState::kSentenceSubject;
      return s;
    }
    if (before.norm == "," || before.norm == ")") {
      // Appositive: "Liu Jieyi, China's permanent representative ..., said".
      for (int k = p - 2; k > start && k > p - 30; --k) {
        if (doc_.tokens[k].norm == "," || doc_.tokens[k].kind == TokenKind::kDash) {
          const Mention* m = m_.EndingAt(k);
          if (m != nullptr && (m->begin == start || doc_.tokens[m->begin - 1].norm == "," ||
                               m->begin <= start + 1)) {
            return FromMention(m);
          }
          if (m != nullptr) return FromMention(m);
          break;
        }
      }
    }
    return {};
  }

  bool ResolveSpeaker(const Speaker& sp, ActorRef* out) const {
    if (sp.state != SpeakerState::kActor) return false;
    if (sp.has_literal) {
      *out = sp.literal;
      return true;
    }
    if (sp.actor < 0) return false;
    *out = m_.actors()[sp.actor].ref;
    return !out->name.empty();
  }

  // Trims [b, e) to a quote's text: a leading "that" and punctuation go,
  // and (for reported speech) a closing mark whose opening one is outside.
  void TrimClause(bool direct, int* b, int* e) const {
    while (*b < *e && (doc_.tokens[*b].norm == "that" || doc_.tokens[*b].norm == ":" ||
                       doc_.tokens[*b].norm == "," || doc_.tokens[*b].kind == TokenKind::kDash)) {
      ++*b;
    }
    while (*e > *b && (doc_.tokens[*e - 1].kind == TokenKind::kPunct || doc_.tokens[*e - 1].kind == TokenKind::kDash ||
                       (!direct && doc_.tokens[*e - 1].kind == TokenKind::kCloseQuote &&
                        !HasOpenQuote(*b, *e - 1)))) {
      if (doc_.tokens[*e - 1].norm == ")" || doc_.tokens[*e - 1].norm == "%") break;
      --*e;
    }
  }

  void Emit(const ActorRef& speaker, int b, int e, bool direct, const Sentence* s) {
    TrimClause(direct, &b, &e);
    // 'Pyongyang said "..."': a reported clause that is one quotation, mark
    // to mark, is the speaker's own words: a direct quote, without the marks.
    if (!direct && IsWholeQuotation(b, e)) {
      direct = true;
      ++b;
      --e;
      TrimClause(direct, &b, &e);
    }
    int words = 0;
    for (int k = b; k < e; ++k) words += IsWord(doc_.tokens[k]);
    if (words < 2) return;
    Quote q;
    q.speaker = speaker;
    q.text = std::string(doc_.Span(b, e));
    q.direct = direct;
    int pb = s ? s->begin : b, pe = s ? s->end : e;
    q.provenance.begin = doc_.tokens[std::min(pb, b)].begin;
    q.provenance.end = doc_.tokens[std::max(pe, e) - 1].end;
    q.provenance.evidence = std::string(doc_.Span(std::min(pb, b), std::max(pe, e)));
    quotes_.push_back(std::move(q));
  }

  // Whether [b, e) opens with a quotation mark and ends with the one that
  // closes it: no mark of the same kind (double or single) in between.
  bool IsWholeQuotation(int b, int e) const {
    if (e - b < 3 || doc_.tokens[b].kind != TokenKind::kOpenQuote ||
        doc_.tokens[e - 1].kind != TokenKind::kCloseQuote) {
      return false;
    }
    const bool dbl = IsDoubleMark(b);
    if (IsDoubleMark(e - 1) != dbl) return false;
    for (int k = b + 1; k < e - 1; ++k) {
      const TokenKind kind = doc_.tokens[k].kind;
      if ((kind == TokenKind::kOpenQuote || kind == TokenKind::kCloseQuote) && IsDoubleMark(k) == dbl) return false;
    }
    return true;
  }

  // “ ” " « » „ as opposed to ‘ ’ '.
  bool IsDoubleMark(int k) const {
    std::string_view m = doc_.TokenText(k);
    return m != "\xE2\x80\x98" && m != "\xE2\x80\x99" && m != "'";
  }

  bool HasOpenQuote(int b, int e) const {
    for (int k = b; k < e; ++k) {
      if (doc_.tokens[k].kind == TokenKind::kOpenQuote) return true;
    }
    return false;
  }

  const Sentence* SentenceOf(int token) const {
    auto it = std::upper_bound(doc_.sentences.begin(), doc_.sentences.end(), token,
                               [](int t, const Sentence& s) { return t < s.begin; });
    if (it == doc_.sentences.begin()) return nullptr;
    --it;
    return token < it->end ? &*it : nullptr;
  }

  // The first person subject of sentence s (for "... and said").
  Speaker SentenceSubject(const Sentence& s, int before) const {
    int cs = ContentStart(doc_, s);
    for (int k = cs; k < before; ++k) {
      const Mention* m = m_.StartingAt(k);
      if (m != nullptr && (m->actor >= 0 || m->plural)) return FromMention(m);
    }
    return {};
  }

  void DirectQuotes(const Paragraph& p) {
    ActorRef last_speaker;
    bool have_last = false;
    for (int o = p.begin; o < p.end; ++o) {
      if (doc_.tokens[o].kind != TokenKind::kOpenQuote) continue;
      int c = o + 1;
      int words = 0;
      while (c < p.end && doc_.tokens[c].kind != TokenKind::kCloseQuote) {
        if (doc_.tokens[c].kind == TokenKind::kOpenQuote) break;
        words += IsWord(doc_.tokens[c]);
        ++c;
      }
      if (c >= p.end || doc_.tokens[c].kind != TokenKind::kCloseQuote) continue;
      for (int k = o; k <= c; ++k) in_quote_[k] = true;
      if (words < 4) {
        for (int k = o; k <= c; ++k) in_quote_[k] = false;  // A scare quote is part of its clause.
        o = c;
        continue;
      }
      const Sentence* s = SentenceOf(o);
      const Sentence* se = SentenceOf(c);
      int cs = s ? ContentStart(doc_, *s) : p.begin;
      // Embedded in a clause ("Tsai had "CALLED ME ..."") unless it opens the
      // sentence or follows ':' / ','.
      bool opens = o == cs || o == p.begin;
      if (o > cs) {
        std::string_view prev = doc_.tokens[o - 1].norm;
        opens = prev == ":" || prev == "," || doc_.tokens[o - 1].kind == TokenKind::kDash;
      }
      if (!opens) {
        for (int k = o; k <= c; ++k) in_quote_[k] = false;  // Part of a reported clause.
        o = c;
        continue;
      }
      ActorRef speaker;
      bool found = false;
      // After: ', the Chinese president said' / ', said Xi' / 'X was quoted as saying'.
      int end = se ? se->end : p.end;
      // '"Have a nice day!" Rouhani told Obama.': the attribution may open the next sentence.
      if (se != nullptr && c + 1 == se->end && se->end < p.end) {
        const Sentence* next = SentenceOf(se->end);
        if (next != nullptr) end = next->end;
      }
      int j = c + 1;
      if (j < end && (doc_.tokens[j].norm == "," || doc_.tokens[j].kind == TokenKind::kDash)) ++j;
      bool ends_sentence = j < end && (doc_.tokens[j].norm == "." || doc_.tokens[j].norm == "?");
      if (!ends_sentence) {
        for (int v = j; v < end && v < j + 12; ++v) {
          Verb verb;
          if (doc_.tokens[v].norm == "." || !MatchVerb(doc_, v, end, &verb)) continue;
          Speaker sp;
          if (verb.type == VerbType::kQuoted) {
            sp = QuotedSpeaker(verb, j, end);
          } else if (v == j) {
            sp = FromMention(m_.StartingAt(v + 1) ? m_.StartingAt(v + 1) : m_.StartingAt(v + 2));
          } else {
            sp = SubjectBefore(v, j);
            if (sp.state == SpeakerState::kNone) sp = FromMention(m_.StartingAt(j));
          }
          if (sp.state == SpeakerState::kNone) break;
          for (int k = verb.begin; k < verb.end; ++k) consumed_[k] = true;
          found = ResolveSpeaker(sp, &speaker);
          if (sp.state != SpeakerState::kActor) found = false;
          if (found) consumed_speaker_[verb.begin] = speaker;
          if (!found) goto next_quote;
          break;
        }
      }
      if (!found && o > cs) {
        // Before: 'Xi told Biden: "..."' / 'X said, "..."'.
        for (int v = o - 1; v >= cs && v > o - 20; --v) {
          Verb verb;
          if (!MatchVerb(doc_, v, o, &verb)) continue;
          Speaker sp = verb.type == VerbType::kQuoted ? QuotedSpeaker(verb, cs, o) : SubjectBefore(v, cs);
          if (sp.state == SpeakerState::kSentenceSubject && s) sp = SentenceSubject(*s, v);
          for (int k = verb.begin; k < verb.end; ++k) consumed_[k] = true;
          found = ResolveSpeaker(sp, &speaker);
          break;
        }
      }
      if (!found && have_last && (o == cs)) {
        // A quote continuing the same speaker's words in the paragraph.
        speaker = last_speaker;
        found = true;
      }
      if (found) {
        Emit(speaker, o + 1, c, true, s);
        last_speaker = speaker;
        have_last = true;
      }
    next_quote:
      o = c;
    }
  }

  // "X was quoted as saying" -> X; "Xinhua quoted KCNA as saying" -> KCNA.
  Speaker QuotedSpeaker(const Verb& verb, int start, int end) const {
    int v = verb.begin;
    if (v > start && (doc_.tokens[v - 1].norm == "was" || doc_.tokens[v - 1].norm == "were")) {
      return SubjectBefore(v - 1, start);
    }
    int k = v + 1;
    if (k < end && (doc_.tokens[k].norm == "the" || doc_.tokens[k].norm == "a")) ++k;
    const Mention* m = m_.At(k);
    if (m == nullptr) m = m_.StartingAt(v + 1);
    return FromMention(m);
  }

  struct Act {
    Verb verb;
    Speaker speaker;
    int clause_b = 0, clause_e = 0;
    bool trailing = false;  // Attribution after its clause (", X said.").
  };

  // Where the clause after a verb starts: past "that", a told-object, or a
  // short adverbial; "urged Y to Z" keeps Y.
  int ClauseStart(const Verb& v, int e) const {
    int k = v.end;
    if (v.type == VerbType::kFor || v.type == VerbType::kUrge) return k;
    // Look for "that" shortly after the verb.
    for (int q = k; q < e && q < k + 18; ++q) {
      const Token& t = doc_.tokens[q];
      if (t.norm == "that" && q + 1 < e) return q + 1;
      if (t.kind == TokenKind::kOpenQuote || t.norm == ";") break;
      Verb other;
      if (MatchVerb(doc_, q, e, &other)) break;
    }
    if (v.type == VerbType::kTell) {
      // Skip the object: a mention, "reporters", "a news conference".
      if (const Mention* m = m_.StartingAt(k)) return m->end;
      if (k < e && (doc_.tokens[k].norm == "reporters" || doc_.tokens[k].norm == "journalists")) return k + 1;
    }
    return k;
  }

  void Reported(const Sentence& s) {
    int cs = ContentStart(doc_, s);
    std::vector<Act> acts;
    for (int i = cs; i < s.end; ++i) {
      if (in_quote_[i] || consumed_[i]) continue;
      Verb v;
      if (!MatchVerb(doc_, i, s.end, &v)) continue;
      Act a;
      a.verb = v;
      if (v.type == VerbType::kAccording) {
        int k = v.end;
        if (k < s.end && (doc_.tokens[k].norm == "the" || doc_.tokens[k].norm == "a")) ++k;
        const Mention* m = m_.At(k);
        a.speaker = FromMention(m);
        if (i == cs || (i == cs + 1 && !IsWord(doc_.tokens[cs]))) {
          int after = m ? m->end : v.end;
          while (after < s.end && doc_.tokens[after].norm != ",") ++after;
          a.clause_b = after + 1;
          a.clause_e = s.end;
        } else {
          a.clause_b = cs;
          a.clause_e = i;
          a.trailing = true;
        }
      } else if (v.type == VerbType::kQuoted) {
        a.speaker = QuotedSpeaker(v, cs, s.end);
        int k = v.end;
        while (k < s.end && doc_.tokens[k].norm != "saying" && doc_.tokens[k].norm != "as") ++k;
        while (k < s.end && (doc_.tokens[k].norm == "as" || doc_.tokens[k].norm == "saying")) ++k;
        a.clause_b = k;
        a.clause_e = s.end;
      } else if (v.participle && i > cs && (doc_.tokens[i - 1].norm == "," || doc_.tokens[i - 1].norm == "while" ||
                                            doc_.tokens[i - 1].norm == "and")) {
        a.speaker.state = SpeakerState::kSentenceSubject;  // Inherit from the main act.
        a.clause_b = ClauseStart(v, s.end);
        a.clause_e = s.end;
      } else {
        a.speaker = SubjectBefore(i, cs);
        // "The statement said ...": the statement of the latest speaker.
        if (a.speaker.state == SpeakerState::kGeneric && i > cs &&
            (doc_.tokens[i - 1].norm == "statement" || doc_.tokens[i - 1].norm == "readout")) {
          const Quote* prev = nullptr;
          for (const Quote& q : quotes_) {
            if (q.provenance.begin < doc_.tokens[s.begin].begin &&
                (prev == nullptr || q.provenance.begin > prev->provenance.begin)) {
              prev = &q;
            }
          }
          if (prev != nullptr && doc_.tokens[s.begin].begin - prev->provenance.end < 600) {
            int b = a.speaker.begin;
            a.speaker = Speaker{};
            a.speaker.state = SpeakerState::kActor;
            a.speaker.has_literal = true;
            a.speaker.literal = prev->speaker;
            a.speaker.begin = b;
          }
        }
        bool has_that = false;
        for (int q = v.end; q < s.end && q < v.end + 18; ++q) has_that = has_that || doc_.tokens[q].norm == "that";
        int sb = a.speaker.begin;
        if (sb > cs && (doc_.tokens[sb - 1].norm == "the")) --sb;
        bool after_comma = sb > cs && (doc_.tokens[sb - 1].norm == "," ||
                                       doc_.tokens[sb - 1].kind == TokenKind::kCloseQuote);
        if (a.speaker.state == SpeakerState::kNone && i > cs && doc_.tokens[i - 1].norm == "," &&
            v.type == VerbType::kSay) {
          // Inverted: '..., said the official.'
          a.speaker = FromMention(m_.StartingAt(v.end));
          sb = i;
          after_comma = a.speaker.state != SpeakerState::kNone;
        }
        // "In Tokyo, Suga said Japan will ...": a short opener before the
        // comma and a long clause after the verb is not a trailing attribution.
        int remainder = 0;
        for (int q = v.end; q < s.end && doc_.tokens[q].norm != "," && doc_.tokens[q].norm != ";"; ++q) {
          remainder += IsWord(doc_.tokens[q]);
        }
        int before = 0;
        for (int q = cs; q < sb - 1; ++q) before += IsWord(doc_.tokens[q]);
        bool trailing_shape = remainder <= 8 || before > remainder;
        if (after_comma && trailing_shape && !has_that && v.type != VerbType::kUrge && v.type != VerbType::kFor) {
          a.clause_b = cs;
          a.clause_e = sb - 1;
          a.trailing = true;
        } else {
          a.clause_b = ClauseStart(v, s.end);
          a.clause_e = s.end;
        }
        if (a.speaker.state == SpeakerState::kNone) continue;
        // "The two leaders agreed that": an agreement, not a quote.
        if (a.speaker.state == SpeakerState::kPlural && doc_.tokens[i].Is(lexicon::kAgreementVerb)) continue;
      }
      acts.push_back(a);
      i = v.end - 1;
    }
    if (acts.empty()) return;
    // Clauses end where a later trailing attribution or participle begins.
    for (size_t a = 0; a < acts.size(); ++a) {
      for (size_t b = a + 1; b < acts.size(); ++b) {
        const Act& nb = acts[b];
        int cut = -1;
        if (nb.trailing || nb.verb.participle || nb.verb.type == VerbType::kAccording) {
          cut = nb.trailing ? nb.clause_e : nb.verb.begin;
        }
        if (cut > acts[a].clause_b && cut < acts[a].clause_e && !acts[a].trailing) acts[a].clause_e = cut;
      }
    }
    // Resolve inherited speakers.
    for (size_t a = 0; a < acts.size(); ++a) {
      if (acts[a].speaker.state != SpeakerState::kSentenceSubject) continue;
      Speaker inherited;
      for (size_t b = a; b-- > 0;) {
        if (acts[b].speaker.state == SpeakerState::kActor) {
          inherited = acts[b].speaker;
          break;
        }
      }
      if (inherited.state == SpeakerState::kNone) {
        // '"...," Xi said, reiterating ...': the direct quote's speaker.
        for (int k = acts[a].verb.begin - 1; k >= s.begin && k > acts[a].verb.begin - 30; --k) {
          auto it = consumed_speaker_.find(k);
          if (it != consumed_speaker_.end()) {
            inherited.state = SpeakerState::kActor;
            inherited.has_literal = true;
            inherited.literal = it->second;
            break;
          }
        }
      }
      if (inherited.state == SpeakerState::kNone) inherited = SentenceSubject(s, acts[a].verb.begin);
      acts[a].speaker = inherited;
    }
    // Innermost identifiable speaker: drop an act whose clause holds another
    // act with an identifiable speaker. A coordinated act (", and Obama
    // said ...") or the same speaker again only ends the clause.
    for (size_t a = 0; a < acts.size(); ++a) {
      ActorRef speaker;
      if (!ResolveSpeaker(acts[a].speaker, &speaker)) continue;
      bool outer = false;
      for (size_t b = 0; b < acts.size(); ++b) {
        if (b == a) continue;
        ActorRef inner;
        if (!ResolveSpeaker(acts[b].speaker, &inner)) continue;
        int vb = acts[b].verb.begin;
        if (vb < acts[a].clause_b || vb >= acts[a].clause_e) continue;
        int sb = acts[b].speaker.begin >= 0 ? acts[b].speaker.begin : vb;
        if (sb > 0 && doc_.tokens[sb].norm == "the") --sb;
        std::string_view pre = sb > 0 ? std::string_view(doc_.tokens[sb - 1].norm) : "";
        bool coordinated = pre == "and" || pre == "but" || pre == "while" || pre == ";";
        bool same = inner.name == speaker.name;
        if (acts[b].verb.participle) {
          if (same || acts[a].trailing) continue;
        }
        if ((coordinated || same) && !acts[a].trailing) {
          int cut = sb;
          while (cut > acts[a].clause_b && (doc_.tokens[cut - 1].norm == "and" || doc_.tokens[cut - 1].norm == "," ||
                                            doc_.tokens[cut - 1].norm == "but" || doc_.tokens[cut - 1].norm == "while")) {
            --cut;
          }
          if (acts[b].verb.participle) continue;
          acts[a].clause_e = std::min(acts[a].clause_e, cut);
          continue;
        }
        outer = true;
      }
      // "according to the CCTV report" around a direct quote's attribution.
      for (int k = acts[a].clause_b; k < acts[a].clause_e && !outer; ++k) {
        outer = consumed_speaker_.count(k) > 0;
      }
      if (outer) continue;
      if (HasDirectQuoteOnly(acts[a].clause_b, acts[a].clause_e)) continue;
      Emit(speaker, acts[a].clause_b, acts[a].clause_e, false, &s);
    }
  }

  // A clause that is entirely a direct quote already emitted.
  bool HasDirectQuoteOnly(int b, int e) const {
    int words = 0, quoted = 0;
    for (int k = b; k < e; ++k) {
      if (!IsWord(doc_.tokens[k])) continue;
      ++words;
      quoted += in_quote_[k];
    }
    return words > 0 && quoted * 10 >= words * 8;
  }

  const Document& doc_;
  const Mentions& m_;
  std::vector<bool> consumed_;
  std::unordered_map<int, ActorRef> consumed_speaker_;  // Verb token -> its direct quote's speaker.
  std::vector<bool> in_quote_;
  std::vector<Quote> quotes_;
};

}  // namespace

bool IsReportingVerbAt(const Document& doc, int i, int end) {
  Verb v;
  return MatchVerb(doc, i, end, &v);
}

std::vector<Quote> ExtractQuotes(const Document& doc, const Mentions& mentions) {
  return QuoteFinder(doc, mentions).Run();
}

}  // namespace parley::extract
