// The behaviour every Store implementation must show, as a value-
// parameterised GoogleTest suite. A backend instantiates it with a
// StoreBackend, e.g.
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest,
//                            testing::Values(SqliteBackend()), BackendName);
// and links the OBJECT library parley_store_conformance.
#ifndef PARLEY_STORE_STORE_CONFORMANCE_TEST_H_
#define PARLEY_STORE_STORE_CONFORMANCE_TEST_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "gtest/gtest.h"
#include "parley/store/store.h"

namespace parley::store {

struct StoreBackend {
  std::string name;
  // A location for a new, empty store (a fresh file path, a fresh database
  // URI); called once per test.
  std::function<std::string()> fresh_location;
  // Opens a store at options.location; the suite opens a second store on
  // the same location to check what another process sees.
  std::function<absl::StatusOr<std::unique_ptr<Store>>(const StoreOptions&)> open;
};

// Keeps GoogleTest from printing the struct's bytes.
inline void PrintTo(const StoreBackend& backend, std::ostream* os) { *os << backend.name; }

inline std::string BackendName(const testing::TestParamInfo<StoreBackend>& info) {
  return info.param.name;
}

class StoreConformanceTest : public testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override;

  // Opens another store on this test's location.
  std::unique_ptr<Store> OpenAgain(bool read_only = false);

  std::string location_;
  std::unique_ptr<Store> store_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_STORE_CONFORMANCE_TEST_H_
