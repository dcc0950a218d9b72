// Translating the controller's records into the scheduler's plain values
// (sched/scheduler.h) and back. Pure functions: no store, no network.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/config.h"
#include "controller/controller.h"
#include "sched/scheduler.h"

namespace bramble::controller {

// The scheduler's view of one job: shape, partitions, devices, features,
// holds, begin time, array and priority. Dependencies and limits are the
// caller's to fill in. Fails with Slurm's submit error text when a node,
// partition, feature expression or gres it names is not valid.
Result<sched::JobRequest> MakeJobRequest(const proto::JobRecord& job, const Config& config,
                                         const std::vector<std::string>& node_order);

// Nodes (with their current allocations and devices in use), partitions,
// running jobs with their expected ends, limits and options, from the
// configuration and the jobs (those not finished suffice); `pending` is
// placed in as given.
sched::Snapshot BuildSnapshot(const Config& config, const std::map<std::string, NodeEntry>& nodes,
                              const std::vector<std::string>& node_order,
                              const std::vector<proto::JobRecord*>& jobs,
                              std::vector<sched::JobRequest> pending, int64_t now);

// Indices into Snapshot::limits (as BuildSnapshot lays them out: one per
// configured limit entry, in order) of the limits that apply to `job`: its
// user's and its group's.
std::vector<int> LimitIndices(const Config& config, const proto::JobRecord& job);

// Whether the scheduler may place work on this node now.
bool NodeUsable(const NodeEntry& node);

// The partitions a job asked for (-p a,b), or the default one.
std::vector<std::string> JobPartitions(const proto::JobSpec& spec, const Config& config);

}  // namespace bramble::controller
