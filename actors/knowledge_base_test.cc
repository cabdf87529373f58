#include "parley/actors/knowledge_base.h"

#include "gtest/gtest.h"

namespace parley::actors {
namespace {

std::unique_ptr<KnowledgeBase> Fixture() {
  auto kb = KnowledgeBase::LoadFromDirectory(PARLEY_ACTORS_TESTDATA);
  EXPECT_TRUE(kb.ok()) << kb.status();
  return kb.ok() ? std::move(kb).value() : nullptr;
}

TEST(KnowledgeBaseTest, LoadsFixtureAndLooksUpNames) {
  auto kb = Fixture();
  ASSERT_NE(kb, nullptr);
  const auto& xi = kb->Lookup("Xi");
  ASSERT_EQ(xi.size(), 1u);
  EXPECT_EQ(xi[0].kind, EntityKind::kPerson);
  EXPECT_EQ(kb->people()[xi[0].index].name, "Xi Jinping");
  const auto& erdogan = kb->Lookup("ERDOGAN");
  ASSERT_EQ(erdogan.size(), 1u);
  EXPECT_EQ(kb->people()[erdogan[0].index].gender, 'm');
  EXPECT_TRUE(kb->Lookup("Nobody Known").empty());
}

// FindKey() answers an n-gram scan: a full name, the start of longer names
// (no candidates, continues), or nothing (nullptr, also past the filter).
TEST(KnowledgeBaseTest, FindKeyServesNgramScans) {
  auto kb = Fixture();
  ASSERT_NE(kb, nullptr);
  const NameKeyEntry* xi = kb->FindKey("xi");
  ASSERT_NE(xi, nullptr);
  EXPECT_EQ(xi->candidates.size(), 1u);
  EXPECT_TRUE(xi->continues);  // "xi jinping".
  const NameKeyEntry* full = kb->FindKey("xi jinping");
  ASSERT_NE(full, nullptr);
  EXPECT_EQ(full->candidates.size(), 1u);
  EXPECT_FALSE(full->continues);
  const NameKeyEntry* people = kb->FindKey("people 's");  // "People's Republic of China".
  ASSERT_NE(people, nullptr);
  EXPECT_TRUE(people->candidates.empty());
  EXPECT_TRUE(people->continues);
  EXPECT_EQ(kb->FindKey("jinping xi"), nullptr);
  EXPECT_EQ(kb->FindKey("nobody"), nullptr);
  EXPECT_TRUE(kb->IsKeyPrefix("people 's republic"));
  EXPECT_FALSE(kb->IsKeyPrefix("republic"));
}

TEST(KnowledgeBaseTest, CountryFormsAreTagged) {
  auto kb = Fixture();
  ASSERT_NE(kb, nullptr);
  const auto& p = kb->Lookup("Pyongyang");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].form, NameForm::kMetonym);
  EXPECT_EQ(kb->countries()[p[0].index].name, "North Korea");
  const auto& j = kb->Lookup("Japanese");
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0].form, NameForm::kDemonym);
  EXPECT_EQ(kb->Lookup("N. Korea").size(), 1u);
  EXPECT_EQ(kb->Lookup("the North").size(), 1u);
}

TEST(KnowledgeBaseTest, HolderOnFollowsTerms) {
  auto kb = Fixture();
  ASSERT_NE(kb, nullptr);
  const Person* p = kb->HolderOn("country/united-states", "President", absl::CivilDay(2018, 5, 1));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name, "Donald Trump");
  p = kb->HolderOn("country/united-states", "head_of_state", absl::CivilDay(2021, 2, 11));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name, "Joe Biden");
  p = kb->HolderOn("country/japan", "prime minister", absl::CivilDay(2021, 1, 28));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name, "Yoshihide Suga");
  EXPECT_EQ(kb->HolderOn("country/japan", "President", absl::CivilDay(2021, 1, 28)), nullptr);
  auto offices = kb->OfficesOn("person/shinzo-abe", absl::CivilDay(2016, 1, 7));
  ASSERT_EQ(offices.size(), 1u);
  EXPECT_EQ(offices[0]->role, "head_of_government");
  EXPECT_TRUE(kb->OfficesOn("person/shinzo-abe", absl::CivilDay(2021, 1, 7)).empty());
}

TEST(KnowledgeBaseTest, ErrorsNameFileAndLine) {
  std::map<std::string, std::string> files = {
      {"countries.tsv", "id\tname\tiso2\taliases\tdemonyms\tmetonyms\ncountry/x\tX\tXX\t\t\t\n"},
      {"people.tsv", "id\tname\tcountry\taliases\tgender\nperson/a\tA\tcountry/y\t\tm\n"}};
  auto kb = KnowledgeBase::LoadFromContents(files, "dir");
  ASSERT_FALSE(kb.ok());
  EXPECT_NE(kb.status().message().find("dir/people.tsv:2:"), std::string::npos) << kb.status();

  files["people.tsv"] = "id\tname\tcountry\taliases\tgender\nperson/a\tA\tcountry/x\t\tm\n";
  files["offices.tsv"] = "person\tcountry\trole\ttitle\tstart\tend\nperson/a\tcountry/x\thead_of_state\tKing\t2020-13-01\t\n";
  kb = KnowledgeBase::LoadFromContents(files, "dir");
  ASSERT_FALSE(kb.ok());
  EXPECT_NE(kb.status().message().find("dir/offices.tsv:2: bad date"), std::string::npos) << kb.status();

  EXPECT_FALSE(KnowledgeBase::LoadFromDirectory("/nonexistent/dir").ok());
}

TEST(KnowledgeBaseTest, EmbeddedDataMatchesDataDirectory) {
  auto embedded = KnowledgeBase::LoadEmbedded();
  ASSERT_TRUE(embedded.ok()) << embedded.status();
  auto dir = KnowledgeBase::LoadFromDirectory(PARLEY_ACTORS_DATA);
  ASSERT_TRUE(dir.ok()) << dir.status();
  EXPECT_EQ((*embedded)->countries().size(), (*dir)->countries().size());
  EXPECT_GT((*embedded)->countries().size(), 100u);
}

}  // namespace
}  // namespace parley::actors
