// Thin RAII wrappers over the SQLite C API: a connection, a prepared
// statement with positional binding, and the mapping of SQLite result codes
// to absl::Status codes the Store interface promises.
#ifndef PARLEY_STORE_SQLITE_DB_H_
#define PARLEY_STORE_SQLITE_DB_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace parley::store::sqlite {

// Maps a SQLite result code to the Store's error contract: SQLITE_FULL ->
// RESOURCE_EXHAUSTED, busy/locked/I-O -> UNAVAILABLE, read-only ->
// FAILED_PRECONDITION, a corrupt file -> DATA_LOSS, everything else
// INTERNAL. `what` names the operation.
absl::Status SqliteError(int rc, sqlite3* db, absl::string_view what);

// Dates are stored as ISO "YYYY-MM-DD" text: sortable and readable in the
// sqlite3 shell.
std::string DayToText(absl::CivilDay day);
std::optional<absl::CivilDay> TextToDay(absl::string_view text);

// By default SQLite keeps process-wide memory statistics, updated on every
// allocation under one global mutex. Read connections on different threads
// then queue on that mutex: on 2 CPUs, raw page reads on two threads ran at
// 4,200 pages/s with it and 13,200/s without (bench/README, stop 12). Parley
// reads none of those statistics. The setting only takes before SQLite
// initialises; Connection::Open() calls this first, and so should anything
// else in the process that opens SQLite directly. If something initialised
// SQLite earlier, the statistics stay on: slower, not incorrect. Idempotent.
void TurnOffProcessWideMemoryStatistics();

class Statement {
 public:
  Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Binds the next `?` parameter (left to right). A bind error is kept and
  // returned by the next Step()/Run().
  Statement& Bind(int64_t value);
  Statement& Bind(int value) { return Bind(static_cast<int64_t>(value)); }
  Statement& Bind(absl::string_view value);
  Statement& Bind(const char* value) { return Bind(absl::string_view(value)); }
  Statement& Bind(const std::string& value) { return Bind(absl::string_view(value)); }
  Statement& Bind(std::optional<absl::CivilDay> day);
  Statement& BindNull();

  // Advances: true when a row is available, false when done.
  absl::StatusOr<bool> Step();
  // Steps to completion, for statements that return no rows.
  absl::Status Run();
  // Rewinds for another execution with new bindings.
  void Reset();

  int64_t Int(int col) const;
  std::string Text(int col) const;
  bool IsNull(int col) const;
  std::optional<absl::CivilDay> Day(int col) const;

 private:
  sqlite3_stmt* stmt_;
  sqlite3* db_;
  int next_param_ = 1;
  int bind_rc_ = SQLITE_OK;
};

class Connection {
 public:
  // `flags` are sqlite3_open_v2 flags; `vfs` a registered VFS's name, or
  // null for the default. Sets busy_timeout and foreign keys.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const std::string& path, int flags,
                                                          const char* vfs = nullptr);
  ~Connection();

  // Runs one or more statements that return no rows.
  absl::Status Exec(absl::string_view sql);
  // Runs one statement that returns no rows, prepared once (Cached): for
  // the BEGIN and COMMIT of every read, which Exec() would parse each time.
  absl::Status ExecCached(absl::string_view sql);
  absl::StatusOr<Statement> Prepare(absl::string_view sql);
  // A statement prepared once per connection and reset for reuse: for the
  // writer's hot statements. Valid until the connection closes; not for
  // nested use of the same SQL.
  absl::StatusOr<Statement*> Cached(absl::string_view sql);
  // Resets every cached statement. A statement left mid-result keeps its
  // transaction open (COMMIT fails, a reader keeps an old snapshot), so each
  // unit of work ends with this.
  void ResetCached();
  // Runs a query returning one integer (0 when it returns no row or NULL).
  absl::StatusOr<int64_t> QueryInt(absl::string_view sql);

  // True while no transaction is open: after a failed statement, tells
  // whether SQLite rolled the whole transaction back by itself.
  bool autocommit() const { return sqlite3_get_autocommit(db_) != 0; }
  int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  // Changes whenever the main database's content does, by this connection's
  // commits or any other's (SQLITE_FCNTL_DATA_VERSION): a writer compares it
  // across its own commits to learn whether someone else wrote meanwhile.
  unsigned int data_version() const;
  sqlite3* raw() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
  absl::flat_hash_map<std::string, std::unique_ptr<Statement>> cache_;
};

}  // namespace parley::store::sqlite

#endif  // PARLEY_STORE_SQLITE_DB_H_
