// One scheduling pass and the submit-time satisfiability check; see
// scheduler.h.
//
// The pass keeps a private node table of now (each start counted before the
// next job is tried) and a Timeline of the same nodes into the future. A job
// is placed now on the table patched with the peak usage over its whole run,
// so reservations made for earlier jobs are respected. Reasons (Slurm's
// names), in the order they are checked; none of them blocks other jobs:
//   JobHeldAdmin, JobHeldUser, DependencyNeverSatisfied, Dependency,
//   BeginTime                   the job may not start yet
//   BadConstraints              no partition index is valid
//   PartitionDown, PartitionTimeLimit, PartitionNodeLimit
//                               none of its partitions can take it (the
//                               reason of the first one listed)
//   ReqNodeNotAvail             a -w node is not usable now
//   JobArrayTaskLimit           the array's %N tasks are running
//   Assoc...Limit               a user or group quota (limit_usage.h)
//   Priority                    an earlier job holds its partitions (builtin),
//                               or resources free now are reserved for one
//   PartitionNodeLimit          fits an idle cluster only with more nodes
//                               than MaxNodes
//   BadConstraints              could not run even on an idle cluster
//   Resources                   does not fit on what is free now
// Backfill makes at most SchedulerOptions::backfill_max_jobs reservations;
// after that many jobs have waited, the rest are not tried (Priority), which
// bounds a pass on a full cluster with a long queue.
//
// Cost (the scale: 1000 nodes, 10 000 jobs, a pass in a few
// milliseconds): a job is placed on the nodes with a CPU free only
// (free_nodes.h), each patched with its reservations as placement reads it
// (window_view.h); what is learned of a job shape serves the next jobs of
// that shape (job_shape.h, idle_fit.h); backfill's search looks at nodes
// only at moments the cluster as a whole could take the job
// (timeline_search.cc).
#include "sched/scheduler.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sched/free_nodes.h"
#include "sched/idle_fit.h"
#include "sched/job_shape.h"
#include "sched/largest_sum.h"
#include "sched/limit_usage.h"
#include "sched/placement.h"
#include "sched/priority_order.h"
#include "sched/radix_sort.h"
#include "sched/timeline.h"
#include "sched/window_view.h"

namespace bramble::sched {
namespace {

bool ValidIndex(size_t size, int index) { return index >= 0 && static_cast<size_t>(index) < size; }

// Partitions with their nodes in allocation order: lower Weight first, then
// node-table order.
std::vector<Partition> ByWeight(const Snapshot& snapshot) {
  std::vector<Partition> partitions = snapshot.partitions;
  for (Partition& partition : partitions) {
    std::stable_sort(partition.nodes.begin(), partition.nodes.end(), [&](int a, int b) {
      uint32_t wa = ValidIndex(snapshot.nodes.size(), a) ? snapshot.nodes[a].weight : 0;
      uint32_t wb = ValidIndex(snapshot.nodes.size(), b) ? snapshot.nodes[b].weight : 0;
      return wa < wb;
    });
  }
  return partitions;
}

// The job's time limit in its partition; kForever when neither sets one.
int64_t Duration(const JobRequest& job, const Partition& partition) {
  if (job.time_limit_s >= 0) return job.time_limit_s;
  if (partition.max_time_s >= 0) return partition.max_time_s;
  return kForever;
}

int64_t EndOf(int64_t start, int64_t duration) {
  if (duration == kForever || start > kForever - duration) return kForever;
  return start + duration;
}

// Why `partition` cannot take `job` at all, or "".
std::string_view PartitionReason(const JobRequest& job, const Partition& partition) {
  if (!partition.up) return "PartitionDown";
  if (job.time_limit_s >= 0 && partition.max_time_s >= 0 && job.time_limit_s > partition.max_time_s) {
    return "PartitionTimeLimit";
  }
  if (partition.max_nodes > 0 && job.nodes_min > partition.max_nodes) return "PartitionNodeLimit";
  return "";
}

// The reason a job may not start yet whatever the resources, or "".
std::string_view JobReason(const JobRequest& job, const Snapshot& snapshot) {
  if (job.held_by_admin) return "JobHeldAdmin";
  if (job.held) return "JobHeldUser";
  if (job.dependency_never) return "DependencyNeverSatisfied";
  if (job.dependency_pending) return "Dependency";
  if (job.begin_time > snapshot.now) return "BeginTime";
  return "";
}

// --mem-per-cpu: the one memory request whose placement tries levels,
// which look at every node of the partition (placement.cc).
bool PerCpuMemory(const JobRequest& job) { return job.mem_per_node_mb < 0 && job.mem_per_cpu_mb > 0; }

// The most nodes the job may use in the partition: placement never
// chooses more (node_choice.h).
uint64_t MostNodes(const JobRequest& job, const Partition& partition) {
  uint64_t most = job.ntasks;
  if (job.nodes_max > 0) most = std::min<uint64_t>(most, job.nodes_max);
  if (partition.max_nodes > 0) most = std::min<uint64_t>(most, partition.max_nodes);
  return most;
}

bool HasDevices(const Node& node) {
  return std::any_of(node.gres.begin(), node.gres.end(), [](const NodeGres& g) { return g.count > 0; });
}

class Pass {
 public:
  explicit Pass(const Snapshot& snapshot)
      : snapshot_(snapshot),
        partitions_(ByWeight(snapshot)),
        view_(snapshot.nodes),
        free_nodes_(partitions_, snapshot.nodes),
        timeline_(snapshot.nodes, snapshot.running, snapshot.now,
                  snapshot.options.backfill_resolution_s),
        limits_(snapshot),
        idle_fit_(snapshot.nodes, partitions_),
        blocked_(snapshot.partitions.size(), false) {
    for (const Partition& partition : partitions_) {
      std::vector<int> position(snapshot.nodes.size(), -1);
      for (size_t k = 0; k < partition.nodes.size(); ++k) {
        int n = partition.nodes[k];
        if (ValidIndex(position.size(), n) && position[n] < 0) position[n] = static_cast<int>(k);
      }
      std::vector<int> with_devices = position;
      for (size_t n = 0; n < with_devices.size(); ++n) {
        if (!HasDevices(snapshot.nodes[n])) with_devices[n] = -1;
      }
      scopes_.push_back(timeline_.ScopeOf(std::move(position)));
      device_scopes_.push_back(timeline_.ScopeOf(std::move(with_devices)));
    }
    for (const RunningJob& job : snapshot.running) {
      if (job.array_job_id != 0) ++array_running_[job.array_job_id];
    }
  }

