// Schedule's policies beyond resources: several partitions and their
// PriorityTier, holds, dependencies, --begin, array throttles, and per-user
// and per-group limits, each with Slurm's pending reason.
#include <gtest/gtest.h>

#include "sched/scheduler.h"
#include "sched/test_cluster.h"

namespace bramble::sched {
namespace {

using testing::Cluster;
using testing::Job;
using testing::ReasonOf;
using testing::StartOf;

void AddPartition(Snapshot& s, std::vector<int> nodes, uint32_t tier = 1) {
  Partition partition;
  partition.name = "p" + std::to_string(s.partitions.size());
  partition.nodes = std::move(nodes);
  partition.priority_tier = tier;
  s.partitions.push_back(partition);
}

TEST(PartitionsTest, JobRunsInTheFirstOfItsPartitionsWithRoom) {
  Snapshot s = Cluster(2, 4);
  s.partitions[0].nodes = {0};
  AddPartition(s, {1});
  s.nodes[0].alloc_cpus = 4;
  JobRequest job = Job(1, 2);
  job.partitions = {0, 1};
  s.pending = {job};
  Decisions d = Schedule(s);
  ASSERT_TRUE(StartOf(d, 1));
  EXPECT_EQ(StartOf(d, 1)->partition, 1);
  EXPECT_EQ(StartOf(d, 1)->nodes, std::vector<int>{1});
}

TEST(PartitionsTest, HigherTierPartitionsGoFirstWhateverTheJobPriority) {
  Snapshot s = Cluster(1, 4);
  AddPartition(s, {0}, 5);
  JobRequest low_tier = Job(1, 4);
  low_tier.priority = 1000;
  JobRequest high_tier = Job(2, 4);
  high_tier.partitions = {1};
  s.pending = {low_tier, high_tier};
  Decisions d = Schedule(s);
  EXPECT_TRUE(StartOf(d, 2));
  EXPECT_FALSE(StartOf(d, 1));
}

TEST(PartitionsTest, ReasonOfTheFirstListedPartitionWhenNoneCanTakeIt) {
  Snapshot s = Cluster(1, 4);
  s.partitions[0].up = false;
  AddPartition(s, {0});
  s.partitions[1].max_time_s = 60;
  JobRequest job = Job(1, 1);
  job.partitions = {0, 1};
  job.time_limit_s = 120;
  s.pending = {job};
  EXPECT_EQ(ReasonOf(Schedule(s), 1), "PartitionDown");
  s.pending[0].partitions = {1, 0};
  EXPECT_EQ(ReasonOf(Schedule(s), 1), "PartitionTimeLimit");
}

TEST(ReasonsTest, HoldsDependenciesAndBeginTimeInSlurmsOrder) {
  Snapshot s = Cluster(1, 4);
  s.now = 5000;
  JobRequest job = Job(1, 1);
  job.held_by_admin = true;
  job.held = true;
  job.dependency_pending = true;
  job.begin_time = 6000;
  s.pending = {job};
  EXPECT_EQ(ReasonOf(Schedule(s), 1), "JobHeldAdmin");
  s.pending[0].held_by_admin = false;
  EXPECT_EQ(ReasonOf(Schedule(s), 1), "JobHeldUser");
  s.pending[0].held = false;
  EXPECT_EQ(ReasonOf(Schedule(s), 1), "Dependency");
  s.pending[0].dependency_never = true;
  EXPECT_EQ(ReasonOf(Schedule(s), 1), "DependencyNeverSatisfied");
  s.pending[0].dependency_never = s.pending[0].dependency_pending = false;
  EXPECT_EQ(ReasonOf(Schedule(s), 1), "BeginTime");
  s.pending[0].begin_time = 5000;
  EXPECT_TRUE(StartOf(Schedule(s), 1));
}

TEST(ArrayTest, ThrottleCountsRunningTasksAndThisPassesStarts) {
  Snapshot s = Cluster(1, 8);
  RunningJob running;
  running.job_id = 10;
  running.array_job_id = 9;
  s.running = {running};
  std::vector<JobRequest> tasks;
  for (uint32_t id = 11; id <= 14; ++id) {
    JobRequest task = Job(id, 1);
    task.array_job_id = 9;
    task.array_throttle = 3;
    s.pending.push_back(task);
  }
  Decisions d = Schedule(s);
  EXPECT_TRUE(StartOf(d, 11));
  EXPECT_TRUE(StartOf(d, 12));
  EXPECT_EQ(ReasonOf(d, 13), "JobArrayTaskLimit");
  EXPECT_EQ(ReasonOf(d, 14), "JobArrayTaskLimit");
}

// One user limit (index 0) and one group limit (index 1).
Snapshot Limited(Limit user, Limit group) {
  Snapshot s = Cluster(2, 8, 16000);
  s.limits = {user, group};
  return s;
}

JobRequest Owned(uint32_t id, uint32_t ntasks, std::vector<int> limits) {
  JobRequest job = Job(id, ntasks);
  job.limits = std::move(limits);
  return job;
}

TEST(LimitsTest, MaxJobsCountsRunningJobs) {
  Limit user;
  user.max_jobs = 2;
  Snapshot s = Limited(user, Limit{});
  RunningJob running;
  running.job_id = 1;
  running.limits = {0};
  s.running = {running};
  s.pending = {Owned(2, 1, {0}), Owned(3, 1, {0}), Owned(4, 1, {})};
  Decisions d = Schedule(s);
  EXPECT_TRUE(StartOf(d, 2));
  EXPECT_EQ(ReasonOf(d, 3), "AssocMaxJobsLimit");
  EXPECT_TRUE(StartOf(d, 4));  // someone else's job is not held back
}

TEST(LimitsTest, GroupCpuLimitIsSharedByItsMembers) {
  Limit group;
  group.max_cpus = 6;
  Snapshot s = Limited(Limit{}, group);
  s.pending = {Owned(1, 4, {1}), Owned(2, 4, {1}), Owned(3, 2, {1})};
  Decisions d = Schedule(s);
  EXPECT_TRUE(StartOf(d, 1));
  EXPECT_EQ(ReasonOf(d, 2), "AssocGrpCpuLimit");
  EXPECT_TRUE(StartOf(d, 3));
}

TEST(LimitsTest, ExclusiveJobsCountEveryCpuTheyHold) {
  Limit user;
  user.max_cpus = 4;
  Snapshot s = Limited(user, Limit{});
  JobRequest job = Owned(1, 1, {0});
  job.exclusive = true;  // takes a whole 8-CPU node
  s.pending = {job};
  EXPECT_EQ(ReasonOf(Schedule(s), 1), "AssocGrpCpuLimit");
}

TEST(LimitsTest, MemoryGpuAndWallLimits) {
  Limit user;
  user.max_memory_mb = 3000;
  user.max_gpus = 1;
  user.max_wall_s = 3600;
  Snapshot s = Limited(user, Limit{});
  for (Node& node : s.nodes) node.gres = {NodeGres{"gpu", "", 2, 0}};
  JobRequest memory = Owned(1, 1, {0});
  memory.time_limit_s = 60;
  memory.mem_per_node_mb = 4000;
  JobRequest gpus = Owned(2, 1, {0});
  gpus.time_limit_s = 60;
  gpus.gres = {GresRequest{"gpu", "", 2}};
  JobRequest forever = Owned(3, 1, {0});
  JobRequest fine = Owned(4, 1, {0});
  fine.time_limit_s = 3600;
  fine.mem_per_node_mb = 3000;
  fine.gres = {GresRequest{"gpu", "", 1}};
  s.pending = {memory, gpus, forever, fine};
  Decisions d = Schedule(s);
  EXPECT_EQ(ReasonOf(d, 1), "AssocGrpMemLimit");
  EXPECT_EQ(ReasonOf(d, 2), "AssocGrpGRES");
  EXPECT_EQ(ReasonOf(d, 3), "AssocMaxWallDurationPerJobLimit");
  EXPECT_TRUE(StartOf(d, 4));
}

// GrpTRES=gres/gpu=3 and --gpus=3 -N2: the job counts 3, not 2 per node.
TEST(LimitsTest, AWholeJobGpuCountCountsOnceAgainstTheLimit) {
  Limit user;
  user.max_gpus = 3;
  Snapshot s = Limited(user, Limit{});
  for (Node& node : s.nodes) node.gres = {NodeGres{"gpu", "", 2, 0}};
  JobRequest job = Owned(1, 2, {0});
  job.nodes_min = 2;
  job.gres = {GresRequest{"gpu", "", 2, 3}};
  s.pending = {job};
  EXPECT_TRUE(StartOf(Schedule(s), 1));
}

}  // namespace
}  // namespace bramble::sched
