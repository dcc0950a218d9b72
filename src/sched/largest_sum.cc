// The largest values' sum; see largest_sum.h.
#include "sched/largest_sum.h"

#include <algorithm>
#include <functional>

namespace bramble::sched {

void LargestSum::Reset(uint64_t count) {
  count_ = count;
  heap_.clear();
  sum_ = 0;
}

void LargestSum::Add(int64_t value) {
  if (count_ == 0) return;
  if (heap_.size() < count_) {
    heap_.push_back(value);
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
    sum_ += value;
  } else if (value > heap_.front()) {
    sum_ += value - heap_.front();
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
    heap_.back() = value;
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
  }
}

}  // namespace bramble::sched
