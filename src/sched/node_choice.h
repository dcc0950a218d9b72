// Choosing the nodes of one job and spreading its tasks over them, given how
// many tasks each candidate node can take now. Pure arithmetic over
// capacities: CPUs and memory are turned into capacities by placement.cc.
//
// Entry point: ChooseAndDistribute. Invariants of every answer: each required
// candidate is chosen; each chosen candidate gets at least one task and at
// most its capacity; the task counts sum to ntasks; the number of chosen
// candidates is at least nodes_min and at most nodes_max (when set) and
// ntasks (Slurm refuses more nodes than tasks).
//
// Without nodes_min the choice walks the candidates in partition order and
// fills each one (block distribution: -n 10 on 4-CPU nodes gives 4,4,2).
// With nodes_min the earliest nodes that can hold the job are chosen and the
// tasks spread as evenly as capacity allows (-N 2 -n 5 gives 3,2).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sched/scheduler.h"

namespace bramble::sched {

// A node the job may use, in partition order.
struct Candidate {
  int node = 0;           // index into Snapshot::nodes
  uint32_t capacity = 0;  // tasks of this job it can take now
  bool required = false;  // named by -w
};

// Chooses candidates for `job` (its ntasks, nodes_min, nodes_max) and the
// tasks each gets. Returns one task count per candidate, 0 for those not
// chosen, or nullopt when no choice meets the limits.
std::optional<std::vector<uint32_t>> ChooseAndDistribute(
    const std::vector<Candidate>& candidates, const JobRequest& job);

}  // namespace bramble::sched
