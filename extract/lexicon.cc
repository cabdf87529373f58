#include "lexicon.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "word_set.h"

namespace parley::extract::lexicon {
namespace {


constexpr std::string_view kTitleHeads[] = {
    "president", "president-elect", "minister", "premier", "chancellor", "leader", "counterpart",
    "counterparts", "king", "queen", "emir", "prince", "spokesman", "spokeswoman", "spokesperson",
    "ambassador", "adviser", "advisor", "secretary", "secretary-general", "envoy",
    "representative", "chief", "senator", "general", "sen", "gen", "mr", "mrs", "ms", "dr",
    "governor", "mayor", "chairman", "chairwoman", "director", "commissioner", "head",
    "councilor", "councillor", "ministers", "leaders", "sultan", "shah", "pope", "monarch"};

constexpr std::string_view kTitleModifiers[] = {
    "vice", "deputy", "acting", "foreign", "ministry", "press", "state", "national", "security",
    "cabinet", "defense", "defence", "finance", "treasury", "prime", "crown", "permanent",
    "policy", "commerce", "trade", "presidential", "chief", "executive", "interior", "economy",
    "top", "senior", "special", "first", "affairs", "high", "under", "assistant", "principal",
    "economic", "energy", "of", "us", "un"};

constexpr std::string_view kOfficeTitles[] = {
    "president", "prime minister", "premier", "chancellor", "foreign minister",
    "secretary of state", "foreign secretary", "king", "queen", "emir", "leader", "counterpart",
    "vice president", "crown prince", "sultan"};
const WordSet kOfficeTitlesSet(kOfficeTitles);

constexpr std::string_view kGeneric[] = {
    "official", "officials", "expert", "experts", "analyst", "analysts", "diplomat", "diplomats",
    "source", "sources", "media", "observers", "critics", "reports", "lawmakers", "people",
    "witnesses", "residents", "commentators", "scholars", "insiders", "aides", "activists",
    "some", "many", "others", "statement", "readout", "spokesman", "spokeswoman", "spokesperson"};

constexpr std::string_view kOrgWords[] = {
    "ministry", "council", "department", "agency", "office", "committee", "bank", "union",
    "house", "party", "assembly", "parliament", "congress", "commission", "news", "times", "post",
    "television", "tv", "radio", "government", "administration", "organization", "organisation",
    "league", "corps", "bureau", "group", "court", "forum", "fund", "association", "institute",
    "university", "company", "corporation", "airlines", "airline", "airways", "service", "navy",
    "army", "force", "forces", "command", "embassy", "mission", "treasury", "nations", "press",
    "journal", "daily", "herald", "tribune", "reuters", "network", "broadcasting", "cabinet",
    "senate", "kremlin", "secretariat", "foundation", "center", "centre", "board", "authority",
    "exchange", "industries", "ltd", "inc", "corp", "co", "media", "agency's", "staff"};

constexpr std::string_view kThingWords[] = {
    "islands", "island", "sea", "ocean", "year", "festival", "games", "olympics", "peninsula",
    "strait", "region", "province", "city", "street", "square", "airport", "river", "mountains",
    "day", "war", "treaty", "agreement", "act", "law", "initiative", "program", "programme",
    "summit", "conference", "talks", "deal", "accord", "resolution", "plan", "crisis", "pandemic",
    "cup", "prize", "award", "hall", "palace", "park", "zone", "complex", "system", "project",
    "party's", "revolution", "movement", "doctrine", "article", "chapter", "coverage", "related",
    "print", "close", "share", "keywords", "email", "tweet", "facebook", "twitter", "linkedin",
    "whatsapp", "subscribe", "search", "sign", "more", "story", "news", "photo", "video",
    "reporting", "editing", "writing", "additional", "gulf", "bay", "coast", "valley", "desert",
    "lake", "canal", "bridge", "highway", "corridor", "pipeline", "stream", "line", "route"};

constexpr std::string_view kNameStopWords[] = {
    "the", "a", "an", "in", "on", "at", "for", "with", "by", "from", "to", "of", "and", "but",
    "or", "as", "after", "before", "during", "while", "when", "if", "since", "despite", "under",
    "over", "about", "between", "among", "this", "that", "these", "those", "it", "its", "he",
    "she", "they", "we", "i", "you", "his", "her", "their", "our", "my", "your", "there", "here",
    "however", "meanwhile", "also", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms", "dr", "president",
    "prime", "minister", "premier", "chancellor", "secretary", "foreign", "state", "spokesman",
    "spokeswoman", "ambassador", "general", "gen", "sen", "senator", "king", "queen", "vice",
    "deputy", "chief", "national", "security", "adviser", "defense", "according", "both",
    "two", "all", "one", "no", "not", "what", "who", "which", "where", "why", "how", "related",
    "source", "editor", "lead", "end", "update", "updated", "breaking", "exclusive", "analysis",
    "opinion", "published", "posted", "photo", "file", "reuters", "ap", "afp", "xinhua",
    "yonhap", "kyodo", "tass", "ria", "news", "agency", "today", "yesterday", "tomorrow",
    "last", "next", "new", "former", "then", "would", "will", "should", "could", "can",
    "asked", "speaking", "recalling", "referring", "noting", "adding", "among", "like",
    "leader", "counterpart", "crown", "prince", "emir", "acting", "press", "said", "told"};

constexpr std::string_view kSayVerbs[] = {
    "said", "says", "added", "adds", "noted", "notes", "declared", "announced", "insisted",
    "argued", "proposed", "promised", "vowed", "pledged", "explained", "acknowledged", "admitted",
    "replied", "responded", "wrote", "tweeted", "claimed", "stated", "suggested", "maintained",
    "recalled", "warned", "warns", "asserted", "confirmed", "affirmed", "reported", "stressed",
    "stresses", "emphasized", "emphasised", "underlined", "underscored", "reiterated",
    "reaffirmed", "reiterates", "insists", "believes", "hoped", "expressed", "agreed", "observed",
    "remarked", "contended", "cautioned", "predicted", "conceded", "countered", "complained"};
constexpr std::string_view kSayParticiples[] = {
    "saying", "adding", "noting", "stressing", "warning", "insisting", "arguing", "emphasizing",
    "emphasising", "reiterating", "confirming", "stating", "declaring", "asserting",
    "underlining", "reaffirming", "explaining", "claiming"};
constexpr std::string_view kTellVerbs[] = {"told", "tells", "informed", "assured", "reminded"};
constexpr std::string_view kUrgeVerbs[] = {"urged", "urges", "encouraged", "pressed", "asked"};
constexpr std::string_view kUrgeParticiples[] = {"urging", "encouraging", "telling"};
// Said by groups, these record an agreement, not a quote.
constexpr std::string_view kAgreementVerbs[] = {"agreed", "confirmed", "reaffirmed", "expressed", "hoped", "believes"};
constexpr std::string_view kSkipBeforeVerbWords[] = {
    "also", "later", "once", "again", "further", "repeatedly", "has", "had", "have", "then",
    "himself", "herself", "itself", "themselves", "previously", "earlier", "separately",
    "quickly", "publicly", "reportedly", "recently", "already", "yet", "still", "both",
    "subsequently", "meanwhile", "additionally", "specifically", "explicitly", "firmly",
    "strongly", "clearly", "directly", "privately", "personally", "frequently", "often",
    "would", "will", "may", "might", "could", "is", "was", "reiterated", "not"};
constexpr std::string_view kReportingPhraseStarts[] = {
    "according", "called", "calls", "calling", "pointed", "pointing", "made", "making", "quoted"};

// The words FindCue() in calls.cc tests as the cue word itself.
constexpr std::string_view kCallCues[] = {
    "phone", "telephone", "telephonic", "video", "videoconference", "video-conference", "virtual",
    "phoned", "telephoned", "called", "calls", "call", "conversation", "conversations"};
// FindWeakCue() in calls.cc.
constexpr std::string_view kWeakCallCues[] = {"spoke", "spoken", "talked", "speaks", "conversation", "talks"};
// MentionsMeeting() in calls.cc.
constexpr std::string_view kMeetingWords[] = {
    "met", "meeting", "meet", "visit", "visited", "visiting", "face-to-face", "sidelines", "summit",
    "trip", "hosted", "in-person", "hosting", "dinner", "luncheon"};
// The words FindMeasures() in sanctions.cc tests as the cue word itself.
constexpr std::string_view kMeasureCues[] = {
    "asset", "assets", "freeze", "froze", "freezing", "freezes", "frozen", "block", "blocks", "blocked",
    "blocking", "seize", "seized", "travel", "visa", "entry", "deny", "denied", "entering", "re-entry",
    "travelling", "traveling", "visas", "blacklist", "blacklisted", "blacklisting", "designated",
    "designating", "sanctioned", "sanctioning", "sanctions", "arms", "embargo", "export", "exports",
    "import", "imports", "importing", "purchases", "cap", "capping", "capped", "caps", "limit",
    "limiting", "ceiling", "workers", "labor", "labour", "joint", "investment", "investments",
    "financial", "banking", "swift", "transactions", "remittances", "capital", "bonds", "debt",
    "financing", "loans", "banks", "bank", "dealings", "tariff", "tariffs", "duties", "penalties",
    "consequences", "costs", "measures", "dual-use", "technology", "technologies", "ports", "port",
    "ships", "flights", "overflights", "tours", "charter", "airspace", "shipping", "industrial"};
// IsSanctionContext() in sanctions.cc.
constexpr std::string_view kSanctionContextWords[] = {
    "sanctions", "sanction", "sanctioned", "imposed", "impose", "measures", "ban", "banned", "bans",
    "embargo", "freeze", "froze", "blacklisted", "resolution", "tariffs", "tariff", "barred",
    "restrictions", "penalties", "freezing", "blacklist", "barring"};

// Every word ResolveDate() and ParseCalendar() in dates.cc can start a time
// expression with (numbers aside).
constexpr std::string_view kDateWords[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "yesterday", "today", "tonight", "this", "last", "earlier", "previous",
    "next", "recently", "previously"};

// Every lower-case word Detect() in mentions.cc acts on, title words and
// generic sources aside: see IsDeterminer(), IsSkippableAdjective(), the
// pronoun and particle tests and the "leaders of", "the two leaders" forms.
constexpr std::string_view kMentionCues[] = {
    "the", "his", "her", "its", "their", "a", "an", "new", "visiting", "incoming", "outgoing",
    "then", "he", "him", "she", "hers", "von", "van", "de", "al", "bin", "el", "da", "di", "du",
    "der", "le", "leaders", "leader", "heads", "two", "both"};

using ClassMap = absl::flat_hash_map<std::string, uint32_t>;

template <size_t N>
void Tag(ClassMap* m, const std::string_view (&words)[N], uint32_t bit) {
  for (std::string_view w : words) (*m)[std::string(w)] |= bit;
}

const ClassMap& Classes() {
  static const ClassMap* m = [] {
    auto* c = new ClassMap();
    Tag(c, kTitleHeads, kTitleHead);
    Tag(c, kTitleModifiers, kTitleModifier);
    Tag(c, kGeneric, kGenericSource);
    Tag(c, kOrgWords, kOrgWord);
    Tag(c, kThingWords, kThingWord);
    Tag(c, kNameStopWords, kNameStop);
    Tag(c, kSayVerbs, kSayVerb);
    Tag(c, kSayParticiples, kSayParticiple);
    Tag(c, kTellVerbs, kTellVerb);
    Tag(c, kUrgeVerbs, kUrgeVerb);
    Tag(c, kUrgeParticiples, kUrgeParticiple);
    Tag(c, kAgreementVerbs, kAgreementVerb);
    Tag(c, kSkipBeforeVerbWords, kSkipBeforeVerb);
    Tag(c, kReportingPhraseStarts, kReportingPhrase);
    Tag(c, kCallCues, kCallCue);
    Tag(c, kWeakCallCues, kWeakCallCue);
    Tag(c, kMeetingWords, kMeetingWord);
    Tag(c, kMeasureCues, kMeasureCue);
    Tag(c, kSanctionContextWords, kSanctionContext);
    Tag(c, kDateWords, kDateWord);
    Tag(c, kMentionCues, kMentionCue);
    return c;
  }();
  return *m;
}

}  // namespace

uint32_t ClassesOf(std::string_view w) {
  const ClassMap& m = Classes();
  // Debian's Abseil has its own string_view type: convert, no copy.
  auto it = m.find(absl::string_view(w.data(), w.size()));
  return it == m.end() ? 0 : it->second;
}

bool IsTitleWord(std::string_view w) { return (ClassesOf(w) & kTitleWord) != 0; }
bool IsTitleHead(std::string_view w) { return (ClassesOf(w) & kTitleHead) != 0; }
bool IsOfficeTitle(std::string_view t) { return kOfficeTitlesSet.contains(t); }
bool IsGenericSource(std::string_view w) { return (ClassesOf(w) & kGenericSource) != 0; }
bool IsOrgWord(std::string_view w) { return (ClassesOf(w) & kOrgWord) != 0; }
bool IsThingWord(std::string_view w) { return (ClassesOf(w) & kThingWord) != 0; }
bool IsNameStopWord(std::string_view w) { return (ClassesOf(w) & kNameStop) != 0; }

}  // namespace parley::extract::lexicon
