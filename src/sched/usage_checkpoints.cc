// Per-node usage at a few moments; see usage_checkpoints.h.
#include "sched/usage_checkpoints.h"

#include <algorithm>
#include <utility>

namespace bramble::sched {

void UsageCheckpoints::Append(int64_t time, std::vector<int64_t> cpus) {
  checkpoints_.push_back({time, std::move(cpus)});
}

void UsageCheckpoints::Change(int node, int64_t time, int64_t cpus) {
  auto first = std::lower_bound(checkpoints_.begin(), checkpoints_.end(), time,
                                [](const Checkpoint& c, int64_t t) { return c.time < t; });
  for (auto it = first; it != checkpoints_.end(); ++it) it->cpus[node] += cpus;
}

void UsageCheckpoints::ChangeNow(int node, int64_t cpus) {
  for (Checkpoint& checkpoint : checkpoints_) checkpoint.cpus[node] += cpus;
}

const UsageCheckpoints::Checkpoint* UsageCheckpoints::AtOrBefore(int64_t time) const {
  auto after = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), time,
                                [](int64_t t, const Checkpoint& c) { return t < c.time; });
  return after == checkpoints_.begin() ? nullptr : &*(after - 1);
}

}  // namespace bramble::sched
