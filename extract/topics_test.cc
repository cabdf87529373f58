#include "topics.h"

#include "gtest/gtest.h"

namespace parley::extract {
namespace {

TEST(TopicsTest, FindsWholeWordTopics) {
  auto t = FindTopics("They discussed denuclearization of the Korean Peninsula and Ukraine.");
  EXPECT_NE(std::find(t.begin(), t.end(), "Korean Peninsula"), t.end());
  EXPECT_NE(std::find(t.begin(), t.end(), "denuclearization"), t.end());
  EXPECT_NE(std::find(t.begin(), t.end(), "Ukraine"), t.end());
  EXPECT_TRUE(FindTopics("Ukrainebound text").empty());
  EXPECT_TRUE(FindTopics("").empty());
}

}  // namespace
}  // namespace parley::extract
