#include "parley/query_service/filters.h"

#include "gtest/gtest.h"

namespace parley::query {
namespace {

void ExpectInvalid(const absl::Status& status, const std::string& field) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(status.message().substr(0, field.size()), field) << status;
}

TEST(FiltersTest, CallFilterCopiesFields) {
  v1::ListCallsRequest r;
  r.set_participant("Xi");
  r.set_country("China");
  r.set_medium(v1::MEDIUM_VIDEO);
  r.set_article_id(4);
  r.mutable_date_range()->mutable_start()->set_year(2017);
  r.mutable_date_range()->mutable_start()->set_month(1);
  r.mutable_date_range()->mutable_start()->set_day(1);
  auto f = CallFilterFrom(r);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->participant, "Xi");
  EXPECT_EQ(f->country, "China");
  EXPECT_EQ(f->medium, extract::Medium::kVideo);
  EXPECT_EQ(f->article_id, 4);
  EXPECT_EQ(*f->dates.start, absl::CivilDay(2017, 1, 1));
  EXPECT_FALSE(f->dates.end.has_value());
  EXPECT_FALSE(CallFilterFrom(v1::ListCallsRequest())->medium.has_value());
}

// Every field of every List request reaches the store's filter: each is
// set to a value no other field has, so a field dropped or copied into the
// wrong place fails here.
void SetRange(v1::DateRange* range, int start_day, int end_day) {
  range->mutable_start()->set_year(2019);
  range->mutable_start()->set_month(3);
  range->mutable_start()->set_day(start_day);
  range->mutable_end()->set_year(2019);
  range->mutable_end()->set_month(3);
  range->mutable_end()->set_day(end_day);
}

void ExpectRange(const store::DateRange& range, int start_day, int end_day) {
  EXPECT_EQ(range.start, absl::CivilDay(2019, 3, start_day));
  EXPECT_EQ(range.end, absl::CivilDay(2019, 3, end_day));
}

TEST(FiltersTest, EveryListFieldIsCopied) {
  v1::ListCallsRequest c;
  c.set_participant("p");
  c.set_participant_id("person/p");
  c.set_country("c");
  c.set_topic("t");
  c.set_medium(v1::MEDIUM_PHONE);
  c.set_article_id(11);
  SetRange(c.mutable_date_range(), 1, 2);
  absl::StatusOr<store::CallFilter> cf = CallFilterFrom(c);
  ASSERT_TRUE(cf.ok()) << cf.status();
  EXPECT_EQ(cf->participant, "p");
  EXPECT_EQ(cf->participant_id, "person/p");
  EXPECT_EQ(cf->country, "c");
  EXPECT_EQ(cf->topic, "t");
  EXPECT_EQ(cf->medium, extract::Medium::kPhone);
  EXPECT_EQ(cf->article_id, 11);
  ExpectRange(cf->dates, 1, 2);

  v1::ListQuotesRequest q;
  q.set_speaker("s");
  q.set_speaker_id("person/s");
  q.set_country("qc");
  q.set_text_query("words");
  q.set_direct_only(true);
  q.set_article_id(12);
  SetRange(q.mutable_date_range(), 3, 4);
  absl::StatusOr<store::QuoteFilter> qf = QuoteFilterFrom(q);
  ASSERT_TRUE(qf.ok()) << qf.status();
  EXPECT_EQ(qf->speaker, "s");
  EXPECT_EQ(qf->speaker_id, "person/s");
  EXPECT_EQ(qf->country, "qc");
  EXPECT_EQ(qf->text_query, "words");
  EXPECT_TRUE(qf->direct_only);
  EXPECT_EQ(qf->article_id, 12);
  ExpectRange(qf->dates, 3, 4);

  v1::ListSanctionsRequest n;
  n.set_imposer("i");
  n.set_target("t");
  n.set_item("coal");
  n.set_measure(v1::MEASURE_EXPORT_BAN);
  n.set_status(v1::SANCTION_STATUS_THREATENED);
  n.set_article_id(13);
  SetRange(n.mutable_date_range(), 5, 6);
  absl::StatusOr<store::SanctionFilter> nf = SanctionFilterFrom(n);
  ASSERT_TRUE(nf.ok()) << nf.status();
  EXPECT_EQ(nf->imposer, "i");
  EXPECT_EQ(nf->target, "t");
  EXPECT_EQ(nf->item, "coal");
  EXPECT_EQ(nf->measure, extract::Measure::kExportBan);
  EXPECT_EQ(nf->status, extract::SanctionStatus::kThreatened);
  EXPECT_EQ(nf->article_id, 13);
  ExpectRange(nf->dates, 5, 6);

  v1::ListActorsRequest a;
  a.set_name_prefix("mo");
  a.set_country("ac");
  a.set_office("President");
  a.set_kind(v1::ACTOR_KIND_PERSON);
  a.set_with_events_only(true);
  absl::StatusOr<store::ActorFilter> af = ActorFilterFrom(a);
  ASSERT_TRUE(af.ok()) << af.status();
  EXPECT_EQ(af->name_prefix, "mo");
  EXPECT_EQ(af->country, "ac");
  EXPECT_EQ(af->office, "President");
  EXPECT_EQ(af->kind, extract::ActorKind::kPerson);
  EXPECT_TRUE(af->with_events_only);

  v1::ListArticlesRequest r;
  r.set_source("Xinhua");
  r.set_external_id("x-7");
  SetRange(r.mutable_date_range(), 7, 8);
  absl::StatusOr<store::ArticleFilter> rf = ArticleFilterFrom(r);
  ASSERT_TRUE(rf.ok()) << rf.status();
  EXPECT_EQ(rf->source, "Xinhua");
  EXPECT_EQ(rf->external_id, "x-7");
  ExpectRange(rf->dates, 7, 8);
}

