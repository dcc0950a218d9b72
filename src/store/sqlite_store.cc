// The SQLite Store (see store.h, docs/state.md).
//
// One connection, owned by one thread. WAL mode: a commit appends to the
// -wal file, and with synchronous=NORMAL it is durable against a process
// crash as soon as COMMIT returns (the OS holds the pages); FULL adds an
// fsync per commit for power loss. Statements are prepared once at open.
// Commit() of an empty batch returns before touching SQLite, so an idle
// controller writes nothing.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/sqlite_schema.h"
#include "store/sqlite_util.h"
#include "store/store.h"

namespace bramble::store {
namespace {

// A commit waits this long for a lock held by another process (an admin's
// sqlite3 shell) before failing Unavailable: bounded, so the loop never hangs.
constexpr int kBusyTimeoutMs = 5000;
// After a checkpoint the -wal file is truncated back to this size, so one big
// transaction (a burst of submissions with large scripts) cannot leave a
// huge WAL behind on a small card. Normal turns write a few KiB.
constexpr int64_t kJournalSizeLimitBytes = 16 << 20;

// SQLite's page cache, per connection. Its default of 2000 KiB filled up as
// jobs came and went and was a third of the controller's heap after 1000
// jobs (heaptrack). The controller writes at the end of its tables (new ids)
// and reads by key, so a smaller cache costs reads from the kernel's page
// cache at most, which the store's micro-benchmark does not notice.
constexpr int kPageCacheKiB = 512;

std::string ColumnText(sqlite3_stmt* stmt, int column) {
  const unsigned char* text = sqlite3_column_text(stmt, column);
  return text != nullptr ? reinterpret_cast<const char*>(text) : "";
}

std::string Dirname(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteStore() override {
    // Statements must be finalized before the connection closes.
    for (Stmt* stmt : {&begin_, &begin_read_, &commit_, &rollback_, &upsert_job_, &delete_job_,
                       &upsert_node_, &set_meta_, &select_jobs_, &select_nodes_, &select_meta_,
                       &clear_usage_, &insert_usage_, &select_usage_, &upsert_limit_change_,
                       &select_limit_changes_, &upsert_accounting_, &select_accounting_,
                       &select_accounting_job_, &any_old_accounting_, &prune_accounting_, &upsert_input_,
                       &delete_input_, &select_input_}) {
      stmt->reset();
    }
    sqlite3_close_v2(db_);
  }

  Status PrepareStatements();
  Status Commit(const StoreBatch& batch) override;
  Result<StoredState> Load() override;
  Result<std::vector<proto::JobRecord>> QueryAccounting(const AccountingQuery& query, size_t limit) override;
  Result<int64_t> PruneAccounting(int64_t ended_before) override;
  Result<proto::JobSpec> LoadJobInput(uint32_t id) override;
  size_t ReleaseMemory() override;

 private:
  Status ApplyAccounting(const proto::JobRecord& job);
  Status ReadAccounting(sqlite3_stmt* s, size_t limit, std::vector<proto::JobRecord>* out);
  Status Apply(const StoreBatch& batch);
  Status LoadInto(StoredState* state);
  Status ApplyInput(const JobInput& input);
  Status MoveInputsOutOfRecords(std::vector<proto::JobRecord>& jobs);
  Status ApplyUsage(const FairShareUsage& usage);
  Status ApplyLimitChange(const LimitChange& change);
  Status LoadUsageAndLimits(StoredState* state);
  Result<std::optional<int64_t>> LoadMeta(const char* key);
  void RollbackIfOpen() {
    if (!sqlite3_get_autocommit(db_)) StepDone(db_, rollback_.get(), "rollback").ok();
  }

  sqlite3* db_;
  std::string path_;
  Stmt begin_, begin_read_, commit_, rollback_;
  Stmt upsert_job_, delete_job_, upsert_node_, set_meta_;
  Stmt select_jobs_, select_nodes_, select_meta_;
  Stmt clear_usage_, insert_usage_, select_usage_, upsert_limit_change_, select_limit_changes_;
  Stmt upsert_accounting_, select_accounting_, select_accounting_job_, any_old_accounting_, prune_accounting_;
  Stmt upsert_input_, delete_input_, select_input_;
};

Status SqliteStore::PrepareStatements() {
  struct {
    Stmt* stmt;
    const char* sql;
  } const statements[] = {
      {&begin_, "BEGIN IMMEDIATE"},
      {&begin_read_, "BEGIN"},
      {&commit_, "COMMIT"},
      {&rollback_, "ROLLBACK"},
      {&upsert_job_,
       "INSERT INTO jobs (job_id, state, end_time, record) VALUES (?1, ?2, ?3, ?4) "
       "ON CONFLICT (job_id) DO UPDATE SET state = ?2, end_time = ?3, record = ?4"},
      {&delete_job_, "DELETE FROM jobs WHERE job_id = ?1"},
      {&upsert_node_,
       "INSERT INTO nodes (name, drain, down, reason, reason_time, reason_uid) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (name) DO UPDATE SET "
       "drain = ?2, down = ?3, reason = ?4, reason_time = ?5, reason_uid = ?6"},
      {&set_meta_, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)"},
      {&select_jobs_, "SELECT job_id, record FROM jobs ORDER BY job_id"},
      {&select_nodes_,
       "SELECT name, drain, down, reason, reason_time, reason_uid FROM nodes ORDER BY name"},
      {&select_meta_, "SELECT value FROM meta WHERE key = ?1"},
      {&clear_usage_, "DELETE FROM usage"},
      {&insert_usage_, "INSERT INTO usage (user, cpu_seconds) VALUES (?1, ?2)"},
      {&select_usage_, "SELECT user, cpu_seconds FROM usage ORDER BY user"},
      {&upsert_limit_change_,
       "INSERT INTO limit_changes (kind, name, file_settings, settings) VALUES (?1, ?2, ?3, ?4) "
       "ON CONFLICT (kind, name) DO UPDATE SET file_settings = ?3, settings = ?4"},
      {&select_limit_changes_,
       "SELECT kind, name, file_settings, settings FROM limit_changes ORDER BY kind, name"},
      {&upsert_accounting_,
       "INSERT INTO accounting (job_id, run, uid, state, submit_time, end_time, record, array_job_id) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (job_id, run) DO UPDATE SET "
       "uid = ?3, state = ?4, submit_time = ?5, end_time = ?6, record = ?7, array_job_id = ?8"},
      {&select_accounting_,
       "SELECT job_id, record FROM accounting WHERE end_time >= ?1 AND submit_time < ?2 "
       "ORDER BY job_id, run"},
      {&select_accounting_job_,
       "SELECT job_id, record FROM accounting WHERE (job_id = ?3 OR array_job_id = ?3) "
       "AND end_time >= ?1 AND submit_time < ?2 ORDER BY job_id, run"},
      {&any_old_accounting_, "SELECT EXISTS (SELECT 1 FROM accounting WHERE end_time < ?1)"},
      {&prune_accounting_, "DELETE FROM accounting WHERE end_time < ?1"},
      {&upsert_input_, "INSERT OR REPLACE INTO job_inputs (id, input) VALUES (?1, ?2)"},
      {&delete_input_, "DELETE FROM job_inputs WHERE id = ?1"},
      {&select_input_, "SELECT input FROM job_inputs WHERE id = ?1"},
  };
  for (const auto& [stmt, sql] : statements) {
    Result<Stmt> prepared = Prepare(db_, sql);
    if (!prepared) return prepared.error();
    *stmt = std::move(*prepared);
  }
  return Status::Ok();
}

Status SqliteStore::Commit(const StoreBatch& batch) {
  if (batch.empty()) return Status::Ok();
  for (const proto::JobRecord& job : batch.upsert_jobs) {
    if (job.job_id() == 0) return InvalidArgument("cannot store a job with id 0");
  }
  for (const NodeAdminState& node : batch.upsert_nodes) {
    if (node.name.empty()) return InvalidArgument("cannot store a node without a name");
  }
  for (const LimitChange& change : batch.upsert_limit_changes) {
    if (change.name.empty()) return InvalidArgument("cannot store a limit change without a name");
  }
  for (const JobInput& input : batch.upsert_inputs) {
    if (input.id == 0) return InvalidArgument("cannot store a job input with id 0");
  }
  BRAMBLE_RETURN_IF_ERROR(StepDone(db_, begin_.get(), "beginning a transaction on " + path_));
  Status st = Apply(batch);
  if (st.ok()) st = StepDone(db_, commit_.get(), "committing to " + path_);
  if (!st.ok()) RollbackIfOpen();
  return st;
}

Status SqliteStore::Apply(const StoreBatch& batch) {
  std::string blob;
  for (const proto::JobRecord& job : batch.upsert_jobs) {
    if (!job.SerializeToString(&blob)) {
      return Internal("cannot serialize job " + std::to_string(job.job_id()));
    }
    sqlite3_stmt* s = upsert_job_.get();
    sqlite3_bind_int64(s, 1, job.job_id());
    sqlite3_bind_int64(s, 2, job.state());
    sqlite3_bind_int64(s, 3, job.end_time());
    sqlite3_bind_blob64(s, 4, blob.data(), blob.size(), SQLITE_STATIC);
    BRAMBLE_RETURN_IF_ERROR(StepDone(db_, s, "storing job " + std::to_string(job.job_id())));
  }
  for (uint32_t job_id : batch.delete_jobs) {
    sqlite3_stmt* s = delete_job_.get();
    sqlite3_bind_int64(s, 1, job_id);
    BRAMBLE_RETURN_IF_ERROR(StepDone(db_, s, "deleting job " + std::to_string(job_id)));
  }
  for (const NodeAdminState& node : batch.upsert_nodes) {
    sqlite3_stmt* s = upsert_node_.get();
    sqlite3_bind_text(s, 1, node.name.data(), static_cast<int>(node.name.size()), SQLITE_STATIC);
    sqlite3_bind_int(s, 2, node.drain ? 1 : 0);
    sqlite3_bind_int(s, 3, node.down ? 1 : 0);
    sqlite3_bind_text(s, 4, node.reason.data(), static_cast<int>(node.reason.size()),
                      SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, node.reason_time);
    sqlite3_bind_int64(s, 6, node.reason_uid);
    BRAMBLE_RETURN_IF_ERROR(StepDone(db_, s, "storing node " + node.name));
  }
  if (batch.next_job_id) {
    sqlite3_stmt* s = set_meta_.get();
    sqlite3_bind_text(s, 1, "next_job_id", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, *batch.next_job_id);
    BRAMBLE_RETURN_IF_ERROR(StepDone(db_, s, "storing next_job_id"));
  }
  if (batch.usage) BRAMBLE_RETURN_IF_ERROR(ApplyUsage(*batch.usage));
  for (const LimitChange& change : batch.upsert_limit_changes) {
    BRAMBLE_RETURN_IF_ERROR(ApplyLimitChange(change));
  }
  for (const proto::JobRecord& job : batch.upsert_accounting) {
    BRAMBLE_RETURN_IF_ERROR(ApplyAccounting(job));
  }
  for (const JobInput& input : batch.upsert_inputs) BRAMBLE_RETURN_IF_ERROR(ApplyInput(input));
  for (uint32_t id : batch.delete_inputs) {
    sqlite3_stmt* s = delete_input_.get();
    sqlite3_bind_int64(s, 1, id);
    BRAMBLE_RETURN_IF_ERROR(StepDone(db_, s, "deleting the input of job " + std::to_string(id)));
  }
  return Status::Ok();
}

Status SqliteStore::ApplyInput(const JobInput& input) {
  std::string blob;
  if (!input.input.SerializeToString(&blob)) return Internal("cannot serialize the input of job " + std::to_string(input.id));
  sqlite3_stmt* s = upsert_input_.get();
  sqlite3_bind_int64(s, 1, input.id);
  sqlite3_bind_blob64(s, 2, blob.data(), blob.size(), SQLITE_STATIC);
  return StepDone(db_, s, "storing the input of job " + std::to_string(input.id));
}

Result<proto::JobSpec> SqliteStore::LoadJobInput(uint32_t id) {
  sqlite3_stmt* s = select_input_.get();
  StmtReset reset(s);
  sqlite3_bind_int64(s, 1, id);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_DONE) return NotFound("job " + std::to_string(id) + " has no stored script or environment");
  if (rc != SQLITE_ROW) return SqliteError(db_, rc, "reading the input of job " + std::to_string(id));
  proto::JobSpec input;
  if (!input.ParseFromArray(sqlite3_column_blob(s, 0), sqlite3_column_bytes(s, 0))) {
    return Internal("job " + std::to_string(id) + ": stored script and environment are corrupt");
  }
  return input;
}

Status SqliteStore::ApplyAccounting(const proto::JobRecord& job) {
  std::string blob;
  if (!job.SerializeToString(&blob)) return Internal("cannot serialize job " + std::to_string(job.job_id()));
  sqlite3_stmt* s = upsert_accounting_.get();
  sqlite3_bind_int64(s, 1, job.job_id());
  sqlite3_bind_int64(s, 2, job.restart_count());
  sqlite3_bind_int64(s, 3, job.uid());
  sqlite3_bind_int64(s, 4, job.state());
  sqlite3_bind_int64(s, 5, job.submit_time());
  sqlite3_bind_int64(s, 6, job.end_time());
  sqlite3_bind_blob64(s, 7, blob.data(), blob.size(), SQLITE_STATIC);
  sqlite3_bind_int64(s, 8, job.array_job_id());
  return StepDone(db_, s, "storing the accounting record of job " + std::to_string(job.job_id()));
}

Result<std::vector<proto::JobRecord>> SqliteStore::QueryAccounting(const AccountingQuery& query, size_t limit) {
  std::vector<proto::JobRecord> out;
  BRAMBLE_RETURN_IF_ERROR(StepDone(db_, begin_read_.get(), "reading " + path_));
  Status st = Status::Ok();
  if (query.job_ids.empty()) {
    sqlite3_stmt* s = select_accounting_.get();
    sqlite3_bind_int64(s, 1, query.ended_after);
    sqlite3_bind_int64(s, 2, query.submitted_before);
    st = ReadAccounting(s, limit, &out);
  } else {
    for (uint32_t job_id : query.job_ids) {
      sqlite3_stmt* s = select_accounting_job_.get();
      sqlite3_bind_int64(s, 1, query.ended_after);
      sqlite3_bind_int64(s, 2, query.submitted_before);
      sqlite3_bind_int64(s, 3, job_id);
      st = ReadAccounting(s, limit, &out);
      if (!st.ok()) break;
    }
  }
  if (st.ok()) st = StepDone(db_, commit_.get(), "reading " + path_);
  if (!st.ok()) {
    RollbackIfOpen();
    return st.WithContext("reading accounting from " + path_);
  }
  return out;
}

Status SqliteStore::ReadAccounting(sqlite3_stmt* s, size_t limit, std::vector<proto::JobRecord>* out) {
  StmtReset reset(s);
  int rc = SQLITE_DONE;
  while (out->size() < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
    int64_t job_id = sqlite3_column_int64(s, 0);
    proto::JobRecord& job = out->emplace_back();
    if (!job.ParseFromArray(sqlite3_column_blob(s, 1), sqlite3_column_bytes(s, 1))) {
      return Internal("job " + std::to_string(job_id) + ": stored accounting record is corrupt");
    }
  }
  if (out->size() >= limit) return Status::Ok();
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading accounting");
  return Status::Ok();
}

size_t SqliteStore::ReleaseMemory() {
  sqlite3_int64 before = sqlite3_memory_used();
  sqlite3_db_release_memory(db_);
  return static_cast<size_t>(std::max<sqlite3_int64>(before - sqlite3_memory_used(), 0));
}

Result<int64_t> SqliteStore::PruneAccounting(int64_t ended_before) {
  {
    sqlite3_stmt* s = any_old_accounting_.get();
    StmtReset reset(s);
    sqlite3_bind_int64(s, 1, ended_before);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) return SqliteError(db_, rc, "reading accounting");
    if (sqlite3_column_int64(s, 0) == 0) return int64_t{0};  // nothing to do: write nothing
  }
  sqlite3_stmt* s = prune_accounting_.get();
  sqlite3_bind_int64(s, 1, ended_before);
  BRAMBLE_RETURN_IF_ERROR(StepDone(db_, s, "pruning accounting"));
  return static_cast<int64_t>(sqlite3_changes(db_));
}

