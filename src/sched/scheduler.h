// The scheduler: pure logic. A snapshot of nodes, partitions, running jobs,
// limits and pending jobs goes in; decisions (which jobs start where, when
// the others are expected to start) and pending reasons come out. No
// sockets, no store, no clock: `now` is part of the snapshot.
//
// One pass walks the pending jobs in priority order (partition PriorityTier
// first, then the job's priority, then job id). A job that fits now, on
// resources no earlier job has reserved, starts. With backfill, a job that
// does not fit gets a reservation at its earliest possible start (found from
// the time limits of running jobs and of earlier reservations), so a later
// job may start now only where it ends before, or stays off, every earlier
// reservation: backfill never delays a higher-priority job's expected start.
// Without backfill (SchedulerType=sched/builtin) the first job that does not
// fit blocks the rest of its partitions, as Slurm's FIFO main loop does.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"

namespace bramble::sched {

// No end: a job without a time limit, or resources held by something the
// snapshot does not describe.
inline constexpr int64_t kForever = std::numeric_limits<int64_t>::max();

// One kind of generic resource on a node (slurm.conf Gres=gpu:a100:2).
// Devices are numbered 0..count-1 within the entry; at most 64 per entry.
struct NodeGres {
  std::string name;        // "gpu"
  std::string type;        // "a100", or "" when untyped
  uint32_t count = 0;
  uint64_t used_mask = 0;  // bit i: device i is allocated now
};

struct Node {
  std::string name;
  uint32_t cpus = 0;
  uint32_t alloc_cpus = 0;
  int64_t memory_mb = 0;
  int64_t alloc_memory_mb = 0;
  bool usable = false;       // registered, responding, not drained or down
  uint32_t weight = 1;       // lower weights are allocated first (Slurm's Weight=)
  std::vector<std::string> features;
  std::vector<NodeGres> gres;
};

struct Partition {
  std::string name;
  std::vector<int> nodes;    // indices into Snapshot::nodes, in node-table order
  bool up = true;            // State=UP (DOWN/DRAIN/INACTIVE partitions start nothing)
  int64_t max_time_s = -1;   // -1 = unlimited
  uint32_t max_nodes = 0;    // 0 = unlimited
  uint32_t priority_tier = 1;
};

// --gres=gpu[:type]:N, per node. --gpus=N is a count for the whole job:
// nodes are chosen as if each needed per_node (N over the fewest nodes,
// rounded up), and then the job gets exactly job_total, spread as evenly as
// the node count allows (see GresShares).
struct GresRequest {
  std::string name;
  std::string type;          // "" = any type
  uint32_t per_node = 0;
  uint32_t job_total = 0;    // 0: per_node on every node
};

// Quotas of one user or group (Bramble's UserLimits=/GroupLimits= lines,
// named after Slurm's association limits); -1 = none.
struct Limit {
  int64_t max_jobs = -1;     // running jobs
  int64_t max_cpus = -1;     // GrpTRES=cpu, in use
  int64_t max_memory_mb = -1;  // GrpTRES=mem, in use
  int64_t max_gpus = -1;     // GrpTRES=gres/gpu, in use
  int64_t max_wall_s = -1;   // MaxWall, per job
};

struct JobRequest {
  uint32_t job_id = 0;
  std::vector<int> partitions = {0};  // indices into Snapshot::partitions (-p a,b)
  uint32_t priority = 1;
  uint32_t ntasks = 1;
  uint32_t cpus_per_task = 1;
  uint32_t nodes_min = 0;     // 0 = as few as fit
  uint32_t nodes_max = 0;     // 0 = no maximum
  uint32_t ntasks_per_node = 0;  // 0 = unset
  int64_t mem_per_node_mb = -1;  // -1 = unset, 0 = the whole node
  int64_t mem_per_cpu_mb = 0;    // used when mem_per_node_mb is unset
  std::vector<int> required_nodes;  // -w, indices; all must be in the allocation
  std::vector<int> excluded_nodes;  // -x, indices
  // --constraint as alternatives of feature sets ("a&b|c" = {{a,b},{c}});
  // empty = any node.
  std::vector<std::vector<std::string>> constraint;
  std::vector<GresRequest> gres;
  bool exclusive = false;     // whole nodes: all CPUs, nothing shared
  bool held = false;          // JobHeldUser
  bool held_by_admin = false; // JobHeldAdmin
  bool dependency_pending = false;  // Dependency
  bool dependency_never = false;    // DependencyNeverSatisfied
  int64_t begin_time = 0;     // --begin; BeginTime until then
  int64_t time_limit_s = -1;  // -1 = unlimited
  std::vector<int> limits;    // indices into Snapshot::limits (user's, group's)
  uint32_t array_job_id = 0;  // 0 = not an array task
  uint32_t array_throttle = 0;  // %N: running tasks of the array at most; 0 = none
};

// Devices of one NodeGres entry given to a job on one node.
struct GresGrant {
  int entry = 0;          // index into Node::gres
  uint64_t mask = 0;      // the devices taken
};

// A job holding resources now, with its expected end (start + time limit).
// Its resources are part of the nodes' alloc_* figures already; the entry
// says when they come back, and what it counts against limits and arrays.
struct RunningJob {
  uint32_t job_id = 0;
  std::vector<int> nodes;
  std::vector<uint32_t> cpus_per_node;   // parallel to nodes
  int64_t mem_per_node_mb = 0;
  std::vector<std::vector<GresGrant>> gres_per_node;  // parallel to nodes; may be empty
  int64_t end_time = kForever;
  std::vector<int> limits;
  uint32_t array_job_id = 0;
};

struct SchedulerOptions {
  bool backfill = true;           // SchedulerType=sched/backfill
  int64_t backfill_window_s = 86400;  // bf_window: reservations beyond it are not made
  uint32_t backfill_max_jobs = 500;   // bf_max_job_test: reservations per pass
  int64_t backfill_resolution_s = 60; // bf_resolution: end times rounded up to it
};

struct Snapshot {
  std::vector<Node> nodes;
  std::vector<Partition> partitions;
  std::vector<RunningJob> running;
  std::vector<Limit> limits;
  std::vector<JobRequest> pending;  // any order: Schedule sorts by priority
  SchedulerOptions options;
  int64_t now = 0;
};

struct Placement {
  uint32_t job_id = 0;
  int partition = 0;                     // the partition it runs in
  std::vector<int> nodes;                // indices, ascending node-table order
  std::vector<uint32_t> cpus_per_node;   // parallel to nodes
  std::vector<uint32_t> tasks_per_node;  // parallel to nodes
  std::vector<std::vector<GresGrant>> gres_per_node;  // parallel to nodes
  int64_t mem_per_node_mb = 0;           // reserved on each node
};

// Where and when a waiting job is expected to start (squeue --start).
struct Reservation {
  int64_t start = 0;
  int64_t end = kForever;
  Placement placement;
};

struct Decisions {
  std::vector<Placement> starts;
  std::map<uint32_t, std::string> reasons;  // pending job id -> Slurm reason
  std::map<uint32_t, Reservation> reservations;  // by job id; backfill only
};

// One scheduling pass. Never allocates more CPUs, memory or devices than a
// node has free, counting the placements of this same pass.
Decisions Schedule(const Snapshot& snapshot);

// Whether the job could ever run in one of its partitions on an empty
// cluster (all nodes idle, whatever their state). A failure carries Slurm's
// text: "Requested node configuration is not available".
Status CheckSatisfiable(const JobRequest& job, const Snapshot& snapshot);

}  // namespace bramble::sched
