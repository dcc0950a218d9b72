// Resource usage of every node over time, for backfill: what is in use now,
// when running jobs give it back (their expected ends), and what has been
// booked for later (reservations of waiting jobs).
//
// Usage is tracked per node as counts (CPUs, memory, devices per gres
// entry); which devices a future job gets is decided when it starts. A view
// over a window [start, end) is each node's peak usage in it, taken per
// resource (conservative: the CPU peak and the memory peak may fall at
// different moments). End times are rounded up to the resolution, which
// makes times coincide and only ever frees resources later than expected.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <utility>
#include <vector>

#include "sched/scheduler.h"

namespace bramble::sched {

class Timeline {
 public:
  // Gres entries per node followed over time (no hardware has more kinds of
  // device); later entries count only their use now. A fixed array keeps the
  // peak computation free of allocations: it is the hot loop of backfill.
  static constexpr size_t kTrackedGres = 4;

  // `nodes` is the node table now (alloc figures and used devices in use);
  // `running` says when its jobs give their resources back.
  Timeline(const std::vector<Node>& nodes, const std::vector<RunningJob>& running, int64_t now,
           int64_t resolution_s);

  // Books `placement` on `nodes` from `start` (now, or a reservation) until
  // `end` (kForever: never given back).
  void Book(const Placement& placement, const std::vector<Node>& nodes, int64_t start,
            int64_t end);

  // The original alloc figures of the nodes PatchView changed.
  struct Saved {
    int index;
    uint32_t alloc_cpus;
    int64_t alloc_memory_mb;
    std::vector<uint64_t> used_masks;
  };

  // Sets the alloc figures of `view` to each node's peak usage over [start,
  // end), where that differs from now; RestoreView undoes it. `view` must be
  // the node table of now.
  std::vector<Saved> PatchView(int64_t start, int64_t end, std::vector<Node>& view) const;
  // The same for the listed nodes only.
  std::vector<Saved> PatchNodes(int64_t start, int64_t end, const std::vector<int>& nodes,
                                std::vector<Node>& view) const;
  static void RestoreView(const std::vector<Saved>& saved, std::vector<Node>& view);

  // Moments after now, up to and including `until`, at which the usage of
  // some node changes, ascending, each with the CPUs of all usable nodes
  // free at that moment: an upper bound of what a window starting then has.
  std::vector<std::pair<int64_t, int64_t>> ReleaseTimes(int64_t until) const;

  // The search for a waiting job's earliest start. Calls `try_at(start,
  // end, nodes)` for each moment after now up to `until`, in time order,
  // where the whole cluster has `min_cpus` free throughout [start, start +
  // duration); `nodes` are those with a `position` (>= 0) that have
  // `cpus_per_task` CPUs free at that moment, ordered by position. Nodes
  // busy at the start cannot take part, so try_at looks at few nodes on a
  // busy cluster. Stops at the first call returning true.
  void Sweep(int64_t until, int64_t duration, int64_t min_cpus, uint32_t cpus_per_task,
             const std::vector<int>& position,
             const std::function<bool(int64_t, int64_t, const std::vector<int>&)>& try_at) const;

  int64_t RoundEnd(int64_t end) const;

 private:
  struct Usage {
    int64_t cpus = 0;
    int64_t memory_mb = 0;
    std::array<int32_t, kTrackedGres> devices{};  // per gres entry
  };
  struct Change {
    int64_t time;
    Usage delta;
  };
  void AddChange(int index, int64_t time, const Usage& delta);
  Usage PeakOver(int index, int64_t start, int64_t end) const;
  Usage UsageOf(const Placement& placement, size_t i, const Node& node) const;

  int64_t now_;
  int64_t resolution_s_;
  std::vector<Usage> base_;                  // per node, now
  std::vector<std::vector<Change>> changes_; // per node, sorted by time
  std::vector<int> changed_nodes_;           // nodes with any change
  std::vector<bool> has_booking_;            // nodes with a future increase
  std::vector<int> booked_nodes_;
  // Everything that changes at one moment: the CPU change summed over the
  // usable nodes, and each node's own CPU change.
  struct Moment {
    int64_t cpus = 0;
    std::vector<std::pair<int, int64_t>> nodes;
  };
  std::map<int64_t, Moment> moments_;
  std::vector<int64_t> node_cpus_;
  int64_t free_cpus_now_ = 0;
  std::vector<bool> usable_;
};

}  // namespace bramble::sched
