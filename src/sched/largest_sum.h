// The sum of the `count` largest values seen so far, kept as they come: how
// many CPUs (or tasks) the best `count` nodes offer. A job needing more than
// that on at most `count` nodes fits on none of them, and one needing no
// more may stop looking for nodes (placement now, choice_settled.h).
#pragma once

#include <cstdint>
#include <vector>

namespace bramble::sched {

class LargestSum {
 public:
  explicit LargestSum(uint64_t count = 0) : count_(count) {}

  // Starts over, for the `count` largest.
  void Reset(uint64_t count);

  void Add(int64_t value);

  // The sum of the `count` largest values seen (of all, while fewer).
  int64_t sum() const { return sum_; }

  // Whether `count` values have been seen.
  bool full() const { return heap_.size() == count_; }

 private:
  uint64_t count_;
  std::vector<int64_t> heap_;  // the largest seen, smallest on top
  int64_t sum_ = 0;
};

}  // namespace bramble::sched
