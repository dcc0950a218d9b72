// A task's environment: ranks and lists of a 3-node 5-task step, PMI on and
// off, values inherited from the batch script replaced, no duplicates.
#include "stepd/task_env.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace bramble::stepd {
namespace {

using Env = std::map<std::string, std::string>;

Env AsMap(const std::vector<std::string>& env) {
  Env out;
  for (const auto& entry : env) {
    size_t eq = entry.find('=');
    EXPECT_NE(eq, std::string::npos) << entry;
    EXPECT_EQ(out.count(entry.substr(0, eq)), 0u) << "duplicate " << entry;
    out[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return out;
}

// Step 42.3 on pi1..pi3 (2, 2 and 1 tasks) of a job on pi1..pi4.
proto::StepLayout Layout() {
  proto::StepLayout layout;
  layout.set_job_id(42);
  layout.set_step_id(3);
  layout.set_uid(1001);
  layout.set_gid(1002);
  layout.set_user("alice");
  layout.set_group("staff");
  for (const char* node : {"pi1", "pi2", "pi3"}) layout.add_nodes(node);
  for (uint32_t t : {2, 2, 1}) layout.add_tasks_per_node(t);
  for (uint32_t c : {4, 4, 2}) layout.add_cpus_per_node(c);
  layout.set_ntasks(5);
  for (const char* node : {"pi1", "pi2", "pi3", "pi4"}) layout.add_job_nodes(node);
  for (uint32_t c : {4, 4, 2, 2}) layout.add_job_cpus_per_node(c);
  layout.set_partition("main");
  layout.set_job_name("demo");
  layout.set_cluster_name("raspi");
  layout.set_job_start_time(1000);
  layout.set_job_end_time(4600);
  return layout;
}

// srun's environment as a batch script of 8 tasks on pi[1-4] passes it on.
proto::LaunchStep Launch() {
  proto::LaunchStep launch;
  for (const char* entry :
       {"PATH=/usr/bin", "HOME=/home/alice", "SLURM_JOB_ID=42", "SLURM_NTASKS=8", "SLURM_NPROCS=8",
        "SLURM_NNODES=4", "SLURM_NODELIST=pi[1-4]", "SLURM_TASKS_PER_NODE=2(x4)", "SLURM_NODEID=0",
        "SLURM_PROCID=0", "SLURM_LOCALID=0", "SLURM_GTIDS=0", "SLURM_CPUS_ON_NODE=4",
        "SLURMD_NODENAME=pi1", "HOSTNAME=pi1", "SLURM_TASK_PID=777", "ENVIRONMENT=BATCH"}) {
    launch.add_environment(entry);
  }
  launch.set_srun_host("10.0.0.1");
  launch.set_srun_comm_host("10.0.0.1");
  launch.set_srun_port(40123);
  launch.set_mpi("none");
  launch.set_umask(022);
  launch.set_config_path("/etc/bramble/slurm.conf");
  return launch;
}

Env Build(const proto::LaunchStep& launch, uint32_t node, uint32_t local, TaskFacts facts = {}) {
  std::vector<std::string> env = BuildTaskEnvironment(launch, Layout(), node, local, facts);
  EXPECT_FALSE(env.empty());
  return AsMap(env);
}

TEST(TaskEnvironmentTest, RanksAndListsOfAThreeNodeStep) {
  Env env = Build(Launch(), 1, 1);
  EXPECT_EQ(env["SLURM_PROCID"], "3");
  EXPECT_EQ(env["SLURM_LOCALID"], "1");
  EXPECT_EQ(env["SLURM_NODEID"], "1");
  EXPECT_EQ(env["SLURMD_NODENAME"], "pi2");
  EXPECT_EQ(env["HOSTNAME"], "pi2");
  EXPECT_EQ(env["SLURM_TOPOLOGY_ADDR"], "pi2");
  EXPECT_EQ(env["SLURM_TOPOLOGY_ADDR_PATTERN"], "node");
  EXPECT_EQ(env["SLURM_GTIDS"], "2,3");
  EXPECT_EQ(env["SLURM_CPUS_ON_NODE"], "4");
  EXPECT_EQ(env["SLURM_STEP_ID"], "3");
  EXPECT_EQ(env["SLURM_STEPID"], "3");
  EXPECT_EQ(env["SLURM_JOB_ID"], "42");
  EXPECT_EQ(env["SLURM_JOBID"], "42");
  EXPECT_EQ(env["SLURM_STEP_NODELIST"], "pi[1-3]");
  EXPECT_EQ(env["SLURM_STEP_NUM_NODES"], "3");
  EXPECT_EQ(env["SLURM_STEP_NUM_TASKS"], "5");
  EXPECT_EQ(env["SLURM_STEP_TASKS_PER_NODE"], "2(x2),1");
  EXPECT_EQ(env["SLURM_JOB_NODELIST"], "pi[1-4]");
  EXPECT_EQ(env["SLURM_JOB_NUM_NODES"], "4");
  EXPECT_EQ(env["SLURM_JOB_CPUS_PER_NODE"], "4(x2),2(x2)");
  EXPECT_EQ(env["SLURM_JOB_NAME"], "demo");
  EXPECT_EQ(env["SLURM_JOB_PARTITION"], "main");
  EXPECT_EQ(env["SLURM_CLUSTER_NAME"], "raspi");
  EXPECT_EQ(env["SLURM_JOB_UID"], "1001");
  EXPECT_EQ(env["SLURM_JOB_GID"], "1002");
  EXPECT_EQ(env["SLURM_JOB_USER"], "alice");
  EXPECT_EQ(env["SLURM_JOB_GROUP"], "staff");
  EXPECT_EQ(env["SLURM_JOB_START_TIME"], "1000");
  EXPECT_EQ(env["SLURM_JOB_END_TIME"], "4600");
  EXPECT_EQ(env["SLURM_LAUNCH_NODE_IPADDR"], "10.0.0.1");
  EXPECT_EQ(env["SLURM_SRUN_COMM_HOST"], "10.0.0.1");
  EXPECT_EQ(env["SLURM_SRUN_COMM_PORT"], "40123");
  EXPECT_EQ(env["SLURM_CONF"], "/etc/bramble/slurm.conf");
  EXPECT_EQ(env["SLURM_UMASK"], "0022");
  EXPECT_EQ(env.count("SLURM_JOB_ACCOUNT"), 0u) << "only when set";
  EXPECT_EQ(env.count("SLURM_CPUS_PER_TASK"), 0u) << "only when -c was given";
  EXPECT_EQ(env.count("SLURM_MEM_PER_NODE"), 0u) << "only when memory is set";
  EXPECT_EQ(env.count("SLURM_CPU_BIND"), 0u) << "only with --cpu-bind";
  EXPECT_EQ(env["PATH"], "/usr/bin");

  env = Build(Launch(), 2, 0);
  EXPECT_EQ(env["SLURM_PROCID"], "4");
  EXPECT_EQ(env["SLURM_NODEID"], "2");
  EXPECT_EQ(env["SLURM_GTIDS"], "4");
  EXPECT_EQ(env["SLURM_CPUS_ON_NODE"], "2");
  EXPECT_EQ(env["SLURMD_NODENAME"], "pi3");
}

TEST(TaskEnvironmentTest, EachNodeSeesItsOwnGpus) {
  proto::LaunchStep launch = Launch();
  launch.add_environment("CUDA_VISIBLE_DEVICES=1");  // the batch node's, exported by srun
  proto::StepLayout layout = Layout();
  for (const char* ids : {"0,1", "", "1"}) layout.add_gpu_ids(ids);
  Env first = AsMap(BuildTaskEnvironment(launch, layout, 0, 0, {}));
  EXPECT_EQ(first["CUDA_VISIBLE_DEVICES"], "0,1");
  EXPECT_EQ(first["GPU_DEVICE_ORDINAL"], "0,1");
  EXPECT_EQ(first["SLURM_STEP_GPUS"], "0,1");
  Env second = AsMap(BuildTaskEnvironment(launch, layout, 1, 0, {}));
  EXPECT_EQ(second.count("CUDA_VISIBLE_DEVICES"), 0u);  // the job has no GPU there
  EXPECT_EQ(AsMap(BuildTaskEnvironment(launch, layout, 2, 0, {}))["CUDA_VISIBLE_DEVICES"], "1");
  // A job without GPUs leaves the user's own setting alone.
  EXPECT_EQ(AsMap(BuildTaskEnvironment(launch, Layout(), 1, 0, {}))["CUDA_VISIBLE_DEVICES"], "1");
}

TEST(TaskEnvironmentTest, EveryRankOnce) {
  std::set<std::string> ranks;
  proto::StepLayout layout = Layout();
  for (uint32_t node = 0; node < 3; ++node) {
    for (uint32_t local = 0; local < layout.tasks_per_node(node); ++local) {
      Env env = Build(Launch(), node, local);
      EXPECT_TRUE(ranks.insert(env["SLURM_PROCID"]).second);
      EXPECT_EQ(std::to_string(GlobalRank(layout, node, local)), env["SLURM_PROCID"]);
    }
  }
  EXPECT_EQ(ranks, (std::set<std::string>{"0", "1", "2", "3", "4"}));
}

TEST(TaskEnvironmentTest, StepValuesReplaceTheBatchScripts) {
  Env env = Build(Launch(), 0, 1);
  EXPECT_EQ(env["SLURM_NTASKS"], "5");
  EXPECT_EQ(env["SLURM_NPROCS"], "5");
  EXPECT_EQ(env["SLURM_NNODES"], "3");
  EXPECT_EQ(env["SLURM_NODELIST"], "pi[1-3]");
  EXPECT_EQ(env["SLURM_TASKS_PER_NODE"], "2(x2),1");
  EXPECT_EQ(env["SLURM_PROCID"], "1");
  EXPECT_EQ(env["SLURM_LOCALID"], "1");
  EXPECT_EQ(env["SLURM_GTIDS"], "0,1");
  EXPECT_EQ(env["ENVIRONMENT"], "BATCH") << "other inherited values stay";
  EXPECT_EQ(env.count("SLURM_TASK_PID"), 0u) << "dropped so the caller can append the real one";
  TaskFacts facts;
  facts.task_pid = 4321;
  env = Build(Launch(), 0, 1, facts);
  EXPECT_EQ(env["SLURM_TASK_PID"], "4321");
}

TEST(TaskEnvironmentTest, NoDuplicatesAndInheritedOrderKept) {
  proto::LaunchStep launch = Launch();
  launch.add_environment("PATH=/opt/bin:/usr/bin");  // a later value of the same name wins
  std::vector<std::string> env = BuildTaskEnvironment(launch, Layout(), 0, 0, {});
  AsMap(env);  // fails on a duplicate
  ASSERT_FALSE(env.empty());
  EXPECT_EQ(env.front(), "PATH=/opt/bin:/usr/bin");
}

TEST(TaskEnvironmentTest, StepZeroStillSetsTheStepId) {
  proto::StepLayout layout = Layout();
  layout.set_step_id(0);
  Env map = AsMap(BuildTaskEnvironment(Launch(), layout, 0, 0, {}));
  EXPECT_EQ(map["SLURM_STEP_ID"], "0");
  EXPECT_EQ(map["SLURM_STEPID"], "0");
}

TEST(TaskEnvironmentTest, PmiOnlyWithPmiMpi) {
  proto::LaunchStep launch = Launch();
  launch.add_environment("PMI_FD=9");
  launch.add_environment("PMI_RANK=0");
  launch.add_environment("PMI_SIZE=1");
  launch.add_environment("PMI_PORT=host:1");
  launch.add_environment("PMI_DEBUG=1");
  TaskFacts facts;
  facts.pmi_fd = 5;
  Env env = Build(launch, 1, 1, facts);
  for (const char* name : {"PMI_FD", "PMI_RANK", "PMI_SIZE", "PMI_JOBID", "PMI_PORT", "PMI_ID"}) {
    EXPECT_EQ(env.count(name), 0u) << name << " with --mpi=none";
  }
  EXPECT_EQ(env["PMI_DEBUG"], "1") << "a client knob, left alone";

  for (const char* mpi : {"pmi1", "pmi2"}) {
    launch.set_mpi(mpi);
    env = Build(launch, 1, 1, facts);
    EXPECT_EQ(env["PMI_FD"], "5");
    EXPECT_EQ(env["PMI_RANK"], "3");
    EXPECT_EQ(env["PMI_SIZE"], "5");
    EXPECT_EQ(env["PMI_JOBID"], "42.3");
    for (const char* name : {"PMI_VERSION", "PMI_SUBVERSION", "PMI_PORT", "PMI_ID"}) {
      EXPECT_EQ(env.count(name), 0u) << name;
    }
  }
}

TEST(TaskEnvironmentTest, OptionalJobValues) {
  proto::StepLayout layout = Layout();
  layout.set_cpus_per_task(2);
  layout.set_mem_per_node_mb(2048);
  layout.set_account("physics");
  Env map = AsMap(BuildTaskEnvironment(Launch(), layout, 0, 0, {}));
  EXPECT_EQ(map["SLURM_CPUS_PER_TASK"], "2");
  EXPECT_EQ(map["SLURM_MEM_PER_NODE"], "2048");
  EXPECT_EQ(map["SLURM_JOB_ACCOUNT"], "physics");
}

TEST(TaskEnvironmentTest, CpuBindAsSlurmWritesIt) {
  proto::LaunchStep launch = Launch();
  launch.add_environment("SLURM_CPU_BIND=none");  // what mpirun puts in srun's environment
  launch.set_cpu_bind("none");
  Env env = Build(launch, 0, 0);
  EXPECT_EQ(env["SLURM_CPU_BIND"], "quiet,none");
  EXPECT_EQ(env["SLURM_CPU_BIND_TYPE"], "none");
  EXPECT_EQ(env["SLURM_CPU_BIND_LIST"], "");
  EXPECT_EQ(env["SLURM_CPU_BIND_VERBOSE"], "quiet");

  using Vars = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(CpuBindVariables("mask_cpu:0x3"),
            (Vars{{"SLURM_CPU_BIND_VERBOSE", "quiet"},
                  {"SLURM_CPU_BIND_TYPE", "mask_cpu:"},
                  {"SLURM_CPU_BIND_LIST", "0x3"},
                  {"SLURM_CPU_BIND", "quiet,mask_cpu:0x3"}}));
  EXPECT_EQ(CpuBindVariables("verbose,map_cpu:0,2,4")[3].second, "verbose,map_cpu:0,2,4");
  EXPECT_EQ(CpuBindVariables("verbose,map_cpu:0,2,4")[2].second, "0,2,4");
  EXPECT_EQ(CpuBindVariables("cores")[1].second, "cores");
  EXPECT_EQ(CpuBindVariables("threads,none")[3].second, "quiet,threads,none");
}

TEST(TaskEnvironmentTest, TaskOutsideTheLayoutIsRefused) {
  EXPECT_TRUE(CheckTaskPosition(Layout(), 2, 0).ok());
  EXPECT_TRUE(CheckTaskPosition(Layout(), 1, 1, "pi2").ok());
  EXPECT_EQ(CheckTaskPosition(Layout(), 3, 0).code(), Code::kInvalidArgument);
  EXPECT_EQ(CheckTaskPosition(Layout(), 2, 1).code(), Code::kInvalidArgument);
  EXPECT_EQ(CheckTaskPosition(Layout(), 1, 0, "pi3").code(), Code::kInvalidArgument);
  proto::StepLayout layout = Layout();
  layout.add_tasks_per_node(1);  // four task counts for three nodes
  EXPECT_EQ(CheckTaskPosition(layout, 0, 0).code(), Code::kInvalidArgument);
  // Never a half-filled environment.
  EXPECT_TRUE(BuildTaskEnvironment(Launch(), Layout(), 3, 0, {}).empty());
  EXPECT_TRUE(BuildTaskEnvironment(Launch(), layout, 0, 0, {}).empty());
  TaskFacts elsewhere;
  elsewhere.node_name = "pi9";
  EXPECT_TRUE(BuildTaskEnvironment(Launch(), Layout(), 0, 0, elsewhere).empty());
  elsewhere.node_name = "pi1";
  EXPECT_FALSE(BuildTaskEnvironment(Launch(), Layout(), 0, 0, elsewhere).empty());
}

}  // namespace
}  // namespace bramble::stepd
