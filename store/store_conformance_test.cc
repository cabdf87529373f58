#include "store/store_conformance_test.h"

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"

namespace parley::store {

using extract::ActorKind;
using extract::ActorRef;
using extract::Extraction;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

void StoreConformanceTest::SetUp() {
  location_ = GetParam().fresh_location();
  StoreOptions options;
  options.location = location_;
  absl::StatusOr<std::unique_ptr<Store>> store = GetParam().open(options);
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = std::move(*store);
}

std::unique_ptr<Store> StoreConformanceTest::OpenAgain(bool read_only) {
  StoreOptions options;
  options.location = location_;
  options.read_only = read_only;
  absl::StatusOr<std::unique_ptr<Store>> store = GetParam().open(options);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

namespace {

// ---- Building inputs by hand ---------------------------------------------

ActorRef Person(std::string id, std::string name, std::string country, std::string office) {
  return ActorRef{std::move(id), std::move(name), ActorKind::kPerson, std::move(country),
                  std::move(office)};
}
ActorRef CountryRef(std::string id, std::string name) {
  return ActorRef{std::move(id), std::move(name), ActorKind::kCountry, name, ""};
}

const ActorRef kXi = Person("person/xi-jinping", "Xi Jinping", "China", "President");
const ActorRef kMoon = Person("person/moon-jae-in", "Moon Jae-in", "South Korea", "President");
const ActorRef kAbe = Person("person/shinzo-abe", "Shinzo Abe", "Japan", "Prime Minister");
const ActorRef kKim = Person("", "Kim Yo-jong", "North Korea", "");  // Not in the KB.
const ActorRef kUn = ActorRef{"org/unsc", "UN Security Council", ActorKind::kInstitution, "", ""};
const ActorRef kNorthKorea = CountryRef("country/north-korea", "North Korea");
const ActorRef kChina = CountryRef("country/china", "China");

extract::Provenance Span(const std::string& text, const std::string& sentence) {
  size_t begin = text.find(sentence);
  if (begin == std::string::npos) begin = 0;
  return extract::Provenance{begin, begin + std::min(sentence.size(), text.size() - begin),
                             sentence};
}

extract::Call MakeCall(std::vector<ActorRef> who, std::optional<absl::CivilDay> date,
                       extract::Medium medium, std::vector<std::string> topics,
                       const std::string& text) {
  extract::Call call;
  call.participants = std::move(who);
  call.date = date;
  call.medium = medium;
  call.topics = std::move(topics);
  call.provenance = Span(text, text.substr(0, std::min<size_t>(text.size(), 40)));
  return call;
}

extract::Quote MakeQuote(ActorRef speaker, std::string words, bool direct,
                         const std::string& text) {
  extract::Quote quote;
  quote.speaker = std::move(speaker);
  quote.text = std::move(words);
  quote.direct = direct;
  quote.provenance = Span(text, text.substr(0, std::min<size_t>(text.size(), 30)));
  return quote;
}

extract::Sanction MakeSanction(ActorRef imposer, ActorRef target, extract::Measure measure,
                               std::vector<std::string> items, extract::SanctionStatus status,
                               const std::string& text) {
  extract::Sanction s;
  s.imposer = std::move(imposer);
  s.target = std::move(target);
  s.measure = measure;
  s.items = std::move(items);
  s.status = status;
  s.provenance = Span(text, text.substr(0, std::min<size_t>(text.size(), 20)));
  return s;
}

ArticleInput Article(std::string text, std::optional<absl::CivilDay> published = std::nullopt,
                     std::string source = "Xinhua", std::string external_id = "") {
  ArticleInput a;
  a.text = std::move(text);
  a.published = published;
  a.source = std::move(source);
  a.url = "https://example.org/a";
  a.external_id = std::move(external_id);
  return a;
}

PageRequest FirstPage(int size = 100) { return PageRequest{size, ""}; }

template <typename T>
std::vector<int64_t> Ids(const absl::StatusOr<Page<T>>& page) {
  std::vector<int64_t> ids;
  EXPECT_TRUE(page.ok()) << page.status();
  if (!page.ok()) return ids;
  for (const T& item : page->items) ids.push_back(item.id);
  return ids;
}

std::vector<std::string> ActorIds(const absl::StatusOr<Page<StoredActor>>& page) {
  std::vector<std::string> ids;
  EXPECT_TRUE(page.ok()) << page.status();
  if (!page.ok()) return ids;
  for (const StoredActor& a : page->items) ids.push_back(a.id);
  return ids;
}

IngestResult MustIngest(Store& store, const ArticleInput& a, const Extraction& e) {
  absl::StatusOr<IngestResult> r = store.Ingest(a, e);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : IngestResult{};
}

bool SameRef(const ActorRef& a, const ActorRef& b) {
  return a.actor_id == b.actor_id && a.name == b.name && a.kind == b.kind &&
         a.country == b.country && a.office == b.office;
}

// Three articles with one of each event type, reused by the filter tests.
struct Corpus {
  IngestResult a1, a2, a3;
};

Corpus IngestCorpus(Store& store) {
  Corpus c;
  std::string t1 =
      "Xi, Moon discuss peninsula\nBEIJING, May 9 -- Chinese President Xi Jinping held a phone "
      "call with South Korean President Moon Jae-in on Wednesday. \"Dialogue is the only way,\" "
      "Xi said. The UN Security Council banned coal exports from North Korea.";
  Extraction e1;
  e1.published = absl::CivilDay(2018, 5, 9);
  e1.calls.push_back(MakeCall({kXi, kMoon}, absl::CivilDay(2018, 5, 9), extract::Medium::kPhone,
                              {"Korean Peninsula", "trade"}, t1));
  e1.quotes.push_back(MakeQuote(kXi, "Dialogue is the only way", true, t1));
  e1.sanctions.push_back(MakeSanction(kUn, kNorthKorea, extract::Measure::kExportBan,
                                      {"coal", "iron ore"}, extract::SanctionStatus::kImposed,
                                      t1));
  c.a1 = MustIngest(store, Article(t1, absl::CivilDay(2018, 5, 9), "Xinhua", "x-1"), e1);

  std::string t2 =
      "Abe and Moon hold video talks\nTOKYO (Kyodo) -- Japanese Prime Minister Shinzo Abe held "
      "video talks with Moon Jae-in. Kim Yo-jong warned that Pyongyang would respond. China "
      "threatened tariffs on Japanese seafood.";
  Extraction e2;
  e2.source = "Kyodo";
  e2.published = absl::CivilDay(2019, 7, 1);
  e2.calls.push_back(MakeCall({kAbe, kMoon}, absl::CivilDay(2019, 7, 1), extract::Medium::kVideo,
                              {"Trade"}, t2));
  e2.quotes.push_back(MakeQuote(kKim, "Pyongyang would respond to the drills", false, t2));
  e2.sanctions.push_back(MakeSanction(kChina, CountryRef("country/japan", "Japan"),
                                      extract::Measure::kTariff, {"seafood"},
                                      extract::SanctionStatus::kThreatened, t2));
  c.a2 = MustIngest(store, Article(t2, std::nullopt, "", "k-2"), e2);

  std::string t3 =
      "Moon speaks with Kim Yo-jong\nSEOUL -- Moon Jae-in spoke by phone with Kim Yo-jong, an "
      "undated report said. \"We will meet again,\" Moon said.";
  Extraction e3;
  e3.calls.push_back(MakeCall({kMoon, kKim}, std::nullopt, extract::Medium::kPhone, {}, t3));
  e3.quotes.push_back(MakeQuote(kMoon, "We will meet again", true, t3));
  c.a3 = MustIngest(store, Article(t3, std::nullopt, "Yonhap", "y-3"), e3);
  return c;
}

}  // namespace

// ---- Round trips ----------------------------------------------------------

TEST_P(StoreConformanceTest, CallRoundTrip) {
  Corpus c = IngestCorpus(*store_);
  ASSERT_EQ(c.a1.call_ids.size(), 1u);
  absl::StatusOr<StoredCall> call = store_->GetCall(c.a1.call_ids[0]);
  ASSERT_TRUE(call.ok()) << call.status();
  ASSERT_EQ(call->call.participants.size(), 2u);
  EXPECT_TRUE(SameRef(call->call.participants[0], kXi));
  EXPECT_TRUE(SameRef(call->call.participants[1], kMoon));
  EXPECT_EQ(call->call.date, absl::CivilDay(2018, 5, 9));
  EXPECT_EQ(call->call.medium, extract::Medium::kPhone);
  EXPECT_THAT(call->call.topics, ElementsAre("Korean Peninsula", "trade"));
  ASSERT_EQ(call->mentions.size(), 1u);
  EXPECT_EQ(call->mentions[0].article_id, c.a1.article_id);
  EXPECT_EQ(call->call.provenance.begin, 0u);
  EXPECT_EQ(call->call.provenance.evidence, call->mentions[0].provenance.evidence);

  absl::StatusOr<StoredCall> undated = store_->GetCall(c.a3.call_ids[0]);
  ASSERT_TRUE(undated.ok());
  EXPECT_FALSE(undated->call.date.has_value());
  EXPECT_TRUE(SameRef(undated->call.participants[1], kKim));
}

TEST_P(StoreConformanceTest, QuoteAndSanctionRoundTrip) {
  Corpus c = IngestCorpus(*store_);
  absl::StatusOr<StoredQuote> q = store_->GetQuote(c.a1.quote_ids[0]);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->article_id, c.a1.article_id);
  EXPECT_EQ(q->date, absl::CivilDay(2018, 5, 9));
  EXPECT_TRUE(SameRef(q->quote.speaker, kXi));
  EXPECT_EQ(q->quote.text, "Dialogue is the only way");
  EXPECT_TRUE(q->quote.direct);

  absl::StatusOr<StoredQuote> reported = store_->GetQuote(c.a2.quote_ids[0]);
  ASSERT_TRUE(reported.ok());
  EXPECT_FALSE(reported->quote.direct);
  EXPECT_EQ(reported->date, absl::CivilDay(2019, 7, 1));  // From the extraction.

  absl::StatusOr<StoredSanction> s = store_->GetSanction(c.a1.sanction_ids[0]);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->article_id, c.a1.article_id);
  EXPECT_TRUE(SameRef(s->sanction.imposer, kUn));
  EXPECT_TRUE(SameRef(s->sanction.target, kNorthKorea));
  EXPECT_EQ(s->sanction.measure, extract::Measure::kExportBan);
  EXPECT_EQ(s->sanction.status, extract::SanctionStatus::kImposed);
  EXPECT_THAT(s->sanction.items, ElementsAre("coal", "iron ore"));
  EXPECT_EQ(s->sanction.provenance.end - s->sanction.provenance.begin, 20u);
}

