// Placement of one job; see placement.h.
//
// Each candidate node gets a capacity (tasks it can take now), the choice of
// nodes and tasks is node_choice.cc's, and the memory figure is checked last.
// With --mem-per-cpu the per-node reservation is the figure of the fullest
// node, which a node with less free memory may not hold. When the first try
// trips over that, PlaceJob retries with a cap on tasks per node ("level"):
// only nodes with memory for `level` tasks take part, and none gets more than
// `level` tasks. Levels worth trying are the distinct memory capacities of
// the nodes (between two of them the eligible nodes do not change and the
// higher level allows more), tried from the highest down.
//
// The walk over the partition passes over nodes that could never take the
// job before reading them (NodeSource::Fixed) and stops once the choice is
// settled (choice_settled.h), so a node table worked out on demand
// (window_view.h) costs only the nodes placement looks at.
#include "sched/placement.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <utility>

#include "sched/choice_settled.h"
#include "sched/constraint.h"
#include "sched/gres.h"
#include "sched/node_choice.h"

namespace bramble::sched {
namespace {

constexpr uint32_t kNoLevel = std::numeric_limits<uint32_t>::max();

enum class MemoryMode { kNone, kPerNode, kWholeNode, kPerCpu };

MemoryMode ModeOf(const JobRequest& job) {
  if (job.mem_per_node_mb > 0) return MemoryMode::kPerNode;
  if (job.mem_per_node_mb == 0) return MemoryMode::kWholeNode;
  if (job.mem_per_cpu_mb > 0) return MemoryMode::kPerCpu;
  return MemoryMode::kNone;
}

uint32_t FreeCpus(const Node& node) {
  return node.alloc_cpus < node.cpus ? node.cpus - node.alloc_cpus : 0;
}

int64_t FreeMemory(const Node& node) {
  return std::max<int64_t>(0, node.memory_mb - node.alloc_memory_mb);
}

// Tasks whose --mem-per-cpu memory fits in the node's free memory.
uint32_t TasksInMemory(const JobRequest& job, const Node& node) {
  int64_t per_task = 0;
  if (__builtin_mul_overflow(job.mem_per_cpu_mb, int64_t{job.cpus_per_task}, &per_task)) {
    return 0;
  }
  int64_t tasks = FreeMemory(node) / per_task;
  return static_cast<uint32_t>(std::min<int64_t>(tasks, std::numeric_limits<uint32_t>::max()));
}

// Tasks the node can take by its free CPUs and --ntasks-per-node.
uint32_t CpuCapacity(const JobRequest& job, const Node& node) {
  uint32_t tasks = FreeCpus(node) / job.cpus_per_task;
  if (job.ntasks_per_node > 0) tasks = std::min(tasks, job.ntasks_per_node);
  return tasks;
}

bool Idle(const Node& node) {
  if (node.alloc_cpus != 0 || node.alloc_memory_mb != 0) return false;
  for (const NodeGres& entry : node.gres) {
    if (entry.used_mask != 0) return false;
  }
  return true;
}

// Tasks the node can take now; see the file comment for `level`.
uint32_t Capacity(const JobRequest& job, const Node& node, uint32_t level) {
  if (job.exclusive && !Idle(node)) return 0;
  if (!GresFree(node, job.gres)) return 0;
  uint32_t tasks = CpuCapacity(job, node);
  switch (ModeOf(job)) {
    case MemoryMode::kPerNode:
      return FreeMemory(node) >= job.mem_per_node_mb ? tasks : 0;
    case MemoryMode::kWholeNode:
      return node.alloc_memory_mb == 0 ? tasks : 0;
    case MemoryMode::kPerCpu:
      if (level == kNoLevel) return std::min(tasks, TasksInMemory(job, node));
      return TasksInMemory(job, node) >= level ? std::min(tasks, level) : 0;
    case MemoryMode::kNone:
      break;
  }
  return tasks;
}

bool InRange(size_t size, int index) { return index >= 0 && static_cast<size_t>(index) < size; }

// Whether node `index` is usable, not excluded and has the features.
bool Eligible(const JobRequest& job, const Node& node, int index) {
  if (!node.usable) return false;
  if (job.excluded_nodes.empty() && job.constraint.empty()) return true;
  if (!MatchesConstraint(node.features, job.constraint)) return false;
  return std::find(job.excluded_nodes.begin(), job.excluded_nodes.end(), index) ==
         job.excluded_nodes.end();
}

// Whether the node could take a task of the job were it idle: CPUs, memory
// per node, devices, usable, not excluded, features.
bool EverFits(const JobRequest& job, const Node& node, int index) {
  if (node.cpus < job.cpus_per_task) return false;
  if (ModeOf(job) == MemoryMode::kPerNode && node.memory_mb < job.mem_per_node_mb) return false;
  return Eligible(job, node, index) && GresPossible(node, job.gres);
}

// A node's fixed figures (see NodeSource::Fixed).
const Node& FixedNode(const std::vector<Node>& nodes, int index) { return nodes[index]; }
const Node& FixedNode(NodeSource& nodes, int index) { return nodes.Fixed(index); }

// The partition's eligible nodes in partition order, each once. Returns
// nullopt when a required node is not among them. `Nodes` is a node table:
// a vector, or a NodeSource.
template <typename Nodes>
std::optional<std::vector<Candidate>> Candidates(const JobRequest& job,
                                                 const Partition& partition, Nodes& nodes,
                                                 uint32_t level) {
  std::vector<bool> seen(nodes.size(), false);
  std::vector<Candidate> candidates;
  ChoiceSettled settled(job);
  for (int index : partition.nodes) {
    if (!InRange(nodes.size(), index) || seen[index]) continue;
    bool required = !job.required_nodes.empty() &&
                    std::find(job.required_nodes.begin(), job.required_nodes.end(), index) !=
                        job.required_nodes.end();
    // Nodes that can take nothing only matter when required (node_choice
    // ignores the others); skipping them first keeps busy clusters cheap,
    // and those that never could are passed over before they are read.
    if (!required && !EverFits(job, FixedNode(nodes, index), index)) continue;
    const Node& node = nodes[index];
    if (!required && FreeCpus(node) < job.cpus_per_task) continue;
    if (required && !Eligible(job, node, index)) continue;
    seen[index] = true;
    uint32_t capacity = Capacity(job, node, level);
    if (capacity > 0 || required) candidates.push_back({index, capacity, required});
    if (settled.Add(capacity)) break;  // the rest cannot change the choice
  }
  for (int index : job.required_nodes) {
    if (!InRange(nodes.size(), index) || !seen[index]) return std::nullopt;
  }
  return candidates;
}

// The memory to reserve on each node of `placement`; nullopt when some node
// does not have it free.
template <typename Nodes>
std::optional<int64_t> MemoryToReserve(const JobRequest& job, const Placement& placement,
                                       Nodes& nodes) {
  int64_t reserve = 0;
  switch (ModeOf(job)) {
    case MemoryMode::kNone:
      return 0;
    case MemoryMode::kPerNode:
      reserve = job.mem_per_node_mb;
      break;
    case MemoryMode::kWholeNode:
      reserve = std::numeric_limits<int64_t>::max();
      for (int index : placement.nodes) reserve = std::min(reserve, nodes[index].memory_mb);
      break;
    case MemoryMode::kPerCpu: {
      uint32_t most = *std::max_element(placement.cpus_per_node.begin(),
                                        placement.cpus_per_node.end());
      if (__builtin_mul_overflow(job.mem_per_cpu_mb, int64_t{most}, &reserve)) {
        return std::nullopt;
      }
      break;
    }
  }
  for (int index : placement.nodes) {
    if (FreeMemory(nodes[index]) < reserve) return std::nullopt;
  }
  return std::max<int64_t>(reserve, 0);
}

// One placement attempt with the given per-node task level.
template <typename Nodes>
std::optional<Placement> TryPlace(const JobRequest& job, const Partition& partition, Nodes& nodes,
                                  uint32_t level) {
  std::optional<std::vector<Candidate>> candidates = Candidates(job, partition, nodes, level);
  if (!candidates) return std::nullopt;
  std::optional<std::vector<uint32_t>> tasks = ChooseAndDistribute(*candidates, job);
  if (!tasks) return std::nullopt;
  std::vector<std::pair<int, uint32_t>> used;
  for (size_t i = 0; i < candidates->size(); ++i) {
    if ((*tasks)[i] > 0) used.push_back({(*candidates)[i].node, (*tasks)[i]});
  }
  std::sort(used.begin(), used.end());
  Placement placement;
  placement.job_id = job.job_id;
  placement.partition = -1;  // set by the caller, which knows the partition's index
  placement.nodes.reserve(used.size());
  placement.tasks_per_node.reserve(used.size());
  placement.cpus_per_node.reserve(used.size());
  placement.gres_per_node.reserve(used.size());
  bool whole_job_counts = std::any_of(job.gres.begin(), job.gres.end(),
                                      [](const GresRequest& request) { return request.job_total > 0; });
  for (auto [index, count] : used) {
    const Node& node = nodes[index];
    size_t position = placement.nodes.size();
    placement.nodes.push_back(index);
    placement.tasks_per_node.push_back(count);
    placement.cpus_per_node.push_back(job.exclusive ? node.cpus : count * job.cpus_per_task);
    std::optional<std::vector<GresGrant>> grants =
        whole_job_counts ? TakeGres(node, GresShares(job.gres, position, used.size())) : TakeGres(node, job.gres);
    if (!grants) return std::nullopt;  // Capacity checked it; kept for safety
    placement.gres_per_node.push_back(std::move(*grants));
  }
  std::optional<int64_t> memory = MemoryToReserve(job, placement, nodes);
  if (!memory) return std::nullopt;
  placement.mem_per_node_mb = *memory;
  return placement;
}

// Levels worth a retry for --mem-per-cpu, highest first.
template <typename Nodes>
std::vector<uint32_t> Levels(const JobRequest& job, const Partition& partition, Nodes& nodes) {
  uint32_t most_cpu_tasks = 0;
  for (int index : partition.nodes) {
    if (!InRange(nodes.size(), index)) continue;
    const Node& node = nodes[index];
    if (Eligible(job, node, index)) most_cpu_tasks = std::max(most_cpu_tasks, CpuCapacity(job, node));
  }
  std::vector<uint32_t> levels;
  for (int index : partition.nodes) {
    if (!InRange(nodes.size(), index)) continue;
    const Node& node = nodes[index];
    if (!Eligible(job, node, index)) continue;
    uint32_t level = std::min(TasksInMemory(job, node), most_cpu_tasks);
    if (level > 0) levels.push_back(level);
  }
  std::sort(levels.begin(), levels.end(), std::greater<uint32_t>());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  return levels;
}

template <typename Nodes>
std::optional<Placement> Place(const JobRequest& request, const Partition& partition,
                               Nodes& nodes) {
  if (request.ntasks == 0 || request.cpus_per_task == 0) return std::nullopt;
  const JobRequest* limited = &request;
  JobRequest copy;
  if (partition.max_nodes > 0 && (request.nodes_max == 0 || request.nodes_max > partition.max_nodes)) {
    copy = request;
    copy.nodes_max = partition.max_nodes;
    limited = &copy;
  }
  const JobRequest& job = *limited;
  std::optional<Placement> placement = TryPlace(job, partition, nodes, kNoLevel);
  if (placement || ModeOf(job) != MemoryMode::kPerCpu) return placement;
  for (uint32_t level : Levels(job, partition, nodes)) {
    placement = TryPlace(job, partition, nodes, level);
    if (placement) return placement;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Placement> PlaceJob(const JobRequest& job, const Partition& partition,
                                  const std::vector<Node>& nodes) {
  return Place(job, partition, nodes);
}

std::optional<Placement> PlaceJob(const JobRequest& job, const Partition& partition,
                                  NodeSource& nodes) {
  return Place(job, partition, nodes);
}

void ApplyPlacement(const Placement& placement, std::vector<Node>& nodes) {
  for (size_t i = 0; i < placement.nodes.size(); ++i) {
    Node& node = nodes[placement.nodes[i]];
    node.alloc_cpus += placement.cpus_per_node[i];
    node.alloc_memory_mb += placement.mem_per_node_mb;
    if (i < placement.gres_per_node.size()) ApplyGrants(node, placement.gres_per_node[i]);
  }
}

}  // namespace bramble::sched
