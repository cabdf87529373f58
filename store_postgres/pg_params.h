// Positional query parameters built at run time, for queries whose WHERE
// clause depends on which filters are set. libpqxx 6.4 (Debian bookworm) has
// no std::optional parameters, so NULL is an unset optional here.
#ifndef PARLEY_STORE_POSTGRES_PG_PARAMS_H_
#define PARLEY_STORE_POSTGRES_PG_PARAMS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/time/civil_time.h"

namespace parley::store::pg {

class Params {
 public:
  // Each Add returns the placeholder ("$3") to splice into the SQL.
  std::string Add(absl::string_view value);
  std::string Add(int64_t value);
  std::string Add(bool value);
  std::string Add(const std::optional<absl::CivilDay>& day);  // NULL when unset.
  std::string AddNull();

  size_t size() const { return values_.size(); }

  // Runs `sql` with these parameters.
  pqxx::result Exec(pqxx::transaction_base& txn, const std::string& sql) const;

 private:
  std::string Push(std::optional<std::string> value);
  std::vector<std::optional<std::string>> values_;
};

// "2024-03-01" for a day; parses PostgreSQL's DATE output back.
std::string DayToSql(absl::CivilDay day);
std::optional<absl::CivilDay> DayFromField(const pqxx::field& f);

}  // namespace parley::store::pg

#endif  // PARLEY_STORE_POSTGRES_PG_PARAMS_H_
