// Quota accounting within a pass; see limit_usage.h.
#include "sched/limit_usage.h"

#include "sched/gres.h"

namespace bramble::sched {
namespace {

bool Over(int64_t used, int64_t more, int64_t max) { return max >= 0 && used + more > max; }

}  // namespace

JobTotals TotalsOf(const Placement& placement, const std::vector<Node>& nodes) {
  JobTotals totals;
  for (size_t i = 0; i < placement.nodes.size(); ++i) {
    totals.cpus += placement.cpus_per_node[i];
    totals.memory_mb += placement.mem_per_node_mb;
    if (i < placement.gres_per_node.size()) {
      totals.gpus += GrantedCount(nodes[placement.nodes[i]], placement.gres_per_node[i], "gpu");
    }
  }
  return totals;
}

JobTotals MinimumTotals(const JobRequest& job) {
  JobTotals totals;
  totals.cpus = int64_t{job.ntasks} * job.cpus_per_task;
  int64_t nodes = std::max<uint32_t>(job.nodes_min, 1);
  if (job.mem_per_node_mb > 0) {
    totals.memory_mb = job.mem_per_node_mb * nodes;
  } else if (job.mem_per_node_mb < 0 && job.mem_per_cpu_mb > 0) {
    totals.memory_mb = job.mem_per_cpu_mb * totals.cpus;
  }
  for (const GresRequest& request : job.gres) {
    if (request.name != "gpu") continue;
    totals.gpus += request.job_total > 0 ? int64_t{request.job_total} : int64_t{request.per_node} * nodes;
  }
  return totals;
}

LimitUsage::LimitUsage(const Snapshot& snapshot)
    : limits_(snapshot.limits), used_(snapshot.limits.size()) {
  for (const RunningJob& job : snapshot.running) {
    if (job.limits.empty()) continue;  // counts against nothing
    Placement held;
    held.nodes = job.nodes;
    held.cpus_per_node = job.cpus_per_node;
    held.cpus_per_node.resize(held.nodes.size(), 0);
    held.mem_per_node_mb = job.mem_per_node_mb;
    held.gres_per_node = job.gres_per_node;
    bool valid = true;
    for (int n : held.nodes) valid = valid && n >= 0 && static_cast<size_t>(n) < snapshot.nodes.size();
    if (!valid) held.gres_per_node.clear();
    Add(job.limits, TotalsOf(held, snapshot.nodes));
  }
}

std::string_view LimitUsage::Check(const JobRequest& job, const JobTotals& totals) const {
  for (int index : job.limits) {
    if (index < 0 || static_cast<size_t>(index) >= limits_.size()) continue;
    const Limit& limit = limits_[index];
    if (limit.max_wall_s >= 0 && (job.time_limit_s < 0 || job.time_limit_s > limit.max_wall_s)) {
      return "AssocMaxWallDurationPerJobLimit";
    }
  }
  for (int index : job.limits) {
    if (index < 0 || static_cast<size_t>(index) >= limits_.size()) continue;
    const Limit& limit = limits_[index];
    const Used& used = used_[index];
    if (Over(used.jobs, 1, limit.max_jobs)) return "AssocMaxJobsLimit";
    if (Over(used.totals.cpus, totals.cpus, limit.max_cpus)) return "AssocGrpCpuLimit";
    if (Over(used.totals.memory_mb, totals.memory_mb, limit.max_memory_mb)) return "AssocGrpMemLimit";
    if (Over(used.totals.gpus, totals.gpus, limit.max_gpus)) return "AssocGrpGRES";
  }
  return "";
}

void LimitUsage::Add(const std::vector<int>& limits, const JobTotals& totals) {
  for (int index : limits) {
    if (index < 0 || static_cast<size_t>(index) >= used_.size()) continue;
    used_[index].jobs += 1;
    used_[index].totals.cpus += totals.cpus;
    used_[index].totals.memory_mb += totals.memory_mb;
    used_[index].totals.gpus += totals.gpus;
  }
}

}  // namespace bramble::sched
