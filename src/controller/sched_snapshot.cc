// Controller records to scheduler values; see sched_snapshot.h.
#include "controller/sched_snapshot.h"

#include <algorithm>

#include "common/hostlist.h"

namespace bramble::controller {
namespace {

int IndexOf(const std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

Result<std::vector<int>> NodeIndices(const std::string& expression, const std::vector<std::string>& node_order) {
  std::vector<int> out;
  if (expression.empty()) return out;
  auto names = ExpandHostlist(expression);
  if (!names) return InvalidArgument("Invalid node name specified");
  for (const auto& name : *names) {
    int index = IndexOf(node_order, name);
    if (index < 0) return InvalidArgument("Invalid node name specified");
    out.push_back(index);
  }
  return out;
}

}  // namespace

bool NodeUsable(const NodeEntry& node) {
  return node.registered && !node.down && !node.drain && node.config.state != "FUTURE";
}

Result<sched::JobRequest> MakeJobRequest(const proto::JobRecord& job, const Config& config,
                                         const std::vector<std::string>& node_order) {
  const proto::JobSpec& spec = job.spec();
  sched::JobRequest request;
  request.job_id = job.job_id();
  request.partition = -1;
  for (size_t i = 0; i < config.partitions.size(); ++i) {
    if (config.partitions[i].name == spec.partition()) request.partition = static_cast<int>(i);
  }
  if (request.partition < 0) return InvalidArgument("Invalid partition name specified");
  request.nodes_min = spec.has_nodes_min() ? spec.nodes_min() : 0;
  // A plain -N n means exactly n nodes (the scheduler reads max 0 as "no maximum").
  request.nodes_max = spec.has_nodes_max() ? spec.nodes_max() : request.nodes_min;
  request.ntasks_per_node = spec.has_ntasks_per_node() ? spec.ntasks_per_node() : 0;
  if (spec.has_ntasks()) {
    request.ntasks = spec.ntasks();
  } else if (request.ntasks_per_node > 0) {
    request.ntasks = request.ntasks_per_node * std::max<uint32_t>(request.nodes_min, 1);
  } else {
    request.ntasks = std::max<uint32_t>(request.nodes_min, 1);
  }
  request.cpus_per_task = spec.has_cpus_per_task() ? std::max<uint32_t>(spec.cpus_per_task(), 1) : 1;
  request.mem_per_node_mb = spec.has_mem_per_node_mb() ? spec.mem_per_node_mb() : -1;
  request.mem_per_cpu_mb = spec.has_mem_per_cpu_mb() ? spec.mem_per_cpu_mb() : config.def_mem_per_cpu_mb;
  auto required = NodeIndices(spec.nodelist(), node_order);
  if (!required) return required.status();
  auto excluded = NodeIndices(spec.exclude(), node_order);
  if (!excluded) return excluded.status();
  request.required_nodes = std::move(*required);
  request.excluded_nodes = std::move(*excluded);
  request.held = spec.hold() || job.held_by_admin();
  request.time_limit_s = job.time_limit_s();
  return request;
}

sched::Snapshot BuildSnapshot(const Config& config, const std::map<std::string, NodeEntry>& nodes,
                              const std::vector<std::string>& node_order,
                              std::vector<sched::JobRequest> pending, int64_t now) {
  sched::Snapshot snapshot;
  snapshot.now = now;
  for (const auto& name : node_order) {
    const NodeEntry& entry = nodes.at(name);
    sched::Node node;
    node.name = name;
    node.cpus = entry.config.cpus;
    node.alloc_cpus = entry.alloc_cpus;
    node.memory_mb = entry.config.real_memory_mb;
    node.alloc_memory_mb = entry.alloc_memory_mb;
    node.usable = NodeUsable(entry);
    snapshot.nodes.push_back(node);
  }
  for (const auto& p : config.partitions) {
    sched::Partition partition;
    partition.name = p.name;
    for (const auto& name : p.nodes) {
      int index = IndexOf(node_order, name);
      if (index >= 0) partition.nodes.push_back(index);
    }
    std::sort(partition.nodes.begin(), partition.nodes.end());
    partition.up = p.state == "UP";
    partition.max_time_s = p.max_time_s;
    snapshot.partitions.push_back(partition);
  }
  snapshot.pending = std::move(pending);
  return snapshot;
}

}  // namespace bramble::controller