TEST_P(StoreConformanceTest, ArticleRoundTrip) {
  Corpus c = IngestCorpus(*store_);
  absl::StatusOr<StoredArticle> a = store_->GetArticle(c.a2.article_id);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->title, "Abe and Moon hold video talks");
  EXPECT_EQ(a->input.source, "Kyodo");  // Metadata empty: the text's source.
  EXPECT_EQ(a->input.published, absl::CivilDay(2019, 7, 1));
  EXPECT_EQ(a->input.external_id, "k-2");
  EXPECT_EQ(a->input.url, "https://example.org/a");
  EXPECT_EQ(a->size_bytes, static_cast<int64_t>(a->input.text.size()));
  EXPECT_EQ(a->content_sha256.size(), 64u);
  EXPECT_EQ(a->call_count, 1);
  EXPECT_EQ(a->quote_count, 1);
  EXPECT_EQ(a->sanction_count, 1);
  EXPECT_LE(a->ingest_time, absl::Now());
  EXPECT_GT(a->ingest_time, absl::Now() - absl::Hours(1));

  absl::StatusOr<Page<StoredArticle>> listed = store_->ListArticles({}, FirstPage());
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->items.size(), 3u);
  EXPECT_TRUE(listed->items[1].input.text.empty());  // Text only from GetArticle().
  EXPECT_EQ(listed->items[1].title, a->title);
}

TEST_P(StoreConformanceTest, GetUnknownIdsIsNotFound) {
  IngestCorpus(*store_);
  EXPECT_TRUE(absl::IsNotFound(store_->GetCall(999).status()));
  EXPECT_TRUE(absl::IsNotFound(store_->GetQuote(999).status()));
  EXPECT_TRUE(absl::IsNotFound(store_->GetSanction(999).status()));
  EXPECT_TRUE(absl::IsNotFound(store_->GetArticle(999).status()));
  EXPECT_TRUE(absl::IsNotFound(store_->GetActor("person/nobody").status()));
}

// ---- Filters ----------------------------------------------------------------

