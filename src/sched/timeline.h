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
#include <utility>
#include <vector>

#include "sched/scheduler.h"
#include "sched/usage_checkpoints.h"

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

  // The original alloc figures of a node Patch changed (only the tracked
  // gres entries are ever patched).
  struct Saved {
    int index;
    uint32_t alloc_cpus;
    int64_t alloc_memory_mb;
    std::array<uint64_t, kTrackedGres> used_masks;
  };

  // Sets the alloc figures of `view[index]` to the node's peak usage over
  // [start, end) where that differs from now, saving the originals in
  // `saved`; returns whether it did. `view` must be the node table of now;
  // RestoreView undoes the patches.
  bool Patch(int index, int64_t start, int64_t end, std::vector<Node>& view, Saved& saved) const;
  static void RestoreView(const std::vector<Saved>& saved, std::vector<Node>& view);

  // A partition as the search below sees it; fixed for a pass.
  struct Scope {
    std::vector<int> position;  // per node: place in the partition's order, -1 when not in it
    std::vector<int64_t> cpus;  // per node: its CPUs when usable and in it, else far below any use
  };
  Scope ScopeOf(std::vector<int> position) const;

  // What backfill's search looks for: `cpus` CPUs free throughout
  // `duration`, on nodes with `cpus_per_task` free each, `max_nodes` of
  // them at most.
  struct Need {
    int64_t duration = 0;
    int64_t cpus = 0;
    uint32_t cpus_per_task = 1;
    uint64_t max_nodes = 0;
  };

  // The search for a waiting job's earliest start. Calls `try_at(start,
  // end, nodes)` for each moment after now up to `until`, in time order,
  // where the whole cluster has `need.cpus` free throughout [start, start +
  // need.duration); `nodes` are the usable nodes of `scope` that have
  // `need.cpus_per_task` CPUs free at that moment, ordered by position.
  // Moments where the `need.max_nodes` of them with the most CPUs free lack
  // `need.cpus` between them then get no call (no placement could fit).
  // Nodes busy at the start cannot take part, so try_at looks at few nodes
  // on a busy cluster. Stops at the first call returning true. Not
  // reentrant: try_at must not sweep.
  //
  // Cost: the moments before the first try are looked at as cluster totals
  // only; the nodes' state starts from the checkpoint before that try.
  void Sweep(int64_t until, const Need& need, const Scope& scope,
             const std::function<bool(int64_t, int64_t, const std::vector<int>&)>& try_at) const;

  int64_t RoundEnd(int64_t end) const;

 private:
  struct Usage {
    int64_t cpus = 0;
    int64_t memory_mb = 0;
    std::array<int32_t, kTrackedGres> devices{};  // per gres entry
    void Add(const Usage& delta);
  };
  struct Change {
    int64_t time;
    Usage delta;
  };
  // Everything that changes at one moment: the CPU change summed over the
  // usable nodes, and each node's own CPU change.
  struct Moment {
    int64_t time = 0;
    int64_t cpus = 0;
    std::vector<std::pair<int, int64_t>> nodes;
  };
  using Moments = std::vector<Moment>;
  // Sweep's working arrays, kept between calls to spare the allocations.
  struct SweepScratch {
    std::vector<int64_t> spare;
    std::vector<char> listed;
    std::vector<int> free_nodes;
    std::vector<int> merged;
    std::vector<int> found;
    std::vector<int64_t> free_cpus;
  };
  static constexpr size_t kCheckpointEvery = 8;   // moments apart, at least
  static constexpr size_t kMostCheckpoints = 64;

  void AddChange(int index, int64_t time, const Usage& delta);
  Usage PeakOver(int index, int64_t start, int64_t end) const;
  Usage UsageOf(const Placement& placement, size_t i, const Node& node) const;
  // Lays checkpoints every few moments after now, when there are twice as
  // many moments as when they were last laid (and a few): on a long search
  // they spare replaying most changes.
  void LayCheckpoints() const;

  int64_t now_;
  int64_t resolution_s_;
  std::vector<Usage> base_;                  // per node, now
  std::vector<int64_t> cpus_now_;            // base_[n].cpus, contiguous for Sweep's vector loops
  std::vector<std::vector<Change>> changes_; // per node, sorted by time
  std::vector<bool> has_booking_;            // nodes with a future increase
  Moments moments_;                          // by time; flat, as every search walks it
  std::vector<int64_t> node_cpus_;
  int64_t free_cpus_now_ = 0;                // on usable nodes
  std::vector<char> usable_;
  mutable UsageCheckpoints checkpoints_;     // laid and read by Sweep, kept current by Book
  mutable size_t moments_when_laid_ = 0;
  mutable SweepScratch scratch_;
};

}  // namespace bramble::sched
