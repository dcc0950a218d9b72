// Tests for PlaceJob: the shapes of placements (block and even spreads),
// CPU and memory limits, whole-node memory, -w and -x, unusable nodes.
#include "sched/placement.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "sched/test_cluster.h"

namespace bramble::sched {
namespace {

using testing::Cluster;
using testing::Job;
using Indices = std::vector<int>;
using Counts = std::vector<uint32_t>;

std::optional<Placement> Place(const JobRequest& job, const Snapshot& snapshot) {
  return PlaceJob(job, snapshot.partitions[job.partitions[0]], snapshot.nodes);
}

TEST(PlacementTest, OneTaskGoesOnTheFirstNode) {
  Snapshot s = Cluster(3, 4);
  std::optional<Placement> p = Place(Job(7, 1), s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->job_id, 7u);
  EXPECT_EQ(p->nodes, (Indices{0}));
  EXPECT_EQ(p->tasks_per_node, (Counts{1u}));
  EXPECT_EQ(p->cpus_per_node, (Counts{1u}));
  EXPECT_EQ(p->mem_per_node_mb, 0);
}

TEST(PlacementTest, BlockDistributionFillsNodesInOrder) {
  Snapshot s = Cluster(4, 4);
  std::optional<Placement> p = Place(Job(1, 10), s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{0, 1, 2}));
  EXPECT_EQ(p->tasks_per_node, (Counts{4u, 4u, 2u}));
  EXPECT_EQ(p->cpus_per_node, (Counts{4u, 4u, 2u}));
}

TEST(PlacementTest, CpusPerTaskMultipliesCpusAndLimitsTasks) {
  Snapshot s = Cluster(3, 4);
  JobRequest job = Job(1, 3);
  job.cpus_per_task = 2;
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{0, 1}));
  EXPECT_EQ(p->tasks_per_node, (Counts{2u, 1u}));
  EXPECT_EQ(p->cpus_per_node, (Counts{4u, 2u}));
}

TEST(PlacementTest, TaskLargerThanAnyNodeDoesNotFit) {
  Snapshot s = Cluster(3, 4);
  JobRequest job = Job(1, 1);
  job.cpus_per_task = 5;
  EXPECT_FALSE(Place(job, s));
}

TEST(PlacementTest, NodesMinSpreadsTasksEvenly) {
  Snapshot s = Cluster(4, 4);
  JobRequest job = Job(1, 4);
  job.nodes_min = 2;
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{0, 1}));
  EXPECT_EQ(p->tasks_per_node, (Counts{2u, 2u}));

  job.ntasks = 5;
  p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{0, 1}));
  EXPECT_EQ(p->tasks_per_node, (Counts{3u, 2u}));
}

TEST(PlacementTest, NodesMinEvenSpreadRespectsCapacity) {
  Snapshot s = Cluster(3, 4);
  s.nodes[0].alloc_cpus = 3;  // one CPU free
  JobRequest job = Job(1, 5);
  job.nodes_min = 2;
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{0, 1}));
  EXPECT_EQ(p->tasks_per_node, (Counts{1u, 4u}));
}

TEST(PlacementTest, NodesMinSkipsNodesThatCannotHelp) {
  Snapshot s = Cluster(3, 4);
  s.nodes[0].alloc_cpus = 3;  // 1 + 4 < 8, so n0 cannot be one of two nodes
  JobRequest job = Job(1, 8);
  job.nodes_min = 2;
  job.nodes_max = 2;
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{1, 2}));
  EXPECT_EQ(p->tasks_per_node, (Counts{4u, 4u}));
}

TEST(PlacementTest, NodesMinGrowsUpToNodesMax) {
  Snapshot s = Cluster(4, 4);
  JobRequest job = Job(1, 12);
  job.nodes_min = 2;
  job.nodes_max = 2;
  EXPECT_FALSE(Place(job, s));
  job.nodes_max = 4;
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes.size(), 3u);
  EXPECT_EQ(testing::Sum(p->tasks_per_node), 12u);
}

TEST(PlacementTest, MoreNodesThanTasksNeverFits) {
  Snapshot s = Cluster(4, 4);
  JobRequest job = Job(1, 2);
  job.nodes_min = 3;
  EXPECT_FALSE(Place(job, s));
}

TEST(PlacementTest, NodesMaxPrefersALargerLaterNode) {
  Snapshot s = Cluster(3, 2);
  s.nodes[2].cpus = 8;
  JobRequest job = Job(1, 8);
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);  // without a limit the in-order walk uses all three
  EXPECT_EQ(p->nodes.size(), 3u);
  job.nodes_max = 1;
  p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{2}));
  EXPECT_EQ(p->tasks_per_node, (Counts{8u}));
}

