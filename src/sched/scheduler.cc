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
#include "sched/scheduler.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sched/limit_usage.h"
#include "sched/placement.h"
#include "sched/timeline.h"

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
std::string PartitionReason(const JobRequest& job, const Partition& partition) {
  if (!partition.up) return "PartitionDown";
  if (job.time_limit_s >= 0 && partition.max_time_s >= 0 && job.time_limit_s > partition.max_time_s) {
    return "PartitionTimeLimit";
  }
  if (partition.max_nodes > 0 && job.nodes_min > partition.max_nodes) return "PartitionNodeLimit";
  return "";
}

// The reason a job may not start yet whatever the resources, or "".
std::string JobReason(const JobRequest& job, const Snapshot& snapshot) {
  if (job.held_by_admin) return "JobHeldAdmin";
  if (job.held) return "JobHeldUser";
  if (job.dependency_never) return "DependencyNeverSatisfied";
  if (job.dependency_pending) return "Dependency";
  if (job.begin_time > snapshot.now) return "BeginTime";
  return "";
}

uint32_t BestTier(const JobRequest& job, const Snapshot& snapshot) {
  uint32_t tier = 0;
  for (int p : job.partitions) {
    if (ValidIndex(snapshot.partitions.size(), p)) tier = std::max(tier, snapshot.partitions[p].priority_tier);
  }
  return tier;
}

// Indices of the pending jobs, highest priority first.
std::vector<size_t> PriorityOrder(const Snapshot& snapshot) {
  std::vector<size_t> order(snapshot.pending.size());
  std::vector<uint32_t> tiers(snapshot.pending.size());
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
    tiers[i] = BestTier(snapshot.pending[i], snapshot);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const JobRequest& x = snapshot.pending[a];
    const JobRequest& y = snapshot.pending[b];
    if (tiers[a] != tiers[b]) return tiers[a] > tiers[b];
    if (x.priority != y.priority) return x.priority > y.priority;
    return x.job_id < y.job_id;
  });
  return order;
}

// Every node idle and usable: where a job that can ever run fits.
std::vector<Node> IdleNodes(const std::vector<Node>& nodes) {
  std::vector<Node> idle = nodes;
  for (Node& node : idle) {
    node.alloc_cpus = 0;
    node.alloc_memory_mb = 0;
    node.usable = true;
    for (NodeGres& entry : node.gres) entry.used_mask = 0;
  }
  return idle;
}

// What decides where a job fits, as a key; "" for jobs naming nodes or
// features, which are not worth caching.
std::string ShapeKey(const JobRequest& job) {
  if (!job.required_nodes.empty() || !job.excluded_nodes.empty() || !job.constraint.empty()) return "";
  std::string key = std::to_string(job.ntasks) + '/' + std::to_string(job.cpus_per_task) + '/' +
                    std::to_string(job.nodes_min) + '/' + std::to_string(job.nodes_max) + '/' +
                    std::to_string(job.ntasks_per_node) + '/' + std::to_string(job.mem_per_node_mb) +
                    '/' + std::to_string(job.mem_per_cpu_mb) + '/' + (job.exclusive ? "x" : "");
  for (const GresRequest& g : job.gres) key += '/' + g.name + ':' + g.type + ':' + std::to_string(g.per_node);
  return key;
}

class Pass {
 public:
  explicit Pass(const Snapshot& snapshot)
      : snapshot_(snapshot),
        partitions_(ByWeight(snapshot)),
        view_(snapshot.nodes),
        timeline_(snapshot.nodes, snapshot.running, snapshot.now,
                  snapshot.options.backfill_resolution_s),
        limits_(snapshot),
        blocked_(snapshot.partitions.size(), false) {
    for (const Partition& partition : partitions_) {
      std::vector<int> position(snapshot.nodes.size(), -1);
      for (size_t k = 0; k < partition.nodes.size(); ++k) {
        int n = partition.nodes[k];
        if (ValidIndex(position.size(), n) && position[n] < 0) position[n] = static_cast<int>(k);
      }
      positions_.push_back(std::move(position));
    }
    for (const RunningJob& job : snapshot.running) {
      if (job.array_job_id != 0) ++array_running_[job.array_job_id];
    }
  }