Status SqliteStore::ApplyUsage(const FairShareUsage& usage) {
  BRAMBLE_RETURN_IF_ERROR(StepDone(db_, clear_usage_.get(), "clearing usage"));
  for (const auto& [user, cpu_seconds] : usage.users) {
    sqlite3_stmt* s = insert_usage_.get();
    sqlite3_bind_text(s, 1, user.data(), static_cast<int>(user.size()), SQLITE_STATIC);
    sqlite3_bind_double(s, 2, cpu_seconds);
    BRAMBLE_RETURN_IF_ERROR(StepDone(db_, s, "storing usage of " + user));
  }
  sqlite3_stmt* s = set_meta_.get();
  sqlite3_bind_text(s, 1, "usage_time", -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 2, usage.as_of);
  return StepDone(db_, s, "storing usage_time");
}

Status SqliteStore::ApplyLimitChange(const LimitChange& change) {
  sqlite3_stmt* s = upsert_limit_change_.get();
  int column = 1;
  for (const std::string* text : {&change.kind, &change.name, &change.file_settings, &change.settings}) {
    sqlite3_bind_text(s, column++, text->data(), static_cast<int>(text->size()), SQLITE_STATIC);
  }
  return StepDone(db_, s, "storing the limits of " + change.kind + " " + change.name);
}

