#include "cli/salloc_options.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "cli/sbatch_options.h"

namespace bramble::cli {
namespace {

using Args = std::vector<std::string>;

Result<SallocOptions> Parse(const Args& args, const Args& env = {}) {
  return ParseSalloc(args, env, "/home/alice", "login1", 022);
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
  SallocOptions o = Ok({"--bell", "--no-bell", "--gres=gpu:1", "--qos=high", "-K", "-I", "--exclusive", "x"});
  EXPECT_EQ(o.argv, Args{"x"});
  EXPECT_EQ(Ok({"--kill-command=TERM", "x"}).argv, Args{"x"});
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

TEST(AllocationHelpers, ParseSlurmInt) {
  EXPECT_EQ(*ParseSlurmInt("12", "--ntasks", true), 12u);
  EXPECT_EQ(*ParseSlurmInt("0", "--wait", false), 0u);
  EXPECT_EQ(*ParseSlurmInt(" 7", "--ntasks", true), 7u);  // strtol skips blanks
  EXPECT_EQ(ParseSlurmInt("0", "--ntasks", true).error().message(), "Invalid numeric value \"0\" for --ntasks.");
  EXPECT_EQ(ParseSlurmInt("7 ", "--ntasks", true).error().message(), "Invalid numeric value \"7 \" for --ntasks.");
  EXPECT_EQ(ParseSlurmInt("", "--ntasks", true).error().message(), "Invalid numeric value \"\" for --ntasks.");
  EXPECT_EQ(ParseSlurmInt("2147483648", "--ntasks", true).error().message(),
            "Numeric argument (2147483648) to big for --ntasks.");
}

TEST(AllocationHelpers, ApplyAllocationOption) {
  proto::JobSpec spec;
  bool handled = false;
  EXPECT_TRUE(ApplyAllocationOption(kOptNodes, "2-5", &spec, &handled).ok());
  EXPECT_TRUE(handled);
  EXPECT_EQ(spec.nodes_min(), 2u);
  EXPECT_EQ(spec.nodes_max(), 5u);
  EXPECT_TRUE(ApplyAllocationOption(kOptLabel, "", &spec, &handled).ok());
  EXPECT_FALSE(handled);
  EXPECT_EQ(ApplyAllocationOption(kOptMemPerCpu, "x", &spec, &handled).message(),
            "Invalid --mem-per-cpu specification");
}

TEST(AllocationHelpers, NodeLists) {
  EXPECT_EQ(*CountDistinctNodes("pi[1-3],pi2"), 3u);
  EXPECT_FALSE(CountDistinctNodes("pi[1-").has_value());
  EXPECT_EQ(FirstNodes("pi3,pi1,pi2,pi1", 2), "pi[1-2]");
  EXPECT_EQ(FindEnv({"A=1", "AB=2", "A=3"}, "A"), "1");
  EXPECT_EQ(FindEnv({"AB=2"}, "A"), std::nullopt);
  EXPECT_EQ(FindEnv({"E="}, "E"), "");
  EXPECT_EQ(CommandError("srun", "one\ntwo").message(), "srun: error: one\nsrun: error: two");
  EXPECT_EQ(JoinPath("/a", "b"), "/a/b");
  EXPECT_EQ(JoinPath("/a/", "/c"), "/c");
}

// The shared table gives each command one row per long name and one
// meaning per short letter.
TEST(SharedTable, OneRowPerNameAndLetterPerCommand) {
  for (unsigned command : {kForSbatch, kForSrun, kForSalloc}) {
    std::set<std::string> names;
    std::map<int, int> letters;  // short letter -> has_arg
    for (const OptionSpec& spec : kSbatchOptions) {
      if ((spec.commands & command) == 0) continue;
      EXPECT_TRUE(names.insert(spec.name).second) << spec.name << " for command " << command;
      if (spec.id < 0x100) {
        auto [it, inserted] = letters.emplace(spec.id, spec.has_arg);
        EXPECT_EQ(it->second, spec.has_arg) << static_cast<char>(spec.id) << " for command " << command;
      }
    }
  }
}

}  // namespace
}  // namespace bramble::cli
