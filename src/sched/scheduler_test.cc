// Tests for Schedule: accounting within one pass, FIFO blocking per
// partition and the pending reasons (held, partition down, time limit,
// unavailable required nodes, Priority, Resources, BadConstraints).
#include "sched/scheduler.h"

#include <gtest/gtest.h>

#include <vector>

#include "sched/test_cluster.h"

namespace bramble::sched {
namespace {

using testing::Cluster;
using testing::Job;
using testing::ReasonOf;
using testing::StartOf;

// Adds a second partition "other" of its own `count` idle nodes.
void AddPartition(Snapshot& s, int count, uint32_t cpus) {
  Partition partition;
  partition.name = "other";
  for (int i = 0; i < count; ++i) {
    Node node;
    node.name = "m" + std::to_string(i);
    node.cpus = cpus;
    node.memory_mb = 16000;
    node.usable = true;
    partition.nodes.push_back(static_cast<int>(s.nodes.size()));
    s.nodes.push_back(node);
  }
  s.partitions.push_back(partition);
}

TEST(ScheduleTest, EmptySnapshotDecidesNothing) {
  Decisions d = Schedule(Snapshot{});
  EXPECT_TRUE(d.starts.empty());
  EXPECT_TRUE(d.reasons.empty());
}

TEST(ScheduleTest, StartsJobsThatFitWithoutReasons) {
  Snapshot s = Cluster(2, 4);
  s.pending = {Job(1, 2), Job(2, 2)};
  Decisions d = Schedule(s);
  ASSERT_EQ(d.starts.size(), 2u);
  EXPECT_EQ(d.starts[0].job_id, 1u);
  EXPECT_EQ(d.starts[1].job_id, 2u);
  EXPECT_TRUE(d.reasons.empty());
}

TEST(ScheduleTest, CountsStartsOfTheSamePass) {
  Snapshot s = Cluster(1, 4);
  s.pending = {Job(1, 3), Job(2, 1), Job(3, 1)};
  Decisions d = Schedule(s);
  ASSERT_TRUE(StartOf(d, 1));
  ASSERT_TRUE(StartOf(d, 2));
  EXPECT_FALSE(StartOf(d, 3));
  EXPECT_EQ(ReasonOf(d, 3), "Resources");
  EXPECT_EQ(s.nodes[0].alloc_cpus, 0u);  // the snapshot itself is untouched
}

TEST(ScheduleTest, CountsMemoryOfTheSamePass) {
  Snapshot s = Cluster(1, 8, 4000);
  JobRequest job = Job(1, 1);
  job.mem_per_node_mb = 3000;
  JobRequest second = job;
  second.job_id = 2;
  s.pending = {job, second};
  Decisions d = Schedule(s);
  EXPECT_TRUE(StartOf(d, 1));
  EXPECT_EQ(ReasonOf(d, 2), "Resources");
}

TEST(ScheduleTest, BuiltinBlockedJobMakesLaterJobsWaitForPriority) {
  Snapshot s = Cluster(2, 4);
  s.options.backfill = false;  // SchedulerType=sched/builtin: FIFO per partition
  s.nodes[0].alloc_cpus = 4;
  s.pending = {Job(1, 8), Job(2, 1), Job(3, 1)};
  Decisions d = Schedule(s);
  EXPECT_TRUE(d.starts.empty());
  EXPECT_EQ(ReasonOf(d, 1), "Resources");
  EXPECT_EQ(ReasonOf(d, 2), "Priority");
  EXPECT_EQ(ReasonOf(d, 3), "Priority");
}

TEST(ScheduleTest, BuiltinJobsBeforeTheBlockedOneStillStart) {
  Snapshot s = Cluster(2, 4);
  s.options.backfill = false;  // SchedulerType=sched/builtin: FIFO per partition
  s.pending = {Job(1, 2), Job(2, 8), Job(3, 1)};
  Decisions d = Schedule(s);
  EXPECT_TRUE(StartOf(d, 1));
  EXPECT_EQ(ReasonOf(d, 2), "Resources");
  EXPECT_EQ(ReasonOf(d, 3), "Priority");
}

TEST(ScheduleTest, BuiltinBlockingIsPerPartition) {
  Snapshot s = Cluster(1, 4);
  s.options.backfill = false;  // SchedulerType=sched/builtin: FIFO per partition
  AddPartition(s, 1, 4);
  JobRequest big = Job(1, 5);
  JobRequest other = Job(2, 1);
  other.partitions = {1};
  JobRequest same = Job(3, 1);
  s.pending = {big, other, same};
  Decisions d = Schedule(s);
  EXPECT_EQ(ReasonOf(d, 1), "BadConstraints");  // 5 tasks never fit on one 4-CPU node
  s.nodes[0].alloc_cpus = 1;
  s.pending[0].ntasks = 4;
  d = Schedule(s);
  EXPECT_EQ(ReasonOf(d, 1), "Resources");
  std::optional<Placement> p = StartOf(d, 2);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, std::vector<int>{1});
  EXPECT_EQ(ReasonOf(d, 3), "Priority");
}

TEST(ScheduleTest, OverlappingPartitionsShareNodeUsage) {
  Snapshot s = Cluster(1, 4);
  s.partitions.push_back(s.partitions[0]);  // a second partition, same node
  JobRequest first = Job(1, 4);
  JobRequest second = Job(2, 1);
  second.partitions = {1};
  s.pending = {first, second};
  Decisions d = Schedule(s);
  EXPECT_TRUE(StartOf(d, 1));
  EXPECT_EQ(ReasonOf(d, 2), "Resources");
}

TEST(ScheduleTest, HeldJobWaitsAndDoesNotBlock) {
  Snapshot s = Cluster(1, 4);
  JobRequest held = Job(1, 1);
  held.held = true;
  s.pending = {held, Job(2, 4)};
  Decisions d = Schedule(s);
  EXPECT_EQ(ReasonOf(d, 1), "JobHeldUser");
  EXPECT_FALSE(StartOf(d, 1));
  EXPECT_TRUE(StartOf(d, 2));
}

TEST(ScheduleTest, HeldWinsOverOtherReasons) {
  Snapshot s = Cluster(1, 4);
  s.partitions[0].up = false;
  JobRequest held = Job(1, 1);
  held.held = true;
  s.pending = {held};
  EXPECT_EQ(ReasonOf(Schedule(s), 1), "JobHeldUser");
}

TEST(ScheduleTest, DownPartitionStartsNothingAndBlocksNoOtherPartition) {
  Snapshot s = Cluster(1, 4);
  AddPartition(s, 1, 4);
  s.partitions[0].up = false;
  JobRequest other = Job(2, 1);
  other.partitions = {1};
  s.pending = {Job(1, 1), other};
  Decisions d = Schedule(s);
  EXPECT_EQ(ReasonOf(d, 1), "PartitionDown");
  EXPECT_FALSE(StartOf(d, 1));
  EXPECT_TRUE(StartOf(d, 2));
}

TEST(ScheduleTest, TimeLimitOverPartitionMaximumWaits) {
  Snapshot s = Cluster(1, 4);
  s.partitions[0].max_time_s = 3600;
  JobRequest too_long = Job(1, 1);
  too_long.time_limit_s = 3601;
  JobRequest at_limit = Job(2, 1);
  at_limit.time_limit_s = 3600;
  JobRequest unset = Job(3, 1);
  s.pending = {too_long, at_limit, unset};
  Decisions d = Schedule(s);
  EXPECT_EQ(ReasonOf(d, 1), "PartitionTimeLimit");
  EXPECT_TRUE(StartOf(d, 2));
  EXPECT_TRUE(StartOf(d, 3));
}

TEST(ScheduleTest, UnlimitedPartitionAcceptsAnyTimeLimit) {
  Snapshot s = Cluster(1, 4);
  JobRequest job = Job(1, 1);
  job.time_limit_s = int64_t{1} << 40;
  s.pending = {job};
  EXPECT_TRUE(StartOf(Schedule(s), 1));
}

TEST(ScheduleTest, UnusableRequiredNodeIsReqNodeNotAvailAndDoesNotBlock) {
  Snapshot s = Cluster(2, 4);
  s.nodes[1].usable = false;
  JobRequest pinned = Job(1, 1);
  pinned.required_nodes = {1};
  s.pending = {pinned, Job(2, 1)};
  Decisions d = Schedule(s);
  EXPECT_EQ(ReasonOf(d, 1), "ReqNodeNotAvail");
  EXPECT_TRUE(StartOf(d, 2));
}

TEST(ScheduleTest, BuiltinBusyRequiredNodeIsResourcesAndBlocks) {
  Snapshot s = Cluster(2, 4);
  s.options.backfill = false;  // SchedulerType=sched/builtin: FIFO per partition
  s.nodes[1].alloc_cpus = 4;
  JobRequest pinned = Job(1, 1);
  pinned.required_nodes = {1};
  s.pending = {pinned, Job(2, 1)};
  Decisions d = Schedule(s);
  EXPECT_EQ(ReasonOf(d, 1), "Resources");
  EXPECT_EQ(ReasonOf(d, 2), "Priority");
}

TEST(ScheduleTest, UnsatisfiableJobDoesNotBlockItsPartition) {
  Snapshot s = Cluster(2, 4);
  s.pending = {Job(1, 9), Job(2, 1)};
  Decisions d = Schedule(s);
  EXPECT_EQ(ReasonOf(d, 1), "BadConstraints");
  EXPECT_TRUE(StartOf(d, 2));
}

TEST(ScheduleTest, BadPartitionIndexIsBadConstraints) {
  Snapshot s = Cluster(1, 4);
  JobRequest job = Job(1, 1);
  job.partitions = {3};
  s.pending = {job, Job(2, 1)};
  Decisions d = Schedule(s);
  EXPECT_EQ(ReasonOf(d, 1), "BadConstraints");
  EXPECT_TRUE(StartOf(d, 2));
}

TEST(ScheduleTest, BuiltinDownNodesMakeJobsWaitForResources) {
  Snapshot s = Cluster(2, 4);
  s.options.backfill = false;  // SchedulerType=sched/builtin: FIFO per partition
  s.nodes[0].usable = false;
  s.nodes[1].usable = false;
  s.pending = {Job(1, 1), Job(2, 1)};
  Decisions d = Schedule(s);
  EXPECT_EQ(ReasonOf(d, 1), "Resources");
  EXPECT_EQ(ReasonOf(d, 2), "Priority");
}

}  // namespace
}  // namespace bramble::sched