TEST(PlacementTest, NtasksPerNodeCapsEachNode) {
  Snapshot s = Cluster(4, 4);
  JobRequest job = Job(1, 4);
  job.ntasks_per_node = 1;
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{0, 1, 2, 3}));
  EXPECT_EQ(p->tasks_per_node, (Counts{1u, 1u, 1u, 1u}));
  job.ntasks = 5;
  EXPECT_FALSE(Place(job, s));
}

TEST(PlacementTest, UsesOnlyFreeCpus) {
  Snapshot s = Cluster(2, 4);
  s.nodes[0].alloc_cpus = 3;
  std::optional<Placement> p = Place(Job(1, 4), s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{0, 1}));
  EXPECT_EQ(p->tasks_per_node, (Counts{1u, 3u}));
}

TEST(PlacementTest, UnusableNodesAreSkipped) {
  Snapshot s = Cluster(3, 4);
  s.nodes[0].usable = false;
  std::optional<Placement> p = Place(Job(1, 2), s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{1}));
  s.nodes[1].usable = false;
  s.nodes[2].usable = false;
  EXPECT_FALSE(Place(Job(1, 1), s));
}

TEST(PlacementTest, OnlyThePartitionsNodesAreUsed) {
  Snapshot s = Cluster(4, 4);
  s.partitions[0].nodes = {2, 3};
  std::optional<Placement> p = Place(Job(1, 5), s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{2, 3}));
  EXPECT_FALSE(Place(Job(1, 9), s));
}

TEST(PlacementTest, NodeListedTwiceInAPartitionIsBookedOnce) {
  Snapshot s = Cluster(1, 4);
  s.partitions[0].nodes = {0, 0};
  EXPECT_FALSE(Place(Job(1, 5), s));
  std::optional<Placement> p = Place(Job(1, 4), s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{0}));
}

TEST(PlacementTest, ExcludedNodesAreSkipped) {
  Snapshot s = Cluster(3, 4);
  JobRequest job = Job(1, 6);
  job.excluded_nodes = {0};
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{1, 2}));
  job.excluded_nodes = {0, 2};
  EXPECT_FALSE(Place(job, s));
}

TEST(PlacementTest, RequiredNodeAloneWhenItSuffices) {
  Snapshot s = Cluster(4, 4);
  JobRequest job = Job(1, 3);
  job.required_nodes = {2};
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{2}));
  EXPECT_EQ(p->tasks_per_node, (Counts{3u}));
}

TEST(PlacementTest, EveryRequiredNodeGetsATask) {
  Snapshot s = Cluster(4, 4);
  JobRequest job = Job(1, 2);
  job.required_nodes = {3, 0};
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{0, 3}));
  EXPECT_EQ(p->tasks_per_node, (Counts{1u, 1u}));
  job.ntasks = 1;  // two required nodes cannot share one task
  EXPECT_FALSE(Place(job, s));
}

TEST(PlacementTest, RequiredNodesCountTowardTheAllocation) {
  Snapshot s = Cluster(4, 4);
  JobRequest job = Job(1, 6);
  job.required_nodes = {3};
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->nodes.size(), 2u);  // 6 tasks need two 4-CPU nodes, n3 is one
  EXPECT_EQ(p->nodes.back(), 3);
  EXPECT_EQ(testing::Sum(p->tasks_per_node), 6u);
}

TEST(PlacementTest, BusyOrExcludedRequiredNodeFails) {
  Snapshot s = Cluster(3, 4);
  JobRequest job = Job(1, 1);
  job.required_nodes = {1};
  s.nodes[1].alloc_cpus = 4;
  EXPECT_FALSE(Place(job, s));
  s.nodes[1].alloc_cpus = 0;
  job.excluded_nodes = {1};
  EXPECT_FALSE(Place(job, s));
}

TEST(PlacementTest, RequiredNodeOutsideThePartitionFails) {
  Snapshot s = Cluster(3, 4);
  s.partitions[0].nodes = {0, 1};
  JobRequest job = Job(1, 1);
  job.required_nodes = {2};
  EXPECT_FALSE(Place(job, s));
  job.required_nodes = {17};
  EXPECT_FALSE(Place(job, s));
}

TEST(PlacementTest, MemPerNodeIsReservedAndLimitsSharing) {
  Snapshot s = Cluster(1, 8, 8000);
  JobRequest job = Job(1, 1);
  job.mem_per_node_mb = 3000;
  for (int round = 0; round < 2; ++round) {
    std::optional<Placement> p = Place(job, s);
    ASSERT_TRUE(p) << "round " << round;
    EXPECT_EQ(p->mem_per_node_mb, 3000);
    ApplyPlacement(*p, s.nodes);
  }
  EXPECT_EQ(s.nodes[0].alloc_memory_mb, 6000);
  EXPECT_EQ(s.nodes[0].alloc_cpus, 2u);
  EXPECT_FALSE(Place(job, s));  // 2000 MB left, CPUs to spare
}

