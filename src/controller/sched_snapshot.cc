// Controller records to scheduler values; see sched_snapshot.h.
//
// --gpus=N (for the whole job) is placed as N divided over the job's minimum
// node count, rounded up, per node, and granted as exactly N, spread evenly
// over the nodes chosen (sched::GresShares).
#include "controller/sched_snapshot.h"

#include <algorithm>

#include "common/gres_config.h"
#include "common/hostlist.h"
#include "common/split.h"
#include "sched/constraint.h"

namespace bramble::controller {
namespace {

constexpr uint32_t kMaxDevicesPerEntry = 64;  // the scheduler's device masks are 64 bits

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

Result<std::vector<sched::GresRequest>> GresRequests(const proto::JobSpec& spec, uint32_t nodes_min) {
  std::vector<sched::GresRequest> requests;
  if (!spec.gres().empty()) {
    auto parsed = ParseGresSpec(spec.gres());
    if (!parsed) return InvalidArgument("Invalid generic resource (gres) specification");
    for (const GresConfig& g : *parsed) {
      if (g.count > kMaxDevicesPerEntry) return InvalidArgument("Invalid generic resource (gres) specification");
      requests.push_back({g.name, g.type, static_cast<uint32_t>(g.count)});
    }
  }
  if (spec.has_gpus() && spec.gpus() > 0) {
    uint32_t nodes = std::max<uint32_t>(nodes_min, 1);
    requests.push_back({"gpu", "", (spec.gpus() + nodes - 1) / nodes, spec.gpus()});
  }
  return requests;
}

sched::Node SchedNode(const std::string& name, const NodeEntry& entry) {
  sched::Node node;
  node.name = name;
  node.cpus = entry.config.cpus;
  node.alloc_cpus = entry.alloc_cpus;
  node.memory_mb = entry.config.real_memory_mb;
  node.alloc_memory_mb = entry.alloc_memory_mb;
  node.usable = NodeUsable(entry);
  node.weight = entry.config.weight;
  node.features = entry.config.features;
  for (const GresConfig& g : entry.config.gres) {
    uint32_t count = static_cast<uint32_t>(std::min<uint64_t>(g.count, kMaxDevicesPerEntry));
    node.gres.push_back({g.name, g.type, count, 0});
  }
  return node;
}

// A running job's expected end: start + limit, or never without a limit.
int64_t ExpectedEnd(const proto::JobRecord& job) {
  if (job.time_limit_s() < 0) return sched::kForever;
  return job.start_time() + job.time_limit_s();
}

sched::Limit SchedLimit(const LimitConfig& config) {
  sched::Limit limit;
  if (config.max_jobs) limit.max_jobs = *config.max_jobs;
  if (config.grp_cpus) limit.max_cpus = *config.grp_cpus;
  if (config.grp_mem_mb) limit.max_memory_mb = *config.grp_mem_mb;
  if (config.grp_gpus) limit.max_gpus = *config.grp_gpus;
  if (config.max_wall_s) limit.max_wall_s = *config.max_wall_s;
  return limit;
}

}  // namespace

bool NodeUsable(const NodeEntry& node) {
  return node.registered && !node.down && !node.drain && node.config.state != "FUTURE";
}

std::vector<std::string> JobPartitions(const proto::JobSpec& spec, const Config& config) {
  std::vector<std::string> names = SplitCommaList(spec.partition());
  if (names.empty()) {
    const PartitionConfig* fallback = config.DefaultPartition();
    if (fallback != nullptr) names.push_back(fallback->name);
  }
  return names;
}

std::vector<int> LimitIndices(const Config& config, const proto::JobRecord& job) {
  std::vector<int> indices;
  for (const auto& [kind, name] : {std::pair<std::string, std::string>{"user", job.user()},
                                   std::pair<std::string, std::string>{"group", job.group()}}) {
    const LimitConfig* limits = config.FindLimits(kind, name);
    if (limits == nullptr) continue;
    indices.push_back(static_cast<int>(limits - config.limits.data()));
  }
  return indices;
}

Result<sched::JobRequest> MakeJobRequest(const proto::JobRecord& job, const Config& config,
                                         const std::vector<std::string>& node_order) {
  const proto::JobSpec& spec = job.spec();
  sched::JobRequest request;
  request.job_id = job.job_id();
  request.partitions.clear();
  for (const std::string& name : JobPartitions(spec, config)) {
    int found = -1;
    for (size_t i = 0; i < config.partitions.size(); ++i) {
      if (config.partitions[i].name == name) found = static_cast<int>(i);
    }
    if (found < 0) return InvalidArgument("Invalid partition name specified");
    request.partitions.push_back(found);
  }
  if (request.partitions.empty()) return InvalidArgument("No partition specified or system default partition");
  request.priority = job.priority();
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
  auto constraint = sched::ParseConstraint(spec.constraint());
  if (!constraint) return constraint.status();
  request.constraint = std::move(*constraint);
  auto gres = GresRequests(spec, request.nodes_min);
  if (!gres) return gres.status();
  request.gres = std::move(*gres);
  request.exclusive = spec.exclusive();
  request.held = spec.hold();
  request.held_by_admin = job.held_by_admin();
  request.begin_time = spec.begin_time();
  request.time_limit_s = job.time_limit_s();
  request.array_job_id = job.array_job_id();
  request.array_throttle = job.array_throttle();
  return request;
}

sched::Snapshot BuildSnapshot(const Config& config, const std::map<std::string, NodeEntry>& nodes,
                              const std::vector<std::string>& node_order,
                              const std::vector<proto::JobRecord*>& jobs,
                              std::vector<sched::JobRequest> pending, int64_t now) {
  sched::Snapshot snapshot;
  snapshot.now = now;
  for (const auto& name : node_order) snapshot.nodes.push_back(SchedNode(name, nodes.at(name)));
  for (const proto::JobRecord* record : jobs) {
    const proto::JobRecord& job = *record;
    uint32_t id = job.job_id();
    if (job.state() != proto::RUNNING) continue;  // completing jobs are RUNNING until their node reports
    sched::RunningJob running;
    running.job_id = id;
    running.mem_per_node_mb = job.mem_per_node_mb();
    running.end_time = ExpectedEnd(job);
    running.limits = LimitIndices(config, job);
    running.array_job_id = job.array_job_id();
    for (int i = 0; i < job.nodes_size(); ++i) {
      running.nodes.push_back(IndexOf(node_order, job.nodes(i)));
      running.cpus_per_node.push_back(i < job.cpus_per_node_size() ? job.cpus_per_node(i) : 0);
    }
    running.gres_per_node.resize(running.nodes.size());
    for (const proto::GresAlloc& alloc : job.gres()) {
      if (alloc.node_index() >= running.nodes.size()) continue;
      int node = running.nodes[alloc.node_index()];
      running.gres_per_node[alloc.node_index()].push_back({static_cast<int>(alloc.entry()), alloc.mask()});
      if (node >= 0 && alloc.entry() < snapshot.nodes[node].gres.size()) {
        snapshot.nodes[node].gres[alloc.entry()].used_mask |= alloc.mask();
      }
    }
    snapshot.running.push_back(std::move(running));
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
    // MaxNodes=0 lets no job in; the scheduler's 0 means unlimited, so 0
    // becomes a down partition.
    if (p.max_nodes == 0) partition.up = false;
    partition.max_nodes = p.max_nodes > 0 ? static_cast<uint32_t>(p.max_nodes) : 0;
    partition.priority_tier = p.priority_tier;
    snapshot.partitions.push_back(partition);
  }
  for (const LimitConfig& limit : config.limits) snapshot.limits.push_back(SchedLimit(limit));
  snapshot.options.backfill = config.scheduler_type != "sched/builtin";
  snapshot.options.backfill_window_s = int64_t{config.bf_window_min} * 60;
  snapshot.options.backfill_max_jobs = config.bf_max_job_test;
  snapshot.options.backfill_resolution_s = config.bf_resolution_s;
  snapshot.pending = std::move(pending);
  return snapshot;
}

}  // namespace bramble::controller
