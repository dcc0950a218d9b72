// Fitting an idle cluster; see idle_fit.h.
#include "sched/idle_fit.h"

#include "sched/placement.h"

namespace bramble::sched {

IdleFit::IdleFit(const std::vector<Node>& nodes, const std::vector<Partition>& partitions)
    : nodes_(nodes), partitions_(partitions) {}

bool IdleFit::Fits(const JobRequest& job, const std::vector<int>& partitions, bool node_limits) {
  std::optional<JobShape> shape = ShapeOf(job);
  if (!shape) return FitsOnIdle(job, partitions, node_limits);
  auto [it, added] = by_shape_.try_emplace({std::move(*shape), partitions, node_limits}, false);
  if (added) it->second = FitsOnIdle(job, partitions, node_limits);
  return it->second;
}

bool IdleFit::FitsOnIdle(const JobRequest& job, const std::vector<int>& partitions, bool node_limits) {
  if (!idle_) {
    idle_ = nodes_;
    for (Node& node : *idle_) {
      node.alloc_cpus = 0;
      node.alloc_memory_mb = 0;
      node.usable = true;
      for (NodeGres& entry : node.gres) entry.used_mask = 0;
    }
  }
  for (int p : partitions) {
    if (p < 0 || static_cast<size_t>(p) >= partitions_.size()) continue;
    if (node_limits) {
      if (PlaceJob(job, partitions_[p], *idle_)) return true;
      continue;
    }
    Partition unlimited = partitions_[p];
    unlimited.max_nodes = 0;
    if (PlaceJob(job, unlimited, *idle_)) return true;
  }
  return false;
}

}  // namespace bramble::sched
