#include "sanctions.h"

#include <algorithm>
#include <string_view>

#include "lexicon.h"
#include "word_set.h"

namespace parley::extract {
namespace {

struct MeasureHit {
  Measure measure;
  int begin, end;      // Cue tokens.
  int items_from = -1; // Where an item list may start.
  int item_b = -1, item_e = -1;  // The cue's own goods ("guest workers", "capital markets").
};

bool IsWordToken(const Token& t) { return t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber; }

// The noun phrase ending at token `last`: up to two lower-case modifiers
// before it ("guest workers", "charter flights", "capital markets").
std::pair<int, int> NounPhraseAt(const Document& doc, int b, int last) {
  static const std::string_view kStop[] = {"the", "a", "an", "its", "their", "of", "on", "and", "or", "to",
                                          "all", "any", "from", "with", "ban", "bans", "banned", "new",
                                          "hiring", "for", "by", "in", "more", "no", "halt", "halts", "stop"};
  static const WordSet kStopSet(kStop);
  int start = last;
  while (start > b && start > last - 2) {
    const Token& t = doc.tokens[start - 1];
    if (!IsWordToken(t) || t.cap || t.kind == TokenKind::kNumber || kStopSet.contains(t.norm)) break;
    --start;
  }
  return {start, last + 1};
}

bool IsWord(const Token& t) { return t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber; }

// The measures cued in [b, e).
std::vector<MeasureHit> FindMeasures(const Document& doc, int b, int e) {
  std::vector<MeasureHit> hits;
  auto norm = [&](int k) -> std::string_view {
    return k >= b && k < e ? std::string_view(doc.tokens[k].norm) : std::string_view();
  };
  auto near = [&](int i, int span, std::initializer_list<std::string_view> words) {
    for (int k = std::max(b, i - span); k < std::min(e, i + span + 1); ++k) {
      for (auto w : words) {
        if (norm(k) == w) return k;
      }
    }
    return -1;
  };
  // Items follow the cue: "bans on exports of coal", "ban on imports of beef".
  auto items_after = [&](int from) {
    for (int k = from; k < e && k < from + 8; ++k) {
      std::string_view w = norm(k);
      if (w == "." || w == ";" || w == ",") break;
      if (w != "of" && w != "on") continue;
      int q = k + 1;
      while (q < e && (norm(q) == "the" || norm(q) == "a" || norm(q) == "an" || norm(q) == "its" ||
                       norm(q) == "their" || norm(q) == "all" || norm(q) == "any" || norm(q) == "some")) {
        ++q;
      }
      // "on Iranian oil": past one capitalised modifier.
      if (q < e && doc.tokens[q].cap && q + 1 < e && IsWord(doc.tokens[q + 1]) && !doc.tokens[q + 1].cap) ++q;
      if (q < e && IsWord(doc.tokens[q]) && !doc.tokens[q].cap) return q;
      // "on North Korea's exports of coal": look further.
    }
    return -1;
  };
  auto add = [&](Measure m, int i, int n, int items) {
    if (items < 0) items = items_after(i + n);
    for (auto& h : hits) {
      if (h.measure != m) continue;
      if (h.items_from < 0) h.items_from = items;
      return;
    }
    hits.push_back({m, i, i + n, items, -1, -1});
  };
  auto set_item = [&](Measure m, std::pair<int, int> span) {
    for (auto& h : hits) {
      if (h.measure == m && h.item_b < 0) {
        h.item_b = span.first;
        h.item_e = span.second;
      }
    }
  };
  for (int i = b; i < e; ++i) {
    if (!doc.tokens[i].Is(lexicon::kMeasureCue)) continue;
    std::string_view w = norm(i), n1 = norm(i + 1);
    bool ban = w == "ban" || w == "bans" || w == "banned" || w == "banning" || w == "embargo" ||
               w == "bar" || w == "barred" || w == "barring" || w == "prohibited" || w == "prohibit" ||
               w == "halt" || w == "halted" || w == "suspend" || w == "suspended" || w == "restrictions" ||
               w == "stop" || w == "stopped" || w == "blocked" || w == "block";
    if ((w == "asset" || w == "assets") && (n1 == "freeze" || n1 == "freezes" || n1 == "frozen")) add(Measure::kAssetFreeze, i, 2, -1);
    if ((w == "freeze" || w == "froze" || w == "freezing" || w == "freezes" || w == "frozen" || w == "block" ||
         w == "blocks" || w == "blocked" || w == "blocking" || w == "seize" || w == "seized") &&
        near(i, 6, {"assets", "asset", "funds", "property", "properties"}) >= 0) {
      add(Measure::kAssetFreeze, i, 1, -1);
    }
    if ((w == "travel" || w == "visa" || w == "entry") && (n1 == "ban" || n1 == "bans" || n1 == "restrictions")) add(Measure::kTravelBan, i, 2, -1);
    if ((w == "deny" || w == "denied") && (n1 == "visas" || n1 == "entry")) add(Measure::kTravelBan, i, 2, -1);
    if ((w == "entering" || w == "re-entry" || w == "travelling" || w == "traveling" || w == "visas") && near(i, 6, {"ban", "barred", "banned", "bar", "barring", "denied", "ban", "banning", "prohibited"}) >= 0) add(Measure::kTravelBan, i, 1, -1);
    bool listed_before = norm(i - 1) == "those" || norm(i - 1) == "were" || norm(i - 1) == "been";
    if (w == "blacklist" || w == "blacklisted" || w == "blacklisting" || (w == "designated" && !listed_before) || w == "designating" ||
        ((w == "sanctioned" || w == "sanctioning") && !(norm(i - 1) == "un" || norm(i - 1) == "u.n.")) ||
        (w == "sanctions" && (n1 == "on" || n1 == "against") && near(i, 6, {"individuals", "entities", "officials", "companies", "people", "persons", "firms", "banks", "leaders", "generals", "members", "figures", "oligarchs"}) >= 0)) {
      add(Measure::kBlacklist, i, 1, -1);
    }
    if (w == "arms" && (n1 == "embargo" || n1 == "sales")) add(Measure::kArmsEmbargo, i, 2, -1);
    if (w == "embargo" && near(i, 3, {"weapons", "arms", "lethal"}) >= 0) add(Measure::kArmsEmbargo, i, 1, -1);
    // "an embargo on Iranian oil": the imposer stops buying.
    if (w == "embargo" && near(i, 3, {"weapons", "arms", "lethal"}) < 0 && n1 == "on") add(Measure::kImportBan, i, 1, -1);
    if ((w == "export" || w == "exports") && (ban || n1 == "ban" || n1 == "bans" || near(i, 5, {"ban", "bans", "banned", "banning", "prohibited", "barred", "halt", "halted"}) >= 0)) {
      if (n1 != "controls" && n1 != "control") add(Measure::kExportBan, i, 1, w == "exports" && n1 == "of" ? i + 2 : -1);
    }
    if ((w == "import" || w == "imports" || w == "importing" || w == "purchases") && near(i, 5, {"ban", "bans", "banned", "banning", "embargo", "prohibited", "halt", "halted", "stop", "restrictions", "barred"}) >= 0) {
      add(Measure::kImportBan, i, 1, n1 == "of" ? i + 2 : -1);
    }
    if ((w == "cap" || w == "capping" || w == "capped" || w == "caps" || w == "limit" || w == "limiting" || w == "ceiling") &&
        near(i, 5, {"exports", "imports", "oil", "supplies", "deliveries", "shipments", "coal", "petroleum"}) >= 0) {
      add(Measure::kSupplyCap, i, 1, -1);
      int good = near(i, 5, {"oil", "coal", "petroleum", "gas", "crude", "fuel"});
      if (good >= 0) set_item(Measure::kSupplyCap, {good, good + 1});
    }
    if ((w == "workers" || w == "labor" || w == "labour") && near(i, 6, {"ban", "banned", "hiring", "hire", "employing", "employment", "bar", "barred"}) >= 0) {
      add(Measure::kLaborBan, i, 1, -1);
      if (w == "workers") set_item(Measure::kLaborBan, NounPhraseAt(doc, b, i));
    }
    if ((w == "joint" && n1 == "ventures") || ((w == "investment" || w == "investments") && near(i, 3, {"ban", "banned", "banning", "prohibited", "prohibit", "new", "halt", "bar", "end"}) >= 0)) {
      add(Measure::kInvestmentBan, i, 1, -1);
      if (w == "joint") set_item(Measure::kInvestmentBan, {i, i + 2});
    }
    // "financial" alone is too loose ("financial intelligence", "financial resources").
    bool financial_noun = n1 == "sanctions" || n1 == "sector" || n1 == "institutions" || n1 == "system" ||
                          n1 == "transactions" || n1 == "restrictions" || n1 == "services" || n1 == "measures" ||
                          n1 == "penalties" || n1 == "curbs";
    if ((w == "financial" && financial_noun) || w == "banking" || w == "swift" || w == "transactions" || w == "remittances" ||
        (w == "capital" && n1 == "markets") || w == "bonds" || w == "debt" || w == "financing" || w == "loans" ||
        w == "banks" || w == "bank" || w == "dealings") {
      if (near(i, 8, {"sanctions", "ban", "banned", "barred", "restrict", "restrictions", "restricting", "cut", "access", "bar", "barring", "prohibited", "measures", "curbs", "penalized", "penalised", "penalties", "halt", "end", "freeze", "frozen"}) >= 0) {
        add(Measure::kFinancial, i, 1, -1);
        if (w == "capital") set_item(Measure::kFinancial, {i, i + 2});
        if (w == "debt" || w == "bonds" || w == "remittances") set_item(Measure::kFinancial, {i, i + 1});
      }
    }
    if (w == "tariff" || w == "tariffs" || w == "duties") add(Measure::kTariff, i, 1, -1);
    // "warned that more penalties would follow": unspecified measures threatened.
    if ((w == "sanctions" || w == "penalties" || w == "consequences" || w == "costs" || w == "measures") &&
        near(i, 10, {"warned", "threatened", "threatens", "threaten", "warns"}) >= 0) {
      add(Measure::kOther, i, 1, -1);
    }
    if ((w == "export" && (n1 == "controls" || n1 == "control" || n1 == "licenses")) || w == "dual-use" ||
        ((w == "technology" || w == "technologies") && near(i, 4, {"exports", "export", "ban", "restrict", "restrictions", "sales"}) >= 0)) {
      add(Measure::kExportControl, i, 1, -1);
    }
    if ((w == "ports" || w == "port" || w == "ships" || w == "flights" || w == "overflights" || w == "tours" ||
         w == "charter" || w == "airspace" || w == "shipping" || (w == "industrial" && (n1 == "complex" || n1 == "zone"))) &&
        near(i, 6, {"ban", "banned", "bar", "barred", "barring", "close", "closed", "closing", "shut", "halt", "halted", "suspended", "suspend", "entering", "restrict", "restrictions", "closure"}) >= 0) {
      add(Measure::kOther, i, 1, -1);
      if (w == "industrial") {
        set_item(Measure::kOther, NounPhraseAt(doc, b, i + 1));
      } else if (w != "port" && w != "ports" && w != "airspace" && w != "charter" && w != "shipping") {
        set_item(Measure::kOther, NounPhraseAt(doc, b, i));
      } else if ((w == "charter" || w == "shipping") && i + 1 < e) {
        set_item(Measure::kOther, {i, i + 2});
      }
    }
  }
  return hits;
}

// The status word closest to the cue at `at` ("lifted its embargo",
// "threatened sanctions", "proposed a ban"); imposed when none is near.
SanctionStatus StatusOf(const Document& doc, int b, int e, int at) {
  int best = 1 << 30;
  SanctionStatus status = SanctionStatus::kImposed;
  for (int i = std::max(b, at - 12); i < std::min(e, at + 6); ++i) {
    std::string_view w = doc.tokens[i].norm;
    SanctionStatus st;
    if (w == "lift" || w == "lifted" || w == "lifting" || w == "lifts" || w == "eased" || w == "ease" ||
        w == "easing" || w == "removed" || w == "remove" || w == "scrapped" || w == "rescinded" ||
        w == "suspend" || w == "suspended" || w == "ending" || w == "ended") {
      st = SanctionStatus::kLifted;
      if ((w == "suspend" || w == "suspended") && i > at) continue;  // "suspended trade" is a measure.
    } else if (w == "threatened" || w == "threatens" || w == "threaten" || w == "threatening" ||
               w == "could" || w == "warned" || w == "if" || w == "would") {
      st = SanctionStatus::kThreatened;
    } else if (w == "proposed" || w == "propose" || w == "proposes" || w == "draft" || w == "considering" ||
               w == "consider" || w == "weighing" || w == "prepare" || w == "preparing") {
      st = SanctionStatus::kProposed;
    } else {
      continue;
    }
    int d = i < at ? at - i : (i - at) * 2;
    if (d < best) {
      best = d;
      status = st;
    }
  }
  return status;
}

bool IsSanctionContext(const Document& doc, int b, int e) {
  for (int i = b; i < e; ++i) {
    if (doc.tokens[i].Is(lexicon::kSanctionContext)) return true;
  }
  return false;
}

// Items: a list of lower-case nouns after `from` ("coal, iron, lead, textiles and seafood").
std::vector<std::string> ItemsAt(const Document& doc, int from, int e) {
  std::vector<std::string> items;
  if (from < 0) return items;
  int i = from;
  std::string cur;
  int cur_b = -1, cur_e = -1;
  auto flush = [&]() {
    if (cur_b >= 0) items.push_back(std::string(doc.Span(cur_b, cur_e)));
    cur_b = cur_e = -1;
  };
  static const std::string_view kPeople[] = {"officials", "individuals", "entities", "companies", "people",
                                            "persons", "organizations", "organisations", "groups", "firms",
                                            "members", "families", "banks", "nationals", "citizens"};
  static const WordSet kPeopleSet(kPeople);
  for (; i < e && i < from + 30; ++i) {
    const Token& t = doc.tokens[i];
    if (t.norm == "," || t.norm == "and" || t.norm == "or") {
      flush();
      continue;
    }
    if (!IsWord(t) || t.cap || t.kind == TokenKind::kNumber) break;
    if (t.norm == "to" || t.norm == "from" || t.norm == "by" || t.norm == "in" || t.norm == "for" ||
        t.norm == "over" || t.norm == "that" || t.norm == "which" || t.norm == "as" || t.norm == "with" ||
        t.norm == "of" || t.norm == "the" || t.norm == "its" || t.norm == "their" || t.norm == "such" ||
        t.norm == "if" || t.norm == "including" || t.norm == "worth" || t.norm == "on") {
      break;
    }
    // A verb starts a new clause: "..., and restricted joint ventures".
    bool verb_like = t.norm.size() > 4 && (t.norm.compare(t.norm.size() - 2, 2, "ed") == 0 ||
                                           t.norm.compare(t.norm.size() - 3, 3, "ing") == 0);
    if (verb_like && t.norm != "processed" && t.norm != "refined") break;
    if (kPeopleSet.contains(t.norm)) return {};  // People and bodies are targets, not items.
    if (cur_b >= 0 && cur_e - cur_b >= 3) break;
    if (cur_b < 0) cur_b = i;
    cur_e = i + 1;
  }
  flush();
  for (auto& it : items) {
    for (char& c : it) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return items;
}

struct Party {
  ActorRef ref;
  bool target_like = false;
  int begin = 0, end = 0;
};

// Countries, blocs and bodies mentioned in [b, e). A leader stands for his
// country and a national body for its country; a demonym ("North Korean
// officials") or a party after "on", "against", "from"... is target-like.
std::vector<Party> Parties(const Document& doc, const Mentions& mentions, int b, int e) {
  std::vector<Party> parties;
  const auto& actors = mentions.actors();
  for (int i = b; i < e; ++i) {
    const Mention* m = mentions.StartingAt(i);
    if (m == nullptr) continue;
    ActorRef ref;
    if (m->actor >= 0) {
      const ActorRef& r = actors[m->actor].ref;
      if (r.kind == ActorKind::kNewsOutlet) continue;
      if (r.kind == ActorKind::kPerson || (r.kind == ActorKind::kInstitution && !r.country.empty() &&
                                           r.name.find("Security Council") == std::string::npos)) {
        if (r.country.empty()) continue;
        ref = ActorRef{"", r.country, ActorKind::kCountry, r.country, ""};
      } else if (r.kind == ActorKind::kInstitution && r.actor_id.empty()) {
        continue;  // An organisation the knowledge base does not know.
      } else {
        ref = r;
      }
    } else if (m->country >= 0) {
      const auto& c = mentions.kb().countries()[m->country];
      ref = ActorRef{c.id, c.name, ActorKind::kCountry, c.name, ""};
    } else {
      continue;
    }
    Party p{ref, m->kind == MentionKind::kDemonym || m->kind == MentionKind::kGeneric, m->begin, m->end};
    int k = i - 1;
    while (k >= b && (doc.tokens[k].norm == "the" || doc.tokens[k].norm == "a" || doc.tokens[k].norm == "its" ||
                      doc.tokens[k].norm == "their" || doc.tokens[k].kind == TokenKind::kNumber ||
                      doc.tokens[k].norm == "all" || doc.tokens[k].norm == "some")) {
      --k;
    }
    if (k >= b) {
      std::string_view w = doc.tokens[k].norm;
      if (w == "on" || w == "against" || w == "targeting" || w == "to" || w == "from" || w == "with" ||
          w == "into" || w == "toward" || w == "towards" || w == "of" || w == "blacklisted" ||
          w == "sanctioned" || w == "designated" || w == "targeted" || w == "penalized" || w == "punish" ||
          w == "punished" || w == "punishing" || w == "sanctioning" || w == "blacklisting" || w == "warned" ||
          w == "threatened" || w == "threatening") {
        p.target_like = true;
      }
    }
    // "the DPRK's exports of copper": the owner of what is hit.
    if (m->end + 1 < e && doc.tokens[m->end].kind == TokenKind::kPossessive) {
      static const std::string_view kHit[] = {"exports", "imports", "assets", "banks", "central", "oil", "trade",
                                             "economy", "officials", "companies", "airline", "leaders",
                                             "sovereign", "government", "military", "state", "energy",
                                             "defense", "defence", "financial", "shipping", "coal"};
      static const WordSet kHitSet(kHit);
      if (kHitSet.contains(doc.tokens[m->end + 1].norm)) p.target_like = true;
    }
    // "the European Union, which banned imports": the relative clause's subject.
    if (m->end + 1 < e && doc.tokens[m->end].norm == "," &&
        (doc.tokens[m->end + 1].norm == "which" || doc.tokens[m->end + 1].norm == "who")) {
      p.target_like = false;
    }
    parties.push_back(p);
  }
  return parties;
}

// Coordinated parties ("South Korea, Japan and the United States") form a
// group: returns, for each party, the index of its group's first party.
std::vector<int> Groups(const Document& doc, const std::vector<Party>& parties, int cs) {
  std::vector<int> group(parties.size());
  for (size_t i = 0; i < parties.size(); ++i) {
    group[i] = static_cast<int>(i);
    if (i == 0) continue;
    bool joined = true;
    for (int k = parties[i - 1].end; k < parties[i].begin; ++k) {
      std::string_view w = doc.tokens[k].norm;
      if (w != "," && w != "and" && w != "the" && w != "as" && w != "well" && w != "or") joined = false;
    }
    // "On Belarus, Lithuania, Latvia and Estonia imposed ...": a fronted
    // topic ends at its comma.
    if (i == 1 && parties[0].target_like && parties[0].begin <= cs + 2 &&
        doc.tokens[parties[0].end].norm == ",") {
      joined = false;
    }
    if (joined && parties[i].begin > parties[i - 1].end) group[i] = group[i - 1];
  }
  return group;
}

// A "resolution" imposing measures is the Security Council's: when the
// article names the council, or the UN (whose council adopts them).
bool ArticleHasSecurityCouncil(const Mentions& mentions, ActorRef* unsc) {
  bool un = false;
  for (const auto& a : mentions.actors()) {
    if (a.ref.kind == ActorKind::kInstitution && a.ref.name.find("Security Council") != std::string::npos) {
      *unsc = a.ref;
      return true;
    }
    un = un || a.ref.name == "United Nations";
  }
  if (!un) return false;
  for (const auto& c : mentions.kb().Lookup("UN Security Council")) {
    if (c.kind != actors::EntityKind::kInstitution) continue;
    const auto& inst = mentions.kb().institutions()[c.index];
    *unsc = ActorRef{inst.id, inst.name, ActorKind::kInstitution, "", ""};
    return true;
  }
  return false;
}

}  // namespace

std::vector<Sanction> ExtractSanctions(const Document& doc, const Mentions& mentions) {
  std::vector<Sanction> out;
  ActorRef unsc;
  const bool has_unsc = ArticleHasSecurityCouncil(mentions, &unsc);
  // The discourse frame: who sanctions whom, as the latest sentence that
  // said so; a sentence naming only one side ("The measures include a
  // travel ban ...") borrows the other.
  std::vector<ActorRef> frame_imposers;
  std::vector<ActorRef> frame_targets;
  for (size_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    if (!Analyzable(s)) continue;
    const bool prose = doc.paragraphs[s.paragraph].prose;
    int cs = ContentStart(doc, s);
    if (!IsSanctionContext(doc, cs, s.end)) continue;
    std::vector<Party> parties = Parties(doc, mentions, cs, s.end);
    // "a resolution capping ...": the Security Council's.
    if (has_unsc) {
      for (int i = cs; i < s.end; ++i) {
        if (doc.tokens[i].norm == "resolution" || doc.tokens[i].norm == "resolutions") {
          Party p{unsc, false, i, i + 1};
          auto it = std::find_if(parties.begin(), parties.end(), [&](const Party& q) { return q.begin > i; });
          parties.insert(it, p);
          break;
        }
      }
    }
    std::vector<int> group = Groups(doc, parties, cs);
    for (size_t i = 0; i < parties.size(); ++i) {
      if (parties[group[i]].target_like) parties[i].target_like = true;
    }
    auto hits = FindMeasures(doc, cs, s.end);
    // Frame update from any sentence naming both sides around a sanction
    // word: the nearest non-target group before it, the first target group.
    {
      int anchor_tok = -1;
      for (int i = cs; i < s.end && anchor_tok < 0; ++i) {
        std::string_view w = doc.tokens[i].norm;
        if (w == "sanctions" || w == "sanction" || w == "sanctioned" || w == "embargo" || w == "ban" ||
            w == "bans" || w == "banned" || w == "blacklisted" || w == "measures" || w == "freeze" ||
            w == "imposed" || w == "tariffs" || w == "penalties") {
          anchor_tok = i;
        }
      }
      std::vector<ActorRef> imps, tgts;
      int ig = -1;
      for (size_t i = 0; i < parties.size(); ++i) {
        if (parties[i].begin >= anchor_tok) break;
        if (!parties[i].target_like) ig = group[i];
      }
      int last_imp_end = -1;
      for (size_t i = 0; i < parties.size(); ++i) {
        if (ig >= 0 && group[i] == ig && !parties[i].target_like) {
          imps.push_back(parties[i].ref);
          last_imp_end = parties[i].end;
        }
      }
      int tg = -1;
      for (size_t i = 0; i < parties.size(); ++i) {
        if (parties[i].target_like && parties[i].begin >= last_imp_end) {
          tg = group[i];
          break;
        }
      }
      for (size_t i = 0; i < parties.size(); ++i) {
        if (tg >= 0 && group[i] == tg) tgts.push_back(parties[i].ref);
      }
      if (!imps.empty() && !tgts.empty() && imps[0].name != tgts[0].name) {
        frame_imposers = imps;
        frame_targets = tgts;
      }
    }
    if (!prose || hits.empty()) continue;
    for (const auto& h : hits) {
      // Imposers: the nearest group before the cue that is not a target.
      std::vector<ActorRef> imposers;
      int imp_group = -1;
      for (size_t i = 0; i < parties.size(); ++i) {
        if (parties[i].begin >= h.begin) break;
        if (!parties[i].target_like) imp_group = group[i];
      }
      int after = -1;
      for (size_t i = 0; i < parties.size(); ++i) {
        if (imp_group >= 0 && group[i] == imp_group && !parties[i].target_like) {
          imposers.push_back(parties[i].ref);
          after = parties[i].end;
        }
      }
      if (imposers.empty()) imposers = frame_imposers;
      for (auto& im : imposers) {
        if (im.name == "United Nations" && has_unsc) im = unsc;
      }
      // Targets: the first target-like group after the imposers (else anywhere).
      std::vector<ActorRef> targets;
      int tgt_group = -1;
      for (int pass = 0; pass < 2 && tgt_group < 0; ++pass) {
        for (size_t i = 0; i < parties.size(); ++i) {
          if (!parties[i].target_like || (pass == 0 && parties[i].begin < after)) continue;
          bool is_imposer = false;
          for (const auto& im : imposers) is_imposer = is_imposer || im.name == parties[i].ref.name;
          if (is_imposer) continue;
          tgt_group = group[i];
          break;
        }
      }
      for (size_t i = 0; i < parties.size(); ++i) {
        if (tgt_group >= 0 && group[i] == tgt_group) targets.push_back(parties[i].ref);
      }
      if (targets.empty()) targets = frame_targets;
      if (targets.empty() && !imposers.empty()) {
        // "... imposed asset freezes on 47 individuals. Those designated
        // include: 25 Russian nationals ...": targets listed next.
        for (size_t sj = si + 1; sj < doc.sentences.size() && sj <= si + 8; ++sj) {
          const Sentence& n = doc.sentences[sj];
          if (!Analyzable(n) || n.paragraph > s.paragraph + 6) break;
          for (const Party& p : Parties(doc, mentions, n.begin, n.end)) {
            bool dup = false;
            for (const auto& t : targets) dup = dup || t.name == p.ref.name;
            for (const auto& im : imposers) dup = dup || im.name == p.ref.name;
            if (p.target_like && !dup) targets.push_back(p.ref);
          }
        }
      }
      for (const auto& imp : imposers) {
        for (const auto& tgt : targets) {
          if (imp.name == tgt.name) continue;
          bool dup = false;
          for (const auto& o : out) {
            dup = dup || (o.imposer.name == imp.name && o.target.name == tgt.name && o.measure == h.measure);
          }
          if (dup) continue;
          Sanction sn;
          sn.imposer = imp;
          sn.target = tgt;
          sn.measure = h.measure;
          sn.status = StatusOf(doc, cs, s.end, h.begin);
          if (h.measure != Measure::kAssetFreeze && h.measure != Measure::kTravelBan &&
              h.measure != Measure::kBlacklist) {
            sn.items = ItemsAt(doc, h.items_from, s.end);
            if (sn.items.empty() && h.item_b >= 0) {
              std::string it(doc.Span(h.item_b, h.item_e));
              for (char& c : it) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
              sn.items.push_back(it);
            }
          }
          sn.provenance.begin = doc.tokens[s.begin].begin;
          sn.provenance.end = doc.tokens[s.end - 1].end;
          sn.provenance.evidence = std::string(doc.Span(s.begin, s.end));
          out.push_back(std::move(sn));
        }
      }
    }
  }
  return out;
}

}  // namespace parley::extract
