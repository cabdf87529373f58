#include "store/event_keys.h"

#include <string>

#include "gtest/gtest.h"

namespace parley::store {
namespace {

using extract::ActorKind;
using extract::ActorRef;

ActorRef Named(std::string name) { return {"", std::move(name), ActorKind::kPerson, "", ""}; }
ActorRef Known(std::string id, std::string name) {
  return {std::move(id), std::move(name), ActorKind::kPerson, "", ""};
}

extract::Call CallOf(std::vector<ActorRef> who, std::optional<absl::CivilDay> date,
                     extract::Medium medium = extract::Medium::kPhone) {
  extract::Call c;
  c.participants = std::move(who);
  c.date = date;
  c.medium = medium;
  return c;
}

TEST(ActorKeyTest, KnowledgeBaseIdWins) {
  EXPECT_EQ(ActorKey(Known("person/xi-jinping", "President Xi")), "person/xi-jinping");
}

TEST(ActorKeyTest, UnresolvedNamesGetAFoldedSlug) {
  EXPECT_EQ(ActorKey(Named("Kim Yo-jong")), "unresolved/kim-yo-jong");
  EXPECT_EQ(ActorKey(Named("  KIM   Yo jong! ")), "unresolved/kim-yo-jong");
  // Case folding is Unicode's, and non-ASCII letters stay in the slug.
  EXPECT_EQ(ActorKey(Named("Straße Ölmann")), "unresolved/strasse-ölmann");
}

TEST(ActorKeyTest, EmptyRefHasNoKey) {
  EXPECT_EQ(ActorKey(ActorRef{}), "");
  EXPECT_EQ(ActorRowName(Known("org/un", "")), "org/un");
  EXPECT_EQ(ActorRowName(Known("org/un", "United Nations")), "United Nations");
}

TEST(CallKeyTest, ParticipantOrderCaseAndRepeatsDoNotMatter) {
  const absl::CivilDay day(2021, 2, 10);
  std::string a = CallKey(CallOf({Known("person/xi", "Xi"), Named("Joe Biden")}, day));
  std::string b = CallKey(CallOf({Named("JOE BIDEN"), Known("person/xi", "Xi Jinping"),
                                  Named("joe biden")}, day));
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, "joe biden\x1fperson/xi\x1e" "2021-02-10\x1ephone");
}

TEST(CallKeyTest, DateMediumAndPeopleSeparateCalls) {
  const absl::CivilDay day(2021, 2, 10);
  auto who = std::vector<ActorRef>{Known("person/xi", "Xi"), Known("person/biden", "Biden")};
  std::string base = CallKey(CallOf(who, day));
  EXPECT_NE(base, CallKey(CallOf(who, absl::CivilDay(2021, 2, 11))));
  EXPECT_NE(base, CallKey(CallOf(who, std::nullopt)));
  EXPECT_NE(base, CallKey(CallOf(who, day, extract::Medium::kVideo)));
  EXPECT_NE(base, CallKey(CallOf({Known("person/xi", "Xi"), Known("person/moon", "Moon")}, day)));
  EXPECT_NE(CallKey(CallOf(who, std::nullopt)).find("undated"), std::string::npos);
}

TEST(ArticleTitleTest, FirstNonBlankLineTrimmed) {
  EXPECT_EQ(ArticleTitle("\n  \n  Xi, Biden talk by phone \r\nBody."), "Xi, Biden talk by phone");
  EXPECT_EQ(ArticleTitle("One line only"), "One line only");
  EXPECT_EQ(ArticleTitle(" \n\t\n"), "");
  EXPECT_EQ(ArticleTitle(""), "");
}

TEST(ArticleTitleTest, LongLineIsCutOnACharacterBoundary) {
  // 299 ASCII bytes then a 2-byte 'é' straddling the 300-byte limit.
  std::string line = std::string(299, 'a') + "\xc3\xa9" + "tail";
  std::string title = ArticleTitle(line);
  EXPECT_EQ(title, std::string(299, 'a'));
  EXPECT_EQ(ArticleTitle(std::string(400, 'b')).size(), kMaxTitleBytes);
}

TEST(EffectiveMetadataTest, CallerMetadataBeatsTheEngine) {
  ArticleInput a;
  extract::Extraction e;
  e.published = absl::CivilDay(2020, 1, 1);
  e.source = "Xinhua";
  EXPECT_EQ(EffectivePublished(a, e), absl::CivilDay(2020, 1, 1));
  EXPECT_EQ(EffectiveSource(a, e), "Xinhua");
  a.published = absl::CivilDay(2021, 5, 5);
  a.source = "Reuters";
  EXPECT_EQ(EffectivePublished(a, e), absl::CivilDay(2021, 5, 5));
  EXPECT_EQ(EffectiveSource(a, e), "Reuters");
}

TEST(EventTypeNameTest, RoundTripsAndUnknownIsCall) {
  for (auto t : {SequencedEvent::Type::kCall, SequencedEvent::Type::kQuote,
                 SequencedEvent::Type::kSanction}) {
    EXPECT_EQ(EventTypeFromName(EventTypeName(t)), t);
  }
  EXPECT_EQ(EventTypeName(SequencedEvent::Type::kSanction), "sanction");
  EXPECT_EQ(EventTypeFromName("meeting"), SequencedEvent::Type::kCall);
}

}  // namespace
}  // namespace parley::store
