// Node choice and task distribution for one job; see node_choice.h.
//
// The choice is made in two steps. First the node count: for block
// distribution, the count an in-order walk needs; with nodes_min, at least
// nodes_min; in both cases no fewer than the fewest nodes whose capacities
// can hold the tasks. Then which nodes: the required ones plus the earliest
// others, where a chosen node is swapped for a later, larger one only while
// the total capacity falls short. The swap keeps the largest capacities seen
// so far, so if any set of that many nodes can hold the job, one is found.
#include "sched/node_choice.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <queue>
#include <utility>

namespace bramble::sched {
namespace {

bool Optional(const Candidate& c) { return !c.required && c.capacity > 0; }

// The most nodes the job may use: nodes_max, and no more nodes than tasks.
size_t MaxNodes(const JobRequest& job) {
  size_t max = job.nodes_max > 0 ? job.nodes_max : std::numeric_limits<size_t>::max();
  return std::min<size_t>(max, job.ntasks);
}

// Count and total capacity of the required candidates.
std::pair<size_t, uint64_t> RequiredTotals(const std::vector<Candidate>& candidates) {
  size_t count = 0;
  uint64_t capacity = 0;
  for (const Candidate& c : candidates) {
    if (!c.required) continue;
    ++count;
    capacity += c.capacity;
  }
  return {count, capacity};
}

// Fewest candidates (the required ones included) whose capacities add up to
// ntasks, at least one; 0 when all of them together cannot hold it.
size_t FewestNodes(const std::vector<Candidate>& candidates, uint32_t ntasks) {
  auto [count, capacity] = RequiredTotals(candidates);
  std::vector<uint32_t> others;
  for (const Candidate& c : candidates) {
    if (Optional(c)) others.push_back(c.capacity);
  }
  // Largest first, off a heap: usually a few of many candidates are taken.
  std::make_heap(others.begin(), others.end());
  for (auto end = others.end(); end != others.begin() && capacity < ntasks; --end) {
    std::pop_heap(others.begin(), end);
    capacity += *(end - 1);
    ++count;
  }
  return capacity >= ntasks ? std::max<size_t>(count, 1) : 0;
}

// Candidates an in-order walk takes until their capacity holds ntasks (the
// required ones always count); 0 when all of them cannot hold it.
size_t InOrderNodes(const std::vector<Candidate>& candidates, uint32_t ntasks) {
  auto [count, capacity] = RequiredTotals(candidates);
  for (const Candidate& c : candidates) {
    if (capacity >= ntasks) break;
    if (!Optional(c)) continue;
    capacity += c.capacity;
    ++count;
  }
  return capacity >= ntasks ? std::max<size_t>(count, 1) : 0;
}

// Chooses exactly `count` candidates holding ntasks: the required ones, then
// the earliest others, each swapped for a later larger one while the total
// capacity is short. Returns nullopt when no such set exists.
std::optional<std::vector<bool>> ChooseCount(const std::vector<Candidate>& candidates,
                                             size_t count, uint32_t ntasks) {
  auto [taken, capacity] = RequiredTotals(candidates);
  std::vector<bool> chosen(candidates.size(), false);
  for (size_t i = 0; i < candidates.size(); ++i) chosen[i] = candidates[i].required;
  // Chosen optional candidates, smallest capacity on top, the latest first
  // among equals so that earlier nodes are kept.
  using Entry = std::pair<uint32_t, size_t>;
  auto lower = [](const Entry& a, const Entry& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  size_t i = 0;
  for (; i < candidates.size() && taken < count; ++i) {
    if (!Optional(candidates[i])) continue;
    chosen[i] = true;
    capacity += candidates[i].capacity;
    ++taken;
  }
  if (taken != count) return std::nullopt;
  if (capacity >= ntasks) return chosen;  // the usual case: no swaps, no queue to build
  std::priority_queue<Entry, std::vector<Entry>, decltype(lower)> smallest(lower);
  for (size_t k = 0; k < i; ++k) {
    if (chosen[k] && Optional(candidates[k])) smallest.push({candidates[k].capacity, k});
  }
  for (; i < candidates.size() && capacity < ntasks && !smallest.empty(); ++i) {
    if (!Optional(candidates[i]) || candidates[i].capacity <= smallest.top().first) continue;
    auto [dropped_capacity, dropped] = smallest.top();
    smallest.pop();
    chosen[dropped] = false;
    chosen[i] = true;
    capacity += candidates[i].capacity - dropped_capacity;
    smallest.push({candidates[i].capacity, i});
  }
  if (capacity < ntasks) return std::nullopt;
  return chosen;
}

// One task on each chosen candidate, then the rest filling candidates in
// order (block distribution).
std::vector<uint32_t> SpreadBlock(const std::vector<Candidate>& candidates,
                                  const std::vector<bool>& chosen, uint32_t ntasks) {
  std::vector<uint32_t> tasks(candidates.size(), 0);
  uint32_t left = ntasks;
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (!chosen[i]) continue;
    tasks[i] = 1;
    --left;
  }
  for (size_t i = 0; i < candidates.size() && left > 0; ++i) {
    if (!chosen[i]) continue;
    uint32_t more = std::min(left, candidates[i].capacity - tasks[i]);
    tasks[i] += more;
    left -= more;
  }
  return tasks;
}

// Tasks dealt one at a time to the chosen candidates in order, skipping the
// full ones, so counts differ by at most one where capacity allows.
std::vector<uint32_t> SpreadEven(const std::vector<Candidate>& candidates,
                                 const std::vector<bool>& chosen, uint32_t ntasks) {
  std::vector<uint32_t> tasks(candidates.size(), 0);
  uint32_t left = ntasks;
  bool dealt = true;
  while (left > 0 && dealt) {
    dealt = false;
    for (size_t i = 0; i < candidates.size() && left > 0; ++i) {
      if (!chosen[i] || tasks[i] >= candidates[i].capacity) continue;
      ++tasks[i];
      --left;
      dealt = true;
    }
  }
  return tasks;
}

}  // namespace

std::optional<std::vector<uint32_t>> ChooseAndDistribute(
    const std::vector<Candidate>& candidates, const JobRequest& job) {
  if (job.ntasks == 0) return std::nullopt;
  for (const Candidate& c : candidates) {
    if (c.required && c.capacity == 0) return std::nullopt;
  }
  size_t count = 0;
  if (job.nodes_min == 0) {
    // Prefer the partition's order; fall back to the fewest nodes only when
    // the in-order walk would exceed nodes_max (the common case skips the
    // sort FewestNodes needs).
    size_t in_order = InOrderNodes(candidates, job.ntasks);
    if (in_order == 0) return std::nullopt;
    count = in_order <= MaxNodes(job) ? in_order : FewestNodes(candidates, job.ntasks);
  } else {
    count = FewestNodes(candidates, job.ntasks);
    if (count == 0) return std::nullopt;
    count = std::max<size_t>(count, job.nodes_min);
  }
  if (count > MaxNodes(job)) return std::nullopt;
  std::optional<std::vector<bool>> chosen = ChooseCount(candidates, count, job.ntasks);
  if (!chosen) return std::nullopt;
  if (job.nodes_min == 0) return SpreadBlock(candidates, *chosen, job.ntasks);
  return SpreadEven(candidates, *chosen, job.ntasks);
}

}  // namespace bramble::sched