TEST_P(StoreConformanceTest, CallFilters) {
  Corpus c = IngestCorpus(*store_);
  int64_t xi_moon = c.a1.call_ids[0], abe_moon = c.a2.call_ids[0], moon_kim = c.a3.call_ids[0];
  auto list = [&](CallFilter f) { return Ids(store_->ListCalls(f, FirstPage())); };
  EXPECT_THAT(list({}), ElementsAre(xi_moon, abe_moon, moon_kim));
  EXPECT_THAT(list({.participant = "moon jae-in"}), ElementsAre(xi_moon, abe_moon, moon_kim));
  EXPECT_THAT(list({.participant = "XI JINPING"}), ElementsAre(xi_moon));
  EXPECT_THAT(list({.participant = "Kim Yo-jong"}), ElementsAre(moon_kim));  // Unresolved.
  EXPECT_THAT(list({.participant = "Nobody"}), IsEmpty());
  EXPECT_THAT(list({.participant_id = "person/shinzo-abe"}), ElementsAre(abe_moon));
  EXPECT_THAT(list({.country = "japan"}), ElementsAre(abe_moon));
  EXPECT_THAT(list({.country = "North Korea"}), ElementsAre(moon_kim));
  EXPECT_THAT(list({.topic = "korean peninsula"}), ElementsAre(xi_moon));
  EXPECT_THAT(list({.topic = "TRADE"}), ElementsAre(xi_moon, abe_moon));
  EXPECT_THAT(list({.medium = extract::Medium::kVideo}), ElementsAre(abe_moon));
  EXPECT_THAT(list({.medium = extract::Medium::kPhone}), ElementsAre(xi_moon, moon_kim));
  EXPECT_THAT(list({.dates = {absl::CivilDay(2019, 1, 1), std::nullopt}}), ElementsAre(abe_moon));
  EXPECT_THAT(list({.dates = {std::nullopt, absl::CivilDay(2018, 5, 9)}}), ElementsAre(xi_moon));
  EXPECT_THAT(list({.dates = {absl::CivilDay(2018, 5, 10), absl::CivilDay(2019, 6, 30)}}),
              IsEmpty());
  EXPECT_THAT(list({.article_id = c.a3.article_id}), ElementsAre(moon_kim));
  EXPECT_THAT(list({.participant = "Moon Jae-in", .medium = extract::Medium::kPhone,
                    .dates = {absl::CivilDay(2018, 1, 1), std::nullopt}}),
              ElementsAre(xi_moon));
  EXPECT_TRUE(absl::IsInvalidArgument(
      store_->ListCalls({.dates = {absl::CivilDay(2020, 1, 2), absl::CivilDay(2020, 1, 1)}},
                        FirstPage())
          .status()));
}

TEST_P(StoreConformanceTest, NameFiltersMatchKnowledgeBaseAliases) {
  Corpus c = IngestCorpus(*store_);
  StoredActor nk;
  nk.id = "country/north-korea";
  nk.name = "North Korea";
  nk.kind = ActorKind::kCountry;
  nk.aliases = {"DPRK", "Pyongyang"};
  StoredActor moon;
  moon.id = "person/moon-jae-in";
  moon.name = "Moon Jae-in";
  moon.kind = ActorKind::kPerson;
  moon.country = "South Korea";
  moon.aliases = {"Moon"};
  moon.offices = {OfficeTerm{"President", "South Korea", absl::CivilDay(2017, 5, 10),
                             absl::CivilDay(2022, 5, 9)}};
  ASSERT_TRUE(store_->UpsertActors({nk, moon}).ok());

  EXPECT_THAT(Ids(store_->ListCalls({.participant = "moon"}, FirstPage())),
              ElementsAre(c.a1.call_ids[0], c.a2.call_ids[0], c.a3.call_ids[0]));
  EXPECT_THAT(Ids(store_->ListSanctions({.target = "dprk"}, FirstPage())),
              ElementsAre(c.a1.sanction_ids[0]));
  // A country filter by alias means the canonical country.
  EXPECT_THAT(Ids(store_->ListCalls({.country = "DPRK"}, FirstPage())),
              ElementsAre(c.a3.call_ids[0]));
  EXPECT_THAT(Ids(store_->ListQuotes({.country = "Pyongyang"}, FirstPage())),
              ElementsAre(c.a2.quote_ids[0]));

  absl::StatusOr<StoredActor> got = store_->GetActor("person/moon-jae-in");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(got->aliases, ElementsAre("Moon"));
  ASSERT_EQ(got->offices.size(), 1u);
  EXPECT_EQ(got->offices[0].start, absl::CivilDay(2017, 5, 10));
  EXPECT_EQ(got->offices[0].end, absl::CivilDay(2022, 5, 9));
  EXPECT_EQ(got->call_count, 3);
  EXPECT_EQ(got->quote_count, 1);
}

TEST_P(StoreConformanceTest, QuoteFilters) {
  Corpus c = IngestCorpus(*store_);
  int64_t xi = c.a1.quote_ids[0], kim = c.a2.quote_ids[0], moon = c.a3.quote_ids[0];
  auto list = [&](QuoteFilter f) { return Ids(store_->ListQuotes(f, FirstPage())); };
  EXPECT_THAT(list({}), ElementsAre(xi, kim, moon));
  EXPECT_THAT(list({.speaker = "xi jinping"}), ElementsAre(xi));
  EXPECT_THAT(list({.speaker = "kim yo-jong"}), ElementsAre(kim));
  EXPECT_THAT(list({.speaker_id = "person/moon-jae-in"}), ElementsAre(moon));
  EXPECT_THAT(list({.country = "CHINA"}), ElementsAre(xi));
  EXPECT_THAT(list({.text_query = "dialogue way"}), ElementsAre(xi));
  EXPECT_THAT(list({.text_query = "\"meet again\""}), ElementsAre(moon));
  EXPECT_THAT(list({.text_query = "\"again meet\""}), IsEmpty());
  EXPECT_THAT(list({.text_query = "dialogue drills"}), IsEmpty());  // All words must appear.
  EXPECT_THAT(list({.text_query = "respond -- AND (drills*"}), IsEmpty());  // No operators.
  EXPECT_THAT(list({.text_query = "respond drills"}), ElementsAre(kim));
  EXPECT_THAT(list({.dates = {absl::CivilDay(2019, 1, 1), std::nullopt}}), ElementsAre(kim));
  EXPECT_THAT(list({.direct_only = true}), ElementsAre(xi, moon));
  EXPECT_THAT(list({.article_id = c.a2.article_id}), ElementsAre(kim));
  EXPECT_THAT(list({.speaker = "Moon Jae-in", .direct_only = true}), ElementsAre(moon));
  EXPECT_TRUE(absl::IsInvalidArgument(
      store_->ListQuotes({.text_query = "\"unclosed"}, FirstPage()).status()));
}

