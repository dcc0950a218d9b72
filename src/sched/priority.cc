// Job priority: the multifactor sum and priority/basic's numbering. The rules
// and where they come from are in priority.h.
#include "sched/priority.h"

#include <cmath>

namespace bramble::sched {
namespace {

// Slurm's TOP_PRIORITY: where priority/basic starts counting down.
constexpr uint32_t kTopPriority = 0xffff0000u;
constexpr uint64_t kMaxPriority = 0xffffffffu;

// `value` limited to 0..1; NaN counts as 0.
double UnitClamp(double value) {
  if (!(value > 0)) return 0;
  return value > 1 ? 1 : value;
}

// The time since eligibility over PriorityMaxAge, at most 1. A job not yet
// eligible has age 0; with PriorityMaxAge=0 every eligible job has reached it.
double AgeFactor(int64_t eligible_time, int64_t now, int64_t max_age_s) {
  if (now < eligible_time) return 0;
  int64_t waited_s = now - eligible_time;
  if (max_age_s <= 0 || waited_s >= max_age_s) return 1;
  return static_cast<double>(waited_s) / static_cast<double>(max_age_s);
}

double JobSizeFactor(const PriorityJob& job, const PriorityCluster& cluster, bool favor_small) {
  if (cluster.total_nodes == 0) return 0;
  double nodes = static_cast<double>(cluster.total_nodes);
  double cpus = static_cast<double>(cluster.total_cpus);
  double size = favor_small ? (nodes - job.nodes) / nodes : job.nodes / nodes;
  if (job.cpus > 0 && cluster.total_cpus > 0) {
    size += favor_small ? (cpus - job.cpus) / cpus : job.cpus / cpus;
    size /= 2;
  }
  return UnitClamp(size);
}

double PartitionFactor(const PriorityJob& job, const PriorityCluster& cluster) {
  if (job.partition_job_factor == 0 || cluster.max_partition_job_factor == 0) return 0;
  return UnitClamp(static_cast<double>(job.partition_job_factor) /
                   static_cast<double>(cluster.max_partition_job_factor));
}

// sprio's "%.0f": nearest integer, ties to even (the default rounding mode).
int64_t AsSprioPrints(double weighted) { return static_cast<int64_t>(std::nearbyint(weighted)); }

}  // namespace

PriorityFactors ComputePriority(const PriorityJob& job, const PriorityCluster& cluster,
                                const PriorityWeights& weights, int64_t now) {
  PriorityFactors f;
  if (weights.age) f.age = AgeFactor(job.eligible_time, now, weights.max_age_s);
  if (weights.fair_share) f.fair_share = UnitClamp(job.fair_share);
  if (weights.job_size) f.job_size = JobSizeFactor(job, cluster, weights.favor_small);
  if (weights.partition) f.partition = PartitionFactor(job, cluster);
  f.nice = job.nice;

  // Same terms in the same order as Slurm, so the double rounds the same way.
  double sum = f.age * static_cast<double>(weights.age) +
               f.fair_share * static_cast<double>(weights.fair_share) +
               f.job_size * static_cast<double>(weights.job_size) +
               f.partition * static_cast<double>(weights.partition) -
               static_cast<double>(job.nice);
  if (sum < 1) sum = 1;  // 0 is reserved for held jobs
  uint64_t truncated = static_cast<uint64_t>(sum);
  f.priority = static_cast<uint32_t>(truncated > kMaxPriority ? kMaxPriority : truncated);
  return f;
}

WeightedFactors ComputeWeightedFactors(const PriorityFactors& factors,
                                       const PriorityWeights& weights) {
  WeightedFactors w;
  w.age = AsSprioPrints(factors.age * static_cast<double>(weights.age));
  w.fair_share = AsSprioPrints(factors.fair_share * static_cast<double>(weights.fair_share));
  w.job_size = AsSprioPrints(factors.job_size * static_cast<double>(weights.job_size));
  w.partition = AsSprioPrints(factors.partition * static_cast<double>(weights.partition));
  w.nice = factors.nice;
  w.priority = factors.priority;
  return w;
}

uint32_t BasicPriority(uint32_t job_id) {
  if (job_id >= kTopPriority) return 1;
  return kTopPriority - job_id;
}

}  // namespace bramble::sched
