// Backfill's search for a job's earliest start over a Timeline; see
// Timeline::Sweep in timeline.h.
//
// The search walks the moments after now in time order. For each it first
// asks the cheap question, whether the cluster as a whole keeps the job's
// CPUs free throughout the window (no short moment in it), and only then
// works out which nodes are free at that moment and lets the caller try
// them. The nodes' state is a replay of every node's changes; it starts at
// the checkpoint before the first moment tried, so the moments a busy
// cluster skips cost no per-node work.
#include <algorithm>
#include <cstddef>
#include <functional>
#include <limits>

#include "sched/timeline.h"

namespace bramble::sched {
namespace {

// spare = cpus - used - cpus_per_task, node by node; a plain loop over
// plain arrays, which the compiler turns into vector code.
void SpareCpus(const std::vector<int64_t>& cpus, const std::vector<int64_t>& used,
               uint32_t cpus_per_task, std::vector<int64_t>& spare) {
  spare.resize(cpus.size());
  const int64_t* __restrict have = cpus.data();
  const int64_t* __restrict use = used.data();
  int64_t* __restrict out = spare.data();
  int64_t per_task = cpus_per_task;
  for (size_t n = 0; n < spare.size(); ++n) out[n] = have[n] - use[n] - per_task;
}

// Whether the `count` largest of `free_cpus` (reordered) add up to `need`.
// Their sum mostly decides it without picking any out.
bool LargestHold(std::vector<int64_t>& free_cpus, uint64_t count, int64_t need) {
  int64_t total = 0;
  for (int64_t cpus : free_cpus) total += cpus;
  if (total < need || count >= free_cpus.size()) return total >= need;
  auto end = free_cpus.begin() + static_cast<std::ptrdiff_t>(count);
  std::nth_element(free_cpus.begin(), end, free_cpus.end(), std::greater<>());
  int64_t best = 0;
  for (auto it = free_cpus.begin(); it != end; ++it) best += *it;
  return best >= need;
}

// The nodes with spare >= 0, into `found`. On a busy cluster nearly all are
// short, so blocks of 8 whose AND is negative (all short) are passed over
// with a few vector instructions.
const std::vector<int>& FreeIn(const std::vector<int64_t>& spare, std::vector<int>& found) {
  found.clear();
  const int64_t* values = spare.data();
  const size_t count = spare.size();
  size_t n = 0;
  for (; n + 8 <= count; n += 8) {
    int64_t all = values[n];
    for (size_t k = 1; k < 8; ++k) all &= values[n + k];
    if (all < 0) continue;
    for (size_t k = 0; k < 8; ++k) {
      if (values[n + k] >= 0) found.push_back(static_cast<int>(n + k));
    }
  }
  for (; n < count; ++n) {
    if (values[n] >= 0) found.push_back(static_cast<int>(n));
  }
  return found;
}

// The nodes free at the moment, each once: by position up to `ordered`,
// then in the order they came free. Pruning and ordering wait for a try, as
// most moments are never tried.
class FreeList {
 public:
  FreeList(std::vector<int>& nodes, std::vector<char>& listed) : nodes_(nodes), listed_(listed) {
    nodes_.clear();
  }

  void Add(int n) {
    if (listed_[n]) return;
    listed_[n] = 1;
    nodes_.push_back(n);
  }

  // Takes the list as it stands to be in order (when it was filled so).
  void MarkOrdered() { ordered_ = nodes_.size(); }

  // Drops the nodes no longer free (spare < 0) and puts the free CPUs of
  // the others in `free_cpus`.
  void Prune(const std::vector<int64_t>& spare, uint32_t cpus_per_task,
             std::vector<int64_t>& free_cpus) {
    free_cpus.clear();
    size_t kept = 0, kept_ordered = 0;
    for (size_t i = 0; i < nodes_.size(); ++i) {
      if (i == ordered_) kept_ordered = kept;
      int n = nodes_[i];
      if (spare[n] >= 0) {
        nodes_[kept++] = n;
        free_cpus.push_back(spare[n] + cpus_per_task);
      } else {
        listed_[n] = 0;
      }
    }
    if (ordered_ == nodes_.size()) kept_ordered = kept;
    nodes_.resize(kept);
    ordered_ = kept_ordered;
  }

  // The list in order; `merged` is room for the work (std::inplace_merge
  // would allocate its own at every try).
  template <typename Less>
  const std::vector<int>& Ordered(Less less, std::vector<int>& merged) {
    if (ordered_ < nodes_.size()) {
      auto middle = nodes_.begin() + static_cast<std::ptrdiff_t>(ordered_);
      std::sort(middle, nodes_.end(), less);
      merged.resize(nodes_.size());
      std::merge(nodes_.begin(), middle, middle, nodes_.end(), merged.begin(), less);
      nodes_.swap(merged);
      ordered_ = nodes_.size();
    }
    return nodes_;
  }

