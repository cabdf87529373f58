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