  Decisions Run() {
    for (size_t index : PriorityOrder(snapshot_)) Consider(snapshot_.pending[index]);
    // Into the map by id, each at its end: quicker than inserting in
    // priority order. The sort is stable, so the last reason given to an id
    // wins, as it would.
    std::vector<SortKey> by_id(reasons_.size());
    for (size_t i = 0; i < reasons_.size(); ++i) {
      by_id[i] = {{reasons_[i].first, 0, 0}, static_cast<uint32_t>(i)};
    }
    RadixSort(by_id);
    for (const SortKey& key : by_id) {
      auto [id, reason] = reasons_[key.index];
      decisions_.reasons.insert_or_assign(decisions_.reasons.end(), id, std::string(reason));
    }
    return std::move(decisions_);
  }

 private:
  void Consider(const JobRequest& job) {
    std::string_view reason = JobReason(job, snapshot_);
    std::vector<int>& usable = usable_;  // reused: one allocation per pass, not per job
    usable.clear();
    if (reason.empty()) reason = UsablePartitions(job, usable);
    if (reason.empty()) reason = ResourceIndependentReason(job);
    if (reason.empty() && !snapshot_.options.backfill) {
      std::erase_if(usable, [&](int p) { return blocked_[p]; });
      if (usable.empty()) reason = "Priority";
    }
    if (reason.empty() && waited_ >= snapshot_.options.backfill_max_jobs) reason = "Priority";
    if (!reason.empty()) {
      SetReason(job.job_id, reason);
      return;
    }
    bool reserved_in_way = false;
    std::optional<JobShape> shape = ShapeOf(job);
    for (int p : usable) {
      std::optional<Placement> placement = PlaceNow(job, p, shape, reserved_in_way);
      if (!placement) continue;
      std::string_view limit = limits_.Check(job, TotalsOf(*placement, view_));
      if (!limit.empty()) {
        SetReason(job.job_id, limit);
        return;
      }
      Start(job, std::move(*placement), p);
      return;
    }
    Wait(job, usable, reserved_in_way);
  }

  // Fills `usable` with the partitions that may take the job, best tier
  // first; returns the reason when there are none.
  std::string_view UsablePartitions(const JobRequest& job, std::vector<int>& usable) {
    std::string_view first_reason;
    for (int p : job.partitions) {
      if (!ValidIndex(partitions_.size(), p)) continue;
      std::string_view reason = PartitionReason(job, partitions_[p]);
      if (reason.empty()) {
        usable.push_back(p);
      } else if (first_reason.empty()) {
        first_reason = reason;
      }
    }
    if (usable.size() > 1) {
      std::stable_sort(usable.begin(), usable.end(), [&](int a, int b) {
        return partitions_[a].priority_tier > partitions_[b].priority_tier;
      });
    }
    if (!usable.empty()) return "";
    return first_reason.empty() ? "BadConstraints" : first_reason;
  }

