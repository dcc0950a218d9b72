// Job priority: Slurm's priority/multifactor (22.05) for the factors Bramble
// has (age, fair-share, job size, partition, nice) and priority/basic's FIFO
// numbering. Pure arithmetic: the caller passes `now`, the cluster's size and
// the user's fair-share factor (fair_share.h computes it).
//
// Entry points: ComputePriority gives the normalized factors and the job's
// priority as the controller would store it; ComputeWeightedFactors gives the
// integer columns `sprio` prints; BasicPriority is PriorityType=priority/basic.
//
// Rules (slurm.conf(5), priority_multifactor.html, sprio(1)):
//   priority = age*PriorityWeightAge + fair_share*PriorityWeightFairshare
//            + job_size*PriorityWeightJobSize + partition*PriorityWeightPartition
//            - nice
// summed as a double in that order, raised to 1 when below 1 (0 means held),
// truncated toward zero and capped at 2^32-1. A factor whose weight is 0 is
// not computed and reads 0, as `sprio -n` shows it. sprio prints each weighted
// column rounded to the nearest integer (printf "%.0f", ties to even) but the
// priority truncated, so its columns need not add up to its PRIORITY.
#pragma once

#include <cstdint>

namespace bramble::sched {

// The slurm.conf weights. Slurm's weights are 32-bit; their sum may pass
// 2^32, which is why the priority is capped.
struct PriorityWeights {
  uint32_t age = 0;          // PriorityWeightAge
  uint32_t fair_share = 0;   // PriorityWeightFairshare
  uint32_t job_size = 0;     // PriorityWeightJobSize
  uint32_t partition = 0;    // PriorityWeightPartition
  int64_t max_age_s = 7 * 24 * 3600;  // PriorityMaxAge (Slurm's default 7-0)
  bool favor_small = false;  // PriorityFavorSmall=YES
};

// What one pending job contributes.
struct PriorityJob {
  uint32_t job_id = 0;
  int64_t eligible_time = 0;   // Unix seconds it became eligible (begin time)
  uint32_t cpus = 0;           // CPUs requested; 0 = unknown (size by nodes only)
  uint32_t nodes = 1;          // minimum nodes requested (-N), 1 when unset
  uint32_t partition_job_factor = 0;  // the partition's PriorityJobFactor
  int64_t nice = 0;            // --nice; Slurm allows -2147483645..2147483645
  double fair_share = 0;       // the user's fair-share factor, 0..1
};

// The cluster the factors are relative to.
struct PriorityCluster {
  uint32_t total_cpus = 0;                // CPUs of all nodes
  uint32_t total_nodes = 0;               // nodes in slurm.conf
  uint32_t max_partition_job_factor = 0;  // largest PriorityJobFactor of any partition
};

// The normalized factors (0..1, `sprio -n`) and the resulting priority.
struct PriorityFactors {
  double age = 0;
  double fair_share = 0;
  double job_size = 0;
  double partition = 0;
  int64_t nice = 0;
  uint32_t priority = 1;
};

// The columns of a default `sprio` line: each weighted factor as the integer
// sprio prints, NICE as given, PRIORITY as stored.
struct WeightedFactors {
  int64_t age = 0;
  int64_t fair_share = 0;
  int64_t job_size = 0;
  int64_t partition = 0;
  int64_t nice = 0;
  uint32_t priority = 1;
};

// The factors and priority of `job` at time `now` (Unix seconds). Never
// fails: each factor is clamped to 0..1 (a fair_share outside it, a job asking
// for more than the cluster has), a cluster of 0 nodes gives job_size 0 and
// one of 0 CPUs sizes jobs by nodes only.
//
// Job size (PriorityFlags without SMALL_RELATIVE_TO_TIME), N nodes and C CPUs
// in the cluster, a job of n nodes and c CPUs:
//   favor large: (n/N + c/C) / 2, or n/N when c is 0
//   favor small: ((N-n)/N + (C-c)/C) / 2, or (N-n)/N when c is 0
// Slurm computes N-n and C-c unsigned, so a job larger than the cluster wraps
// to a huge value and gets 1.0 when favoring small jobs; here it gets what the
// formula gives, clamped (such a job cannot run anyway).
PriorityFactors ComputePriority(const PriorityJob& job, const PriorityCluster& cluster,
                                const PriorityWeights& weights, int64_t now);

// The sprio columns for `factors` computed under `weights`.
WeightedFactors ComputeWeightedFactors(const PriorityFactors& factors,
                                       const PriorityWeights& weights);

// The priority priority/basic gives the job numbered `job_id`: Slurm starts
// at 0xffff0000 (4294901760, headroom left for `scontrol update priority`)
// and gives each new job one less than the lowest so far, so job n (counted
// from 1) gets 4294901760 - n, and never less than 1. Job 0 gets 4294901760.
// Nice is not modelled: under priority/basic Slurm subtracts it and the next
// jobs continue below the lowered value.
uint32_t BasicPriority(uint32_t job_id);

}  // namespace bramble::sched
