// Tests for the priority and scheduler keys of slurm.conf (config_sched.cc),
// and a whole cluster's file using every key the scheduler reads.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/config.h"
#include "common/config_testing.h"

namespace bramble {
namespace {

using config_testing::Names;
using config_testing::Parse;
using config_testing::ParseError;

TEST(SchedulingKeys, DefaultsAreSlurms) {
  Config config = Parse("");
  EXPECT_EQ(config.priority_type, "priority/multifactor");
  EXPECT_EQ(config.priority_weight_age, 0u);
  EXPECT_EQ(config.priority_weight_fairshare, 0u);
  EXPECT_EQ(config.priority_weight_job_size, 0u);
  EXPECT_EQ(config.priority_weight_partition, 0u);
  EXPECT_EQ(config.priority_weight_qos, 0u);
  EXPECT_EQ(config.priority_max_age_s, 7 * 86400);
  EXPECT_EQ(config.priority_decay_half_life_s, 7 * 86400);
  EXPECT_FALSE(config.priority_favor_small);
  EXPECT_EQ(config.priority_calc_period_s, 300);
  EXPECT_EQ(config.scheduler_type, "sched/backfill");
  EXPECT_EQ(config.bf_window_min, 1440u);
  EXPECT_EQ(config.bf_max_job_test, 500u);
  EXPECT_EQ(config.bf_interval_s, 30u);
  EXPECT_EQ(config.bf_resolution_s, 60u);
  EXPECT_TRUE(config.gres_types.empty());
  EXPECT_EQ(config.enforce_part_limits, "NO");
  EXPECT_EQ(config.def_mem_per_cpu_mb, 0);
  EXPECT_TRUE(config.limits.empty());
}

TEST(SchedulingKeys, PriorityWeights) {
  Config config = Parse(
      "PriorityWeightAge=1 PriorityWeightFairshare=2 PriorityWeightJobSize=3\n"
      "PriorityWeightPartition=4 priorityweightqos=4294967295\n");
  EXPECT_EQ(config.priority_weight_age, 1u);
  EXPECT_EQ(config.priority_weight_fairshare, 2u);
  EXPECT_EQ(config.priority_weight_job_size, 3u);
  EXPECT_EQ(config.priority_weight_partition, 4u);
  EXPECT_EQ(config.priority_weight_qos, 4294967295u);
  EXPECT_TRUE(config.warnings.empty());
  EXPECT_EQ(ParseError("PriorityWeightAge=lots\n"),
            "slurm.conf:1: bad number for PriorityWeightAge: 'lots'");
  EXPECT_EQ(ParseError("ClusterName=x\nPriorityWeightQOS=4294967296\n"),
            "slurm.conf:2: bad number for PriorityWeightQOS: '4294967296'");
}

TEST(SchedulingKeys, PriorityType) {
  EXPECT_EQ(Parse("PriorityType=priority/basic\n").priority_type, "priority/basic");
  EXPECT_EQ(Parse("PriorityType=Priority/MultiFactor\n").priority_type, "priority/multifactor");
  EXPECT_EQ(ParseError("PriorityType=priority/fancy\n"),
            "slurm.conf:1: bad PriorityType 'priority/fancy' "
            "(expected one of priority/basic, priority/multifactor)");
}

TEST(SchedulingKeys, PriorityDurations) {
  Config config =
      Parse("PriorityMaxAge=1-12 PriorityDecayHalfLife=90 PriorityCalcPeriod=1:00:00\n");
  EXPECT_EQ(config.priority_max_age_s, 36 * 3600);
  EXPECT_EQ(config.priority_decay_half_life_s, 90 * 60);  // a bare number is minutes
  EXPECT_EQ(config.priority_calc_period_s, 3600);
  EXPECT_EQ(Parse("PriorityDecayHalfLife=0\n").priority_decay_half_life_s, 0);  // no decay
  EXPECT_EQ(Parse("PriorityMaxAge=INFINITE\n").priority_max_age_s, -1);
  EXPECT_EQ(Parse("PriorityCalcPeriod=2\n").priority_calc_period_s, 120);
  EXPECT_EQ(ParseError("PriorityMaxAge=old\n"), "slurm.conf:1: bad time for PriorityMaxAge: 'old'");
  EXPECT_EQ(ParseError("PriorityDecayHalfLife=1:2:3:4\n"),
            "slurm.conf:1: bad time for PriorityDecayHalfLife: '1:2:3:4'");
  EXPECT_EQ(ParseError("PriorityCalcPeriod=0\n"),
            "slurm.conf:1: bad time for PriorityCalcPeriod: '0'");
  EXPECT_EQ(ParseError("PriorityCalcPeriod=0:30\n"),
            "slurm.conf:1: bad time for PriorityCalcPeriod: '0:30'");
  EXPECT_EQ(ParseError("PriorityCalcPeriod=UNLIMITED\n"),
            "slurm.conf:1: bad time for PriorityCalcPeriod: 'UNLIMITED'");
}

TEST(SchedulingKeys, PriorityFavorSmall) {
  EXPECT_TRUE(Parse("PriorityFavorSmall=YES\n").priority_favor_small);
  EXPECT_TRUE(Parse("PriorityFavorSmall=yes\n").priority_favor_small);
  EXPECT_FALSE(Parse("PriorityFavorSmall=NO\n").priority_favor_small);
  EXPECT_EQ(ParseError("PriorityFavorSmall=sometimes\n"),
            "slurm.conf:1: bad PriorityFavorSmall 'sometimes' (expected YES or NO)");
}

TEST(SchedulingKeys, SchedulerType) {
  EXPECT_EQ(Parse("SchedulerType=sched/builtin\n").scheduler_type, "sched/builtin");
  EXPECT_EQ(Parse("SchedulerType=sched/backfill\n").scheduler_type, "sched/backfill");
  EXPECT_EQ(ParseError("SchedulerType=sched/hold\n"),
            "slurm.conf:1: bad SchedulerType 'sched/hold' "
            "(expected one of sched/backfill, sched/builtin)");
}

TEST(SchedulingKeys, SchedulerParameters) {
  Config config = Parse(
      "SchedulerParameters=bf_window=2880,BF_MAX_JOB_TEST=100,bf_interval=45,bf_resolution=300,"
      "bf_continue,default_queue_depth=50\n");
  EXPECT_EQ(config.bf_window_min, 2880u);
  EXPECT_EQ(config.bf_max_job_test, 100u);
  EXPECT_EQ(config.bf_interval_s, 45u);
  EXPECT_EQ(config.bf_resolution_s, 300u);
  EXPECT_EQ(config.warnings,
            Names({"slurm.conf:1: SchedulerParameters item bf_continue is not used by Bramble, "
                   "ignored",
                   "slurm.conf:1: SchedulerParameters item default_queue_depth=50 is not used by "
                   "Bramble, ignored"}));
}

TEST(SchedulingKeys, SchedulerParametersOutOfRange) {
  EXPECT_EQ(ParseError("SchedulerParameters=bf_window=0\n"),
            "slurm.conf:1: bad value for SchedulerParameters bf_window: '0' (expected 1 to 43200)");
  EXPECT_EQ(ParseError("SchedulerParameters=bf_continue,bf_interval=10801\n"),
            "slurm.conf:1: bad value for SchedulerParameters bf_interval: '10801' "
            "(expected 1 to 10800)");
  EXPECT_EQ(ParseError("SchedulerParameters=bf_resolution=fine\n"),
            "slurm.conf:1: bad value for SchedulerParameters bf_resolution: 'fine' "
            "(expected 1 to 3600)");
  EXPECT_EQ(ParseError("ClusterName=x\nSchedulerParameters=bf_max_job_test\n"),
            "slurm.conf:2: bad value for SchedulerParameters bf_max_job_test: '' "
            "(expected 1 to 1000000)");
}

TEST(SchedulingKeys, GresTypes) {
  EXPECT_EQ(Parse("GresTypes=gpu,mps,shard\n").gres_types, Names({"gpu", "mps", "shard"}));
}

TEST(SchedulingKeys, EnforcePartLimits) {
  EXPECT_EQ(Parse("EnforcePartLimits=ALL\n").enforce_part_limits, "ALL");
  EXPECT_EQ(Parse("EnforcePartLimits=any\n").enforce_part_limits, "ANY");
  EXPECT_EQ(Parse("EnforcePartLimits=No\n").enforce_part_limits, "NO");
  EXPECT_EQ(Parse("EnforcePartLimits=YES\n").enforce_part_limits, "ALL");  // Slurm's old spelling
  EXPECT_EQ(ParseError("EnforcePartLimits=SOME\n"),
            "slurm.conf:1: bad EnforcePartLimits 'SOME' (expected one of ALL, ANY, NO, YES)");
}

TEST(SchedulingKeys, OtherPriorityKeysStillWarn) {
  Config config = Parse("PriorityFlags=CALCULATE_RUNNING PriorityWeightTRES=cpu=1\n");
  EXPECT_EQ(config.warnings,
            Names({"slurm.conf:1: PriorityFlags is not used by Bramble, ignored",
                   "slurm.conf:1: PriorityWeightTRES is not used by Bramble, ignored"}));
}

// A Raspberry Pi cluster with one GPU workstation, using every key the
// scheduler reads.
TEST(ParseConfig, RaspberryPisPlusAGpuBox) {
  Config config = Parse(
      "ClusterName=bramble-lab\n"
      "SlurmctldHost=pi1(192.168.1.10)\n"
      "GresTypes=gpu\n"
      "PriorityType=priority/multifactor\n"
      "PriorityWeightAge=1000\n"
      "PriorityWeightFairshare=10000\n"
      "PriorityWeightJobSize=500\n"
      "PriorityWeightPartition=2000\n"
      "PriorityMaxAge=14-0\n"
      "PriorityFavorSmall=YES\n"
      "SchedulerType=sched/backfill\n"
      "SchedulerParameters=bf_window=2880,bf_interval=60,bf_continue\n"
      "EnforcePartLimits=ALL\n"
      "DefMemPerCPU=900\n"
      "MaxArraySize=10001\n"
      "NodeName=DEFAULT State=UNKNOWN\n"
      "NodeName=pi[1-4] CPUs=4 RealMemory=3800 Weight=10 Features=arm64,pi4\n"
      "NodeName=gpubox CPUs=16 RealMemory=64000 Weight=100 Feature=x86_64,cuda \\\n"
      "    Gres=gpu:rtx3090:2\n"
      "PartitionName=pi Nodes=pi[1-4] Default=YES MaxTime=1-0\n"
      "PartitionName=gpu Nodes=gpubox MaxTime=2-0 MaxNodes=1 PriorityTier=2 AllowGroups=ml\n"
      "PartitionName=all Nodes=ALL MaxTime=4:00:00 PriorityJobFactor=2 OverSubscribe=NO\n"
      "UserLimits=DEFAULT MaxJobs=4 MaxSubmitJobs=20 GrpTRES=cpu=8,mem=16G\n"
      "UserLimits=alice MaxJobs=8 GrpTRES=gres/gpu=1\n"
      "GroupLimits=ml MaxWall=2-0 GrpTRES=gres/gpu=2\n");
  EXPECT_EQ(config.warnings,
            Names({"slurm.conf:12: SchedulerParameters item bf_continue is not used by Bramble, "
                   "ignored",
                   "slurm.conf:22: OverSubscribe is not used by Bramble, ignored"}));
  ASSERT_EQ(config.nodes.size(), 5u);
  const NodeConfig* pi = config.FindNode("pi3");
  ASSERT_NE(pi, nullptr);
  EXPECT_EQ(pi->weight, 10u);
  EXPECT_EQ(pi->features, Names({"arm64", "pi4"}));
  EXPECT_TRUE(pi->gres.empty());
  const NodeConfig* box = config.FindNode("gpubox");
  ASSERT_NE(box, nullptr);
  EXPECT_EQ(box->cpus, 16u);
  EXPECT_EQ(box->weight, 100u);
  EXPECT_EQ(box->features, Names({"x86_64", "cuda"}));
  EXPECT_EQ(box->gres, std::vector<GresConfig>({{"gpu", "rtx3090", 2, {}}}));
  EXPECT_EQ(box->state, "UNKNOWN");

  ASSERT_EQ(config.partitions.size(), 3u);
  EXPECT_EQ(config.DefaultPartition()->name, "pi");
  const PartitionConfig& gpu = config.partitions[1];
  EXPECT_EQ(gpu.priority_tier, 2u);
  EXPECT_EQ(gpu.max_nodes, 1);
  EXPECT_EQ(gpu.allow_groups, Names({"ml"}));
  EXPECT_EQ(config.partitions[2].nodes.size(), 5u);
  EXPECT_EQ(config.partitions[2].priority_job_factor, 2u);

  EXPECT_EQ(config.priority_type, "priority/multifactor");
  EXPECT_EQ(config.priority_weight_fairshare, 10000u);
  EXPECT_EQ(config.priority_weight_partition, 2000u);
  EXPECT_EQ(config.priority_max_age_s, 14 * 86400);
  EXPECT_TRUE(config.priority_favor_small);
  EXPECT_EQ(config.bf_window_min, 2880u);
  EXPECT_EQ(config.bf_interval_s, 60u);
  EXPECT_EQ(config.bf_max_job_test, 500u);
  EXPECT_EQ(config.enforce_part_limits, "ALL");
  EXPECT_EQ(config.max_array_size, 10001u);

  const LimitConfig* alice = config.FindLimits("user", "alice");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->max_jobs, 8u);
  EXPECT_EQ(alice->max_submit_jobs, 20u);  // from DEFAULT
  EXPECT_EQ(alice->grp_cpus, 8u);
  EXPECT_EQ(alice->grp_mem_mb, 16 * 1024);
  EXPECT_EQ(alice->grp_gpus, 1u);
  const LimitConfig* bob = config.FindLimits("user", "bob");
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(bob->name, "DEFAULT");
  EXPECT_EQ(bob->grp_gpus, std::nullopt);
  const LimitConfig* ml = config.FindLimits("group", "ml");
  ASSERT_NE(ml, nullptr);
  EXPECT_EQ(ml->max_wall_s, 2 * 86400);
  EXPECT_EQ(ml->grp_gpus, 2u);
  EXPECT_EQ(config.FindLimits("group", "physics"), nullptr);  // no group DEFAULT
}

}  // namespace
}  // namespace bramble
