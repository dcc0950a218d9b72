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

// The scheduler's view of one job. Fails when a node or partition it names
// is not in the configuration.
Result<sched::JobRequest> MakeJobRequest(const proto::JobRecord& job, const Config& config,
                                         const std::vector<std::string>& node_order);

// Nodes (with their current allocations), partitions and the pending jobs
// given, in that order.
sched::Snapshot BuildSnapshot(const Config& config, const std::map<std::string, NodeEntry>& nodes,
                              const std::vector<std::string>& node_order,
                              std::vector<sched::JobRequest> pending, int64_t now);

// Whether the scheduler may place work on this node now.
bool NodeUsable(const NodeEntry& node);

}  // namespace bramble::controller
