// `parley eval` (through both services) writes exactly what `parley extract
// --eval-dir` (the engine alone) writes, on the seed articles and, when
// present, the development corpus: nothing is lost or altered in the store,
// the services or the proto conversions.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "service_harness.h"

namespace parley::testing {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int Run(const std::string& command) {
  int rc = std::system(command.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

void CompareEvalAndExtract(const std::string& corpus) {
  if (!fs::is_directory(corpus)) GTEST_SKIP() << corpus << " is absent";
  auto h = ServiceHarness::Start();
  ASSERT_NE(h, nullptr);
  TempDir out;
  const std::string via_services = out.path() + "/eval";
  const std::string via_engine = out.path() + "/extract";
  ASSERT_EQ(Run(absl::StrCat(PARLEY_CLI_BIN, " eval --ingest ", h->ingest_address(), " --query ",
                             h->query_address(), " ", corpus, " ", via_services, " >",
                             out.path(), "/eval.log 2>&1")),
            0)
      << ReadFile(out.path() + "/eval.log");
  ASSERT_EQ(Run(absl::StrCat(PARLEY_CLI_BIN, " extract --eval-dir ", corpus, " --out ",
                             via_engine, " >/dev/null 2>&1")),
            0);
  int compared = 0;
  for (const auto& entry : fs::directory_iterator(via_engine)) {
    const fs::path other = fs::path(via_services) / entry.path().filename();
    ASSERT_TRUE(fs::exists(other)) << other;
    EXPECT_EQ(nlohmann::json::parse(ReadFile(other)), nlohmann::json::parse(ReadFile(entry.path())))
        << entry.path().filename();
    // Byte for byte too: same function, same order.
    EXPECT_EQ(ReadFile(other), ReadFile(entry.path())) << entry.path().filename();
    ++compared;
  }
  EXPECT_GT(compared, 0);
  EXPECT_EQ(std::distance(fs::directory_iterator(via_services), fs::directory_iterator()),
            compared);
}

TEST(EvalEndToEndTest, SeedsMatchTheEngine) { CompareEvalAndExtract(PARLEY_SEEDS_DIR); }

TEST(EvalEndToEndTest, DevCorpusMatchesTheEngine) { CompareEvalAndExtract(PARLEY_DEV_DIR); }

}  // namespace
}  // namespace parley::testing
