// The pass's job order; see priority_order.h.
#include "sched/priority_order.h"

#include <algorithm>
#include <cstdint>

#include "sched/radix_sort.h"

namespace bramble::sched {
namespace {

uint32_t BestTier(const JobRequest& job, const Snapshot& snapshot) {
  uint32_t tier = 0;
  for (int p : job.partitions) {
    if (p >= 0 && static_cast<size_t>(p) < snapshot.partitions.size()) {
      tier = std::max(tier, snapshot.partitions[p].priority_tier);
    }
  }
  return tier;
}

}  // namespace

std::vector<size_t> PriorityOrder(const Snapshot& snapshot) {
  // Tier and priority inverted, so that ascending order puts the highest
  // first; the sort is stable, so equal jobs keep their snapshot order.
  std::vector<SortKey> keys(snapshot.pending.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const JobRequest& job = snapshot.pending[i];
    keys[i] = {{job.job_id, ~job.priority, ~BestTier(job, snapshot)}, static_cast<uint32_t>(i)};
  }
  RadixSort(keys);
  std::vector<size_t> order(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) order[i] = keys[i].index;
  return order;
}

}  // namespace bramble::sched
