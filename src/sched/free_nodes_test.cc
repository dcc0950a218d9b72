// Tests for FreeNodes: the nodes of each partition with a CPU (and a device)
// free, kept as starts fill nodes, against a plain filter of the node table.
#include "sched/free_nodes.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "sched/placement.h"
#include "sched/test_cluster.h"

namespace bramble::sched {
namespace {

using testing::Cluster;

// The straightforward answer: partition order, first occurrences, usable,
// a CPU free (and a device free).
std::vector<int> Filter(const Partition& partition, const std::vector<Node>& nodes, bool device) {
  std::vector<int> out;
  std::vector<bool> seen(nodes.size(), false);
  for (int n : partition.nodes) {
    if (n < 0 || static_cast<size_t>(n) >= nodes.size() || seen[n]) continue;
    seen[n] = true;
    const Node& node = nodes[n];
    if (!node.usable || node.alloc_cpus >= node.cpus) continue;
    bool free_device = false;
    for (const NodeGres& g : node.gres) {
      uint64_t all = g.count >= 64 ? ~uint64_t{0} : (uint64_t{1} << g.count) - 1;
      free_device = free_device || (all & ~g.used_mask) != 0;
    }
    if (device && !free_device) continue;
    out.push_back(n);
  }
  return out;
}

TEST(FreeNodesTest, ListsNodesWithACpuFreeInPartitionOrder) {
  Snapshot s = Cluster(4, 4);
  s.nodes[1].alloc_cpus = 4;    // full
  s.nodes[3].usable = false;    // down
  s.partitions[0].nodes = {2, 0, 1, 3, 2, 7, -1};  // repeated, out of range
  FreeNodes free(s.partitions, s.nodes);
  EXPECT_EQ(free.Of(0).nodes, (std::vector<int>{2, 0}));
  EXPECT_EQ(free.Of(0).name, "debug");
}

TEST(FreeNodesTest, AStartThatFillsANodeTakesItOff) {
  Snapshot s = Cluster(3, 4);
  FreeNodes free(s.partitions, s.nodes);
  Placement placement;
  placement.nodes = {0, 1};
  placement.cpus_per_node = {4, 2};
  placement.gres_per_node = {{}, {}};
  ApplyPlacement(placement, s.nodes);
  free.Started(placement, s.nodes);
  EXPECT_EQ(free.Of(0).nodes, (std::vector<int>{1, 2}));
}

TEST(FreeNodesTest, DeviceListKeepsNodesWithADeviceFree) {
  Snapshot s = Cluster(3, 4);
  s.nodes[0].gres = {NodeGres{"gpu", "", 1, 0}};
  s.nodes[2].gres = {NodeGres{"gpu", "", 2, 0b11}};  // all in use
  FreeNodes free(s.partitions, s.nodes);
  EXPECT_EQ(free.Of(0, true).nodes, (std::vector<int>{0}));
  Placement placement;
  placement.nodes = {0};
  placement.cpus_per_node = {1};
  placement.gres_per_node = {{GresGrant{0, 1}}};
  ApplyPlacement(placement, s.nodes);
  free.Started(placement, s.nodes);
  EXPECT_TRUE(free.Of(0, true).nodes.empty());
  EXPECT_EQ(free.Of(0).nodes, (std::vector<int>{0, 1, 2}));  // CPUs left on node 0
}

TEST(FreeNodesTest, NeedsDeviceOnlyForDevicesAskedFor) {
  JobRequest job;
  EXPECT_FALSE(FreeNodes::NeedsDevice(job));
  job.gres = {GresRequest{"gpu", "", 0}};
  EXPECT_FALSE(FreeNodes::NeedsDevice(job));
  job.gres.push_back(GresRequest{"gpu", "a100", 1});
  EXPECT_TRUE(FreeNodes::NeedsDevice(job));
}

// Random partitions and random starts: the lists always equal the filter.
TEST(FreeNodesTest, RandomStartsKeepTheListsExact) {
  std::mt19937 rng(7);
  auto between = [&rng](int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); };
  int checks = 0;
  for (int round = 0; round < 300; ++round) {
    int count = between(1, 12);
    Snapshot s = Cluster(count, 1);
    for (Node& node : s.nodes) {
      node.cpus = between(1, 8);
      node.alloc_cpus = between(0, node.cpus);
      node.usable = between(0, 9) > 0;
      if (between(0, 2) == 0) node.gres = {NodeGres{"gpu", "", static_cast<uint32_t>(between(1, 3)), 0}};
    }
    s.partitions.resize(2);
    for (Partition& partition : s.partitions) {
      partition.nodes.clear();
      for (int k = 0; k < count + 2; ++k) partition.nodes.push_back(between(-1, count));
    }
    FreeNodes free(s.partitions, s.nodes);
    for (int start = 0; start < 10; ++start) {
      Placement placement;
      int n = between(0, count - 1);
      Node& node = s.nodes[n];
      placement.nodes = {n};
      placement.cpus_per_node = {static_cast<uint32_t>(between(0, node.cpus - std::min(node.alloc_cpus, node.cpus)))};
      placement.gres_per_node = {{}};
      if (!node.gres.empty() && between(0, 1) == 0) {
        uint64_t all = (uint64_t{1} << node.gres[0].count) - 1;
        uint64_t unused = all & ~node.gres[0].used_mask;
        if (unused != 0) placement.gres_per_node[0].push_back(GresGrant{0, unused & (~unused + 1)});
      }
      ApplyPlacement(placement, s.nodes);
      free.Started(placement, s.nodes);
      for (int p = 0; p < 2; ++p) {
        ASSERT_EQ(free.Of(p).nodes, Filter(s.partitions[p], s.nodes, false)) << "round " << round;
        ASSERT_EQ(free.Of(p, true).nodes, Filter(s.partitions[p], s.nodes, true)) << "round " << round;
        ++checks;
      }
    }
  }
  EXPECT_EQ(checks, 300 * 10 * 2);
}

}  // namespace
}  // namespace bramble::sched
