// A throwaway public-key infrastructure for tests, generated at run time
// with libcrypto (no keys are committed): a CA, a server certificate for
// localhost / 127.0.0.1 / ::1, a client certificate, and a client
// certificate from an unrelated CA that no server trusts. EC P-256 keys,
// valid from an hour ago for a day.
#ifndef PARLEY_RPC_TESTING_TEST_PKI_H_
#define PARLEY_RPC_TESTING_TEST_PKI_H_

#include <string>

#include "absl/status/statusor.h"

namespace parley::rpc::testing {

// Paths of the PEM files written.
struct TestPki {
  std::string ca;                        // CA certificate.
  std::string server_cert, server_key;   // Signed by `ca`.
  std::string client_cert, client_key;   // Signed by `ca`.
  std::string rogue_cert, rogue_key;     // Client identity from another CA.
};

// Writes the files into `dir` (which must exist).
absl::StatusOr<TestPki> WriteTestPki(const std::string& dir);

}  // namespace parley::rpc::testing

#endif  // PARLEY_RPC_TESTING_TEST_PKI_H_