Result<StoredState> SqliteStore::Load() {
  BRAMBLE_RETURN_IF_ERROR(StepDone(db_, begin_read_.get(), "reading " + path_));
  StoredState state;
  Status st = LoadInto(&state);
  if (st.ok()) st = StepDone(db_, commit_.get(), "reading " + path_);
  if (st.ok()) st = MoveInputsOutOfRecords(state.jobs);
  if (!st.ok()) {
    RollbackIfOpen();
    return st.WithContext("loading state from " + path_);
  }
  return state;
}

// Records stored before schema 4 carry their script and environment.
Status SqliteStore::MoveInputsOutOfRecords(std::vector<proto::JobRecord>& jobs) {
  StoreBatch batch;
  for (proto::JobRecord& job : jobs) {
    if (!job.has_spec() || (job.spec().script().empty() && job.spec().environment().empty())) continue;
    batch.upsert_inputs.push_back(TakeJobInput(job));
    batch.upsert_jobs.push_back(job);
  }
  return Commit(batch);
}

Status SqliteStore::LoadInto(StoredState* state) {
  int rc;
  {
    sqlite3_stmt* s = select_jobs_.get();
    StmtReset reset(s);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      int64_t job_id = sqlite3_column_int64(s, 0);
      const void* data = sqlite3_column_blob(s, 1);
      int size = sqlite3_column_bytes(s, 1);
      proto::JobRecord& job = state->jobs.emplace_back();
      if (!job.ParseFromArray(data, size)) {
        return Internal("job " + std::to_string(job_id) + ": stored record (" +
                        std::to_string(size) + " bytes) is corrupt");
      }
      if (job.job_id() != job_id) {
        return Internal("job " + std::to_string(job_id) + ": stored record is for job " +
                        std::to_string(job.job_id()));
      }
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading jobs");
  }
  {
    sqlite3_stmt* s = select_nodes_.get();
    StmtReset reset(s);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      NodeAdminState& node = state->nodes.emplace_back();
      node.name = ColumnText(s, 0);
      node.drain = sqlite3_column_int(s, 1) != 0;
      node.down = sqlite3_column_int(s, 2) != 0;
      node.reason = ColumnText(s, 3);
      node.reason_time = sqlite3_column_int64(s, 4);
      node.reason_uid = static_cast<uint32_t>(sqlite3_column_int64(s, 5));
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading nodes");
  }
  Result<std::optional<int64_t>> next = LoadMeta("next_job_id");
  if (!next) return next.error();
  if (*next) {
    if (**next < 1 || **next > UINT32_MAX) {
      return Internal("stored next_job_id " + std::to_string(**next) + " is out of range");
    }
    state->next_job_id = static_cast<uint32_t>(**next);
  }
  return LoadUsageAndLimits(state);
}

