// The scheduler: pure logic. A snapshot of nodes, partitions and pending jobs
// goes in; decisions (which jobs start where) and pending reasons come out.
// No sockets, no store, no clock: `now` is part of the snapshot.
//
// This first version is FIFO per partition (the later scheduler issue adds
// priority, backfill, arrays, dependencies and limits): jobs are tried in the
// order given; once a job in a partition cannot start for lack of resources,
// later jobs of that partition wait with reason "Priority" so a stream of
// small jobs cannot starve a big one.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"

namespace bramble::sched {

struct Node {
  std::string name;
  uint32_t cpus = 0;
  uint32_t alloc_cpus = 0;
  int64_t memory_mb = 0;
  int64_t alloc_memory_mb = 0;
  bool usable = false;       // registered, responding, not drained or down
};

struct Partition {
  std::string name;
  std::vector<int> nodes;    // indices into Snapshot::nodes, in node-table order
  bool up = true;            // State=UP (DOWN/DRAIN/INACTIVE partitions start nothing)
  int64_t max_time_s = -1;   // -1 = unlimited
};

struct JobRequest {
  uint32_t job_id = 0;
  int partition = 0;          // index into Snapshot::partitions
  uint32_t ntasks = 1;
  uint32_t cpus_per_task = 1;
  uint32_t nodes_min = 0;     // 0 = as few as fit
  uint32_t nodes_max = 0;     // 0 = no maximum
  uint32_t ntasks_per_node = 0;  // 0 = unset
  int64_t mem_per_node_mb = -1;  // -1 = unset, 0 = the whole node
  int64_t mem_per_cpu_mb = 0;    // used when mem_per_node_mb is unset
  std::vector<int> required_nodes;  // -w, indices; all must be in the allocation
  std::vector<int> excluded_nodes;  // -x, indices
  bool held = false;
  int64_t time_limit_s = -1;
};

struct Snapshot {
  std::vector<Node> nodes;
  std::vector<Partition> partitions;
  std::vector<JobRequest> pending;  // in priority order (FIFO: by job id)
  int64_t now = 0;
};

struct Placement {
  uint32_t job_id = 0;
  std::vector<int> nodes;                // indices, ascending node-table order
  std::vector<uint32_t> cpus_per_node;   // parallel to nodes
  std::vector<uint32_t> tasks_per_node;  // parallel to nodes
  int64_t mem_per_node_mb = 0;           // reserved on each node
};

struct Decisions {
  std::vector<Placement> starts;
  std::map<uint32_t, std::string> reasons;  // pending job id -> Slurm reason
};

// One scheduling pass. Never allocates more CPUs or memory than a node has
// free, counting the placements of this same pass.
Decisions Schedule(const Snapshot& snapshot);

// Whether the job could ever run in its partition on an empty cluster (all
// nodes idle, whatever their state). A failure carries Slurm's text:
// "Requested node configuration is not available".
Status CheckSatisfiable(const JobRequest& job, const Snapshot& snapshot);

}  // namespace bramble::sched
