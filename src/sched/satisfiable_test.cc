// Tests for CheckSatisfiable: whether a job could ever run in its partition,
// whatever the nodes' current allocations and states.
#include <gtest/gtest.h>

#include "sched/scheduler.h"
#include "sched/test_cluster.h"

namespace bramble::sched {
namespace {

using testing::Cluster;
using testing::Job;

constexpr char kNotAvailable[] = "Requested node configuration is not available";

// Expects `job` to be refused with Slurm's text.
void ExpectRefused(const JobRequest& job, const Snapshot& s) {
  Status status = CheckSatisfiable(job, s);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_EQ(status.message(), kNotAvailable);
}

TEST(CheckSatisfiableTest, IgnoresAllocationsAndNodeStates) {
  Snapshot s = Cluster(2, 4, 8000);
  for (Node& node : s.nodes) {
    node.alloc_cpus = node.cpus;
    node.alloc_memory_mb = node.memory_mb;
    node.usable = false;
  }
  JobRequest job = Job(1, 8);
  job.mem_per_node_mb = 0;
  EXPECT_TRUE(CheckSatisfiable(job, s).ok());
}

TEST(CheckSatisfiableTest, TooManyCpusForThePartition) {
  Snapshot s = Cluster(2, 4);
  EXPECT_TRUE(CheckSatisfiable(Job(1, 8), s).ok());
  ExpectRefused(Job(1, 9), s);
  JobRequest wide = Job(1, 1);
  wide.cpus_per_task = 5;
  ExpectRefused(wide, s);
}

TEST(CheckSatisfiableTest, CountsOnlyThePartitionsNodes) {
  Snapshot s = Cluster(4, 4);
  s.partitions[0].nodes = {0};
  ExpectRefused(Job(1, 5), s);
}

TEST(CheckSatisfiableTest, MemoryMustFitSomeNode) {
  Snapshot s = Cluster(2, 4, 8000);
  JobRequest job = Job(1, 1);
  job.mem_per_node_mb = 8000;
  EXPECT_TRUE(CheckSatisfiable(job, s).ok());
  job.mem_per_node_mb = 8001;
  ExpectRefused(job, s);
  job.mem_per_node_mb = -1;
  job.mem_per_cpu_mb = 4000;
  job.ntasks = 8;
  ExpectRefused(job, s);  // 2 tasks per node by memory, 8 tasks need 4 nodes
  job.ntasks = 4;
  EXPECT_TRUE(CheckSatisfiable(job, s).ok());
}

TEST(CheckSatisfiableTest, RequiredNodesMustBeInThePartitionAndNotExcluded) {
  Snapshot s = Cluster(3, 4);
  s.partitions[0].nodes = {0, 1};
  JobRequest job = Job(1, 1);
  job.required_nodes = {1};
  EXPECT_TRUE(CheckSatisfiable(job, s).ok());
  job.required_nodes = {2};
  ExpectRefused(job, s);
  job.required_nodes = {-1};
  ExpectRefused(job, s);
  job.required_nodes = {1};
  job.excluded_nodes = {1};
  ExpectRefused(job, s);
}

TEST(CheckSatisfiableTest, MoreRequiredNodesThanTasks) {
  Snapshot s = Cluster(3, 4);
  JobRequest job = Job(1, 1);
  job.required_nodes = {0, 2};
  ExpectRefused(job, s);
}

TEST(CheckSatisfiableTest, NodeCountLimits) {
  Snapshot s = Cluster(3, 4);
  JobRequest job = Job(1, 4);
  job.nodes_min = 3;
  EXPECT_TRUE(CheckSatisfiable(job, s).ok());
  job.nodes_min = 4;  // more nodes than the partition has
  ExpectRefused(job, s);
  job.nodes_min = 3;
  job.ntasks = 2;  // more nodes than tasks
  ExpectRefused(job, s);
  job.nodes_min = 0;
  job.ntasks = 9;
  job.nodes_max = 2;  // 9 tasks need three 4-CPU nodes
  ExpectRefused(job, s);
  job.nodes_max = 3;
  EXPECT_TRUE(CheckSatisfiable(job, s).ok());
}

TEST(CheckSatisfiableTest, NodesMaxBelowNodesMin) {
  Snapshot s = Cluster(3, 4);
  JobRequest job = Job(1, 4);
  job.nodes_min = 2;
  job.nodes_max = 1;
  ExpectRefused(job, s);
}

TEST(CheckSatisfiableTest, NtasksPerNodeLimitsTheTotal) {
  Snapshot s = Cluster(2, 4);
  JobRequest job = Job(1, 4);
  job.ntasks_per_node = 2;
  EXPECT_TRUE(CheckSatisfiable(job, s).ok());
  job.ntasks = 5;
  ExpectRefused(job, s);
}

TEST(CheckSatisfiableTest, ZeroTasksOrCpusIsRefused) {
  Snapshot s = Cluster(2, 4);
  ExpectRefused(Job(1, 0), s);
  JobRequest job = Job(1, 1);
  job.cpus_per_task = 0;
  ExpectRefused(job, s);
}

TEST(CheckSatisfiableTest, BadPartitionIndex) {
  Snapshot s = Cluster(2, 4);
  JobRequest job = Job(1, 1);
  job.partitions = {1};
  Status status = CheckSatisfiable(job, s);
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_EQ(status.message(), "Invalid partition name specified");
  job.partitions = {-1};
  EXPECT_FALSE(CheckSatisfiable(job, s).ok());
}

TEST(CheckSatisfiableTest, HeldDownAndTimeLimitDoNotMatter) {
  Snapshot s = Cluster(1, 4);
  s.partitions[0].up = false;
  s.partitions[0].max_time_s = 60;
  JobRequest job = Job(1, 1);
  job.held = true;
  job.time_limit_s = 120;
  EXPECT_TRUE(CheckSatisfiable(job, s).ok());
}

}  // namespace
}  // namespace bramble::sched
