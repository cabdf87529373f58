#include "parley/rpc/convert.h"

#include "gtest/gtest.h"

namespace parley::rpc {
namespace {

v1::Date MakeDate(int y, int m, int d) {
  v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

TEST(ConvertTest, DateRoundTrips) {
  absl::CivilDay day(2017, 11, 29);
  auto back = DateFromProto(DateToProto(day), "date");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, day);
}

TEST(ConvertTest, ImpossibleDatesNameTheField) {
  for (const v1::Date& bad : {MakeDate(2021, 13, 1), MakeDate(2021, 2, 30),
                              MakeDate(2021, 2, 29), MakeDate(0, 1, 1), MakeDate(2021, 4, 31),
                              MakeDate(2021, 1, 0), MakeDate(10000, 1, 1)}) {
    auto day = DateFromProto(bad, "article.published");
    ASSERT_FALSE(day.ok()) << bad.ShortDebugString();
    EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(day.status().message().find("article.published"), std::string::npos);
  }
  EXPECT_TRUE(DateFromProto(MakeDate(2020, 2, 29), "d").ok());  // Leap year.
}

TEST(ConvertTest, EveryMeasureRoundTrips) {
  for (int m = 0; m <= static_cast<int>(extract::Measure::kOther); ++m) {
    auto measure = static_cast<extract::Measure>(m);
    EXPECT_EQ(MeasureFromProto(MeasureToProto(measure)), measure);
  }
  EXPECT_EQ(MeasureToProto(extract::Measure::kExportBan), v1::MEASURE_EXPORT_BAN);
  EXPECT_EQ(MeasureToProto(extract::Measure::kOther), v1::MEASURE_OTHER);
  EXPECT_EQ(MeasureFromProto(v1::MEASURE_UNSPECIFIED), std::nullopt);
  EXPECT_EQ(MeasureFromProto(static_cast<v1::Measure>(99)), std::nullopt);
}

TEST(ConvertTest, OtherEnumsRoundTrip) {
  for (auto m : {extract::Medium::kPhone, extract::Medium::kVideo}) {
    EXPECT_EQ(MediumFromProto(MediumToProto(m)), m);
  }
  for (auto s : {extract::SanctionStatus::kImposed, extract::SanctionStatus::kThreatened,
                 extract::SanctionStatus::kLifted, extract::SanctionStatus::kProposed}) {
    EXPECT_EQ(SanctionStatusFromProto(SanctionStatusToProto(s)), s);
  }
  for (auto k : {extract::ActorKind::kPerson, extract::ActorKind::kCountry,
                 extract::ActorKind::kInstitution, extract::ActorKind::kNewsOutlet}) {
    EXPECT_EQ(ActorKindFromProto(ActorKindToProto(k)), k);
  }
  EXPECT_EQ(MediumFromProto(v1::MEDIUM_UNSPECIFIED), std::nullopt);
}

extract::ActorRef Person(std::string id, std::string name, std::string country) {
  extract::ActorRef ref;
  ref.actor_id = std::move(id);
  ref.name = std::move(name);
  ref.kind = extract::ActorKind::kPerson;
  ref.country = std::move(country);
  ref.office = "President";
  return ref;
}

TEST(ConvertTest, StoredCallPicksTheMentionOfTheArticle) {
  store::StoredCall stored;
  stored.id = 7;
  stored.call.participants = {Person("person/xi-jinping", "Xi Jinping", "China"),
                              Person("person/donald-trump", "Donald Trump", "United States")};
  stored.call.date = absl::CivilDay(2017, 11, 29);
  stored.call.medium = extract::Medium::kVideo;
  stored.call.topics = {"Korean Peninsula"};
  stored.mentions.push_back({3, {10, 20, "first report"}});
  stored.mentions.push_back({9, {40, 80, "second report"}});

  v1::Call proto = CallToProto(stored);
  EXPECT_EQ(proto.id(), 7);
  ASSERT_EQ(proto.participants_size(), 2);
  EXPECT_EQ(proto.participants(1).actor_id(), "person/donald-trump");
  EXPECT_EQ(proto.participants(0).kind(), v1::ACTOR_KIND_PERSON);
  EXPECT_EQ(proto.date().day(), 29);
  EXPECT_EQ(proto.medium(), v1::MEDIUM_VIDEO);
  ASSERT_EQ(proto.mentions_size(), 2);
  EXPECT_EQ(proto.mentions(1).article_id(), 9);

  auto back = CallFromProto(proto, 9);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->provenance.begin, 40u);
  EXPECT_EQ(back->provenance.evidence, "second report");
  EXPECT_EQ(back->participants[0].name, "Xi Jinping");
  EXPECT_EQ(back->date, stored.call.date);
  EXPECT_EQ(back->medium, extract::Medium::kVideo);
  EXPECT_EQ(back->topics, stored.call.topics);
  EXPECT_EQ(CallFromProto(proto, 0)->provenance.begin, 10u);
}

TEST(ConvertTest, UndatedCallHasNoDateMessage) {
  store::StoredCall stored;
  stored.id = 1;
  EXPECT_FALSE(CallToProto(stored).has_date());
  auto back = CallFromProto(CallToProto(stored), 0);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->date, std::nullopt);
}

