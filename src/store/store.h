// The controller's durable state (docs/state.md): jobs, the administrative
// state of nodes (drain/down and why), the next job id, fair-share usage,
// and operators' run-time limit changes. Everything else
// a node reports (load, heartbeats, registration) lives in memory only, so
// an idle cluster writes nothing to its SD card.
//
// The controller collects the mutations of one loop turn into a StoreBatch
// and commits it as one transaction before acknowledging any of them.
// A Store is not thread-safe: it has one owner (the controller loop or the
// worker it hands commits to).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::store {

// What an administrator set on a node with scontrol, kept across restarts.
struct NodeAdminState {
  std::string name = {};
  bool drain = false;
  bool down = false;
  std::string reason = {};
  int64_t reason_time = 0;  // Unix seconds
  uint32_t reason_uid = 0;
};

// Fair-share usage: each user's decayed CPU-seconds as of `as_of` (Unix
// seconds; 0 = never stored). Stored whole, replacing the previous one.
struct FairShareUsage {
  int64_t as_of = 0;
  std::vector<std::pair<std::string, double>> users = {};
};

// An operator's run-time change of one UserLimits=/GroupLimits= entry:
// `settings` are the entry's whole settings after it, `file_settings` what
// the configuration file said when it was made (so a later edit of the file
// can take precedence). Both are space-separated Key=Value tokens.
struct LimitChange {
  std::string kind = {};  // "user" or "group"
  std::string name = {};
  std::string file_settings = {};
  std::string settings = {};
};

// sacct's question to the accounting tables: the runs that had not ended
// before `ended_after` and were submitted before `submitted_before`, of the
// jobs named (as job ids or as array job ids; all when empty). Finer filters (user, state, name) are the
// caller's.
struct AccountingQuery {
  std::vector<uint32_t> job_ids = {};
  int64_t ended_after = 0;                     // Unix seconds
  int64_t submitted_before = INT64_MAX;
};

// A job's batch script and environment: most of a submitted job's bytes, and
// needed only to launch it. They are stored apart from its record, under
// `id` (the job's id, or an array's id for all of its tasks), so that the
// records the controller keeps in memory stay small.
struct JobInput {
  uint32_t id = 0;
  proto::JobSpec input = {};  // only script and environment are set
};

// The id a job's input is stored under: an array task's is its array's.
uint32_t JobInputId(const proto::JobRecord& job);
uint32_t JobInputId(uint32_t job_id, uint32_t array_job_id);

// Moves `spec`'s script and environment into the JobInput of `job`.
JobInput TakeJobInput(proto::JobRecord& job);

// The mutations of one transaction (the `= {}` initializers let callers use
// designated initializers, `{.upsert_jobs = {job}}`, under -Wextra). Applied in this order: job upserts, job
// deletions (so deleting a job upserted in the same batch deletes it), node
// upserts, next job id, usage, limit changes, accounting records, input
// upserts, input deletions.
struct StoreBatch {
  std::vector<proto::JobRecord> upsert_jobs = {};  // whole records; job_id != 0
  std::vector<uint32_t> delete_jobs = {};          // absent ids are ignored
  std::vector<NodeAdminState> upsert_nodes = {};   // name != ""
  std::optional<uint32_t> next_job_id = {};
  std::optional<FairShareUsage> usage = {};        // replaces the stored usage
  std::vector<LimitChange> upsert_limit_changes = {};  // by (kind, name); name != ""
  // Accounting: one record per (job_id, restart_count), the run it ended.
  std::vector<proto::JobRecord> upsert_accounting = {};
  std::vector<JobInput> upsert_inputs = {};  // id != 0
  std::vector<uint32_t> delete_inputs = {};  // absent ids are ignored
  bool empty() const {
    return upsert_jobs.empty() && delete_jobs.empty() && upsert_nodes.empty() &&
           !next_job_id.has_value() && !usage.has_value() && upsert_limit_changes.empty() &&
           upsert_accounting.empty() && upsert_inputs.empty() && delete_inputs.empty();
  }
};

// Everything a controller needs at start.
struct StoredState {
  std::vector<proto::JobRecord> jobs;   // by job id; without script or environment (LoadJobInput)
  std::vector<NodeAdminState> nodes;    // by name
  uint32_t next_job_id = 1;             // 1 when never stored
  FairShareUsage usage;                 // as_of 0 when never stored
  std::vector<LimitChange> limit_changes;  // by kind, then name
};

// The store interface: SQLite now, PostgreSQL later.
class Store {
 public:
  virtual ~Store() = default;
  // Applies `batch` all or nothing. When it returns OK the batch survives a
  // crash of this process (and, with synchronous_full, a power loss). An
  // empty batch writes nothing. On error nothing of the batch was applied:
  // InvalidArgument for a job id 0 or an unnamed node, Unavailable when the
  // database stayed locked, kIo for a disk or database failure.
  virtual Status Commit(const StoreBatch& batch) = 0;
  // Reads the whole stored state. kIo on a database failure; Internal naming
  // the job id when a stored record does not parse (never silently dropped).
  // Records stored with their script and environment (before schema 4) have
  // them moved to job_inputs first, in one transaction.
  virtual Result<StoredState> Load() = 0;
  // The script and environment stored under `id` (JobInput). NotFound when
  // none are; Internal when they do not parse; kIo on a database failure.
  virtual Result<proto::JobSpec> LoadJobInput(uint32_t id) = 0;
  // The accounting records `query` selects, by job id then run; at most
  // `limit` of them (the oldest job ids first). kIo on a database failure;
  // Internal when a record does not parse.
  virtual Result<std::vector<proto::JobRecord>> QueryAccounting(const AccountingQuery& query,
                                                                size_t limit) = 0;
  // Deletes the accounting records of runs that ended before `ended_before`
  // (Unix seconds) and returns how many. Writes nothing when none did.
  virtual Result<int64_t> PruneAccounting(int64_t ended_before) = 0;
  // Gives back the memory the store caches (SQLite's page cache) when the
  // controller goes quiet; the next commit reads what it needs again, from
  // the kernel's page cache. Returns the bytes freed.
  virtual size_t ReleaseMemory() = 0;
};

// Opens (creating if needed, mode 0600) the SQLite database at `path` and
// upgrades its schema. Its directory must exist (NotFound otherwise).
// synchronous_full makes each commit durable against power loss, at the cost
// of an fsync per commit; the default (WAL + synchronous=NORMAL) survives any
// process crash, and a power loss may lose the last commits but never
// corrupts the database. InvalidArgument when the database has a schema newer
// than this build knows; kIo when it cannot be opened or is not a database.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               bool synchronous_full = false);

}  // namespace bramble::store
