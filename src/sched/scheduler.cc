// One scheduling pass and the submit-time satisfiability check; see
// scheduler.h.
//
// Schedule walks the pending jobs in the order given, on a private copy of
// the node table so each start is counted before the next job is tried.
// Reasons, in the order they are checked (Slurm's names):
//   JobHeldUser        held (does not block others)
//   BadConstraints     partition index out of range
//   PartitionDown      the partition is not up (does not block)
//   PartitionTimeLimit the time limit exceeds the partition's (does not block)
//   ReqNodeNotAvail    a -w node is not usable now (does not block)
//   Priority           an earlier job of the partition waits for resources
//   BadConstraints     could not run even on an idle cluster (does not block;
//                      the node table changed since submission)
//   Resources          does not fit now; blocks the rest of its partition
#include "sched/scheduler.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sched/placement.h"

namespace bramble::sched {
namespace {

bool ValidNode(const Snapshot& snapshot, int index) {
  return index >= 0 && static_cast<size_t>(index) < snapshot.nodes.size();
}

// The reason a job is not even tried, or "" when it may be placed.
std::string ReasonBeforePlacement(const JobRequest& job, const Snapshot& snapshot,
                                  const std::vector<bool>& blocked) {
  if (job.held) return "JobHeldUser";
  if (job.partition < 0 || static_cast<size_t>(job.partition) >= snapshot.partitions.size()) {
    return "BadConstraints";
  }
  const Partition& partition = snapshot.partitions[job.partition];
  if (!partition.up) return "PartitionDown";
  if (job.time_limit_s >= 0 && partition.max_time_s >= 0 &&
      job.time_limit_s > partition.max_time_s) {
    return "PartitionTimeLimit";
  }
  for (int index : job.required_nodes) {
    if (ValidNode(snapshot, index) && !snapshot.nodes[index].usable) return "ReqNodeNotAvail";
  }
  if (blocked[job.partition]) return "Priority";
  return "";
}

}  // namespace

Decisions Schedule(const Snapshot& snapshot) {
  Decisions decisions;
  std::vector<Node> nodes = snapshot.nodes;
  std::vector<bool> blocked(snapshot.partitions.size(), false);
  for (const JobRequest& job : snapshot.pending) {
    std::string reason = ReasonBeforePlacement(job, snapshot, blocked);
    if (!reason.empty()) {
      decisions.reasons[job.job_id] = reason;
      continue;
    }
    std::optional<Placement> placement = PlaceJob(job, snapshot.partitions[job.partition], nodes);
    if (placement) {
      ApplyPlacement(*placement, nodes);
      decisions.starts.push_back(std::move(*placement));
      continue;
    }
    if (!CheckSatisfiable(job, snapshot).ok()) {
      decisions.reasons[job.job_id] = "BadConstraints";
      continue;
    }
    decisions.reasons[job.job_id] = "Resources";
    blocked[job.partition] = true;
  }
  return decisions;
}

Status CheckSatisfiable(const JobRequest& job, const Snapshot& snapshot) {
  if (job.partition < 0 || static_cast<size_t>(job.partition) >= snapshot.partitions.size()) {
    return InvalidArgument("Invalid partition name specified");
  }
  std::vector<Node> idle = snapshot.nodes;
  for (Node& node : idle) {
    node.alloc_cpus = 0;
    node.alloc_memory_mb = 0;
    node.usable = true;
  }
  if (!PlaceJob(job, snapshot.partitions[job.partition], idle)) {
    return InvalidArgument("Requested node configuration is not available");
  }
  return Status::Ok();
}

}  // namespace bramble::sched
