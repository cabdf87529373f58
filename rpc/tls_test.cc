#include "parley/rpc/tls.h"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "rpc/testing/test_pki.h"

namespace parley::rpc {
namespace {

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/parley_tls_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    auto pki = testing::WriteTestPki(dir_);
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = *pki;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
  testing::TestPki pki_;
};

TEST_F(TlsTest, ValidFilesMakeCredentials) {
  ServerTlsFiles server;
  server.cert = pki_.server_cert;
  server.key = pki_.server_key;
  server.client_ca = pki_.ca;
  auto server_credentials = MakeServerCredentials(server);
  ASSERT_TRUE(server_credentials.ok()) << server_credentials.status();
  EXPECT_NE(*server_credentials, nullptr);

  ClientTlsFiles client;
  client.ca = pki_.ca;
  client.cert = pki_.client_cert;
  client.key = pki_.client_key;
  auto client_credentials = MakeClientCredentials(client);
  ASSERT_TRUE(client_credentials.ok()) << client_credentials.status();
  EXPECT_NE(*client_credentials, nullptr);
}

TEST_F(TlsTest, ErrorsNameTheFlag) {
  struct Case {
    ServerTlsFiles files;
    const char* flag;
  };
  const std::string none = dir_ + "/none.pem";
  std::vector<Case> cases = {
      {{pki_.server_cert, "", ""}, "--tls-key"},                // key missing
      {{none, pki_.server_key, ""}, "--tls-cert"},              // cert unreadable
      {{pki_.server_key, pki_.server_key, ""}, "--tls-cert"},   // not a certificate
      {{pki_.server_cert, pki_.server_cert, ""}, "--tls-key"},  // not a key
      {{pki_.server_cert, pki_.client_key, ""}, "--tls-key"},   // another's key
      {{pki_.server_cert, pki_.server_key, none}, "--tls-client-ca"},
  };
  for (const Case& c : cases) {
    auto credentials = MakeServerCredentials(c.files);
    ASSERT_FALSE(credentials.ok()) << c.flag;
    EXPECT_NE(credentials.status().message().find(c.flag), std::string::npos)
        << credentials.status();
  }
  ClientTlsFiles client;
  client.ca = pki_.ca;
  client.cert = pki_.client_cert;  // Without its key.
  auto half = MakeClientCredentials(client);
  ASSERT_FALSE(half.ok());
  EXPECT_NE(half.status().message().find("--tls-key"), std::string::npos);
}

}  // namespace
}  // namespace parley::rpc
