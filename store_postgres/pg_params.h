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

// A PostgreSQL array literal ({"a","b \"c\""}) built element by element:
// a whole column of a batch passed as one text parameter and read back with
// unnest($1::text[]), so a batch costs one statement per table, not one per
// row. Elements are quoted and escaped, so any text (bar NUL, which callers
// reject first) round-trips.
class ArrayLiteral {
 public:
  void Add(absl::string_view value);
  void Add(int64_t value);
  void Add(bool value);
  void Add(const std::optional<absl::CivilDay>& day);  // NULL when unset.
  void AddNull();

  size_t size() const { return size_; }
  // The literal, "{}" when empty.
  std::string str() const;

 private:
  void Separate();
  std::string body_;
  size_t size_ = 0;
};

class Params {
 public:
  // Each Add returns the placeholder ("$3") to splice into the SQL.
  std::string Add(absl::string_view value);
  std::string Add(int64_t value);
  std::string Add(bool value);
  std::string Add(const std::optional<absl::CivilDay>& day);  // NULL when unset.
  std::string AddNull();
  std::string Add(const ArrayLiteral& array) { return Add(array.str()); }

  size_t size() const { return values_.size(); }

  // Runs `sql` with these parameters.
  pqxx::result Exec(pqxx::transaction_base& txn, const std::string& sql) const;
  // The same as a prepared statement `name` of the connection (prepared on
  // first use), so a statement run on every batch is planned once per
  // connection, not on every run. `name` must always go with the same `sql`.
  pqxx::result ExecPrepared(pqxx::transaction_base& txn, const std::string& name,
                            const std::string& sql) const;
  // The values as SQL literals, comma-separated ("'2024-01-01', NULL, '7'"),
  // quoted by `txn`: for EXPLAIN EXECUTE, which takes no parameters.
  std::string Literals(pqxx::transaction_base& txn) const;

 private:
  std::string Push(std::optional<std::string> value);
  std::vector<const char*> Pointers() const;
  std::vector<std::optional<std::string>> values_;
};

// "2024-03-01" for a day; parses PostgreSQL's DATE output back.
std::string DayToSql(absl::CivilDay day);
std::optional<absl::CivilDay> DayFromField(const pqxx::field& f);

}  // namespace parley::store::pg

#endif  // PARLEY_STORE_POSTGRES_PG_PARAMS_H_