  std::string_view ResourceIndependentReason(const JobRequest& job) {
    for (int index : job.required_nodes) {
      if (ValidIndex(view_.size(), index) && !view_[index].usable) return "ReqNodeNotAvail";
    }
    if (job.array_job_id != 0 && job.array_throttle > 0) {
      auto it = array_running_.find(job.array_job_id);
      if (it != array_running_.end() && it->second >= job.array_throttle) return "JobArrayTaskLimit";
    }
    return limits_.Check(job, MinimumTotals(job));
  }

  // A placement starting now and respecting every reservation over the
  // job's run. Sets `reserved_in_way` when a reservation changed the view.
  // Usage only grows during a pass, so a shape that did not fit now for
  // some duration does not fit for that duration or longer later in it.
  std::optional<Placement> PlaceNow(const JobRequest& job, int p,
                                    const std::optional<JobShape>& shape, bool& reserved_in_way) {
    int64_t duration = Duration(job, partitions_[p]);
    std::optional<std::pair<int, JobShape>> key;
    if (shape) key.emplace(p, *shape);
    if (key) {
      auto failed = failed_now_.find(*key);
      if (failed != failed_now_.end() && failed->second.first <= duration) {
        reserved_in_way = reserved_in_way || failed->second.second;
        return std::nullopt;
      }
    }
    int64_t end = EndOf(snapshot_.now, duration);
    // Nodes without a CPU free (or a device, for jobs asking for some) can
    // take no task, with or without the reservations on them; only
    // --mem-per-cpu's levels look at nodes that take nothing.
    const Partition& free =
        PerCpuMemory(job) ? partitions_[p] : free_nodes_.Of(p, FreeNodes::NeedsDevice(job));
    std::optional<Placement> placement;
    bool in_way = false;  // whether it would fit but for a reservation
    if (MayFitNow(job, free, MostNodes(job, partitions_[p]))) {
      bool reserved = false;  // whether a node the placement looked at is reserved in the window
      {
        WindowView window(timeline_, snapshot_.now, end, view_);
        placement = PlaceJob(job, free, window);
        reserved = window.Changed();
      }
      in_way = reserved && !placement && PlaceJob(job, free, view_);
    }
    reserved_in_way = reserved_in_way || in_way;
    if (placement) {
      placement->partition = p;
    } else if (key) {
      auto [it, added] = failed_now_.try_emplace(std::move(*key), duration, in_way);
      if (!added && duration < it->second.first) it->second = {duration, in_way};
    }
    return placement;
  }

  // Whether the nodes with the most CPUs free now, as many as the job may
  // use, have its CPUs between them: if not, it fits now neither with
  // reservations nor without (a cheap answer on a fragmented cluster).
  bool MayFitNow(const JobRequest& job, const Partition& partition, uint64_t most_nodes) {
    int64_t need = int64_t{job.ntasks} * job.cpus_per_task;
    largest_.Reset(most_nodes);
    for (int n : partition.nodes) {
      if (largest_.sum() >= need) return true;  // mostly early, unless it does not fit
      if (!ValidIndex(view_.size(), n)) continue;
      const Node& node = view_[n];
      if (node.usable && node.alloc_cpus < node.cpus) largest_.Add(node.cpus - node.alloc_cpus);
    }
    return largest_.sum() >= need;
  }

  void Start(const JobRequest& job, Placement placement, int p) {
    int64_t end = EndOf(snapshot_.now, Duration(job, partitions_[p]));
    limits_.Add(job.limits, TotalsOf(placement, view_));
    ApplyPlacement(placement, view_);
    free_nodes_.Started(placement, view_);
    timeline_.Book(placement, view_, snapshot_.now, end);
    if (job.array_job_id != 0) ++array_running_[job.array_job_id];
    decisions_.starts.push_back(std::move(placement));
  }

