#include "mentions.h"

#include "gtest/gtest.h"
#include "test_util.h"
#include "text_normalizer.h"

namespace parley::extract {
namespace {

std::vector<std::string> PersonNames(const std::string& text, absl::CivilDay day) {
  Document d = Segment(NormalizeText(text));
  Mentions m(FixtureKb(), d, day);
  std::vector<std::string> out;
  for (int a : m.PersonsIn(0, static_cast<int>(d.tokens.size()))) out.push_back(m.actors()[a].ref.name);
  return out;
}

TEST(MentionsTest, CounterpartResolvesToSameRoleInOtherCountry) {
  auto names = PersonNames("Chinese President Xi Jinping spoke with his U.S. counterpart on Thursday.",
                           absl::CivilDay(2021, 2, 11));
  EXPECT_EQ(names, (std::vector<std::string>{"Xi Jinping", "Joe Biden"}));
  names = PersonNames("Xi spoke with his U.S. counterpart.", absl::CivilDay(2018, 2, 11));
  EXPECT_EQ(names, (std::vector<std::string>{"Xi Jinping", "Donald Trump"}));
}

TEST(MentionsTest, OfficeDescriptionsAndPronouns) {
  std::string text = "Biden spoke with the Japanese prime minister. He said it went well.";
  Document d = Segment(NormalizeText(text));
  Mentions m(FixtureKb(), d, absl::CivilDay(2021, 1, 28));
  auto persons = m.PersonsIn(0, static_cast<int>(d.tokens.size()));
  ASSERT_EQ(persons.size(), 2u);
  EXPECT_EQ(m.actors()[persons[1]].ref.name, "Yoshihide Suga");
  const Mention* he = m.At(8);
  ASSERT_NE(he, nullptr);
  EXPECT_EQ(he->kind, MentionKind::kPronoun);
  EXPECT_EQ(m.actors()[he->actor].ref.name, "Joe Biden");
}

TEST(MentionsTest, MetonymsAndUnknownNames) {
  std::string text = "Pyongyang said no. Presidential spokesman Kang Min-seok said yes. Kang added more.";
  Document d = Segment(NormalizeText(text));
  Mentions m(FixtureKb(), d, absl::CivilDay(2021, 1, 28));
  const Mention* p = m.At(0);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(m.actors()[p->actor].ref.name, "North Korea");
  auto persons = m.PersonsIn(0, static_cast<int>(d.tokens.size()));
  ASSERT_EQ(persons.size(), 1u);
  EXPECT_EQ(m.actors()[persons[0]].ref.name, "Kang Min-seok");
  EXPECT_TRUE(m.actors()[persons[0]].titled);
}

}  // namespace
}  // namespace parley::extract