 private:
  std::vector<int>& nodes_;
  std::vector<char>& listed_;  // per node: in nodes_
  size_t ordered_ = 0;
};

}  // namespace

Timeline::Scope Timeline::ScopeOf(std::vector<int> position) const {
  // Low enough that no use brings it back to 0, high enough not to overflow.
  constexpr int64_t kOut = std::numeric_limits<int64_t>::min() / 4;
  Scope scope{std::move(position), std::vector<int64_t>(node_cpus_.size(), kOut)};
  for (size_t n = 0; n < node_cpus_.size(); ++n) {
    bool member = usable_[n] && n < scope.position.size() && scope.position[n] >= 0;
    if (member) scope.cpus[n] = node_cpus_[n];
  }
  return scope;
}

void Timeline::LayCheckpoints() const {
  if (moments_.size() < 2 * std::max(moments_when_laid_, kCheckpointEvery)) return;
  moments_when_laid_ = moments_.size();
  checkpoints_.Clear();
  // A checkpoint every few moments, and a bounded number of them: each
  // holds a figure per node.
  size_t every = std::max(kCheckpointEvery, moments_.size() / kMostCheckpoints + 1);
  std::vector<int64_t> cpus = cpus_now_;
  size_t after_now = 0;
  for (const Moment& moment : moments_) {
    if (moment.time <= now_) continue;
    for (const auto& [n, delta] : moment.nodes) cpus[n] += delta;
    if (++after_now % every == 0) checkpoints_.Append(moment.time, cpus);
  }
}

void Timeline::Sweep(
    int64_t until, const Need& need, const Scope& scope,
    const std::function<bool(int64_t, int64_t, const std::vector<int>&)>& try_at) const {
  LayCheckpoints();
  auto by_position = [&](int a, int b) { return scope.position[a] < scope.position[b]; };
  auto after_now = std::upper_bound(moments_.begin(), moments_.end(), now_,
                                    [](int64_t t, const Moment& m) { return t < m.time; });
  // The nodes' state, set up at the first moment tried: CPUs each node has
  // beyond one task (free enough at >= 0) and the list of those free.
  std::vector<int64_t>& spare = scratch_.spare;
  scratch_.listed.assign(cpus_now_.size(), 0);
  FreeList free(scratch_.free_nodes, scratch_.listed);
  bool have_state = false;
  auto replayed = after_now;  // the next moment whose changes the state lacks
  auto start_state = [&](Moments::const_iterator at) {
    have_state = true;
    const UsageCheckpoints::Checkpoint* checkpoint = checkpoints_.AtOrBefore(at->time);
    bool from_now = checkpoint == nullptr || checkpoint->time <= now_;
    SpareCpus(scope.cpus, from_now ? cpus_now_ : checkpoint->cpus, need.cpus_per_task, spare);
    if (!from_now) {
      replayed = std::upper_bound(after_now, moments_.end(), checkpoint->time,
                                  [](int64_t t, const Moment& m) { return t < m.time; });
    }
    for (; replayed != at + 1; ++replayed) {
      for (const auto& [n, cpus] : replayed->nodes) spare[n] -= cpus;
    }
    for (int n : FreeIn(spare, scratch_.found)) free.Add(n);
    if (std::is_sorted(scratch_.free_nodes.begin(), scratch_.free_nodes.end(), by_position)) {
      free.MarkOrdered();
    }
  };
  // A window lacks the CPUs in total when some moment in it leaves fewer
  // free on the usable nodes: a short moment. Moments are scanned once, in
  // order, for the first short one ahead; every start before it whose
  // window reaches it is skipped without looking at nodes.
  int64_t free_ahead = free_cpus_now_;  // after the moment before `ahead`
  for (auto it = moments_.begin(); it != after_now; ++it) free_ahead -= it->cpus;
  auto ahead = after_now;
  auto short_moment = moments_.end();  // found ahead, within the window of `it`
  for (auto it = after_now; it != moments_.end() && it->time <= until; ++it) {
    int64_t time = it->time;
    int64_t end = time > kForever - need.duration ? kForever : time + need.duration;
    if (end <= time) continue;  // an empty window is never tried
    for (; short_moment == moments_.end() && ahead != moments_.end() && ahead->time < end; ++ahead) {
      free_ahead -= ahead->cpus;
      if (free_ahead < need.cpus) short_moment = ahead;
    }
    if (short_moment != moments_.end()) {
      it = short_moment;  // every start up to it has it in its window
      short_moment = moments_.end();
      continue;
    }
    if (!have_state) start_state(it);
    for (; replayed != it + 1; ++replayed) {
      for (const auto& [n, cpus] : replayed->nodes) {
        spare[n] -= cpus;
        if (spare[n] >= 0) free.Add(n);
      }
    }
    // The job's peak-usage view of a node has at most the CPUs it has free
    // at the moment: where the best max_nodes of them lack what the job
    // needs, the try would fail.
    free.Prune(spare, need.cpus_per_task, scratch_.free_cpus);
    if (!LargestHold(scratch_.free_cpus, need.max_nodes, need.cpus)) continue;
    if (try_at(time, end, free.Ordered(by_position, scratch_.merged))) return;
  }
}

}  // namespace bramble::sched