TEST_P(StoreConformanceTest, SanctionFilters) {
  Corpus c = IngestCorpus(*store_);
  int64_t coal = c.a1.sanction_ids[0], seafood = c.a2.sanction_ids[0];
  auto list = [&](SanctionFilter f) { return Ids(store_->ListSanctions(f, FirstPage())); };
  EXPECT_THAT(list({}), ElementsAre(coal, seafood));
  EXPECT_THAT(list({.imposer = "un security council"}), ElementsAre(coal));
  EXPECT_THAT(list({.imposer = "China"}), ElementsAre(seafood));
  EXPECT_THAT(list({.target = "japan"}), ElementsAre(seafood));
  EXPECT_THAT(list({.item = "IRON ORE"}), ElementsAre(coal));
  EXPECT_THAT(list({.item = "iron"}), IsEmpty());  // Exact item.
  EXPECT_THAT(list({.measure = extract::Measure::kTariff}), ElementsAre(seafood));
  EXPECT_THAT(list({.measure = extract::Measure::kAssetFreeze}), IsEmpty());
  EXPECT_THAT(list({.status = extract::SanctionStatus::kImposed}), ElementsAre(coal));
  EXPECT_THAT(list({.dates = {std::nullopt, absl::CivilDay(2018, 12, 31)}}), ElementsAre(coal));
  EXPECT_THAT(list({.article_id = c.a2.article_id}), ElementsAre(seafood));
}

TEST_P(StoreConformanceTest, ActorFiltersAndCounts) {
  IngestCorpus(*store_);
  auto list = [&](ActorFilter f) { return ActorIds(store_->ListActors(f, FirstPage())); };
  // Actors are listed in id order; unresolved ones get a derived id.
  std::vector<std::string> all = list({});
  EXPECT_EQ(all.size(), 8u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_THAT(list({.name_prefix = "moon"}), ElementsAre("person/moon-jae-in"));
  EXPECT_THAT(list({.name_prefix = "KIM Y"}), ElementsAre(testing::StartsWith("unresolved/")));
  EXPECT_THAT(list({.name_prefix = "zz"}), IsEmpty());
  EXPECT_THAT(list({.country = "south korea"}), ElementsAre("person/moon-jae-in"));
  EXPECT_THAT(list({.office = "prime minister"}), ElementsAre("person/shinzo-abe"));
  EXPECT_THAT(list({.kind = ActorKind::kCountry}),
              ElementsAre("country/china", "country/japan", "country/north-korea"));
  EXPECT_THAT(list({.kind = ActorKind::kInstitution}), ElementsAre("org/unsc"));

  StoredActor unused;
  unused.id = "person/nobody";
  unused.name = "Nobody Atall";
  unused.kind = ActorKind::kPerson;
  ASSERT_TRUE(store_->UpsertActors({unused}).ok());
  EXPECT_THAT(list({.name_prefix = "nobody"}), ElementsAre("person/nobody"));
  EXPECT_THAT(list({.name_prefix = "nobody", .with_events_only = true}), IsEmpty());
  EXPECT_EQ(list({.with_events_only = true}), all);

  absl::StatusOr<StoredActor> moon = store_->GetActor("person/moon-jae-in");
  ASSERT_TRUE(moon.ok()) << moon.status();
  EXPECT_EQ(moon->name, "Moon Jae-in");
  EXPECT_EQ(moon->kind, ActorKind::kPerson);
  EXPECT_EQ(moon->country, "South Korea");
  EXPECT_EQ(moon->call_count, 3);
  EXPECT_EQ(moon->quote_count, 1);
  ASSERT_EQ(moon->offices.size(), 1u);
  EXPECT_EQ(moon->offices[0].office, "President");
  absl::StatusOr<StoredActor> nk = store_->GetActor("country/north-korea");
  ASSERT_TRUE(nk.ok());
  EXPECT_EQ(nk->sanctions_targeted_count, 1);
  EXPECT_EQ(nk->sanctions_imposed_count, 0);
  absl::StatusOr<StoredActor> china = store_->GetActor("country/china");
  ASSERT_TRUE(china.ok());
  EXPECT_EQ(china->sanctions_imposed_count, 1);
}

TEST_P(StoreConformanceTest, ArticleFilters) {
  Corpus c = IngestCorpus(*store_);
  auto list = [&](ArticleFilter f) { return Ids(store_->ListArticles(f, FirstPage())); };
  EXPECT_THAT(list({}), ElementsAre(c.a1.article_id, c.a2.article_id, c.a3.article_id));
  EXPECT_THAT(list({.source = "XINHUA"}), ElementsAre(c.a1.article_id));
  EXPECT_THAT(list({.source = "kyodo"}), ElementsAre(c.a2.article_id));
  EXPECT_THAT(list({.external_id = "y-3"}), ElementsAre(c.a3.article_id));
  EXPECT_THAT(list({.external_id = "Y-3"}), IsEmpty());
  EXPECT_THAT(list({.dates = {absl::CivilDay(2019, 7, 1), absl::CivilDay(2019, 7, 1)}}),
              ElementsAre(c.a2.article_id));
}

// ---- Duplicates and merging -------------------------------------------------

TEST_P(StoreConformanceTest, SameNormalisedTextIsStoredOnce) {
  std::string text = "Xi and Moon talk\nXi Jinping called Moon Jae-in. Café talks went well.";
  Extraction e;
  e.calls.push_back(
      MakeCall({kXi, kMoon}, absl::CivilDay(2018, 5, 9), extract::Medium::kPhone, {}, text));
  e.quotes.push_back(MakeQuote(kXi, "talks went well", false, text));
  IngestResult first = MustIngest(*store_, Article(text), e);
  ASSERT_FALSE(first.duplicate);
  absl::StatusOr<int64_t> seq = store_->LastSequence();
  ASSERT_TRUE(seq.ok());

  // Extra spaces, tabs, CRLF, NBSP, leading/trailing blanks, and "Café" in
  // decomposed form (e + combining acute): all the same article.
  std::string variant =
      "  Xi and Moon talk\r\n\tXi Jinping  called Moon\xC2\xA0Jae-in.   Cafe\xCC\x81 talks went "
      "well.\n\n";
  Extraction other;  // Different events: must not be written either.
  other.quotes.push_back(MakeQuote(kMoon, "something else", true, variant));
  IngestResult again = MustIngest(*store_, Article(variant, std::nullopt, "Other"), other);
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.article_id, first.article_id);
  EXPECT_EQ(again.call_ids, first.call_ids);
  EXPECT_EQ(again.quote_ids, first.quote_ids);
  EXPECT_EQ(store_->LastSequence().value_or(-1), *seq);
  EXPECT_EQ(Ids(store_->ListArticles({}, FirstPage())).size(), 1u);
  EXPECT_EQ(Ids(store_->ListQuotes({}, FirstPage())).size(), 1u);

  // A real difference is a new article.
  IngestResult different = MustIngest(*store_, Article(text + " More."), Extraction{});
  EXPECT_FALSE(different.duplicate);
  EXPECT_NE(different.article_id, first.article_id);
}

