// Laying out one srun step inside a running job: which of the job's nodes
// the step uses and how many tasks go on each (slurmctld's step creation,
// simplified). Pure: the controller converts to and from the wire messages
// (proto::StepRequest in, proto::StepLayout out).
//
// Entry point: LayOutStep. The rules, each from Slurm (srun's
// job_step_create_allocation/_set_ntasks/_opt_verify in src/srun, and
// _pick_step_nodes/step_layout_create in src/stepmgr/stepmgr.c):
//  - Node count. -w names count as a minimum (srun: max(names, -N)). With
//    neither -N nor -w a step uses every node of the job, or ntasks nodes
//    when fewer tasks than nodes were asked for (so `srun -n 1` takes one
//    node and `srun -n 4` in a two-node job takes both). Without a maximum
//    the maximum is the minimum; a range takes as many nodes as allowed.
//    Never more nodes than tasks: -n below -N lowers -N (srun warns).
//  - Task count without -n: --ntasks-per-node times the nodes; else with -c
//    the tasks the chosen nodes' CPUs hold (srun counts the CPUs of the
//    whole job even when the step has fewer nodes, then fails; Bramble
//    counts the step's); else one task per node. The job's own task
//    layout plays no part, as in Slurm: only its CPUs do.
//  - Which nodes: the -w nodes, then the first others in the job's order
//    (MPICH Hydra relies on `srun -N n` taking the first n), skipping nodes
//    that cannot hold one task; only when those cannot hold the tasks are
//    the nodes with the most room taken instead. Always returned in the
//    job's order. -x removes nodes; names outside the job are ignored.
//  - Tasks per node: Slurm's block distribution, which deals tasks round
//    robin to decide the counts (-N 2 -n 5 gives 3,2) and numbers them
//    node by node. A node takes at most CPUs/cpus_per_task tasks and at
//    most --ntasks-per-node (the srun man page: with -n it is a maximum).
//    Slurm would oversubscribe past --ntasks-per-node; Bramble refuses.
//  - Resources: steps do not count against each other (Slurm's default for
//    steps without --exact, which Open MPI's orted launch needs, COMPAT.md
//    2.3): every step may use all the job's CPUs and memory on its nodes,
//    so --overlap and --exclusive change nothing and no step is ever
//    "busy". cpus_per_node of a step is the job's CPUs on each node.
//
// Errors carry the text srun prints after "srun: error: ", e.g.
// "Unable to create step for job 7: More processors requested than permitted".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace bramble::sched {

// The job a step runs in.
struct JobAllocation {
  uint32_t job_id = 0;
  std::vector<std::string> nodes;       // in the job's node-list order
  std::vector<uint32_t> cpus_per_node;  // CPUs allocated to the job, parallel to nodes
  int64_t mem_per_node_mb = 0;          // the job's memory on each node; 0 = not limited
};

// An srun step request after option parsing (SLURM_NTASKS and friends
// already read); unset fields were not given.
struct StepRequest {
  std::optional<uint32_t> ntasks;           // -n
  std::optional<uint32_t> nodes_min;        // -N min[-max]
  std::optional<uint32_t> nodes_max;
  std::optional<uint32_t> cpus_per_task;    // -c
  std::optional<uint32_t> ntasks_per_node;  // --ntasks-per-node
  std::vector<std::string> nodelist;        // -w, expanded
  std::vector<std::string> exclude;         // -x, expanded
  std::optional<int64_t> mem_mb;            // --mem, per node; 0 = all of the job's
  bool overlap = false;                     // accepted, no effect (see above)
  bool exclusive = false;                   // accepted, no effect (see above)
};

// Where the step runs. Node i of the step (SLURM_NODEID i) is nodes[i] and
// holds ranks sum(tasks_per_node[0..i)) onwards.
struct StepLayout {
  std::vector<int> node_indices;        // into JobAllocation::nodes, ascending
  std::vector<std::string> nodes;       // their names
  std::vector<uint32_t> tasks_per_node; // parallel to nodes, each >= 1
  std::vector<uint32_t> cpus_per_node;  // the job's CPUs on each node
  uint32_t ntasks = 0;
  uint32_t cpus_per_task = 0;           // 0 = -c not given
  int64_t mem_per_node_mb = 0;          // the step's memory per node; 0 = not limited
};

// Lays out `request` inside `job`. Every answer holds: the task counts add
// up to ntasks, each node gets at least one task and no more than its CPUs
// (or --ntasks-per-node) allow, -w nodes are in it and -x nodes are not.
// Fails with kInvalidArgument and srun's text, among them:
//   "Unable to create step for job N: More processors requested than permitted"
//   "Unable to create step for job N: Requested node configuration is not available"
//     (a -w node outside the job, or --ntasks-per-node too small)
//   "Unable to create step for job N: Memory required by task is not available"
//   "Minimum node count > allocated node count (3 > 2)"
Result<StepLayout> LayOutStep(const JobAllocation& job, const StepRequest& request);

}  // namespace bramble::sched
