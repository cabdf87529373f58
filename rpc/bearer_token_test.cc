#include "parley/rpc/bearer_token.h"

#include <stdlib.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "parley/rpc/server_security.h"

namespace parley::rpc {
namespace {

class ResolveBearerTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/parley_token_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    unsetenv("PARLEY_AUTH_TOKEN");
    unsetenv("PARLEY_AUTH_TOKEN_FILE");
  }
  void TearDown() override {
    unsetenv("PARLEY_AUTH_TOKEN");
    unsetenv("PARLEY_AUTH_TOKEN_FILE");
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

// An unfilled Secret or template must stop the service, not turn
// authentication off.
TEST_F(ResolveBearerTokenTest, SetButEmptyEnvironmentTokenIsAnErrorNotNoToken) {
  for (const char* value : {"", " \n"}) {
    setenv("PARLEY_AUTH_TOKEN", value, 1);
    auto token = ResolveBearerToken("");
    ASSERT_FALSE(token.ok()) << "value \"" << value << "\" gave token \"" << *token << "\"";
    EXPECT_EQ(token.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(token.status().message().find("PARLEY_AUTH_TOKEN is set but empty"),
              std::string::npos)
        << token.status();
  }
}

TEST_F(ResolveBearerTokenTest, ServerRefusesASetButEmptyTokenFileVariable) {
  setenv("PARLEY_AUTH_TOKEN_FILE", "", 1);
  Server::Options options;
  absl::Status status = ApplyServerSecurity(ServerSecurityFlags(), &options);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_NE(status.message().find("PARLEY_AUTH_TOKEN_FILE is set but empty"), std::string::npos)
      << status;
  EXPECT_EQ(options.token, nullptr);

  // Given a file by the flag, the empty variable is not consulted.
  ServerSecurityFlags flags;
  flags.auth_token_file = Write("from-file\n");
  EXPECT_TRUE(ApplyServerSecurity(flags, &options).ok());
  EXPECT_NE(options.token, nullptr);

  unsetenv("PARLEY_AUTH_TOKEN_FILE");
  EXPECT_TRUE(ApplyServerSecurity(ServerSecurityFlags(), &options).ok());
  EXPECT_EQ(options.token, nullptr) << "nothing configured: no token";
}

// The TLS variables too: set but empty, they had started the service in
// plaintext without a word.
TEST_F(ResolveBearerTokenTest, ServerRefusesEverySetButEmptyPathVariable) {
  for (const SecurityPath& path : kSecurityPaths) {
    setenv(path.env, " ", 1);
    Server::Options options;
    absl::Status status = ApplyServerSecurity(ServerSecurityFlags(), &options);
    unsetenv(path.env);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << path.env << ": " << status;
    EXPECT_NE(status.message().find(absl::StrCat(path.env, " is set but empty")),
              std::string::npos)
        << status;
    EXPECT_NE(status.message().find(path.flag), std::string::npos) << status;
    EXPECT_EQ(options.credentials, nullptr);
  }
}

}  // namespace
}  // namespace parley::rpc
