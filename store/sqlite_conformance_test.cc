// Runs the Store conformance suite against the SQLite store on real files.
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "store/store_conformance_test.h"

namespace parley::store {
namespace {

StoreBackend SqliteBackend() {
  StoreBackend backend;
  backend.name = "Sqlite";
  backend.fresh_location = [] {
    static int counter = 0;
    const testing::TestInfo* test = testing::UnitTest::GetInstance()->current_test_info();
    std::filesystem::path dir = std::filesystem::path(testing::TempDir()) /
                                absl::StrCat("parley_conformance_", getpid());
    std::filesystem::create_directories(dir);
    std::string name = absl::StrCat(test ? test->name() : "store", "_", ++counter, ".db");
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    std::filesystem::path path = dir / name;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path.string() + suffix);
    }
    return path.string();
  };
  backend.open = [](const StoreOptions& options) { return Open(options); };
  return backend;
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest, testing::Values(SqliteBackend()),
                         BackendName);

}  // namespace
}  // namespace parley::store
