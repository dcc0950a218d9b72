// Per-partition lists of nodes with a CPU (and a device) free; see
// free_nodes.h.
#include "sched/free_nodes.h"

#include <algorithm>

namespace bramble::sched {
namespace {

bool HasFreeCpu(const Node& node) { return node.usable && node.alloc_cpus < node.cpus; }

bool HasFreeDevice(const Node& node) {
  for (const NodeGres& entry : node.gres) {
    uint64_t all = entry.count >= 64 ? ~uint64_t{0} : (uint64_t{1} << entry.count) - 1;
    if ((all & ~entry.used_mask) != 0) return true;
  }
  return false;
}

// Starts fill nodes from the front of the lists, so the search is short.
void EraseOnce(std::vector<int>& list, int n) {
  auto at = std::find(list.begin(), list.end(), n);
  if (at != list.end()) list.erase(at);
}

}  // namespace

FreeNodes::FreeNodes(const std::vector<Partition>& partitions, const std::vector<Node>& nodes) {
  std::vector<bool> seen(nodes.size(), false);
  for (const Partition& partition : partitions) {
    Lists lists{partition, partition};
    lists.with_cpu.nodes.clear();
    lists.with_device.nodes.clear();
    std::fill(seen.begin(), seen.end(), false);
    for (int n : partition.nodes) {
      if (n < 0 || static_cast<size_t>(n) >= nodes.size() || seen[n]) continue;
      seen[n] = true;
      if (!HasFreeCpu(nodes[n])) continue;
      lists.with_cpu.nodes.push_back(n);
      if (HasFreeDevice(nodes[n])) lists.with_device.nodes.push_back(n);
    }
    lists_.push_back(std::move(lists));
  }
}

void FreeNodes::Started(const Placement& placement, const std::vector<Node>& nodes) {
  for (int n : placement.nodes) {
    bool cpu = HasFreeCpu(nodes[n]);
    bool device = cpu && HasFreeDevice(nodes[n]);
    bool listed_for_devices = !nodes[n].gres.empty();
    for (Lists& lists : lists_) {
      if (!cpu) EraseOnce(lists.with_cpu.nodes, n);
      if (!device && listed_for_devices) EraseOnce(lists.with_device.nodes, n);
    }
  }
}

const Partition& FreeNodes::Of(int p, bool device) const {
  return device ? lists_[p].with_device : lists_[p].with_cpu;
}

bool FreeNodes::NeedsDevice(const JobRequest& job) {
  return std::any_of(job.gres.begin(), job.gres.end(),
                     [](const GresRequest& request) { return request.per_node > 0; });
}

}  // namespace bramble::sched
