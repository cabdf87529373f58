#include "store/fts_query.h"

#include "gtest/gtest.h"

namespace parley::store {
namespace {

TEST(ToFts5QueryTest, QuotesEveryWordAndKeepsPhrases) {
  EXPECT_EQ(ToFts5Query("Korean peninsula").value(), "\"Korean\" \"peninsula\"");
  EXPECT_EQ(ToFts5Query("a \"b  c\" d").value(), "\"a\" \"b  c\" \"d\"");
  EXPECT_EQ(ToFts5Query("NOT (x* OR y:z)").value(), "\"NOT\" \"(x*\" \"OR\" \"y:z)\"");
  EXPECT_EQ(ToFts5Query("   ").value(), "");
  EXPECT_TRUE(absl::IsInvalidArgument(ToFts5Query("\"open").status()));
}

}  // namespace
}  // namespace parley::store
