// When node choice is settled; see choice_settled.h.
//
// node_choice.cc chooses, for block distribution (nodes_min 0), the first
// candidates that hold ntasks when they are few enough (nodes_max): once
// they are seen, that is the answer. Otherwise it takes count = max(F,
// nodes_min) nodes, F the fewest whose capacities hold ntasks, the earliest
// first and later, larger ones swapped in while short; the swaps keep the
// largest seen, so they end among the first candidates whose `count`
// largest hold ntasks. What can settle `count` before the end:
//   - no candidate is worth more than `most` tasks (ntasks, or
//     ntasks_per_node), so F >= ceil(ntasks / most): once that many
//     candidates seen hold the job, F is that, whatever comes later;
//   - once nodes_min candidates seen hold the job, F <= nodes_min, and
//     count is nodes_min, whatever comes later.
#include "sched/choice_settled.h"

#include <algorithm>

namespace bramble::sched {
namespace {

uint64_t FewestPossible(const JobRequest& job) {
  uint32_t most = job.ntasks_per_node > 0 ? std::min(job.ntasks_per_node, job.ntasks) : job.ntasks;
  return most > 0 ? (uint64_t{job.ntasks} + most - 1) / most : 0;
}

}  // namespace

ChoiceSettled::ChoiceSettled(const JobRequest& job)
    : job_(job),
      applies_(job.required_nodes.empty() && job.ntasks > 0),
      max_nodes_(std::min<uint64_t>(job.nodes_max > 0 ? job.nodes_max : job.ntasks, job.ntasks)),
      // Block distribution looks for F only when nodes_max stops the first
      // candidates that hold the job; without it there is no F to follow.
      fewest_(job.nodes_min == 0 && max_nodes_ == job.ntasks ? 0 : FewestPossible(job)),
      nodes_min_(job.nodes_min) {}

bool ChoiceSettled::Holds(const LargestSum& largest) const {
  return largest.full() && largest.sum() >= int64_t{job_.ntasks};
}

bool ChoiceSettled::Add(uint32_t capacity) {
  if (!applies_ || capacity == 0) return false;
  ++taken_;
  total_ += capacity;
  fewest_.Add(capacity);
  nodes_min_.Add(capacity);
  if (job_.nodes_min == 0) {
    bool first_to_hold = total_ >= job_.ntasks && total_ - capacity < job_.ntasks;
    if (first_to_hold && taken_ <= max_nodes_) return true;
    // Past that point only nodes_max can make node_choice look for F.
    return Holds(fewest_);
  }
  if (Holds(nodes_min_)) return true;
  return Holds(fewest_) && taken_ >= job_.nodes_min;
}

}  // namespace bramble::sched
