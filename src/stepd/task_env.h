// The environment of one task of an srun step (COMPAT.md 7.2): srun's
// environment as it arrives in LaunchStep (already filtered by --export on
// the srun side), then the SLURM_* variables of the step, its node and the
// task, which replace any inherited value of the same name (a step of 2
// tasks started from a batch script of 8 sees SLURM_NTASKS=2).
//
// What is set, from the layout and the launch message:
//  - the task: SLURM_PROCID (global rank), SLURM_LOCALID, SLURM_NODEID,
//    SLURMD_NODENAME, HOSTNAME and SLURM_TOPOLOGY_ADDR (the node's name as
//    in SLURM_NODELIST, rule 0.4), SLURM_GTIDS, SLURM_CPUS_ON_NODE,
//    SLURM_TASK_PID when known;
//  - the step: SLURM_STEP_ID/SLURM_STEPID, SLURM_STEP_NODELIST,
//    SLURM_STEP_NUM_NODES, SLURM_STEP_NUM_TASKS, SLURM_STEP_TASKS_PER_NODE,
//    and the legacy SLURM_NODELIST, SLURM_NNODES, SLURM_NTASKS,
//    SLURM_NPROCS, SLURM_TASKS_PER_NODE with the step's values;
//  - the job: SLURM_JOB_ID/SLURM_JOBID, SLURM_JOB_NODELIST,
//    SLURM_JOB_NUM_NODES, SLURM_JOB_CPUS_PER_NODE, name, partition,
//    cluster, account, user and group, start and end time;
//  - srun: SLURM_LAUNCH_NODE_IPADDR, SLURM_SRUN_COMM_HOST/PORT,
//    SLURM_STEP_LAUNCHER_PORT, SLURM_CONF, SLURM_UMASK, SRUN_DEBUG, and
//    SLURM_CPU_BIND{,_VERBOSE,_TYPE,_LIST} when --cpu-bind was given
//    (Slurm's setup_env() in src/common/env.c: "none" gives
//    SLURM_CPU_BIND=quiet,none, TYPE=none, LIST empty);
//  - PMI_FD, PMI_RANK, PMI_SIZE, PMI_JOBID=<job>.<step> with --mpi=pmi1 or
//    pmi2 only (Slurm's mpi/pmi2 plugin); never PMI_VERSION, PMI_SUBVERSION,
//    PMI_PORT or PMI_ID (COMPAT.md 3.4).
// Inherited PMI_FD, PMI_RANK, PMI_SIZE, PMI_JOBID, PMI_SPAWNED, PMI_PORT and
// PMI_ID are dropped whatever the MPI type: they describe a PMI connection
// of srun's own process (srun started from inside an MPI rank) that does
// not exist where the task runs, and a task would try to use it. Slurm
// passes them through with --mpi=none; Bramble does not.
// Never SLURM_STEP_ID in the batch script (rule 0.7); always here.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::stepd {

// Facts known only on the node, around fork().
struct TaskFacts {
  std::string node_name;  // this node's name; when given it must be the layout's
                          // name for node_index (the variables use the layout's, rule 0.4)
  int pmi_fd = -1;        // the task's end of its PMI socketpair (--mpi=pmi1/pmi2); -1 = none
  pid_t task_pid = 0;     // SLURM_TASK_PID; 0 = not known yet: it is left out (and an
                          // inherited one dropped) so the caller may append it
};

// The global rank (SLURM_PROCID) of local task `local_id` on step node
// `node_index`: the tasks of earlier nodes plus local_id (block numbering).
// Assumes the position is valid (see CheckTaskPosition).
uint32_t GlobalRank(const proto::StepLayout& layout, uint32_t node_index, uint32_t local_id);

// Whether task `local_id` of step node `node_index` exists in the layout:
// kInvalidArgument when the node, task and CPU lists differ in length, an
// index is out of range, or `node_name` (when not empty) is not the
// layout's name for node_index. The stepd checks once before any fork.
Status CheckTaskPosition(const proto::StepLayout& layout, uint32_t node_index, uint32_t local_id,
                         const std::string& node_name = "");

// "K=V" entries for the task, without duplicate names. Returns an empty
// environment when CheckTaskPosition fails for the task (a layout the
// stepd should have refused), never a half-filled one.
std::vector<std::string> BuildTaskEnvironment(const proto::LaunchStep& launch,
                                              const proto::StepLayout& layout, uint32_t node_index,
                                              uint32_t local_id, const TaskFacts& facts);

// The SLURM_CPU_BIND* variables for a --cpu-bind value, as Slurm's
// setup_env() writes them: {"SLURM_CPU_BIND_VERBOSE", "quiet"},
// {"SLURM_CPU_BIND_TYPE", "mask_cpu:"}, {"SLURM_CPU_BIND_LIST", "0x3"},
// {"SLURM_CPU_BIND", "quiet,mask_cpu:0x3"}. Unknown words are ignored.
std::vector<std::pair<std::string, std::string>> CpuBindVariables(const std::string& cpu_bind);

}  // namespace bramble::stepd
