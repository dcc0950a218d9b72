// The controller's translation of job records and configuration into the
// scheduler's snapshot: partitions, devices, features, running jobs, limits.
#include "controller/sched_snapshot.h"

#include <gtest/gtest.h>

namespace bramble::controller {
namespace {

Config TestConfig() {
  auto config = ParseConfig(
      "GresTypes=gpu\n"
      "NodeName=n1 CPUs=8 RealMemory=16000 Gres=gpu:2 Weight=5 Features=x86,avx2\n"
      "NodeName=n2 CPUs=4 RealMemory=8000\n"
      "PartitionName=debug Nodes=n1,n2 Default=YES\n"
      "PartitionName=gpu Nodes=n1 PriorityTier=3 MaxNodes=1 MaxTime=60\n"
      "UserLimits=DEFAULT MaxJobs=2\n"
      "UserLimits=alice MaxJobs=5\n"
      "GroupLimits=students GrpTRES=cpu=4\n"
      "SchedulerType=sched/builtin\n",
      "test.conf");
  EXPECT_TRUE(config.has_value()) << config.error().message();
  return *config;
}

std::map<std::string, NodeEntry> Nodes(const Config& config) {
  std::map<std::string, NodeEntry> nodes;
  for (const NodeConfig& node : config.nodes) {
    NodeEntry entry;
    entry.config = node;
    entry.registered = true;
    nodes[node.name] = entry;
  }
  return nodes;
}

const std::vector<std::string> kOrder = {"n1", "n2"};

proto::JobRecord Job(uint32_t id) {
  proto::JobRecord job;
  job.set_job_id(id);
  job.set_user("alice");
  job.set_group("students");
  job.set_time_limit_s(-1);
  return job;
}

TEST(MakeJobRequestTest, SeveralPartitionsDevicesAndFeatures) {
  Config config = TestConfig();
  proto::JobRecord job = Job(7);
  job.mutable_spec()->set_partition("gpu,debug");
  job.mutable_spec()->set_gres("gpu:1");
  job.mutable_spec()->set_constraint("avx2|arm");
  job.mutable_spec()->set_exclusive(true);
  job.mutable_spec()->set_begin_time(1234);
  auto request = MakeJobRequest(job, config, kOrder);
  ASSERT_TRUE(request.has_value()) << request.error().message();
  EXPECT_EQ(request->partitions, (std::vector<int>{1, 0}));
  ASSERT_EQ(request->gres.size(), 1u);
  EXPECT_EQ(request->gres[0].name, "gpu");
  EXPECT_EQ(request->gres[0].per_node, 1u);
  EXPECT_EQ(request->constraint.size(), 2u);
  EXPECT_TRUE(request->exclusive);
  EXPECT_EQ(request->begin_time, 1234);
}

TEST(MakeJobRequestTest, GpusForTheJobAreSpreadOverItsNodes) {
  Config config = TestConfig();
  proto::JobRecord job = Job(7);
  job.mutable_spec()->set_gpus(3);
  job.mutable_spec()->set_nodes_min(2);
  auto request = MakeJobRequest(job, config, kOrder);
  ASSERT_TRUE(request.has_value());
  ASSERT_EQ(request->gres.size(), 1u);
  EXPECT_EQ(request->gres[0].per_node, 2u);  // ceil(3 / 2), to choose nodes
  EXPECT_EQ(request->gres[0].job_total, 3u);  // and exactly 3 granted
}

TEST(MakeJobRequestTest, BadNamesGetSlurmsErrors) {
  Config config = TestConfig();
  proto::JobRecord job = Job(7);
  job.mutable_spec()->set_partition("debug,nosuch");
  EXPECT_EQ(MakeJobRequest(job, config, kOrder).error().message(), "Invalid partition name specified");
  job.mutable_spec()->set_partition("");
  job.mutable_spec()->set_constraint("a&&b");
  EXPECT_EQ(MakeJobRequest(job, config, kOrder).error().message(), "Invalid feature specification");
  job.mutable_spec()->set_constraint("");
  job.mutable_spec()->set_gres("gpu:x:y:z");
  EXPECT_EQ(MakeJobRequest(job, config, kOrder).error().message(),
            "Invalid generic resource (gres) specification");
}

TEST(BuildSnapshotTest, RunningJobsHoldDevicesAndEndByTheirLimit) {
  Config config = TestConfig();
  std::map<uint32_t, proto::JobRecord> jobs;
  proto::JobRecord running = Job(3);
  running.set_state(proto::RUNNING);
  running.set_start_time(1000);
  running.set_time_limit_s(600);
  running.add_nodes("n1");
  running.add_cpus_per_node(2);
  proto::GresAlloc* alloc = running.add_gres();
  alloc->set_node_index(0);
  alloc->set_entry(0);
  alloc->set_mask(2);
  jobs[3] = running;
  jobs[4] = Job(4);  // pending: not in running
  std::vector<proto::JobRecord*> active = {&jobs[3], &jobs[4]};
  sched::Snapshot s = BuildSnapshot(config, Nodes(config), kOrder, active, {}, 1100);
  ASSERT_EQ(s.running.size(), 1u);
  EXPECT_EQ(s.running[0].end_time, 1600);
  EXPECT_EQ(s.running[0].nodes, std::vector<int>{0});
  EXPECT_EQ(s.running[0].limits, (std::vector<int>{1, 2}));  // alice's own line, students
  ASSERT_EQ(s.nodes[0].gres.size(), 1u);
  EXPECT_EQ(s.nodes[0].gres[0].used_mask, 2u);
  EXPECT_EQ(s.nodes[0].weight, 5u);
  EXPECT_EQ(s.nodes[0].features, (std::vector<std::string>{"x86", "avx2"}));
  EXPECT_EQ(s.partitions[1].priority_tier, 3u);
  EXPECT_EQ(s.partitions[1].max_nodes, 1u);
  EXPECT_EQ(s.partitions[1].max_time_s, 3600);
  ASSERT_EQ(s.limits.size(), 3u);
  EXPECT_EQ(s.limits[1].max_jobs, 5);
  EXPECT_EQ(s.limits[2].max_cpus, 4);
  EXPECT_FALSE(s.options.backfill);
}

TEST(LimitIndicesTest, UsersWithoutALineGetTheDefault) {
  Config config = TestConfig();
  proto::JobRecord job = Job(1);
  job.set_user("bob");
  job.set_group("staff");
  EXPECT_EQ(LimitIndices(config, job), std::vector<int>{0});
}

}  // namespace
}  // namespace bramble::controller