TEST(FiltersTest, SpacesAroundNamesAndIdsAreIgnored) {
  v1::ListCallsRequest c;
  c.set_participant(" Lula ");
  c.set_country("\tBrazil\n");
  EXPECT_EQ(CallFilterFrom(c)->participant, "Lula");
  EXPECT_EQ(CallFilterFrom(c)->country, "Brazil");
  v1::ListSanctionsRequest n;
  n.set_target("  Russia");
  n.set_item("crude oil ");
  EXPECT_EQ(SanctionFilterFrom(n)->target, "Russia");
  EXPECT_EQ(SanctionFilterFrom(n)->item, "crude oil");
  v1::ListArticlesRequest r;
  r.set_external_id(" d001 ");
  EXPECT_EQ(ArticleFilterFrom(r)->external_id, "d001");
  // A prefix keeps its trailing space: "kim " is not "kimberly".
  v1::ListActorsRequest a;
  a.set_name_prefix("kim ");
  EXPECT_EQ(ActorFilterFrom(a)->name_prefix, "kim ");
}

TEST(FiltersTest, BadCallFilters) {
  v1::ListCallsRequest r;
  r.set_medium(static_cast<v1::Medium>(9));
  ExpectInvalid(CallFilterFrom(r).status(), "medium");
  r = v1::ListCallsRequest();
  r.set_article_id(-1);
  ExpectInvalid(CallFilterFrom(r).status(), "article_id");
  r = v1::ListCallsRequest();
  r.set_participant(std::string(kMaxFilterBytes + 1, 'x'));
  ExpectInvalid(CallFilterFrom(r).status(), "participant");
  r = v1::ListCallsRequest();
  r.mutable_date_range()->mutable_end()->set_year(2020);
  r.mutable_date_range()->mutable_end()->set_month(2);
  r.mutable_date_range()->mutable_end()->set_day(30);
  ExpectInvalid(CallFilterFrom(r).status(), "date_range.end");
}

TEST(FiltersTest, SanctionEnums) {
  v1::ListSanctionsRequest r;
  r.set_measure(v1::MEASURE_ASSET_FREEZE);
  r.set_status(v1::SANCTION_STATUS_LIFTED);
  auto f = SanctionFilterFrom(r);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->measure, extract::Measure::kAssetFreeze);
  EXPECT_EQ(f->status, extract::SanctionStatus::kLifted);
  r.set_status(static_cast<v1::SanctionStatus>(77));
  ExpectInvalid(SanctionFilterFrom(r).status(), "status");
}

TEST(FiltersTest, QuotesActorsArticles) {
  v1::ListQuotesRequest q;
  q.set_text_query("nuclear \"peace talks\"");
  q.set_direct_only(true);
  auto qf = QuoteFilterFrom(q);
  ASSERT_TRUE(qf.ok());
  EXPECT_TRUE(qf->direct_only);
  EXPECT_EQ(qf->text_query, "nuclear \"peace talks\"");
  q.set_speaker("\xff");
  ExpectInvalid(QuoteFilterFrom(q).status(), "speaker");

  v1::ListActorsRequest a;
  a.set_kind(v1::ACTOR_KIND_COUNTRY);
  EXPECT_EQ(ActorFilterFrom(a)->kind, extract::ActorKind::kCountry);
  a.set_kind(static_cast<v1::ActorKind>(12));
  ExpectInvalid(ActorFilterFrom(a).status(), "kind");

  v1::ListArticlesRequest art;
  art.set_external_id("d001");
  EXPECT_EQ(ArticleFilterFrom(art)->external_id, "d001");
}

TEST(FiltersTest, EventTypes) {
  v1::WatchEventsRequest r;
  auto all = EventTypesFrom(r);
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->Wants(store::SequencedEvent::Type::kQuote));
  r.add_types(v1::EVENT_TYPE_CALL);
  auto calls = EventTypesFrom(r);
  ASSERT_TRUE(calls.ok());
  EXPECT_TRUE(calls->Wants(store::SequencedEvent::Type::kCall));
  EXPECT_FALSE(calls->Wants(store::SequencedEvent::Type::kSanction));
  r.add_types(v1::EVENT_TYPE_UNSPECIFIED);
  ExpectInvalid(EventTypesFrom(r).status(), "types[1]");
  r.Clear();
  r.set_after_sequence(-3);
  ExpectInvalid(EventTypesFrom(r).status(), "after_sequence");
}

}  // namespace
}  // namespace parley::query
