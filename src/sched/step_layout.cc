// Step layout; see step_layout.h for the rules and their sources.
//
// Three stages: resolve -w/-x names against the job, settle the node count
// the way srun does before it asks slurmctld, then choose the nodes and
// deal the tasks. A node's room is the tasks it can take: its CPUs divided
// by cpus_per_task, capped by --ntasks-per-node.
#include "sched/step_layout.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace bramble::sched {
namespace {

constexpr char kConfigUnavailable[] = "Requested node configuration is not available";
constexpr char kTooManyCpus[] = "More processors requested than permitted";
constexpr char kNoMemory[] = "Memory required by task is not available";

// slurmctld's refusals, as srun prints them.
Status StepError(uint32_t job_id, const char* why) {
  return InvalidArgument("Unable to create step for job " + std::to_string(job_id) + ": " + why);
}

uint32_t Clamp32(uint64_t value) {
  return static_cast<uint32_t>(std::min<uint64_t>(value, std::numeric_limits<uint32_t>::max()));
}

Status CheckRequest(const JobAllocation& job, const StepRequest& request) {
  if (job.nodes.empty() || job.nodes.size() != job.cpus_per_node.size()) {
    return InvalidArgument("No nodes in allocation, can't run job");
  }
  if (request.ntasks && *request.ntasks == 0) {
    return StepError(job.job_id, "Task count specification invalid");
  }
  if (request.cpus_per_task && *request.cpus_per_task == 0) {
    return InvalidArgument("invalid number of cpus per task (-c 0)");
  }
  if (request.ntasks_per_node && *request.ntasks_per_node == 0) {
    return InvalidArgument("ntasks-per-node is 0");
  }
  uint32_t min = request.nodes_min.value_or(0);
  uint32_t max = request.nodes_max.value_or(min);
  if ((request.nodes_min && min == 0) || (request.nodes_max && max == 0) || max < min) {
    return InvalidArgument("invalid number of nodes (-N " + std::to_string(min) + "-" +
                           std::to_string(max) + ")");
  }
  if (request.mem_mb && job.mem_per_node_mb > 0 && *request.mem_mb > job.mem_per_node_mb) {
    return StepError(job.job_id, kNoMemory);
  }
  return Status::Ok();
}

// The job's nodes as the step sees them.
struct Names {
  std::vector<bool> excluded;  // parallel to the job's nodes
  std::vector<int> required;   // -w nodes, ascending
  size_t available = 0;        // nodes not excluded
};

Result<Names> ResolveNames(const JobAllocation& job, const StepRequest& request) {
  std::map<std::string, int> index;
  for (size_t i = 0; i < job.nodes.size(); ++i) index.emplace(job.nodes[i], static_cast<int>(i));
  std::set<std::string> wanted(request.nodelist.begin(), request.nodelist.end());
  Names names;
  names.excluded.assign(job.nodes.size(), false);
  for (const std::string& name : request.exclude) {
    if (wanted.count(name)) {
      return InvalidArgument("Requested node " + name + " is also in the excluded list.");
    }
    auto it = index.find(name);
    if (it != index.end()) names.excluded[it->second] = true;  // srun ignores foreign names
  }
  names.available = std::count(names.excluded.begin(), names.excluded.end(), false);
  if (names.available == 0) return InvalidArgument("Hostlist is empty!  Can't run job.");
  for (const std::string& name : wanted) {
    auto it = index.find(name);
    if (it == index.end()) return StepError(job.job_id, kConfigUnavailable);
    names.required.push_back(it->second);
  }
  std::sort(names.required.begin(), names.required.end());
  return names;
}

// How many nodes the step takes (srun's _opt_verify and
// job_step_create_allocation; a range takes its maximum, as slurmctld's
// _opt_node_cnt does). May drop trailing -w nodes when there are fewer
// tasks than names, as srun does.
Result<size_t> CountNodes(const StepRequest& request, Names& names) {
  size_t min = 0;
  if (!names.required.empty()) {
    min = std::max<size_t>(names.required.size(), request.nodes_min.value_or(0));
  } else if (request.nodes_min) {
    min = *request.nodes_min;
  } else {
    min = request.ntasks ? std::min<size_t>(*request.ntasks, names.available) : names.available;
    if (request.nodes_max) min = std::min<size_t>(min, *request.nodes_max);
  }
  size_t max = request.nodes_max ? *request.nodes_max : min;
  if (max < min) {
    return InvalidArgument("invalid number of nodes (-N " + std::to_string(min) + "-" +
                           std::to_string(max) + ")");
  }
  if (request.ntasks) {
    // srun: "can't run N processes on M nodes, setting nnodes to N".
    max = std::min<size_t>(max, *request.ntasks);
    min = std::min<size_t>(min, *request.ntasks);
    if (names.required.size() > min) names.required.resize(min);
  }
  if (min > names.available) {
    return InvalidArgument("Minimum node count > allocated node count (" + std::to_string(min) +
                           " > " + std::to_string(names.available) + ")");
  }
  return std::min(max, names.available);
}

// Tasks each job node can take.
std::vector<uint32_t> Rooms(const JobAllocation& job, uint32_t cpus_per_task,
                            std::optional<uint32_t> ntasks_per_node) {
  std::vector<uint32_t> rooms;
  for (uint32_t cpus : job.cpus_per_node) {
    uint32_t room = cpus / cpus_per_task;
    if (ntasks_per_node) room = std::min(room, *ntasks_per_node);
    rooms.push_back(room);
  }
  return rooms;
}

uint64_t TotalRoom(const std::vector<int>& nodes, const std::vector<uint32_t>& rooms) {
  uint64_t total = 0;
  for (int i : nodes) total += rooms[i];
  return total;
}

// The -w nodes plus `count` in all: the first others with room, unless
// they cannot hold ntasks, then the others with the most room (earlier
// first among equals). Ascending. Fewer than `count` when too few nodes
// have room.
std::vector<int> ChooseNodes(const Names& names, const std::vector<uint32_t>& rooms,
                             size_t count, uint64_t ntasks) {
  std::vector<int> others;
  for (size_t i = 0; i < rooms.size(); ++i) {
    int node = static_cast<int>(i);
    bool required = std::binary_search(names.required.begin(), names.required.end(), node);
    if (!names.excluded[i] && !required && rooms[i] > 0) others.push_back(node);
  }
  size_t need = count - std::min(count, names.required.size());
  need = std::min(need, others.size());
  std::vector<int> chosen = names.required;
  chosen.insert(chosen.end(), others.begin(), others.begin() + need);
  if (TotalRoom(chosen, rooms) < ntasks) {
    std::stable_sort(others.begin(), others.end(), [&](int a, int b) { return rooms[a] > rooms[b]; });
    chosen = names.required;
    chosen.insert(chosen.end(), others.begin(), others.begin() + need);
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

// Slurm's block distribution (_task_layout_block): tasks are dealt one per
// node per round, skipping full nodes; the counts are those of round L,
// plus one more for the first nodes with room left. Needs enough room.
std::vector<uint32_t> DealTasks(const std::vector<uint32_t>& rooms, uint32_t ntasks) {
  auto dealt = [&](uint64_t rounds) {
    uint64_t total = 0;
    for (uint32_t room : rooms) total += std::min<uint64_t>(room, rounds);
    return total;
  };
  uint64_t low = 0;  // most rounds that deal no more than ntasks
  uint64_t high = *std::max_element(rooms.begin(), rooms.end());
  while (low < high) {
    uint64_t mid = low + (high - low + 1) / 2;
    if (dealt(mid) <= ntasks) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  std::vector<uint32_t> tasks;
  uint64_t left = ntasks - dealt(low);
  for (uint32_t room : rooms) {
    uint32_t count = static_cast<uint32_t>(std::min<uint64_t>(room, low));
    if (left > 0 && room > low) {
      ++count;
      --left;
    }
    tasks.push_back(count);
  }
  return tasks;
}

// Why the chosen nodes (each with room for one task) cannot hold the
// tasks: too few CPUs (or CPUs split so that -c does not fit), or only
// --ntasks-per-node in the way.
Status ShortOfRoom(const JobAllocation& job, const StepRequest& request,
                   const std::vector<int>& chosen, uint32_t ntasks) {
  uint32_t cpus_per_task = request.cpus_per_task.value_or(1);
  uint64_t cpus = 0;
  for (int i : chosen) cpus += job.cpus_per_node[i];
  if (uint64_t{ntasks} * cpus_per_task > cpus || !request.ntasks_per_node) {
    return StepError(job.job_id, kTooManyCpus);
  }
  std::vector<uint32_t> rooms = Rooms(job, cpus_per_task, std::nullopt);
  if (TotalRoom(chosen, rooms) >= ntasks) return StepError(job.job_id, kConfigUnavailable);
  return StepError(job.job_id, kTooManyCpus);
}

// srun's task count when -n was not given (_set_ntasks).
uint32_t DefaultTasks(const JobAllocation& job, const StepRequest& request,
                      const std::vector<int>& chosen) {
  uint64_t tasks = chosen.size();
  if (request.ntasks_per_node) {
    tasks = uint64_t{*request.ntasks_per_node} * chosen.size();
  } else if (request.cpus_per_task) {
    uint64_t fit = 0;
    for (int i : chosen) fit += job.cpus_per_node[i] / *request.cpus_per_task;
    tasks = std::max<uint64_t>(fit, chosen.size());
  }
  return Clamp32(tasks);
}

}  // namespace

Result<StepLayout> LayOutStep(const JobAllocation& job, const StepRequest& request) {
  BRAMBLE_RETURN_IF_ERROR(CheckRequest(job, request));
  Result<Names> names = ResolveNames(job, request);
  if (!names) return names.error();
  Result<size_t> count = CountNodes(request, *names);
  if (!count) return count.error();
  uint32_t cpus_per_task = request.cpus_per_task.value_or(1);
  std::vector<uint32_t> rooms = Rooms(job, cpus_per_task, request.ntasks_per_node);
  // The tasks the nodes must hold, when known before choosing them: -n, or
  // --ntasks-per-node on each node. Otherwise one task per node, and the
  // count follows from the nodes chosen.
  uint64_t wanted = *count;
  if (request.ntasks) {
    wanted = *request.ntasks;
  } else if (request.ntasks_per_node) {
    wanted = uint64_t{*request.ntasks_per_node} * *count;
  }
  std::vector<int> chosen = ChooseNodes(*names, rooms, *count, wanted);
  bool each_has_room = std::all_of(chosen.begin(), chosen.end(), [&](int i) { return rooms[i] > 0; });
  if (chosen.size() < *count || !each_has_room) {
    return StepError(job.job_id, kTooManyCpus);  // -c larger than some nodes' CPUs
  }
  uint32_t ntasks = request.ntasks ? *request.ntasks : DefaultTasks(job, request, chosen);
  if (TotalRoom(chosen, rooms) < ntasks) return ShortOfRoom(job, request, chosen, ntasks);
  StepLayout layout;
  layout.node_indices = chosen;
  std::vector<uint32_t> chosen_rooms;
  for (int i : chosen) {
    layout.nodes.push_back(job.nodes[i]);
    layout.cpus_per_node.push_back(job.cpus_per_node[i]);
    chosen_rooms.push_back(rooms[i]);
  }
  layout.tasks_per_node = DealTasks(chosen_rooms, ntasks);
  layout.ntasks = ntasks;
  layout.cpus_per_task = request.cpus_per_task.value_or(0);
  layout.mem_per_node_mb = request.mem_mb && *request.mem_mb > 0 ? *request.mem_mb : job.mem_per_node_mb;
  return layout;
}

}  // namespace bramble::sched
