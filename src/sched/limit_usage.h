// Per-user and per-group quotas during one pass: what the running jobs and
// this pass's starts use of each Limit, and the Slurm pending reason a job
// gets when starting it would go over one.
//
// Reasons (Slurm's association names): AssocMaxWallDurationPerJobLimit,
// AssocMaxJobsLimit, AssocGrpCpuLimit, AssocGrpMemLimit, AssocGrpGRES.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sched/scheduler.h"

namespace bramble::sched {

// What a job holds, as counted against limits.
struct JobTotals {
  int64_t cpus = 0;
  int64_t memory_mb = 0;
  int64_t gpus = 0;
};

// The totals of a placement on `nodes`.
JobTotals TotalsOf(const Placement& placement, const std::vector<Node>& nodes);

// The least a job can hold, known before it is placed (exclusive jobs and
// memory per node may turn out larger).
JobTotals MinimumTotals(const JobRequest& job);

class LimitUsage {
 public:
  // Counts the running jobs of `snapshot` against its limits.
  LimitUsage(const Snapshot& snapshot);

  // The reason starting `job` holding `totals` would break one of its
  // limits, or "" when it would not (a literal: never dangles).
  std::string_view Check(const JobRequest& job, const JobTotals& totals) const;

  // Counts a job started in this pass.
  void Add(const std::vector<int>& limits, const JobTotals& totals);

 private:
  struct Used {
    int64_t jobs = 0;
    JobTotals totals;
  };
  const std::vector<Limit>& limits_;
  std::vector<Used> used_;
};

}  // namespace bramble::sched