TEST_P(StoreConformanceTest, SameCallFromTwoArticlesIsOneCallWithTwoMentions) {
  std::string t1 = "Xinhua: Xi Jinping held a phone call with Moon Jae-in on May 9.";
  std::string t2 = "Yonhap: President Moon spoke by phone with Xi Jinping on Wednesday.";
  auto call_in = [](const std::string& text, std::vector<ActorRef> who,
                    std::vector<std::string> topics) {
    Extraction e;
    e.calls.push_back(MakeCall(std::move(who), absl::CivilDay(2018, 5, 9),
                               extract::Medium::kPhone, std::move(topics), text));
    return e;
  };
  IngestResult r1 = MustIngest(*store_, Article(t1), call_in(t1, {kXi, kMoon}, {"trade"}));
  absl::StatusOr<int64_t> seq = store_->LastSequence();
  // Same participants in the other order, same day, same medium.
  IngestResult r2 =
      MustIngest(*store_, Article(t2), call_in(t2, {kMoon, kXi}, {"Trade", "North Korea"}));
  ASSERT_EQ(r1.call_ids.size(), 1u);
  ASSERT_EQ(r2.call_ids.size(), 1u);
  EXPECT_EQ(r1.call_ids[0], r2.call_ids[0]);
  EXPECT_EQ(store_->LastSequence().value_or(-1), *seq);  // A mention is not an event.

  absl::StatusOr<StoredCall> call = store_->GetCall(r1.call_ids[0]);
  ASSERT_TRUE(call.ok());
  ASSERT_EQ(call->mentions.size(), 2u);
  EXPECT_EQ(call->mentions[0].article_id, r1.article_id);
  EXPECT_EQ(call->mentions[1].article_id, r2.article_id);
  EXPECT_TRUE(SameRef(call->call.participants[0], kXi));  // As first reported.
  EXPECT_THAT(call->call.topics, ElementsAre("trade", "North Korea"));
  EXPECT_THAT(Ids(store_->ListCalls({.article_id = r2.article_id}, FirstPage())),
              ElementsAre(r1.call_ids[0]));

  // Another day or medium is another call.
  Extraction video = call_in(t1, {kXi, kMoon}, {});
  video.calls[0].medium = extract::Medium::kVideo;
  IngestResult r3 = MustIngest(*store_, Article(t1 + " (video)"), video);
  EXPECT_NE(r3.call_ids[0], r1.call_ids[0]);
}

// ---- Pagination -------------------------------------------------------------

TEST_P(StoreConformanceTest, PagesCoverEverythingOnceInIdOrder) {
  for (int i = 0; i < 7; ++i) {
    std::string text = absl::StrCat("Statement ", i, ": \"We want peace,\" Xi said.");
    Extraction e;
    e.quotes.push_back(MakeQuote(i % 2 ? kXi : kMoon, "We want peace", true, text));
    MustIngest(*store_, Article(text), e);
  }
  QuoteFilter filter;
  filter.text_query = "peace";
  std::vector<int64_t> seen;
  PageRequest page{3, ""};
  std::vector<size_t> sizes;
  for (int guard = 0; guard < 10; ++guard) {
    absl::StatusOr<Page<StoredQuote>> got = store_->ListQuotes(filter, page);
    ASSERT_TRUE(got.ok()) << got.status();
    sizes.push_back(got->items.size());
    for (const StoredQuote& q : got->items) seen.push_back(q.id);
    if (got->next_page_token.empty()) break;
    page.page_token = got->next_page_token;
  }
  EXPECT_THAT(sizes, ElementsAre(3u, 3u, 1u));
  EXPECT_EQ(seen, Ids(store_->ListQuotes(filter, FirstPage())));
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::set<int64_t>(seen.begin(), seen.end()).size(), 7u);

  // The page size may change between pages (AIP-158).
  absl::StatusOr<Page<StoredQuote>> first = store_->ListQuotes(filter, PageRequest{2, ""});
  ASSERT_TRUE(first.ok());
  absl::StatusOr<Page<StoredQuote>> rest =
      store_->ListQuotes(filter, PageRequest{100, first->next_page_token});
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_EQ(rest->items.size(), 5u);
  EXPECT_TRUE(rest->next_page_token.empty());

  // Exactly one full page: no token.
  absl::StatusOr<Page<StoredQuote>> exact = store_->ListQuotes(filter, PageRequest{7, ""});
  ASSERT_TRUE(exact.ok());
  EXPECT_TRUE(exact->next_page_token.empty());
}

TEST_P(StoreConformanceTest, ActorPagesUseStringKeys) {
  IngestCorpus(*store_);
  std::vector<std::string> all = ActorIds(store_->ListActors({}, FirstPage())), seen;
  PageRequest page{3, ""};
  for (int guard = 0; guard < 10; ++guard) {
    absl::StatusOr<Page<StoredActor>> got = store_->ListActors({}, page);
    ASSERT_TRUE(got.ok()) << got.status();
    for (const StoredActor& a : got->items) seen.push_back(a.id);
    if (got->next_page_token.empty()) break;
    page.page_token = got->next_page_token;
  }
  EXPECT_EQ(seen, all);
}

