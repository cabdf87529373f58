#include "lexicon.h"

#include "gtest/gtest.h"
#include "segmenter.h"
#include "text_normalizer.h"

namespace parley::extract::lexicon {
namespace {

// A valid word_classes.tsv of 24 lines: one word in every class ("said"
// in two).
std::string ParseInput() {
  static const char* const kClasses[] = {
      "title_head", "title_modifier", "generic_source", "org_word", "thing_word",
      "name_stop", "say_verb", "say_participle", "tell_verb", "urge_verb",
      "urge_participle", "agreement_verb", "skip_before_verb", "reporting_phrase",
      "call_cue", "weak_call_cue", "meeting_word", "measure_cue", "sanction_context",
      "date_word", "mention_cue"};
  std::string text = "# comment\nclass\tword\n";
  for (const char* c : kClasses) {
    text += std::string(c) + (std::string(c) == "agreement_verb" || std::string(c) == "say_verb"
                                  ? "\tsaid\n"
                                  : "\tw" + std::to_string(text.size()) + "\n");
  }
  return text + "office_title\tprime minister\n";
}

TEST(LexiconTest, ClassesOfWords) {
  EXPECT_NE(ClassesOf("said") & kSayVerb, 0u);
  EXPECT_NE(ClassesOf("said") & kReportingWord, 0u);
  EXPECT_NE(ClassesOf("according") & kReportingWord, 0u);
  EXPECT_NE(ClassesOf("minister") & kTitleHead, 0u);
  EXPECT_EQ(ClassesOf("deputy") & kTitleHead, 0u);
  EXPECT_NE(ClassesOf("deputy") & kTitleWord, 0u);
  EXPECT_NE(ClassesOf("phone") & kCallCue, 0u);
  EXPECT_NE(ClassesOf("tariffs") & (kMeasureCue | kSanctionContext), 0u);
  EXPECT_NE(ClassesOf("sept") & kDateWord, 0u);
  // A word in several lists has every bit: "confirmed" reports and agrees.
  EXPECT_EQ(ClassesOf("confirmed") & (kSayVerb | kAgreementVerb), kSayVerb | kAgreementVerb);
  EXPECT_EQ(ClassesOf("zebra"), 0u);
  EXPECT_EQ(ClassesOf("Said"), 0u);  // Lists hold NormWord forms (lower case).
  EXPECT_TRUE(IsTitleWord("foreign"));
  EXPECT_TRUE(IsOfficeTitle("prime minister"));
  EXPECT_FALSE(IsOrgWord("minister"));
}

TEST(LexiconTest, SegmenterTagsWordTokensOnly) {
  Document d = Segment(NormalizeText("Xi SAID, \"Phone me.\""));
  ASSERT_GE(d.tokens.size(), 4u);
  EXPECT_TRUE(d.tokens[1].Is(kSayVerb));   // Tagged by its norm, "said".
  EXPECT_EQ(d.tokens[2].lex, 0u);          // ","
  EXPECT_TRUE(d.tokens[4].Is(kCallCue));   // "Phone".
}

TEST(LexiconTest, CompiledInLexiconLoads) {
  EXPECT_TRUE(Check().ok()) << Check();
  EXPECT_FALSE(Topics().empty());
}

TEST(LexiconTest, ParsesWordClasses) {
  WordClasses w;
  ASSERT_TRUE(ParseWordClasses(ParseInput(), "t.tsv", &w).ok());
  EXPECT_EQ(w.classes["said"], static_cast<uint32_t>(kSayVerb | kAgreementVerb));
  EXPECT_TRUE(w.office_titles.contains("prime minister"));
  EXPECT_FALSE(w.classes.contains("prime minister"));
}

TEST(LexiconTest, WordClassErrorsNameTheLine) {
  const std::string base = ParseInput();
  struct Case {
    std::string text, message;
  } cases[] = {
      {base + "verb_of_saying\tsaid\n", "t.tsv:25: unknown class 'verb_of_saying'"},
      {base + "say_verb\tSaid\n", "t.tsv:25: 'Said' is not in normal form"},
      {base + "office_title\tprime  minister\n", "t.tsv:25: 'prime  minister' is not in"},
      {base + "say_verb\tsaid\n", "t.tsv:25: 'said' listed twice in say_verb"},
      {base + "say_verb\n", "t.tsv:25: expected 2 fields"},
      {"word\tclass\n", "t.tsv:1: header must be"},
  };
  for (const Case& c : cases) {
    WordClasses w;
    absl::Status s = ParseWordClasses(c.text, "t.tsv", &w);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_NE(s.message().find(c.message), std::string::npos) << s << " for " << c.message;
  }
  WordClasses w;
  absl::Status missing = ParseWordClasses("class\tword\nsay_verb\tsaid\n", "t.tsv", &w);
  EXPECT_NE(missing.message().find("class title_head has no words"), std::string::npos) << missing;
}

TEST(LexiconTest, ParsesTopicsInOrderAndRejectsBadCues) {
  std::vector<Topic> topics;
  ASSERT_TRUE(ParseTopics("# c\ncue\ttopic\nkorean peninsula\tKorean Peninsula\nclimate\tclimate change\n",
                          "t.tsv", &topics)
                  .ok());
  ASSERT_EQ(topics.size(), 2u);
  EXPECT_EQ(topics[0].cue, "korean peninsula");
  EXPECT_EQ(topics[1].topic, "climate change");
  for (const char* bad : {"cue\ttopic\nKorea\tKorea\n", "cue\ttopic\nx\t\n",
                                 "cue\ttopic\nx\tX\nx\tY\n"}) {
    std::vector<Topic> out;
    absl::Status s = ParseTopics(bad, "t.tsv", &out);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(s.message().find("t.tsv:"), std::string::npos) << s;
  }
}

}  // namespace
}  // namespace parley::extract::lexicon
