#include "pg_status.h"

#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace parley::store::pg {

absl::StatusCode CodeForSqlState(absl::string_view s) {
  if (s == "40001" || s == "40P01") return absl::StatusCode::kAborted;
  if (absl::StartsWith(s, "53")) return absl::StatusCode::kResourceExhausted;
  if (absl::StartsWith(s, "08") || absl::StartsWith(s, "57P")) {
    return absl::StatusCode::kUnavailable;
  }
  if (absl::StartsWith(s, "22")) return absl::StatusCode::kInvalidArgument;
  return absl::StatusCode::kInternal;
}

namespace {

ClassifiedError FromSqlError(const pqxx::sql_error& e, absl::string_view what) {
  const std::string& state = e.sqlstate();
  absl::StatusCode code = CodeForSqlState(state);
  ClassifiedError out{absl::Status(code, absl::StrCat(what, ": PostgreSQL error ", state, ": ",
                                                      e.what())),
                      Recovery::kNone};
  if (code == absl::StatusCode::kAborted) out.recovery = Recovery::kRetry;
  // 57P01 admin_shutdown and friends end the session: the connection is dead.
  if (code == absl::StatusCode::kUnavailable) out.recovery = Recovery::kReconnect;
  return out;
}

}  // namespace

ClassifiedError ClassifyCurrentException(absl::string_view what) {
  try {
    throw;
  } catch (const pqxx::broken_connection& e) {
    return {absl::UnavailableError(
                absl::StrCat(what, ": lost the connection to PostgreSQL: ", e.what())),
            Recovery::kReconnect};
  } catch (const pqxx::in_doubt_error& e) {
    // The commit may or may not have happened; a retry of an ingest is safe
    // (content-hash dedup) but the caller must not trust the first answer.
    return {absl::UnavailableError(
                absl::StrCat(what, ": connection lost during commit, outcome unknown: ", e.what())),
            Recovery::kReconnect};
  } catch (const pqxx::sql_error& e) {
    return FromSqlError(e, what);
  } catch (const pqxx::transaction_rollback& e) {
    return {absl::AbortedError(absl::StrCat(what, ": ", e.what())), Recovery::kRetry};
  } catch (const pqxx::usage_error& e) {
    return {absl::InternalError(absl::StrCat(what, ": libpqxx misuse: ", e.what())),
            Recovery::kNone};
  } catch (const pqxx::failure& e) {
    return {absl::InternalError(absl::StrCat(what, ": ", e.what())), Recovery::kNone};
  } catch (const std::exception& e) {
    return {absl::InternalError(absl::StrCat(what, ": ", e.what())), Recovery::kNone};
  } catch (...) {
    return {absl::InternalError(absl::StrCat(what, ": unknown exception")), Recovery::kNone};
  }
}

namespace {

std::string RedactUserInfo(absl::string_view uri) {
  // postgresql://user:secret@host/db -> postgresql://user:***@host/db
  size_t scheme = uri.find("://");
  if (scheme == absl::string_view::npos) return std::string(uri);
  size_t start = scheme + 3;
  size_t at = uri.find('@', start);
  size_t slash = uri.find('/', start);
  if (at == absl::string_view::npos || (slash != absl::string_view::npos && slash < at)) {
    return std::string(uri);
  }
  size_t colon = uri.find(':', start);
  if (colon == absl::string_view::npos || colon > at) return std::string(uri);
  return absl::StrCat(uri.substr(0, colon + 1), "***", uri.substr(at));
}

}  // namespace

std::string RedactUri(absl::string_view uri) {
  std::string out = RedactUserInfo(uri);
  // ...?password=secret&x=y -> ...?password=***&x=y
  size_t q = out.find('?');
  for (size_t p = q; p != std::string::npos; p = out.find('&', p + 1)) {
    if (out.compare(p + 1, 9, "password=") != 0) continue;
    size_t value = p + 10;
    size_t end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

}  // namespace parley::store::pg
