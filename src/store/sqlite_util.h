// Small helpers over the SQLite C API shared by the SQLite store and its
// schema migrations: owned statements, one-shot SQL, errors as Status.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>

#include "base/status.h"

namespace bramble::store {

struct StmtDeleter {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
// A prepared statement, finalized when it goes out of scope.
using Stmt = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

// Resets a statement and clears its bindings at the end of a scope, so a
// reused statement never keeps a read transaction open or a stale binding.
class StmtReset {
 public:
  explicit StmtReset(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~StmtReset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  StmtReset(const StmtReset&) = delete;
  StmtReset& operator=(const StmtReset&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

// "<what>: <sqlite's message>" as a Status: Unavailable when the database is
// busy or locked (another process holds it), kIo otherwise.
Status SqliteError(sqlite3* db, int rc, const std::string& what);

// Prepares `sql` for repeated use. kIo (naming the SQL) on a syntax error.
Result<Stmt> Prepare(sqlite3* db, const char* sql);

// Steps a statement that returns no rows to completion and resets it.
Status StepDone(sqlite3* db, sqlite3_stmt* stmt, const std::string& what);

// Runs one or more statements that return no rows.
Status Exec(sqlite3* db, const char* sql, const std::string& what);

// The integer result of a single-row query such as "PRAGMA user_version".
Result<int64_t> QueryInt(sqlite3* db, const char* sql);

}  // namespace bramble::store
