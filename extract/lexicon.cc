#include "lexicon.h"

#include <algorithm>

#include "word_set.h"
#include <iterator>

namespace parley::extract::lexicon {
namespace {


constexpr std::string_view kTitleHeads[] = {
    "president", "president-elect", "minister", "premier", "chancellor", "leader", "counterpart",
    "counterparts", "king", "queen", "emir", "prince", "spokesman", "spokeswoman", "spokesperson",
    "ambassador", "adviser", "advisor", "secretary", "secretary-general", "envoy",
    "representative", "chief", "senator", "general", "sen", "gen", "mr", "mrs", "ms", "dr",
    "governor", "mayor", "chairman", "chairwoman", "director", "commissioner", "head",
    "councilor", "councillor", "ministers", "leaders", "sultan", "shah", "pope", "monarch"};
const WordSet kTitleHeadsSet(kTitleHeads);

constexpr std::string_view kTitleModifiers[] = {
    "vice", "deputy", "acting", "foreign", "ministry", "press", "state", "national", "security",
    "cabinet", "defense", "defence", "finance", "treasury", "prime", "crown", "permanent",
    "policy", "commerce", "trade", "presidential", "chief", "executive", "interior", "economy",
    "top", "senior", "special", "first", "affairs", "high", "under", "assistant", "principal",
    "economic", "energy", "of", "us", "un"};
const WordSet kTitleModifiersSet(kTitleModifiers);

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
const WordSet kGenericSet(kGeneric);

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
const WordSet kOrgWordsSet(kOrgWords);

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
const WordSet kThingWordsSet(kThingWords);

constexpr std::string_view kNameStop[] = {
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
const WordSet kNameStopSet(kNameStop);

}  // namespace

bool IsTitleWord(std::string_view w) { return kTitleHeadsSet.contains(w) || kTitleModifiersSet.contains(w); }
bool IsTitleHead(std::string_view w) { return kTitleHeadsSet.contains(w); }
bool IsOfficeTitle(std::string_view t) { return kOfficeTitlesSet.contains(t); }
bool IsGenericSource(std::string_view w) { return kGenericSet.contains(w); }
bool IsOrgWord(std::string_view w) { return kOrgWordsSet.contains(w); }
bool IsThingWord(std::string_view w) { return kThingWordsSet.contains(w); }
bool IsNameStopWord(std::string_view w) { return kNameStopSet.contains(w); }

}  // namespace parley::extract::lexicon