  // A job that does not fit now: never (BadConstraints), or it waits, with
  // a reservation at its earliest start when backfill allows one more.
  void Wait(const JobRequest& job, const std::vector<int>& usable, bool reserved_in_way) {
    if (!idle_fit_.Fits(job, usable, true)) {
      // Fits only with more nodes than MaxNodes allows: the partition's limit.
      bool unlimited_fits = idle_fit_.Fits(job, usable, false);
      SetReason(job.job_id, unlimited_fits ? "PartitionNodeLimit" : "BadConstraints");
      return;
    }
    ++waited_;
    SetReason(job.job_id, reserved_in_way ? "Priority" : "Resources");
    if (!snapshot_.options.backfill) {
      for (int p : usable) blocked_[p] = true;
      return;
    }
    std::optional<std::pair<int64_t, Placement>> best;
    for (int p : usable) {
      auto found = EarliestStart(job, p, best ? best->first : kForever);
      if (found && (!best || found->first < best->first)) best = std::move(found);
    }
    if (!best) return;
    int p = best->second.partition;
    int64_t end = EndOf(best->first, Duration(job, partitions_[p]));
    timeline_.Book(best->second, view_, best->first, end);
    decisions_.reservations[job.job_id] = Reservation{best->first, end, std::move(best->second)};
  }

  // The earliest moment before `before` and within the backfill window at
  // which the job fits in partition `p` for its whole run.
  std::optional<std::pair<int64_t, Placement>> EarliestStart(const JobRequest& job, int p,
                                                             int64_t before) {
    int64_t until = std::min(before - 1, EndOf(snapshot_.now, snapshot_.options.backfill_window_s));
    Timeline::Need need;
    need.duration = Duration(job, partitions_[p]);
    need.cpus = int64_t{job.ntasks} * job.cpus_per_task;
    need.cpus_per_task = job.cpus_per_task;
    need.max_nodes = MostNodes(job, partitions_[p]);
    std::optional<std::pair<int64_t, Placement>> found;
    Partition some;  // partition p restricted to the nodes free at a moment
    some.up = partitions_[p].up;
    some.max_time_s = partitions_[p].max_time_s;
    some.max_nodes = partitions_[p].max_nodes;
    some.priority_tier = partitions_[p].priority_tier;
    // Nodes without devices never take a job that asks for some (as above).
    bool devices_only = FreeNodes::NeedsDevice(job) && !PerCpuMemory(job);
    const Timeline::Scope& scope = devices_only ? device_scopes_[p] : scopes_[p];
    auto try_at = [&](int64_t start, int64_t end, const std::vector<int>& nodes) {
      some.nodes = nodes;
      WindowView window(timeline_, start, end, view_);
      std::optional<Placement> placement = PlaceJob(job, some, window);
      if (!placement) return false;
      placement->partition = p;
      found = std::make_pair(start, std::move(*placement));
      return true;
    };
    timeline_.Sweep(until, need, scope, try_at);
    return found;
  }

  // Reasons are Slurm's names, literals all: kept as views until the end.
  void SetReason(uint32_t job_id, std::string_view reason) { reasons_.emplace_back(job_id, reason); }

  const Snapshot& snapshot_;
  std::vector<Partition> partitions_;
  std::vector<Timeline::Scope> scopes_;         // per partition: its nodes for backfill's search
  std::vector<Timeline::Scope> device_scopes_;  // the same, nodes with devices only
  std::vector<Node> view_;
  FreeNodes free_nodes_;
  Timeline timeline_;
  LimitUsage limits_;
  IdleFit idle_fit_;
  std::vector<bool> blocked_;
  std::map<uint32_t, uint32_t> array_running_;
  uint32_t waited_ = 0;
  // (partition, shape) -> shortest duration that did not fit now, and
  // whether a reservation was in the way then
  std::map<std::pair<int, JobShape>, std::pair<int64_t, bool>> failed_now_;
  std::vector<int> usable_;         // Consider's usable partitions
  LargestSum largest_;              // MayFitNow's
  std::vector<std::pair<uint32_t, std::string_view>> reasons_;  // in the order given
  Decisions decisions_;
};

}  // namespace

Decisions Schedule(const Snapshot& snapshot) { return Pass(snapshot).Run(); }

Status CheckSatisfiable(const JobRequest& job, const Snapshot& snapshot) {
  std::vector<int> valid;
  for (int p : job.partitions) {
    if (ValidIndex(snapshot.partitions.size(), p)) valid.push_back(p);
  }
  if (valid.empty()) return InvalidArgument("Invalid partition name specified");
  std::vector<Partition> partitions = ByWeight(snapshot);
  // Partition limits (MaxNodes) make a job wait, not fail, as in Slurm
  // without EnforcePartLimits.
  if (IdleFit(snapshot.nodes, partitions).Fits(job, valid, false)) return Status::Ok();
  return InvalidArgument("Requested node configuration is not available");
}

}  // namespace bramble::sched