  Decisions Run() {
    for (size_t index : PriorityOrder(snapshot_)) Consider(snapshot_.pending[index]);
    return std::move(decisions_);
  }

 private:
  void Consider(const JobRequest& job) {
    std::string reason = JobReason(job, snapshot_);
    std::vector<int> usable;
    if (reason.empty()) reason = UsablePartitions(job, usable);
    if (reason.empty()) reason = ResourceIndependentReason(job);
    if (reason.empty() && !snapshot_.options.backfill) {
      std::erase_if(usable, [&](int p) { return blocked_[p]; });
      if (usable.empty()) reason = "Priority";
    }
    if (reason.empty() && waited_ >= snapshot_.options.backfill_max_jobs) reason = "Priority";
    if (!reason.empty()) {
      decisions_.reasons[job.job_id] = reason;
      return;
    }
    bool reserved_in_way = false;
    std::string shape = ShapeKey(job);
    for (int p : usable) {
      std::optional<Placement> placement = PlaceNow(job, p, shape, reserved_in_way);
      if (!placement) continue;
      std::string limit = limits_.Check(job, TotalsOf(*placement, view_));
      if (!limit.empty()) {
        decisions_.reasons[job.job_id] = limit;
        return;
      }
      Start(job, std::move(*placement), p);
      return;
    }
    Wait(job, usable, reserved_in_way);
  }

  // Fills `usable` with the partitions that may take the job, best tier
  // first; returns the reason when there are none.
  std::string UsablePartitions(const JobRequest& job, std::vector<int>& usable) {
    std::string first_reason;
    for (int p : job.partitions) {
      if (!ValidIndex(partitions_.size(), p)) continue;
      std::string reason = PartitionReason(job, partitions_[p]);
      if (reason.empty()) {
        usable.push_back(p);
      } else if (first_reason.empty()) {
        first_reason = reason;
      }
    }
    std::stable_sort(usable.begin(), usable.end(), [&](int a, int b) {
      return partitions_[a].priority_tier > partitions_[b].priority_tier;
    });
    if (!usable.empty()) return "";
    return first_reason.empty() ? "BadConstraints" : first_reason;
  }

