// The order in which one pass considers the pending jobs: partition
// PriorityTier first (the best tier among the job's partitions), then the
// job's priority, both highest first, then job id, lowest first. Jobs equal
// in all three keep their snapshot order.
#pragma once

#include <cstddef>
#include <vector>

#include "sched/scheduler.h"

namespace bramble::sched {

// Indices into snapshot.pending, first to consider first.
std::vector<size_t> PriorityOrder(const Snapshot& snapshot);

}  // namespace bramble::sched