TEST(ConvertTest, SanctionRoundTrips) {
  store::StoredSanction stored;
  stored.id = 4;
  stored.article_id = 2;
  stored.date = absl::CivilDay(2017, 9, 11);
  stored.sanction.imposer.name = "UN Security Council";
  stored.sanction.imposer.kind = extract::ActorKind::kInstitution;
  stored.sanction.target.name = "North Korea";
  stored.sanction.measure = extract::Measure::kSupplyCap;
  stored.sanction.items = {"oil", "textiles"};
  stored.sanction.status = extract::SanctionStatus::kThreatened;
  v1::Sanction proto = SanctionToProto(stored);
  EXPECT_EQ(proto.measure(), v1::MEASURE_SUPPLY_CAP);
  EXPECT_EQ(proto.status(), v1::SANCTION_STATUS_THREATENED);
  EXPECT_EQ(proto.provenance().article_id(), 2);
  EXPECT_EQ(proto.date().month(), 9);
  extract::Sanction back = SanctionFromProto(proto);
  EXPECT_EQ(back.imposer.name, "UN Security Council");
  EXPECT_EQ(back.imposer.kind, extract::ActorKind::kInstitution);
  EXPECT_EQ(back.items, stored.sanction.items);
  EXPECT_EQ(back.measure, extract::Measure::kSupplyCap);
  EXPECT_EQ(back.status, extract::SanctionStatus::kThreatened);
}

TEST(ConvertTest, QuoteRoundTrips) {
  store::StoredQuote stored;
  stored.id = 5;
  stored.article_id = 8;
  stored.quote.speaker = Person("person/moon-jae-in", "Moon Jae-in", "South Korea");
  stored.quote.text = "peace is possible";
  stored.quote.direct = true;
  stored.quote.provenance = {100, 150, "evidence"};
  v1::Quote proto = QuoteToProto(stored);
  EXPECT_FALSE(proto.has_date());
  EXPECT_EQ(proto.provenance().sentence_end(), 150);
  extract::Quote back = QuoteFromProto(proto);
  EXPECT_EQ(back.speaker.actor_id, "person/moon-jae-in");
  EXPECT_EQ(back.speaker.office, "President");
  EXPECT_EQ(back.text, "peace is possible");
  EXPECT_TRUE(back.direct);
  EXPECT_EQ(back.provenance.begin, 100u);
}

TEST(ConvertTest, EventsCarryIdsAndTheArticleDate) {
  extract::Extraction ex;
  ex.published = absl::CivilDay(2020, 1, 2);
  ex.calls.resize(2);
  ex.quotes.resize(1);
  ex.sanctions.resize(1);
  store::IngestResult ids;
  ids.article_id = 12;
  ids.call_ids = {30, 31};
  ids.quote_ids = {40};
  ids.sanction_ids = {50};
  v1::Events events = EventsToProto(ex, 12, &ids);
  ASSERT_EQ(events.calls_size(), 2);
  EXPECT_EQ(events.calls(1).id(), 31);
  EXPECT_EQ(events.calls(1).mentions(0).article_id(), 12);
  EXPECT_EQ(events.quotes(0).id(), 40);
  EXPECT_EQ(events.quotes(0).date().day(), 2);
  EXPECT_EQ(events.sanctions(0).id(), 50);

  v1::Events dry = EventsToProto(ex, 0, nullptr);
  EXPECT_EQ(dry.calls(0).id(), 0);
  EXPECT_EQ(dry.quotes(0).provenance().article_id(), 0);
}

TEST(ConvertTest, ArticleAndActor) {
  store::StoredArticle article;
  article.id = 3;
  article.input.external_id = "d001";
  article.input.source = "Xinhua";
  article.input.published = absl::CivilDay(2021, 2, 11);
  article.ingest_time = absl::FromUnixSeconds(1700000000) + absl::Milliseconds(5);
  article.call_count = 2;
  v1::Article proto = ArticleToProto(article);
  EXPECT_EQ(proto.external_id(), "d001");
  EXPECT_EQ(proto.published().year(), 2021);
  EXPECT_EQ(proto.ingest_time().seconds(), 1700000000);
  EXPECT_EQ(proto.ingest_time().nanos(), 5000000);
  EXPECT_EQ(proto.call_count(), 2);
  EXPECT_TRUE(proto.text().empty());

  store::StoredActor actor;
  actor.id = "person/xi-jinping";
  actor.kind = extract::ActorKind::kPerson;
  actor.offices.push_back({"President", "China", absl::CivilDay(2013, 3, 14), std::nullopt});
  actor.aliases = {"Xi"};
  v1::Actor a = ActorToProto(actor);
  ASSERT_EQ(a.offices_size(), 1);
  EXPECT_TRUE(a.offices(0).has_start());
  EXPECT_FALSE(a.offices(0).has_end());
  EXPECT_EQ(a.aliases(0), "Xi");
}

TEST(ConvertTest, ArticleInputRejectsBadDate) {
  v1::ArticleInput in;
  in.set_text("x");
  *in.mutable_published() = MakeDate(2021, 2, 30);
  auto out = ArticleInputFromProto(in);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("article.published"), std::string::npos);
}

}  // namespace
}  // namespace parley::rpc