  std::string ResourceIndependentReason(const JobRequest& job) {
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
  std::optional<Placement> PlaceNow(const JobRequest& job, int p, const std::string& shape,
                                    bool& reserved_in_way) {
    int64_t duration = Duration(job, partitions_[p]);
    std::string key = shape.empty() ? shape : std::to_string(p) + shape;
    if (!key.empty()) {
      auto failed = failed_now_.find(key);
      if (failed != failed_now_.end() && failed->second.first <= duration) {
        reserved_in_way = reserved_in_way || failed->second.second;
        return std::nullopt;
      }
    }
    int64_t end = EndOf(snapshot_.now, duration);
    std::vector<Timeline::Saved> saved = timeline_.PatchView(snapshot_.now, end, view_);
    std::optional<Placement> placement = PlaceJob(job, partitions_[p], view_);
    Timeline::RestoreView(saved, view_);
    bool in_way = !saved.empty() && !placement && PlaceJob(job, partitions_[p], view_);
    reserved_in_way = reserved_in_way || in_way;
    if (placement) {
      placement->partition = p;
    } else if (!key.empty()) {
      auto [it, added] = failed_now_.try_emplace(key, duration, in_way);
      if (!added && duration < it->second.first) it->second = {duration, in_way};
    }
    return placement;
  }

  void Start(const JobRequest& job, Placement placement, int p) {
    int64_t end = EndOf(snapshot_.now, Duration(job, partitions_[p]));
    limits_.Add(job.limits, TotalsOf(placement, view_));
    ApplyPlacement(placement, view_);
    timeline_.Book(placement, view_, snapshot_.now, end);
    if (job.array_job_id != 0) ++array_running_[job.array_job_id];
    decisions_.starts.push_back(std::move(placement));
  }

  // A job that does not fit now: never (BadConstraints), or it waits, with
  // a reservation at its earliest start when backfill allows one more.
  void Wait(const JobRequest& job, const std::vector<int>& usable, bool reserved_in_way) {
    if (!Satisfiable(job, usable, true)) {
      // Fits only with more nodes than MaxNodes allows: the partition's limit.
      decisions_.reasons[job.job_id] = Satisfiable(job, usable, false) ? "PartitionNodeLimit" : "BadConstraints";
      return;
    }
    ++waited_;
    decisions_.reasons[job.job_id] = reserved_in_way ? "Priority" : "Resources";
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
    int64_t cpus = int64_t{job.ntasks} * job.cpus_per_task;
    std::optional<std::pair<int64_t, Placement>> found;
    Partition some;  // partition p restricted to the nodes free at a moment
    some.up = partitions_[p].up;
    some.max_time_s = partitions_[p].max_time_s;
    some.max_nodes = partitions_[p].max_nodes;
    some.priority_tier = partitions_[p].priority_tier;
    timeline_.Sweep(until, Duration(job, partitions_[p]), cpus, job.cpus_per_task, positions_[p],
                    [&](int64_t start, int64_t end, const std::vector<int>& nodes) {
                      some.nodes = nodes;
                      std::vector<Timeline::Saved> saved = timeline_.PatchNodes(start, end, nodes, view_);
                      std::optional<Placement> placement = PlaceJob(job, some, view_);
                      Timeline::RestoreView(saved, view_);
                      if (!placement) return false;
                      placement->partition = p;
                      found = std::make_pair(start, std::move(*placement));
                      return true;
                    });
    return found;
  }

  bool Satisfiable(const JobRequest& job, const std::vector<int>& usable, bool node_limits) {
    if (!idle_) idle_ = IdleNodes(snapshot_.nodes);
    for (int p : usable) {
      if (node_limits) {
        if (PlaceJob(job, partitions_[p], *idle_)) return true;
        continue;
      }
      Partition unlimited = partitions_[p];
      unlimited.max_nodes = 0;
      if (PlaceJob(job, unlimited, *idle_)) return true;
    }
    return false;
  }

  const Snapshot& snapshot_;
  std::vector<Partition> partitions_;
  std::vector<std::vector<int>> positions_;  // per partition: node index -> place in its order
  std::vector<Node> view_;
  Timeline timeline_;
  LimitUsage limits_;
  std::vector<bool> blocked_;
  std::map<uint32_t, uint32_t> array_running_;
  std::optional<std::vector<Node>> idle_;
  uint32_t waited_ = 0;
  std::map<std::string, std::pair<int64_t, bool>> failed_now_;  // shape -> shortest failed duration
  Decisions decisions_;
};

}  // namespace

Decisions Schedule(const Snapshot& snapshot) { return Pass(snapshot).Run(); }

Status CheckSatisfiable(const JobRequest& job, const Snapshot& snapshot) {
  std::vector<Partition> partitions = ByWeight(snapshot);
  bool any_partition = false;
  std::vector<Node> idle = IdleNodes(snapshot.nodes);
  for (int p : job.partitions) {
    if (!ValidIndex(partitions.size(), p)) continue;
    any_partition = true;
    // Partition limits (MaxNodes) make a job wait, not fail, as in Slurm
    // without EnforcePartLimits.
    Partition unlimited = partitions[p];
    unlimited.max_nodes = 0;
    if (PlaceJob(job, unlimited, idle)) return Status::Ok();
  }
  if (!any_partition) return InvalidArgument("Invalid partition name specified");
  return InvalidArgument("Requested node configuration is not available");
}

}  // namespace bramble::sched