Result<std::optional<int64_t>> SqliteStore::LoadMeta(const char* key) {
  sqlite3_stmt* s = select_meta_.get();
  StmtReset reset(s);
  sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) return std::optional<int64_t>(sqlite3_column_int64(s, 0));
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, std::string("reading ") + key);
  return std::optional<int64_t>();
}

Status SqliteStore::LoadUsageAndLimits(StoredState* state) {
  int rc;
  Result<std::optional<int64_t>> as_of = LoadMeta("usage_time");
  if (!as_of) return as_of.error();
  state->usage.as_of = as_of->value_or(0);
  {
    sqlite3_stmt* s = select_usage_.get();
    StmtReset reset(s);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      state->usage.users.emplace_back(ColumnText(s, 0), sqlite3_column_double(s, 1));
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading usage");
  }
  {
    sqlite3_stmt* s = select_limit_changes_.get();
    StmtReset reset(s);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      state->limit_changes.push_back(
          {ColumnText(s, 0), ColumnText(s, 1), ColumnText(s, 2), ColumnText(s, 3)});
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading limit changes");
  }
  return Status::Ok();
}

// Creates the file with mode 0600 if absent; SQLite gives its -wal and -shm
// files the database file's mode.
Status CreatePrivateFile(const std::string& path) {
  struct stat sb;
  std::string dir = Dirname(path);
  if (stat(dir.c_str(), &sb) != 0 || !S_ISDIR(sb.st_mode)) {
    return NotFound("state directory " + dir + " does not exist");
  }
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("cannot open " + path + ": " + std::strerror(errno));
  close(fd);
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, bool synchronous_full) {
  BRAMBLE_RETURN_IF_ERROR(CreatePrivateFile(path));
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  auto store = std::make_unique<SqliteStore>(db, path);  // closes db on every return
  if (rc != SQLITE_OK) return SqliteError(db, rc, "cannot open " + path);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);

  Result<Stmt> wal = Prepare(db, "PRAGMA journal_mode = WAL");
  if (!wal) return wal.error().WithContext("opening " + path);
  rc = sqlite3_step(wal->get());
  if (rc != SQLITE_ROW) return SqliteError(db, rc, "setting WAL mode on " + path);
  std::string mode = ColumnText(wal->get(), 0);
  if (mode != "wal") return IoError("cannot use WAL mode on " + path + " (got " + mode + ")");
  wal->reset();

  std::string pragmas = std::string("PRAGMA synchronous = ") +
                        (synchronous_full ? "FULL" : "NORMAL") +
                        "; PRAGMA foreign_keys = ON; PRAGMA journal_size_limit = " +
                        std::to_string(kJournalSizeLimitBytes) +
                        "; PRAGMA cache_size = -" + std::to_string(kPageCacheKiB) + ";";
  BRAMBLE_RETURN_IF_ERROR(Exec(db, pragmas.c_str(), "configuring " + path));
  BRAMBLE_RETURN_IF_ERROR(MigrateSchema(db, path));
  BRAMBLE_RETURN_IF_ERROR(store->PrepareStatements());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace bramble::store
