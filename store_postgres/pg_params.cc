#include "pg_params.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace parley::store::pg {

std::string Params::Push(std::optional<std::string> value) {
  values_.push_back(std::move(value));
  return absl::StrCat("$", values_.size());
}

std::string Params::Add(absl::string_view value) { return Push(std::string(value)); }
std::string Params::Add(int64_t value) { return Push(absl::StrCat(value)); }
std::string Params::Add(bool value) { return Push(value ? "true" : "false"); }
std::string Params::AddNull() { return Push(std::nullopt); }

std::string Params::Add(const std::optional<absl::CivilDay>& day) {
  if (!day) return AddNull();
  return Push(DayToSql(*day));
}

std::vector<const char*> Params::Pointers() const {
  // libpq takes NUL-terminated values; a NULL pointer is SQL NULL. Callers
  // reject text with NUL bytes before it gets here (PostgreSQL text cannot
  // hold them).
  std::vector<const char*> ptrs;
  ptrs.reserve(values_.size());
  for (const auto& v : values_) ptrs.push_back(v ? v->c_str() : nullptr);
  return ptrs;
}

std::string Params::Literals(pqxx::transaction_base& txn) const {
  std::string out;
  for (const auto& v : values_) {
    absl::StrAppend(&out, out.empty() ? "" : ", ", v ? txn.quote(*v) : "NULL");
  }
  return out;
}

pqxx::result Params::Exec(pqxx::transaction_base& txn, const std::string& sql) const {
  return txn.exec_params(sql, pqxx::prepare::make_dynamic_params(Pointers()));
}

pqxx::result Params::ExecPrepared(pqxx::transaction_base& txn, const std::string& name,
                                  const std::string& sql) const {
  // libpqxx 6.4 keeps the definition per connection and sends PREPARE on the
  // first exec_prepared(); defining it again with the same text is a no-op.
  txn.conn().prepare(name, sql);
  return txn.exec_prepared(name, pqxx::prepare::make_dynamic_params(Pointers()));
}

void ArrayLiteral::Separate() {
  if (size_++ > 0) body_.push_back(',');
}

void ArrayLiteral::Add(absl::string_view value) {
  Separate();
  body_.push_back('"');
  for (char c : value) {
    if (c == '"' || c == '\\') body_.push_back('\\');
    body_.push_back(c);
  }
  body_.push_back('"');
}

void ArrayLiteral::Add(int64_t value) {
  Separate();
  absl::StrAppend(&body_, value);
}

void ArrayLiteral::Add(bool value) {
  Separate();
  body_.append(value ? "t" : "f");
}

void ArrayLiteral::Add(const std::optional<absl::CivilDay>& day) {
  if (!day) return AddNull();
  Separate();
  body_.append(DayToSql(*day));
}

void ArrayLiteral::AddNull() {
  Separate();
  body_.append("NULL");
}

std::string ArrayLiteral::str() const { return absl::StrCat("{", body_, "}"); }

std::string DayToSql(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

std::optional<absl::CivilDay> DayFromField(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  absl::CivilDay day;
  if (!absl::ParseCivilTime(f.c_str(), &day)) return std::nullopt;
  return day;
}

}  // namespace parley::store::pg
