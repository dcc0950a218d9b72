// SQLite helpers (see sqlite_util.h).
#include "store/sqlite_util.h"

namespace bramble::store {

Status SqliteError(sqlite3* db, int rc, const std::string& what) {
  std::string message = what + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Unavailable(message);
  return IoError(message);
}

Result<Stmt> Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, std::string("preparing \"") + sql + "\"");
  return Stmt(raw);
}

Status StepDone(sqlite3* db, sqlite3_stmt* stmt, const std::string& what) {
  StmtReset reset(stmt);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) return SqliteError(db, rc, what);
  return Status::Ok();
}

Status Exec(sqlite3* db, const char* sql, const std::string& what) {
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, what);
  return Status::Ok();
}

Result<int64_t> QueryInt(sqlite3* db, const char* sql) {
  Result<Stmt> stmt = Prepare(db, sql);
  if (!stmt) return stmt.error();
  int rc = sqlite3_step(stmt->get());
  if (rc != SQLITE_ROW) return SqliteError(db, rc, sql);
  return static_cast<int64_t>(sqlite3_column_int64(stmt->get(), 0));
}

}  // namespace bramble::store
