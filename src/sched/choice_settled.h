// Follows a job's candidates as placement finds them, in partition order,
// and says when node_choice's answer (ChooseAndDistribute) can no longer
// depend on any that come later, so that placement may stop looking: on a
// big partition most nodes are never chosen.
//
// Only for jobs naming no nodes (a required node may come last); for others
// it never says so. Capacities must not pass ntasks_per_node, when set
// (placement's never do).
#pragma once

#include <cstdint>

#include "sched/largest_sum.h"
#include "sched/scheduler.h"

namespace bramble::sched {

class ChoiceSettled {
 public:
  explicit ChoiceSettled(const JobRequest& job);

  // Counts the next candidate (capacity 0: a node that is not one);
  // returns whether the answer is settled.
  bool Add(uint32_t capacity);

 private:
  // Whether `largest` saw its count of candidates, and they hold the job.
  bool Holds(const LargestSum& largest) const;

  const JobRequest& job_;
  bool applies_;
  uint64_t max_nodes_;  // as node_choice limits them
  uint64_t taken_ = 0;  // candidates seen
  uint64_t total_ = 0;  // their capacity
  LargestSum fewest_;     // the largest capacities, as many as the fewest nodes that hold the job
  LargestSum nodes_min_;  // the nodes_min largest
};

}  // namespace bramble::sched
