// Follows a job's candidates as placement finds them, in partition order,
// and says when node_choice's answer (ChooseAndDistribute) can no longer
// depend on any that come later, so that placement may stop looking: on a
// big partition most nodes are never chosen.
//
// Only for jobs naming no nodes (a required node may come last); for others
// it never says so. Capacities must not pass ntasks_per_node, when set
// (placement's never do).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sched/scheduler.h"

namespace bramble::sched {

class ChoiceSettled {
 public:
  explicit ChoiceSettled(const JobRequest& job);

  // Counts the next candidate (capacity 0: a node that is not one);
  // returns whether the answer is settled.
  bool Add(uint32_t capacity);

 private:
  // The sum of the `count` largest capacities seen.
  class LargestSum {
   public:
    explicit LargestSum(uint64_t count) : count_(count) {}
    void Add(uint32_t capacity);
    // Whether `count` capacities were seen and add up to `tasks`.
    bool Holds(uint32_t tasks) const { return heap_.size() == count_ && sum_ >= tasks; }

   private:
    uint64_t count_;
    std::vector<uint32_t> heap_;  // the largest, smallest on top
    uint64_t sum_ = 0;
  };

  const JobRequest& job_;
  bool applies_;
  uint64_t max_nodes_;  // as node_choice limits them
  uint64_t taken_ = 0;  // candidates seen
  uint64_t total_ = 0;  // their capacity
  LargestSum fewest_;   // over the fewest nodes any candidates could hold the job on
  LargestSum nodes_min_;
};

}  // namespace bramble::sched
