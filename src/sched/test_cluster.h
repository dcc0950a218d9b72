// Test fixtures for the scheduler: small clusters and jobs built in one line,
// and lookups into a Decisions. Header-only so it stays out of the library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sched/scheduler.h"

namespace bramble::sched::testing {

// `count` idle usable nodes "n0".."n<count-1>" with `cpus` CPUs and
// `memory_mb` MB each, all in one up partition "debug" with no time limit.
inline Snapshot Cluster(int count, uint32_t cpus, int64_t memory_mb = 16000) {
  Snapshot snapshot;
  Partition partition;
  partition.name = "debug";
  for (int i = 0; i < count; ++i) {
    Node node;
    node.name = "n" + std::to_string(i);
    node.cpus = cpus;
    node.memory_mb = memory_mb;
    node.usable = true;
    snapshot.nodes.push_back(node);
    partition.nodes.push_back(i);
  }
  snapshot.partitions.push_back(partition);
  return snapshot;
}

// A job in partition 0 with `ntasks` tasks of one CPU and no memory.
inline JobRequest Job(uint32_t job_id, uint32_t ntasks) {
  JobRequest job;
  job.job_id = job_id;
  job.ntasks = ntasks;
  return job;
}

// The start of `job_id` in `decisions`, or nullopt.
inline std::optional<Placement> StartOf(const Decisions& decisions, uint32_t job_id) {
  for (const Placement& p : decisions.starts) {
    if (p.job_id == job_id) return p;
  }
  return std::nullopt;
}

// The reason of `job_id` in `decisions`, or "" when it has none.
inline std::string ReasonOf(const Decisions& decisions, uint32_t job_id) {
  auto it = decisions.reasons.find(job_id);
  return it == decisions.reasons.end() ? "" : it->second;
}

inline uint32_t Sum(const std::vector<uint32_t>& values) {
  uint32_t total = 0;
  for (uint32_t v : values) total += v;
  return total;
}

}  // namespace bramble::sched::testing
