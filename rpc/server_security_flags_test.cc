#include "parley/rpc/server_security_flags.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace parley::rpc {
namespace {

ServerSecurityFlags Parse(std::vector<std::string> args) {
  CLI::App app("test");
  ServerSecurityFlags flags;
  AddServerSecurityFlags(app, flags, "token");
  args.insert(args.begin(), "test");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
  return flags;
}

TEST(ServerSecurityFlagsTest, PathsReachTheFlags) {
  ServerSecurityFlags flags = Parse({"--tls-cert", "c.pem", "--tls-key", "k.pem", "--tls-client-ca",
                                     "ca.pem", "--auth-token-file", "token"});
  EXPECT_EQ(flags.tls_cert, "c.pem");
  EXPECT_EQ(flags.tls_key, "k.pem");
  EXPECT_EQ(flags.tls_client_ca, "ca.pem");
  EXPECT_EQ(flags.auth_token_file, "token");
  EXPECT_TRUE(Parse({}).auth_token_file.empty());
}

// `--auth-token-file ""` read as "no flag" and ran the service without
// authentication; each path flag now refuses an empty value, naming itself.
TEST(ServerSecurityFlagsTest, AnEmptyPathIsRefusedNotTakenAsAbsent) {
  for (const char* flag : {"--auth-token-file", "--tls-cert", "--tls-key", "--tls-client-ca"}) {
    try {
      Parse({flag, ""});
      ADD_FAILURE() << flag << " \"\" was accepted";
    } catch (const CLI::ValidationError& e) {
      EXPECT_NE(std::string(e.what()).find(flag), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("empty path"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace parley::rpc
