// Status propagation macros. Abseil 20220623 (Debian bookworm) ships none, so
// the project defines them once, here.
#ifndef PARLEY_COMMON_STATUS_MACROS_H_
#define PARLEY_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns from the enclosing function if `expr` (an absl::Status) is not OK.
#define PARLEY_RETURN_IF_ERROR(expr)                  \
  do {                                                \
    ::absl::Status parley_status_ = (expr);           \
    if (!parley_status_.ok()) return parley_status_;  \
  } while (0)

#define PARLEY_STATUS_CONCAT_INNER_(a, b) a##b
#define PARLEY_STATUS_CONCAT_(a, b) PARLEY_STATUS_CONCAT_INNER_(a, b)

// `PARLEY_ASSIGN_OR_RETURN(auto x, MakeX());` declares x from a StatusOr, or
// returns its status from the enclosing function.
#define PARLEY_ASSIGN_OR_RETURN(lhs, expr) \
  PARLEY_ASSIGN_OR_RETURN_IMPL_(PARLEY_STATUS_CONCAT_(parley_statusor_, __LINE__), lhs, expr)

#define PARLEY_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

#endif  // PARLEY_COMMON_STATUS_MACROS_H_
