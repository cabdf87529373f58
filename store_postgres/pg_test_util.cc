#include "pg_test_util.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <iostream>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"

namespace parley::store::pg {

std::optional<std::string> TestServerUri() {
  const char* uri = std::getenv("PARLEY_TEST_POSTGRES_URI");
  if (uri == nullptr || *uri == '\0') return std::nullopt;
  return std::string(uri);
}

std::string FreshSchemaUri() {
  static std::atomic<int> counter{0};
  std::string base = TestServerUri().value_or("");
  std::string schema = absl::StrCat("t_", getpid(), "_", ++counter);
  try {
    pqxx::connection conn(base);
    pqxx::nontransaction txn(conn);
    txn.exec(absl::StrCat("DROP SCHEMA IF EXISTS ", schema, " CASCADE"));
    txn.exec(absl::StrCat("CREATE SCHEMA ", schema));
  } catch (const std::exception& e) {
    std::cerr << "cannot create schema " << schema << " on the test server: " << e.what() << "\n";
    std::abort();
  }
  return absl::StrCat(base, base.find('?') == std::string::npos ? "?" : "&",
                      "options=-csearch_path%3D", schema);
}

std::string SchemaOf(const std::string& uri) {
  size_t at = uri.rfind("search_path%3D");
  if (at == std::string::npos) return "public";
  size_t start = at + 14, end = uri.find('&', start);
  return uri.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool HaveServerCtl() {
  const char* ctl = std::getenv("PARLEY_TEST_POSTGRES_CTL");
  return ctl != nullptr && *ctl != '\0';
}

bool ServerCtl(const std::string& action) {
  if (!HaveServerCtl()) return false;
  std::string cmd = absl::StrCat(std::getenv("PARLEY_TEST_POSTGRES_CTL"), " ", action);
  return std::system(cmd.c_str()) == 0;
}

}  // namespace parley::store::pg