TEST(PlacementTest, MemPerNodeLargerThanNodeNeverFits) {
  Snapshot s = Cluster(2, 8, 8000);
  JobRequest job = Job(1, 1);
  job.mem_per_node_mb = 8001;
  EXPECT_FALSE(Place(job, s));
  s.nodes[1].memory_mb = 9000;
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{1}));
}

TEST(PlacementTest, MemPerCpuLimitsTasksPerNode) {
  Snapshot s = Cluster(2, 8, 4000);
  JobRequest job = Job(1, 8);
  job.mem_per_cpu_mb = 1000;
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{0, 1}));
  EXPECT_EQ(p->tasks_per_node, (Counts{4u, 4u}));
  EXPECT_EQ(p->mem_per_node_mb, 4000);
  job.ntasks = 9;
  EXPECT_FALSE(Place(job, s));
}

TEST(PlacementTest, MemPerCpuReservesForTheFullestNode) {
  Snapshot s = Cluster(2, 4, 16000);
  JobRequest job = Job(1, 6);
  job.mem_per_cpu_mb = 500;
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->tasks_per_node, (Counts{4u, 2u}));
  EXPECT_EQ(p->mem_per_node_mb, 2000);  // 4 CPUs * 500 MB
}

TEST(PlacementTest, MemPerCpuNeverOverAllocatesAMixedCluster) {
  // n0 has memory for 2 tasks, n1 and n2 for 8; the reservation follows the
  // fullest node, so n0 must not sit next to a node with more tasks than 2.
  Snapshot s = Cluster(3, 4, 8000);
  s.nodes[0].memory_mb = 2000;
  JobRequest job = Job(1, 5);
  job.mem_per_cpu_mb = 1000;
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(testing::Sum(p->tasks_per_node), 5u);
  uint32_t most = 0;
  for (uint32_t cpus : p->cpus_per_node) most = std::max(most, cpus);
  EXPECT_GE(p->mem_per_node_mb, 1000 * int64_t{most});
  for (int index : p->nodes) EXPECT_LE(p->mem_per_node_mb, s.nodes[index].memory_mb);
}

TEST(PlacementTest, WholeNodeMemoryTakesAllOfIt) {
  Snapshot s = Cluster(2, 8, 8000);
  JobRequest job = Job(1, 2);
  job.mem_per_node_mb = 0;
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{0}));
  EXPECT_EQ(p->mem_per_node_mb, 8000);
  ApplyPlacement(*p, s.nodes);
  // n0 still has 6 CPUs but no memory: the next --mem=0 job goes to n1,
  // and a job with any memory cannot share n0.
  p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{1}));
  JobRequest small = Job(2, 1);
  small.mem_per_node_mb = 1;
  s.nodes[1].usable = false;
  EXPECT_FALSE(Place(small, s));
}

TEST(PlacementTest, WholeNodeNeedsNoMemoryAllocated) {
  Snapshot s = Cluster(2, 8, 8000);
  s.nodes[0].alloc_memory_mb = 1;
  JobRequest job = Job(1, 1);
  job.mem_per_node_mb = 0;
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, (Indices{1}));
  s.nodes[1].alloc_memory_mb = 1;
  EXPECT_FALSE(Place(job, s));
}

TEST(PlacementTest, WholeNodeOnMixedNodesReservesWhatEachHas) {
  Snapshot s = Cluster(2, 2, 8000);
  s.nodes[1].memory_mb = 3000;
  JobRequest job = Job(1, 4);
  job.mem_per_node_mb = 0;
  std::optional<Placement> p = Place(job, s);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->nodes, (Indices{0, 1}));
  EXPECT_LE(p->mem_per_node_mb, 3000);
  EXPECT_GT(p->mem_per_node_mb, 0);
}

TEST(PlacementTest, ApplyPlacementBooksCpusAndMemory) {
  Snapshot s = Cluster(3, 4, 8000);
  Placement p;
  p.nodes = {0, 2};
  p.cpus_per_node = {3, 1};
  p.tasks_per_node = {3, 1};
  p.mem_per_node_mb = 500;
  ApplyPlacement(p, s.nodes);
  EXPECT_EQ(s.nodes[0].alloc_cpus, 3u);
  EXPECT_EQ(s.nodes[1].alloc_cpus, 0u);
  EXPECT_EQ(s.nodes[2].alloc_cpus, 1u);
  EXPECT_EQ(s.nodes[0].alloc_memory_mb, 500);
  EXPECT_EQ(s.nodes[1].alloc_memory_mb, 0);
  EXPECT_EQ(s.nodes[2].alloc_memory_mb, 500);
}

}  // namespace
}  // namespace bramble::sched