TEST_P(StoreConformanceTest, BadTokensAreInvalidArgument) {
  for (int i = 0; i < 4; ++i) {
    std::string text = absl::StrCat("Call ", i, ": Xi Jinping phoned Moon Jae-in.");
    Extraction e;
    e.calls.push_back(MakeCall({kXi, kMoon}, absl::CivilDay(2018, 5, 1 + i),
                               extract::Medium::kPhone, {}, text));
    MustIngest(*store_, Article(text), e);
  }
  CallFilter filter{.participant = "Xi Jinping"};
  absl::StatusOr<Page<StoredCall>> first = store_->ListCalls(filter, PageRequest{2, ""});
  ASSERT_TRUE(first.ok());
  const std::string token = first->next_page_token;
  ASSERT_FALSE(token.empty());
  EXPECT_TRUE(store_->ListCalls(filter, PageRequest{2, token}).ok());

  auto status_with = [&](const CallFilter& f, const std::string& t) {
    return store_->ListCalls(f, PageRequest{2, t}).status();
  };
  EXPECT_TRUE(absl::IsInvalidArgument(status_with(filter, "garbage!")));
  EXPECT_TRUE(absl::IsInvalidArgument(status_with(filter, token.substr(0, token.size() / 2))));
  std::string forged = token;
  forged[forged.size() / 2] = forged[forged.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_TRUE(absl::IsInvalidArgument(status_with(filter, forged)));
  // The same token with other filters.
  EXPECT_TRUE(absl::IsInvalidArgument(status_with({.participant = "Moon Jae-in"}, token)));
  EXPECT_TRUE(absl::IsInvalidArgument(status_with({}, token)));
  // A calls token on another list.
  EXPECT_TRUE(absl::IsInvalidArgument(store_->ListQuotes({}, PageRequest{2, token}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(store_->ListCalls(filter, PageRequest{-1, ""}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(store_->ListCalls(filter, PageRequest{0, ""}).status()));

  // Tokens are valid in another process sharing the store.
  std::unique_ptr<Store> other = OpenAgain();
  ASSERT_NE(other, nullptr);
  absl::StatusOr<Page<StoredCall>> there = other->ListCalls(filter, PageRequest{2, token});
  ASSERT_TRUE(there.ok()) << there.status();
  EXPECT_EQ(there->items.size(), 2u);
}

// ---- Bad input --------------------------------------------------------------

TEST_P(StoreConformanceTest, BadInputIsRejectedAndNothingWritten) {
  std::string text = "Xi Jinping called Moon Jae-in.";
  Extraction one_participant;
  one_participant.calls.push_back(
      MakeCall({kXi}, std::nullopt, extract::Medium::kPhone, {}, text));
  absl::Status s = store_->Ingest(Article(text), one_participant).status();
  EXPECT_TRUE(absl::IsInvalidArgument(s)) << s;
  EXPECT_THAT(std::string(s.message()), testing::HasSubstr("calls[0].participants"));

  Extraction bad_span;
  bad_span.quotes.push_back(MakeQuote(kXi, "x", true, text));
  bad_span.quotes.push_back(MakeQuote(kXi, "y", true, text));
  bad_span.quotes[1].provenance.end = text.size() + 1;
  s = store_->Ingest(Article(text), bad_span).status();
  EXPECT_TRUE(absl::IsInvalidArgument(s)) << s;
  EXPECT_THAT(std::string(s.message()), testing::HasSubstr("quotes[1].provenance"));

  EXPECT_TRUE(absl::IsInvalidArgument(store_->Ingest(Article(""), Extraction{}).status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(store_->Ingest(Article("bad \xff utf-8"), Extraction{}).status()));
  EXPECT_THAT(Ids(store_->ListArticles({}, FirstPage())), IsEmpty());
  EXPECT_EQ(store_->LastSequence().value_or(-1), 0);
  // The text was not taken: it stores fine once the events are right.
  EXPECT_FALSE(MustIngest(*store_, Article(text), Extraction{}).duplicate);
}

// ---- Concurrency and group commit ---------------------------------------------

TEST_P(StoreConformanceTest, ConcurrentIngestIsGroupCommitted) {
  constexpr int kThreads = 8, kPerThread = 25;
  std::vector<std::vector<absl::StatusOr<IngestResult>>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string text = absl::StrCat("Thread ", t, " article ", i, ": Xi spoke.");
        Extraction e;
        e.quotes.push_back(MakeQuote(kXi, absl::StrCat("words ", t, " ", i), true, text));
        // Every thread also reports one shared call: it must merge.
        e.calls.push_back(MakeCall({kXi, kMoon}, absl::CivilDay(2020, 1, 1),
                                   extract::Medium::kPhone, {}, text));
        results[t].push_back(store_->Ingest(Article(text), e));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  std::set<int64_t> articles, calls;
  for (const auto& per_thread : results) {
    for (const auto& r : per_thread) {
      ASSERT_TRUE(r.ok()) << r.status();
      EXPECT_FALSE(r->duplicate);
      articles.insert(r->article_id);
      calls.insert(r->call_ids.at(0));
    }
  }
  EXPECT_EQ(articles.size(), size_t{kThreads * kPerThread});
  EXPECT_EQ(calls.size(), 1u);
  absl::StatusOr<StoredCall> call = store_->GetCall(*calls.begin());
  ASSERT_TRUE(call.ok());
  EXPECT_EQ(call->mentions.size(), size_t{kThreads * kPerThread});
  Store::CommitStats stats = store_->commit_stats();
  EXPECT_EQ(stats.writes, kThreads * kPerThread);
  EXPECT_LT(stats.transactions, stats.writes) << "no batching happened";
  EXPECT_GT(stats.transactions, 0);
}

TEST_P(StoreConformanceTest, DuplicatesInsideOneBatchResolve) {
  // Many threads ingest the same text at once: exactly one stores it.
  constexpr int kThreads = 8;
  std::string text = "Same story sent by eight feeds at once.";
  std::vector<absl::StatusOr<IngestResult>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Extraction e;
      e.quotes.push_back(MakeQuote(kMoon, "story", false, text));
      std::string variant = t % 2 ? text : "  " + text + "\n";
      results[t] = store_->Ingest(Article(variant), e);
    });
  }
  for (std::thread& t : threads) t.join();
  int stored = 0;
  std::set<int64_t> ids, quote_ids;
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.status();
    stored += r->duplicate ? 0 : 1;
    ids.insert(r->article_id);
    quote_ids.insert(r->quote_ids.at(0));
  }
  EXPECT_EQ(stored, 1);
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(quote_ids.size(), 1u);
}

TEST_P(StoreConformanceTest, ABadArticleDoesNotTakeItsBatchDown) {
  constexpr int kThreads = 8;
  std::vector<absl::StatusOr<IngestResult>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::string text = absl::StrCat("Article ", t, " where Xi spoke.");
      Extraction e;
      e.quotes.push_back(MakeQuote(kXi, "spoke", false, text));
      if (t == 3) e.quotes[0].provenance.begin = text.size() + 5;  // Reversed span.
      results[t] = store_->Ingest(Article(text), e);
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) {
    if (t == 3) {
      EXPECT_TRUE(absl::IsInvalidArgument(results[t].status())) << results[t].status();
    } else {
      EXPECT_TRUE(results[t].ok()) << results[t].status();
    }
  }
  EXPECT_EQ(Ids(store_->ListArticles({}, FirstPage())).size(), size_t{kThreads - 1});
}

// ---- Event sequence and other processes ----------------------------------------

TEST_P(StoreConformanceTest, EventsAfterIsInStoreOrder) {
  EXPECT_EQ(store_->LastSequence().value_or(-1), 0);
  EXPECT_THAT(store_->EventsAfter(0, 10).value_or(std::vector<SequencedEvent>{1}), IsEmpty());
  Corpus c = IngestCorpus(*store_);
  absl::StatusOr<std::vector<SequencedEvent>> events = store_->EventsAfter(0, 100);
  ASSERT_TRUE(events.ok()) << events.status();
  // Article by article: its new calls, then quotes, then sanctions.
  using T = SequencedEvent::Type;
  std::vector<std::pair<T, int64_t>> got;
  for (const auto& e : *events) got.emplace_back(e.type, e.id);
  EXPECT_THAT(got, ElementsAre(std::pair(T::kCall, c.a1.call_ids[0]),
                               std::pair(T::kQuote, c.a1.quote_ids[0]),
                               std::pair(T::kSanction, c.a1.sanction_ids[0]),
                               std::pair(T::kCall, c.a2.call_ids[0]),
                               std::pair(T::kQuote, c.a2.quote_ids[0]),
                               std::pair(T::kSanction, c.a2.sanction_ids[0]),
                               std::pair(T::kCall, c.a3.call_ids[0]),
                               std::pair(T::kQuote, c.a3.quote_ids[0])));
  for (size_t i = 1; i < events->size(); ++i) {
    EXPECT_LT((*events)[i - 1].sequence, (*events)[i].sequence);
  }
  EXPECT_EQ(store_->LastSequence().value_or(-1), events->back().sequence);

  absl::StatusOr<std::vector<SequencedEvent>> tail = store_->EventsAfter((*events)[4].sequence, 2);
  ASSERT_TRUE(tail.ok());
  ASSERT_EQ(tail->size(), 2u);
  EXPECT_EQ((*tail)[0].sequence, (*events)[5].sequence);
  EXPECT_EQ((*tail)[1].sequence, (*events)[6].sequence);
  EXPECT_TRUE(absl::IsInvalidArgument(store_->EventsAfter(-1, 10).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(store_->EventsAfter(0, 0).status()));
}

TEST_P(StoreConformanceTest, AnotherStoreOnTheSameLocationSeesCommits) {
  std::unique_ptr<Store> reader = OpenAgain();
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->LastSequence().value_or(-1), 0);
  Corpus c = IngestCorpus(*store_);
  // Nothing cached: the other store sees each acknowledged write.
  absl::StatusOr<StoredCall> call = reader->GetCall(c.a1.call_ids[0]);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_TRUE(SameRef(call->call.participants[0], kXi));
  EXPECT_EQ(reader->LastSequence().value_or(-1), store_->LastSequence().value_or(-2));
  EXPECT_THAT(Ids(reader->ListQuotes({.speaker = "Xi Jinping"}, FirstPage())),
            ElementsAre(c.a1.quote_ids[0]));

  // And its writes are seen here, as duplicates too.
  std::string text = "Written by the other process.";
  IngestResult theirs = MustIngest(*reader, Article(text), Extraction{});
  EXPECT_TRUE(store_->GetArticle(theirs.article_id).ok());
  EXPECT_TRUE(MustIngest(*store_, Article(text), Extraction{}).duplicate);
}

// Every id a List call returns, page after page of `size`; fails the test
// when a page repeats or reorders ids.
template <typename ListPage>
std::vector<int64_t> AllPages(ListPage list, int size = 3) {
  std::vector<int64_t> ids;
  PageRequest page{size, ""};
  for (int guard = 0; guard < 100; ++guard) {
    auto got = list(page);
    EXPECT_TRUE(got.ok()) << got.status();
    if (!got.ok()) break;
    for (const auto& item : got->items) {
      EXPECT_TRUE(ids.empty() || item.id > ids.back()) << item.id;
      ids.push_back(item.id);
    }
    if (got->next_page_token.empty()) break;
    page.page_token = got->next_page_token;
  }
  return ids;
}

// A name several actors are known by means all of them, merged in id order
// across pages, a record naming two of them listed once; the same for a
// country alias, and with every other filter on top.
TEST_P(StoreConformanceTest, ANameOfSeveralActorsPagesThroughAllOfThem) {
  auto kb = [](std::string id, std::string name, std::string country) {
    StoredActor a;
    a.id = std::move(id);
    a.name = std::move(name);
    a.kind = ActorKind::kPerson;
    a.country = std::move(country);
    a.aliases = {"Kim"};
    return a;
  };
  StoredActor nk;
  nk.id = "country/north-korea";
  nk.name = "North Korea";
  nk.kind = ActorKind::kCountry;
  nk.aliases = {"DPRK"};
  ASSERT_TRUE(store_->UpsertActors({kb("person/kim-jong-un", "Kim Jong-un", "North Korea"),
                                    kb("person/kim-dae-jung", "Kim Dae-jung", "South Korea"),
                                    nk})
                  .ok());
  const ActorRef north = Person("person/kim-jong-un", "Kim Jong-un", "North Korea", "");
  const ActorRef south = Person("person/kim-dae-jung", "Kim Dae-jung", "South Korea", "");
  std::vector<int64_t> calls, north_calls, dated, quotes, peace, bans;
  for (int i = 0; i < 12; ++i) {
    std::string text = absl::StrCat("Report ", i, ": Kim spoke with Xi about peace.");
    const ActorRef& kim = i % 2 ? north : south;
    Extraction e;
    // Every third call has both Kims: it must be listed once.
    std::vector<ActorRef> who = i % 3 == 0 ? std::vector<ActorRef>{north, south}
                                           : std::vector<ActorRef>{kim, kXi};
    e.calls.push_back(MakeCall(who, absl::CivilDay(2018, 1, 1 + i), extract::Medium::kPhone, {},
                               text));
    e.quotes.push_back(MakeQuote(kim, i % 4 ? "peace now" : "no deal", true, text));
    e.sanctions.push_back(MakeSanction(kUn, kim,
                                       i % 3 ? extract::Measure::kExportBan
                                             : extract::Measure::kTariff,
                                       {}, extract::SanctionStatus::kImposed, text));
    // Noise: events of other actors between them.
    e.quotes.push_back(MakeQuote(kXi, "peace now", true, text));
    e.sanctions.push_back(MakeSanction(kUn, kChina, extract::Measure::kExportBan, {},
                                       extract::SanctionStatus::kImposed, text));
    IngestResult r = MustIngest(*store_, Article(text), e);
    calls.push_back(r.call_ids[0]);
    if (i % 3 == 0 || i % 2) north_calls.push_back(r.call_ids[0]);
    if (i >= 2 && i <= 7) dated.push_back(r.call_ids[0]);
    quotes.push_back(r.quote_ids[0]);
    if (i % 4) peace.push_back(r.quote_ids[0]);
    if (i % 3) bans.push_back(r.sanction_ids[0]);
  }
  auto list_calls = [&](CallFilter f) {
    return AllPages([&](const PageRequest& p) { return store_->ListCalls(f, p); });
  };
  auto list_quotes = [&](QuoteFilter f) {
    return AllPages([&](const PageRequest& p) { return store_->ListQuotes(f, p); });
  };
  auto list_sanctions = [&](SanctionFilter f) {
    return AllPages([&](const PageRequest& p) { return store_->ListSanctions(f, p); });
  };
  EXPECT_EQ(list_calls({.participant = "kim"}), calls);
  EXPECT_EQ(list_calls({.participant = "KIM",
                        .dates = {absl::CivilDay(2018, 1, 3), absl::CivilDay(2018, 1, 8)}}),
            dated);
  EXPECT_EQ(list_calls({.participant = "kim", .participant_id = "person/kim-jong-un"}),
            north_calls);
  EXPECT_EQ(list_calls({.country = "DPRK"}), north_calls);
  EXPECT_EQ(list_calls({.participant = "Kim", .country = "dprk"}), north_calls);
  EXPECT_EQ(list_quotes({.speaker = "Kim"}), quotes);
  EXPECT_EQ(list_quotes({.speaker = "kim", .text_query = "peace"}), peace);
  EXPECT_EQ(list_sanctions({.target = "kim", .measure = extract::Measure::kExportBan}), bans);
  EXPECT_EQ(list_sanctions({.imposer = "UN Security Council", .target = "Kim",
                            .measure = extract::Measure::kExportBan}),
            bans);
  EXPECT_THAT(list_sanctions({.imposer = "Kim"}), IsEmpty());
}

// A date range alone is planned by how many days and rows it spans (see
// store/sqlite_queries.h on SQLite): a few days, a long range holding few
// rows, a long range holding many. Each must list exactly the records
// dated inside it, in id order, page after page, with the other filters
// applied. Dates are shuffled against ids, as a store filled from many
// sources is.
TEST_P(StoreConformanceTest, DateRangesOfEverySizeListExactlyTheirRecords) {
  constexpr int kDays = 300;
  const absl::CivilDay first(2018, 1, 1);
  struct Record {
    int64_t id;
    int day;
  };
  std::vector<Record> calls, quotes, sanctions, articles;
  std::vector<bool> video(kDays), direct(kDays), bans(kDays);
  for (int i = 0; i < kDays; ++i) {
    const int day = (i * 7919) % kDays;  // A permutation of 0..299.
    const absl::CivilDay date = first + day;
    std::string text = absl::StrCat("Dispatch ", i, ": Xi spoke with Moon.");
    video[day] = i % 3 == 0;
    direct[day] = i % 2 == 0;
    bans[day] = i % 4 == 0;
    Extraction e;
    e.calls.push_back(MakeCall({kXi, kMoon}, date,
                               video[day] ? extract::Medium::kVideo : extract::Medium::kPhone, {},
                               text));
    e.quotes.push_back(MakeQuote(kXi, "on the record", direct[day], text));
    e.sanctions.push_back(MakeSanction(kUn, kNorthKorea,
                                       bans[day] ? extract::Measure::kExportBan
                                                 : extract::Measure::kTariff,
                                       {}, extract::SanctionStatus::kImposed, text));
    IngestResult r = MustIngest(*store_, Article(text, date), e);
    ASSERT_EQ(r.call_ids.size(), 1u);
    calls.push_back({r.call_ids[0], day});
    quotes.push_back({r.quote_ids[0], day});
    sanctions.push_back({r.sanction_ids[0], day});
    articles.push_back({r.article_id, day});
  }
  auto expected = [&](const std::vector<Record>& records, int from, int to, auto keep) {
    std::vector<int64_t> ids;
    for (const Record& r : records) {
      if (r.day >= from && r.day <= to && keep(r.day)) ids.push_back(r.id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  auto any = [](int) { return true; };
  auto range = [&](int from, int to) {
    return DateRange{from < 0 ? std::nullopt : std::optional(first + from),
                     to >= 1000 ? std::nullopt : std::optional(first + to)};
  };
  // {from, to}: a day; ten days; 100 days (1/3 of the rows); 200 days
  // (2/3); open-ended at either side; past the last date held.
  const std::vector<std::pair<int, int>> ranges = {
      {17, 17}, {100, 109}, {0, 99}, {50, 249}, {-1, 5}, {280, 1000}, {-1, 1000}, {400, 1000}};
  for (const auto& [from, to] : ranges) {
    SCOPED_TRACE(absl::StrCat("days ", from, "..", to));
    const DateRange dates = range(from, to);
    const int lo = std::max(from, 0), hi = std::min(to, kDays - 1);
    EXPECT_EQ(AllPages([&](const PageRequest& p) { return store_->ListCalls({.dates = dates}, p); },
                       7),
              expected(calls, lo, hi, any));
    EXPECT_EQ(AllPages(
                  [&](const PageRequest& p) {
                    return store_->ListCalls({.medium = extract::Medium::kVideo, .dates = dates},
                                             p);
                  },
                  7),
              expected(calls, lo, hi, [&](int day) { return video[day]; }));
    EXPECT_EQ(
        AllPages([&](const PageRequest& p) { return store_->ListQuotes({.dates = dates}, p); }, 7),
        expected(quotes, lo, hi, any));
    EXPECT_EQ(AllPages(
                  [&](const PageRequest& p) {
                    return store_->ListQuotes({.dates = dates, .direct_only = true}, p);
                  },
                  7),
              expected(quotes, lo, hi, [&](int day) { return direct[day]; }));
    EXPECT_EQ(AllPages([&](const PageRequest& p) { return store_->ListSanctions({.dates = dates}, p); },
                       7),
              expected(sanctions, lo, hi, any));
    EXPECT_EQ(AllPages(
                  [&](const PageRequest& p) {
                    return store_->ListSanctions(
                        {.measure = extract::Measure::kExportBan, .dates = dates}, p);
                  },
                  7),
              expected(sanctions, lo, hi, [&](int day) { return bans[day]; }));
    EXPECT_EQ(AllPages([&](const PageRequest& p) { return store_->ListArticles({.dates = dates}, p); },
                       7),
              expected(articles, lo, hi, any));
  }
}

}  // namespace parley::store
