#include "parley/rpc/bearer_token.h"

#include <stdlib.h>

#include <fstream>

#include "gtest/gtest.h"

namespace parley::rpc {
namespace {

class ResolveBearerTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/parley_token_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    unsetenv("PARLEY_AUTH_TOKEN");
  }
  void TearDown() override {
    unsetenv("PARLEY_AUTH_TOKEN");
    std::remove(path_.c_str());
    rmdir(dir_.c_str());
  }
  const std::string& Write(const std::string& text) {
    path_ = dir_ + "/token";
    std::ofstream(path_, std::ios::binary) << text;
    return path_;
  }

  std::string dir_, path_;
};

TEST_F(ResolveBearerTokenTest, FileContentsWithoutTheTrailingNewline) {
  auto token = ResolveBearerToken(Write("abc123\n"));
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(*token, "abc123");
}

TEST_F(ResolveBearerTokenTest, FileWinsOverEnvironment) {
  setenv("PARLEY_AUTH_TOKEN", "from-env", 1);
  EXPECT_EQ(*ResolveBearerToken(Write("from-file")), "from-file");
  EXPECT_EQ(*ResolveBearerToken(""), "from-env");
}

TEST_F(ResolveBearerTokenTest, NoneConfiguredIsEmpty) {
  auto token = ResolveBearerToken("");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(*token, "");
}

TEST_F(ResolveBearerTokenTest, BadTokensNameTheirSource) {
  auto missing = ResolveBearerToken(dir_ + "/none", "--token-file");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("--token-file"), std::string::npos);

  auto empty = ResolveBearerToken(Write("\n"));
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(empty.status().message().find("--auth-token-file"), std::string::npos);

  auto spaced = ResolveBearerToken(Write("two words"));
  EXPECT_EQ(spaced.status().code(), absl::StatusCode::kInvalidArgument);

  setenv("PARLEY_AUTH_TOKEN", "bad\x01token", 1);
  auto env = ResolveBearerToken("");
  EXPECT_EQ(env.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(env.status().message().find("PARLEY_AUTH_TOKEN"), std::string::npos);
}

}  // namespace
}  // namespace parley::rpc
