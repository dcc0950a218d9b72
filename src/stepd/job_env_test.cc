// The batch environment: Slurm's variables, --export, and what must not be set.
#include "stepd/job_env.h"

#include <gtest/gtest.h>

#include <map>

namespace bramble::stepd {
namespace {

std::map<std::string, std::string> AsMap(const std::vector<std::string>& env) {
  std::map<std::string, std::string> out;
  for (const auto& entry : env) {
    size_t eq = entry.find('=');
    EXPECT_EQ(out.count(entry.substr(0, eq)), 0u) << "duplicate " << entry;
    out[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return out;
}

proto::LaunchJob Launch() {
  proto::LaunchJob launch;
  launch.set_cluster_name("raspi");
  proto::JobRecord* job = launch.mutable_job();
  job->set_job_id(42);
  job->set_uid(1001);
  job->set_gid(1001);
  job->add_nodes("pi1");
  job->add_nodes("pi2");
  job->add_nodes("pi3");
  for (int i = 0; i < 3; ++i) job->add_cpus_per_node(i < 2 ? 4 : 2);
  for (int i = 0; i < 3; ++i) job->add_tasks_per_node(i < 2 ? 2 : 1);
  job->set_start_time(1000);
  job->set_time_limit_s(60);
  proto::JobSpec* spec = job->mutable_spec();
  spec->set_name("demo");
  spec->set_partition("default");
  spec->set_submit_dir("/home/alice");
  spec->set_ntasks(5);
  spec->add_environment("PATH=/usr/bin");
  spec->add_environment("HOME=/home/alice");
  spec->add_environment("SLURM_CUSTOM=x");
  spec->add_environment("JUPYTERHUB_API_TOKEN=t");
  return launch;
}

NodeFacts Facts() { return NodeFacts{"pi1", "alice", "alice", 1000}; }

TEST(CompressCountsTest, FoldsRepeats) {
  EXPECT_EQ(CompressCounts({2, 2, 2, 1}), "2(x3),1");
  EXPECT_EQ(CompressCounts({4}), "4");
  EXPECT_EQ(CompressCounts({1, 2, 1}), "1,2,1");
  EXPECT_EQ(CompressCounts({}), "");
}

TEST(BatchEnvironmentTest, SetsSlurmVariablesAndLegacyNames) {
  auto env = AsMap(BuildBatchEnvironment(Launch(), Facts()));
  EXPECT_EQ(env["SLURM_JOB_ID"], "42");
  EXPECT_EQ(env["SLURM_JOBID"], "42");
  EXPECT_EQ(env["SLURM_NODELIST"], "pi[1-3]");
  EXPECT_EQ(env["SLURM_JOB_NODELIST"], "pi[1-3]");
  EXPECT_EQ(env["SLURM_NNODES"], "3");
  EXPECT_EQ(env["SLURM_TASKS_PER_NODE"], "2(x2),1");
  EXPECT_EQ(env["SLURM_JOB_CPUS_PER_NODE"], "4(x2),2");
  EXPECT_EQ(env["SLURM_NTASKS"], "5");
  EXPECT_EQ(env["SLURM_NPROCS"], "5");
  EXPECT_EQ(env["SLURM_CPUS_ON_NODE"], "4");
  EXPECT_EQ(env["SLURMD_NODENAME"], "pi1");
  EXPECT_EQ(env["SLURM_CLUSTER_NAME"], "raspi");
  EXPECT_EQ(env["SLURM_JOB_END_TIME"], "1060");
  EXPECT_EQ(env["PATH"], "/usr/bin");
  EXPECT_EQ(env.count("SLURM_STEP_ID"), 0u);
  EXPECT_EQ(env.count("SLURM_STEPID"), 0u);
  EXPECT_EQ(env.count("SLURM_CPUS_PER_TASK"), 0u) << "only when -c was given";
  EXPECT_EQ(env.count("SLURM_EXPORT_ENV"), 0u) << "not for --export=ALL";
  EXPECT_EQ(env.count("SLURM_RESTART_COUNT"), 0u) << "only once requeued";
}

TEST(BatchEnvironmentTest, RequeuedJobHasItsRestartCount) {
  proto::LaunchJob launch = Launch();
  launch.mutable_job()->set_restart_count(2);
  auto env = AsMap(BuildBatchEnvironment(launch, Facts()));
  EXPECT_EQ(env["SLURM_RESTART_COUNT"], "2");
}

TEST(BatchEnvironmentTest, ExportNoneKeepsOnlySlurmVariables) {
  proto::LaunchJob launch = Launch();
  launch.mutable_job()->mutable_spec()->set_export_env("NONE");
  auto env = AsMap(BuildBatchEnvironment(launch, Facts()));
  EXPECT_EQ(env.count("PATH"), 0u);
  EXPECT_EQ(env.count("HOME"), 0u);
  EXPECT_EQ(env["SLURM_CUSTOM"], "x");
  EXPECT_EQ(env["SLURM_EXPORT_ENV"], "NONE");
}

TEST(BatchEnvironmentTest, ExportListTakesNamesAndAssignments) {
  proto::LaunchJob launch = Launch();
  launch.mutable_job()->mutable_spec()->set_export_env("JUPYTERHUB_API_TOKEN,FOO=bar");
  auto env = AsMap(BuildBatchEnvironment(launch, Facts()));
  EXPECT_EQ(env["JUPYTERHUB_API_TOKEN"], "t");
  EXPECT_EQ(env["FOO"], "bar");
  EXPECT_EQ(env.count("PATH"), 0u);
  EXPECT_EQ(env["SLURM_EXPORT_ENV"], "JUPYTERHUB_API_TOKEN,FOO=bar");
}

TEST(BatchEnvironmentTest, SlurmValuesWinOverSubmittedOnes) {
  proto::LaunchJob launch = Launch();
  launch.mutable_job()->mutable_spec()->add_environment("SLURM_JOB_ID=999");
  auto env = AsMap(BuildBatchEnvironment(launch, Facts()));
  EXPECT_EQ(env["SLURM_JOB_ID"], "42");
}

}  // namespace
}  // namespace bramble::stepd
