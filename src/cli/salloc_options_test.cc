#include "cli/salloc_options.h"

#include <gtest/gtest.h>


namespace bramble::cli {
namespace {

using Args = std::vector<std::string>;

Result<SallocOptions> Parse(const Args& args, const Args& env = {}) {
  return ParseSalloc(args, env, "/home/alice", "login1", 022, JobClock{1700000000, &SystemTimeZone()});
}

SallocOptions Ok(const Args& args, const Args& env = {}) {
  auto result = Parse(args, env);
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message());
  return result ? *result : SallocOptions{};
}

std::string Fail(const Args& args, const Args& env = {}) {
  auto result = Parse(args, env);
  EXPECT_FALSE(result.has_value());
  return result ? "" : result.error().message();
}

TEST(SallocOptions, Defaults) {
  SallocOptions o = Ok({});
  EXPECT_EQ(o.action, SallocAction::kAllocate);
  EXPECT_TRUE(o.argv.empty());  // the caller runs the user's shell
  const proto::JobSpec& s = o.spec;
  EXPECT_TRUE(s.interactive());
  EXPECT_EQ(s.name(), "interactive");
  EXPECT_EQ(s.work_dir(), "/home/alice");
  EXPECT_EQ(s.submit_dir(), "/home/alice");
  EXPECT_EQ(s.submit_host(), "login1");
  EXPECT_EQ(s.umask(), 022u);
  EXPECT_FALSE(s.has_ntasks());
  EXPECT_FALSE(s.has_nodes_min());
  EXPECT_FALSE(s.has_time_limit_s());
  EXPECT_TRUE(o.warnings.empty());
}

TEST(SallocOptions, OptionsAndCommand) {
  SallocOptions o = Ok({"-N", "2", "-n4", "--cpus-per-task=2", "--ntasks-per-node", "2", "--mem=1G", "-w", "pi[1-2]",
                        "-x", "pi3", "-p", "debug", "-t", "1:00:00", "-J", "dev", "-A", "acct", "-D", "sub", "-H",
                        "--comment=hi", "mpirun", "-n", "4", "./app"});
  EXPECT_EQ(o.argv, (Args{"mpirun", "-n", "4", "./app"}));
  const proto::JobSpec& s = o.spec;
  EXPECT_EQ(s.nodes_min(), 2u);
  EXPECT_EQ(s.nodes_max(), 2u);
  EXPECT_EQ(s.ntasks(), 4u);
  EXPECT_EQ(s.cpus_per_task(), 2u);
  EXPECT_EQ(s.ntasks_per_node(), 2u);
  EXPECT_EQ(s.mem_per_node_mb(), 1024);
  EXPECT_EQ(s.nodelist(), "pi[1-2]");
  EXPECT_EQ(s.exclude(), "pi3");
  EXPECT_EQ(s.partition(), "debug");
  EXPECT_EQ(s.time_limit_s(), 3600);
  EXPECT_EQ(s.name(), "dev");
  EXPECT_EQ(s.account(), "acct");
  EXPECT_EQ(s.work_dir(), "/home/alice/sub");
  EXPECT_TRUE(s.hold());
  EXPECT_EQ(s.comment(), "hi");
  // A command does not name the job: Slurm keeps "interactive".
  EXPECT_EQ(Ok({"bash"}).spec.name(), "interactive");
}

TEST(SallocOptions, AcceptedAndIgnored) {
  SallocOptions o = Ok({"--bell", "--no-bell", "--qos=high", "-K", "-I", "x"});
  EXPECT_EQ(o.argv, Args{"x"});
  EXPECT_EQ(Ok({"--kill-command=TERM", "x"}).argv, Args{"x"});
}

// The job options salloc shares with sbatch and srun reach its spec.
TEST(SallocOptions, SharedJobOptions) {
  SallocOptions o = Ok({"--gres=gpu:1", "-G", "a100:2", "--exclusive", "-C", "fast", "-d", "afterok:5",
                        "--nice=7", "--begin=now+60", "--signal=USR1@30", "-p", "a,b", "x"});
  const proto::JobSpec& s = o.spec;
  EXPECT_EQ(s.gres(), "gpu:1");
  EXPECT_EQ(s.gpus(), 2u);
  EXPECT_TRUE(s.exclusive());
  EXPECT_EQ(s.constraint(), "fast");
  EXPECT_EQ(s.dependency(), "afterok:5");
  EXPECT_EQ(s.nice(), 7);
  EXPECT_EQ(s.begin_time(), 1700000060);
  EXPECT_EQ(s.signal(), "10@30");  // stored as numbers
  EXPECT_EQ(s.partition(), "a,b");
  EXPECT_EQ(Fail({"--gres=gpu:"}),
            "salloc: error: Job submit/allocate failed: Invalid generic resource (gres) specification");
  EXPECT_EQ(Fail({"--nice=9999999999"}), "salloc: error: Invalid --nice value, out of range (+/- 2147483645)");
  // sbatch-only options stay sbatch's.
  EXPECT_EQ(Fail({"--array=1-3"}),
            "salloc: unrecognized option '--array=1-3'\nTry \"salloc --help\" for more information");
  EXPECT_EQ(Fail({"--requeue"}), "salloc: unrecognized option '--requeue'\nTry \"salloc --help\" for more information");
  EXPECT_EQ(Fail({"--kill-on-invalid-dep=yes"}),
            "salloc: unrecognized option '--kill-on-invalid-dep=yes'\nTry \"salloc --help\" for more information");
}

TEST(SallocOptions, SrunAndSbatchOnlyOptionsAreRefused) {
  EXPECT_EQ(Fail({"--label"}), "salloc: unrecognized option '--label'\nTry \"salloc --help\" for more information");
  EXPECT_EQ(Fail({"--wrap=x"}), "salloc: unrecognized option '--wrap=x'\nTry \"salloc --help\" for more information");
  EXPECT_EQ(Fail({"-o", "f"}), "salloc: invalid option -- 'o'\nTry \"salloc --help\" for more information");
}

TEST(SallocOptions, Environment) {
  SallocOptions o = Ok({}, {"SALLOC_PARTITION=gpu", "SALLOC_TIMELIMIT=30", "SALLOC_ACCOUNT=a1",
                            "SALLOC_MEM_PER_CPU=512", "SLURM_NTASKS=8"});
  EXPECT_EQ(o.spec.partition(), "gpu");
  EXPECT_EQ(o.spec.time_limit_s(), 1800);
  EXPECT_EQ(o.spec.account(), "a1");
  EXPECT_EQ(o.spec.mem_per_cpu_mb(), 512);
  EXPECT_FALSE(o.spec.has_ntasks());  // salloc does not read SLURM_* options
  EXPECT_EQ(Ok({"-p", "cpu"}, {"SALLOC_PARTITION=gpu"}).spec.partition(), "cpu");
  EXPECT_EQ(Fail({}, {"SALLOC_TIMELIMIT=never"}), "salloc: error: Invalid --time specification");
}

TEST(SallocOptions, Actions) {
  EXPECT_EQ(Ok({"--help"}).action, SallocAction::kHelp);
  EXPECT_EQ(Ok({"--usage"}).action, SallocAction::kUsage);
  EXPECT_EQ(Ok({"-V"}).action, SallocAction::kVersion);
  EXPECT_EQ(SallocHelpText().rfind("Usage: salloc ", 0), 0u);
  EXPECT_EQ(SallocUsageText().rfind("Usage: salloc ", 0), 0u);
}

TEST(SallocOptions, Errors) {
  EXPECT_EQ(Fail({"-n", "many"}), "salloc: error: Invalid numeric value \"many\" for --ntasks.");
  EXPECT_EQ(Fail({"-N", "3-2"}), "salloc: error: Maximum node count 2 is less than minimum node count 3");
  EXPECT_EQ(Fail({"-v", "-Q"}), "salloc: error: don't specify both --verbose (-v) and --quiet (-Q)");
  EXPECT_EQ(Fail({"-N", "2", "-w", "a,b,c"}), "salloc: error: invalid number of nodes (-N 3-2)");
}

TEST(SallocOptions, FewerTasksThanNodes) {
  SallocOptions o = Ok({"-N", "3", "-n", "2"});
  EXPECT_EQ(o.warnings, Args{"salloc: Warning: can't run 2 processes on 3 nodes, setting nnodes to 2"});
  EXPECT_EQ(o.spec.nodes_min(), 2u);
  EXPECT_EQ(o.spec.nodes_max(), 2u);
  SallocOptions listed = Ok({"-w", "c,a,b", "-n", "1"});
  EXPECT_EQ(listed.spec.nodelist(), "a");
  EXPECT_EQ(listed.spec.nodes_min(), 1u);
  SallocOptions range = Ok({"-N", "1-4", "-n", "2"});
  EXPECT_TRUE(range.warnings.empty());
  EXPECT_EQ(range.spec.nodes_min(), 1u);
  EXPECT_EQ(range.spec.nodes_max(), 2u);  // no more nodes than tasks
}

TEST(SallocOptions, TasksPerNodeImpliesTasks) {
  EXPECT_EQ(Ok({"-N", "2", "--ntasks-per-node=3"}).spec.ntasks(), 6u);
  EXPECT_EQ(Ok({"-w", "a,b", "--ntasks-per-node=2"}).spec.ntasks(), 4u);
  SallocOptions nodes_only = Ok({"-N", "2"});
  EXPECT_FALSE(nodes_only.spec.has_ntasks());  // one per node, implicitly
}

TEST(AllocationHelpers, NodeLists) {
  EXPECT_EQ(*CountDistinctNodes("pi[1-3],pi2"), 3u);
  EXPECT_FALSE(CountDistinctNodes("pi[1-").has_value());
  EXPECT_EQ(FirstNodes("pi3,pi1,pi2,pi1", 2), "pi[1-2]");
}

}  // namespace
}  // namespace bramble::cli
