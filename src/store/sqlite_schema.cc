// Migrations of the SQLite store's schema (see sqlite_schema.h).
//
// kMigrations[i] takes a database from version i to version i + 1.
#include "store/sqlite_schema.h"

#include <iterator>

#include "store/sqlite_util.h"

namespace bramble::store {
namespace {

constexpr const char* kMigrations[] = {
    // 1: jobs, node admin state, and key/value metadata (next_job_id).
    // A job is its serialized proto::JobRecord; state and end_time are copied
    // out so pruning and accounting queries need not parse every record.
    R"sql(
      CREATE TABLE jobs (
        job_id   INTEGER PRIMARY KEY,
        state    INTEGER NOT NULL,
        end_time INTEGER NOT NULL,
        record   BLOB NOT NULL
      );
      CREATE TABLE nodes (
        name        TEXT PRIMARY KEY,
        drain       INTEGER NOT NULL,
        down        INTEGER NOT NULL,
        reason      TEXT NOT NULL,
        reason_time INTEGER NOT NULL,
        reason_uid  INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value
      ) WITHOUT ROWID;
    )sql",
    // 2: fair-share usage (decayed CPU-seconds per user, as of meta's
    // usage_time) and operators' run-time changes of UserLimits=/GroupLimits=
    // entries, each with the file's settings it was made over.
    R"sql(
      CREATE TABLE usage (
        user        TEXT PRIMARY KEY,
        cpu_seconds REAL NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE limit_changes (
        kind          TEXT NOT NULL,
        name          TEXT NOT NULL,
        file_settings TEXT NOT NULL,
        settings      TEXT NOT NULL,
        PRIMARY KEY (kind, name)
      ) WITHOUT ROWID;
    )sql",
    // 3: accounting (docs/accounting.md): one row per run of a job that
    // ended (or was requeued), its serialized proto::JobRecord with steps
    // and without script or environment; kept after MinJobAge drops the live
    // job, until PurgeJobAfter. Columns copied out for sacct's filters.
    R"sql(
      CREATE TABLE accounting (
        job_id      INTEGER NOT NULL,
        run         INTEGER NOT NULL,
        array_job_id INTEGER NOT NULL,
        uid         INTEGER NOT NULL,
        state       INTEGER NOT NULL,
        submit_time INTEGER NOT NULL,
        end_time    INTEGER NOT NULL,
        record      BLOB NOT NULL,
        PRIMARY KEY (job_id, run)
      );
      CREATE INDEX accounting_by_end ON accounting (end_time);
      CREATE INDEX accounting_by_array ON accounting (array_job_id) WHERE array_job_id != 0;
    )sql",
    // 4: jobs' batch scripts and environments, kept out of their records
    // (and out of the controller's memory) until a launch needs them: a
    // serialized proto::JobSpec holding only those two fields, under the job's
    // id, or the array's id for all of its tasks.
    R"sql(
      CREATE TABLE job_inputs (
        id    INTEGER PRIMARY KEY,
        input BLOB NOT NULL
      );
    )sql",
};

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

Status MigrateSchema(sqlite3* db, const std::string& path, int target) {
  if (target < 0 || target > LatestSchemaVersion()) {
    return Internal("no schema version " + std::to_string(target));
  }
  Result<int64_t> version = QueryInt(db, "PRAGMA user_version");
  if (!version) return version.error().WithContext("reading schema version of " + path);
  if (*version > LatestSchemaVersion() || *version < 0) {
    return InvalidArgument("state database " + path + " has schema version " +
                           std::to_string(*version) + " but this bramble knows versions up to " +
                           std::to_string(LatestSchemaVersion()) +
                           "; it was written by a newer bramble: run that, or restore a backup");
  }
  for (int v = static_cast<int>(*version); v < target; ++v) {
    std::string what = "migrating " + path + " to schema version " + std::to_string(v + 1);
    BRAMBLE_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE", what));
    std::string sql = std::string(kMigrations[v]) +
                      "; PRAGMA user_version = " + std::to_string(v + 1) + "; COMMIT;";
    Status st = Exec(db, sql.c_str(), what);
    if (!st.ok()) {
      if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return st;
    }
  }
  return Status::Ok();
}

}  // namespace bramble::store
