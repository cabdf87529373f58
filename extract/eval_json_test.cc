#include "parley/extract/eval_json.h"

#include "gtest/gtest.h"

namespace parley::extract {
namespace {

TEST(EvalJsonTest, MatchesEvalFormat) {
  Extraction x;
  Call c;
  c.participants = {ActorRef{"person/xi-jinping", "Xi Jinping", ActorKind::kPerson, "China", "President"},
                    ActorRef{"", "Donald Trump", ActorKind::kPerson, "", ""}};
  c.date = absl::CivilDay(2017, 11, 29);
  x.calls.push_back(c);
  Call undated = c;
  undated.date.reset();
  undated.medium = Medium::kVideo;
  x.calls.push_back(undated);
  Quote q;
  q.speaker.name = "Donald Trump";
  q.text = "serious concerns";
  x.quotes.push_back(q);
  Sanction s;
  s.imposer.name = "UN Security Council";
  s.target.name = "North Korea";
  s.measure = Measure::kExportBan;
  s.items = {"coal"};
  x.sanctions.push_back(s);
  nlohmann::json j = ToEvalJson("seed-002", x);
  EXPECT_EQ(j["article"], "seed-002");
  EXPECT_EQ(j["calls"][0]["participants"], nlohmann::json({"Xi Jinping", "Donald Trump"}));
  EXPECT_EQ(j["calls"][0]["date"], "2017-11-29");
  EXPECT_TRUE(j["calls"][1]["date"].is_null());
  EXPECT_EQ(j["calls"][1]["medium"], "video");
  EXPECT_EQ(j["quotes"][0], nlohmann::json({{"speaker", "Donald Trump"}, {"text", "serious concerns"}, {"direct", false}}));
  EXPECT_EQ(j["sanctions"][0]["measure"], "export_ban");
  EXPECT_EQ(j["sanctions"][0]["status"], "imposed");
  EXPECT_EQ(j["sanctions"][0]["items"], nlohmann::json({"coal"}));
  nlohmann::json d = ToDetailedJson("seed-002", x);
  EXPECT_EQ(d["calls"][0]["participants"][0]["id"], "person/xi-jinping");
  EXPECT_TRUE(d["published"].is_null());
}

}  // namespace
}  // namespace parley::extract
