#include "store/page_token.h"

#include "gtest/gtest.h"

namespace parley::store {
namespace {

TEST(PageTokenTest, RoundTripsAndBindsFilters) {
  PageTokenCodec codec("secret");
  std::string token = codec.Encode({42, "person/xi"}, "calls|xi");
  absl::StatusOr<PageCursor> back = codec.Decode(token, "calls|xi");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->last_id, 42);
  EXPECT_EQ(back->last_key, "person/xi");
  EXPECT_TRUE(absl::IsInvalidArgument(codec.Decode(token, "calls|moon").status()));
  EXPECT_EQ(codec.Decode("", "anything").value().last_id, 0);
}

TEST(PageTokenTest, RejectsForgedAndForeignTokens) {
  PageTokenCodec codec("secret");
  std::string token = codec.Encode({42, ""}, "f");
  EXPECT_TRUE(absl::IsInvalidArgument(codec.Decode("!!!", "f").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(codec.Decode("AAAA", "f").status()));
  for (size_t i = 0; i < token.size(); ++i) {
    std::string forged = token;
    forged[i] = forged[i] == 'x' ? 'y' : 'x';
    EXPECT_FALSE(codec.Decode(forged, "f").ok()) << i;
  }
  // Same format, another store's secret.
  EXPECT_TRUE(absl::IsInvalidArgument(PageTokenCodec("other").Decode(token, "f").status()));
}

}  // namespace
}  // namespace parley::store
