#include "cli/srun_options.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace bramble::cli {
namespace {

using Args = std::vector<std::string>;

const FixedOffsetZone kUtc(0);

SrunContext Context() {
  SrunContext context;
  context.cwd = "/home/alice/work";
  context.hostname = "login1";
  context.umask = 027;
  context.mpi_default = "pmi2";
  context.clock = JobClock{1700000000, &kUtc};
  return context;
}

Result<SrunOptions> Parse(const Args& args, const Args& env = {}, const SrunContext& context = Context()) {
  return ParseSrun(args, env, context);
}

SrunOptions Ok(const Args& args, const Args& env = {}, const SrunContext& context = Context()) {
  auto result = Parse(args, env, context);
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message());
  return result ? *result : SrunOptions{};
}

std::string Fail(const Args& args, const Args& env = {}) {
  auto result = Parse(args, env);
  EXPECT_FALSE(result.has_value());
  return result ? "" : result.error().message();
}

// The environment of a batch script from `sbatch -N2 -n4` (COMPAT.md 7.1).
Args BatchEnv() {
  return {"SLURM_JOB_ID=42", "SLURM_JOBID=42", "SLURM_JOB_NUM_NODES=2", "SLURM_NNODES=2", "SLURM_NTASKS=4",
          "SLURM_NPROCS=4", "SLURM_JOB_NAME=train", "SLURM_NODELIST=pi[1-2]", "PATH=/usr/bin"};
}

TEST(SrunOptions, DefaultsOutsideAJob) {
  SrunOptions o = Ok({"hostname"});
  EXPECT_EQ(o.action, SrunAction::kRun);
  EXPECT_EQ(o.argv, Args{"hostname"});
  EXPECT_EQ(o.job_id, 0u);
  EXPECT_EQ(o.mpi, "pmi2");  // MpiDefault
  EXPECT_EQ(o.input, "");
  EXPECT_EQ(o.output, "");
  EXPECT_EQ(o.error, "");
  EXPECT_FALSE(o.label);
  EXPECT_FALSE(o.unbuffered);
  EXPECT_FALSE(o.kill_on_bad_exit);
  EXPECT_EQ(o.export_env, "");
  EXPECT_EQ(o.work_dir, "/home/alice/work");
  EXPECT_TRUE(o.warnings.empty());
  EXPECT_FALSE(o.step.has_ntasks());
  EXPECT_FALSE(o.step.has_nodes_min());
  EXPECT_EQ(o.step.name(), "hostname");
  const proto::JobSpec& a = o.allocation;
  EXPECT_TRUE(a.interactive());
  EXPECT_EQ(a.name(), "hostname");
  EXPECT_EQ(a.work_dir(), "/home/alice/work");
  EXPECT_EQ(a.submit_dir(), "/home/alice/work");
  EXPECT_EQ(a.submit_host(), "login1");
  EXPECT_EQ(a.umask(), 027u);
  EXPECT_FALSE(a.has_ntasks());
  EXPECT_FALSE(a.has_time_limit_s());
}

TEST(SrunOptions, CommandIsVerbatimFromFirstOperand) {
  SrunOptions o = Ok({"-n", "2", "./app", "-n", "5", "--label", "\"quoted\""});
  EXPECT_EQ(o.argv, (Args{"./app", "-n", "5", "--label", "\"quoted\""}));
  EXPECT_EQ(o.step.ntasks(), 2u);
  EXPECT_FALSE(o.label);
  SrunOptions dashes = Ok({"-l", "--", "-weird-name", "x"});
  EXPECT_EQ(dashes.argv, (Args{"-weird-name", "x"}));
  EXPECT_TRUE(dashes.label);
  EXPECT_EQ(Ok({"/usr/bin/env", "A=1"}).step.name(), "env");
}

TEST(SrunOptions, OptionForms) {
  for (const Args& args : {Args{"-n", "3", "a"}, Args{"-n3", "a"}, Args{"--ntasks=3", "a"}, Args{"--ntasks", "3", "a"},
                           Args{"--tasks=3", "a"}}) {
    EXPECT_EQ(Ok(args).step.ntasks(), 3u) << args[0];
  }
  SrunOptions o = Ok({"-N", "2-3", "-c", "4", "--ntasks-per-node=2", "-w", "n[1-2]", "-x", "n9", "-p", "debug", "-A",
                      "physics", "-t", "10", "-J", "job", "-D", "sub", "-l", "-u", "-Q", "a"});
  EXPECT_EQ(o.step.nodes_min(), 2u);
  EXPECT_EQ(o.step.nodes_max(), 3u);
  EXPECT_EQ(o.step.cpus_per_task(), 4u);
  EXPECT_EQ(o.step.ntasks_per_node(), 2u);
  EXPECT_EQ(o.step.ntasks(), 4u);  // --ntasks-per-node times the minimum node count
  EXPECT_EQ(o.step.nodelist(), "n[1-2]");
  EXPECT_EQ(o.step.exclude(), "n9");
  EXPECT_EQ(o.step.name(), "job");
  EXPECT_EQ(o.allocation.partition(), "debug");
  EXPECT_EQ(o.allocation.account(), "physics");
  EXPECT_EQ(o.allocation.time_limit_s(), 600);
  EXPECT_EQ(o.allocation.name(), "job");
  EXPECT_EQ(o.work_dir, "/home/alice/work/sub");
  EXPECT_EQ(o.allocation.work_dir(), "/home/alice/work/sub");
  EXPECT_TRUE(o.label);
  EXPECT_TRUE(o.unbuffered);
  EXPECT_TRUE(o.quiet);
  EXPECT_EQ(Ok({"-D", "/abs", "a"}).work_dir, "/abs");
  // Unambiguous abbreviations, as getopt_long takes them.
  SrunOptions abbreviated = Ok({"--lab", "--unbuf", "--part=gpu", "--kill", "a"});
  EXPECT_TRUE(abbreviated.label);
  EXPECT_TRUE(abbreviated.unbuffered);
  EXPECT_EQ(abbreviated.allocation.partition(), "gpu");
  EXPECT_TRUE(abbreviated.kill_on_bad_exit);
  EXPECT_EQ(Fail({"--ntas=3", "a"}).rfind("srun: option '--ntas=3' is ambiguous; possibilities:", 0), 0u);
}

TEST(SrunOptions, MemoryOptions) {
  SrunOptions o = Ok({"--mem=2G", "a"});
  EXPECT_EQ(o.step.mem_mb(), 2048);
  EXPECT_EQ(o.allocation.mem_per_node_mb(), 2048);
  SrunOptions per_cpu = Ok({"--mem=2G", "--mem-per-cpu=100", "a"});
  EXPECT_FALSE(per_cpu.step.has_mem_mb());
  EXPECT_EQ(per_cpu.allocation.mem_per_cpu_mb(), 100);
  EXPECT_EQ(Fail({"--mem=lots", "a"}), "srun: error: Invalid --mem specification");
}

TEST(SrunOptions, OpenMpiDaemonLaunch) {
  // plm_slurm_module.c, mpirun on node 0 of a 3-node batch job (COMPAT.md 2.3).
  Args env = BatchEnv();
  env.push_back("SLURM_CPU_BIND=none");
  env[2] = "SLURM_JOB_NUM_NODES=3";
  SrunOptions o = Ok({"--ntasks-per-node=1", "--kill-on-bad-exit", "--mpi=none", "--nodes=2", "--nodelist=pi2,pi3",
                      "--ntasks=2", "orted", "-mca", "ess", "\"slurm\"", "-mca", "ess_base_jobid", "\"123\""},
                     env);
  EXPECT_EQ(o.argv, (Args{"orted", "-mca", "ess", "\"slurm\"", "-mca", "ess_base_jobid", "\"123\""}));
  EXPECT_EQ(o.job_id, 42u);
  EXPECT_EQ(o.step.job_id(), 42u);
  EXPECT_EQ(o.step.ntasks(), 2u);
  EXPECT_EQ(o.step.nodes_min(), 2u);
  EXPECT_EQ(o.step.nodes_max(), 2u);
  EXPECT_EQ(o.step.ntasks_per_node(), 1u);
  EXPECT_EQ(o.step.nodelist(), "pi2,pi3");
  EXPECT_EQ(o.step.name(), "orted");
  EXPECT_EQ(o.mpi, "none");
  EXPECT_TRUE(o.kill_on_bad_exit);
  EXPECT_EQ(o.cpu_bind, "none");
  EXPECT_TRUE(o.warnings.empty());
}

TEST(SrunOptions, OpenMpiOnEveryNodeNeedsNoNodeOptions) {
  // K equals the allocation's node count: mpirun omits --nodes/--nodelist.
  SrunOptions o = Ok({"--ntasks-per-node=1", "--kill-on-bad-exit", "--mpi=none", "--ntasks=2", "orted"}, BatchEnv());
  EXPECT_EQ(o.step.ntasks(), 2u);
  EXPECT_EQ(o.step.nodes_min(), 2u);  // SLURM_JOB_NUM_NODES
  EXPECT_EQ(o.step.ntasks_per_node(), 1u);
  EXPECT_TRUE(o.warnings.empty());
}

TEST(SrunOptions, MpichHydraProxyLaunch) {
  // slurm_launch.c with -hosts given, then with the slurm RMK (COMPAT.md 3.3).
  SrunOptions o = Ok({"--nodelist", "pi1,pi2", "-N", "2", "-n", "2", "--input", "none",
                      "/opt/mpich/bin/hydra_pmi_proxy", "--control-port", "pi1:4711", "--proxy-id", "-1"},
                     BatchEnv());
  EXPECT_EQ(o.argv, (Args{"/opt/mpich/bin/hydra_pmi_proxy", "--control-port", "pi1:4711", "--proxy-id", "-1"}));
  EXPECT_EQ(o.input, "none");
  EXPECT_EQ(o.step.nodelist(), "pi1,pi2");
  EXPECT_EQ(o.step.ntasks(), 2u);
  EXPECT_EQ(o.step.nodes_min(), 2u);
  EXPECT_EQ(o.step.nodes_max(), 2u);
  EXPECT_EQ(o.step.name(), "hydra_pmi_proxy");
  EXPECT_EQ(o.mpi, "pmi2");

  SrunOptions rmk = Ok({"-N", "1", "-n", "1", "--input", "none", "hydra_pmi_proxy", "--proxy-id", "-1"}, BatchEnv());
  EXPECT_EQ(rmk.step.ntasks(), 1u);
  EXPECT_EQ(rmk.step.nodes_min(), 1u);
  EXPECT_EQ(rmk.step.nodelist(), "");
  EXPECT_TRUE(rmk.warnings.empty());
}

TEST(SrunOptions, AllocationEnvironmentGivesDefaults) {
  // `srun hostname` inside `sbatch -N2 -n4`: 4 tasks on 2 nodes.
  SrunOptions o = Ok({"hostname"}, BatchEnv());
  EXPECT_EQ(o.job_id, 42u);
  EXPECT_EQ(o.step.ntasks(), 4u);
  EXPECT_EQ(o.step.nodes_min(), 2u);
  EXPECT_EQ(o.step.nodes_max(), 2u);
  // SLURM_JOB_NAME names the job, never the step.
  EXPECT_EQ(o.step.name(), "hostname");
  EXPECT_EQ(o.allocation.name(), "train");
  // `sbatch -N2` alone exports no SLURM_NTASKS: one task per node.
  SrunOptions per_node = Ok({"hostname"}, {"SLURM_JOB_ID=7", "SLURM_JOB_NUM_NODES=2"});
  EXPECT_FALSE(per_node.step.has_ntasks());
  EXPECT_EQ(per_node.step.nodes_min(), 2u);
}

TEST(SrunOptions, CommandLineBeatsEnvironment) {
  SrunOptions o = Ok({"-n", "8", "-N", "4", "--mpi=none", "--jobid=9", "a"},
                     {"SLURM_JOB_ID=42", "SLURM_NTASKS=2", "SLURM_JOB_NUM_NODES=1", "SLURM_MPI_TYPE=pmi1"});
  EXPECT_EQ(o.step.ntasks(), 8u);
  EXPECT_EQ(o.step.nodes_min(), 4u);
  EXPECT_EQ(o.mpi, "none");
  EXPECT_EQ(o.job_id, 9u);
  EXPECT_EQ(Ok({"a"}, {"SLURM_MPI_TYPE=pmi1"}).mpi, "pmi1");
}

TEST(SrunOptions, EnvironmentPrecedenceAmongVariables) {
  EXPECT_EQ(Ok({"a"}, {"SLURM_NTASKS=3", "SLURM_NPROCS=5"}).step.ntasks(), 3u);  // SLURM_NTASKS wins
  EXPECT_EQ(Ok({"a"}, {"SLURM_JOBID=5"}).job_id, 5u);
  EXPECT_EQ(Ok({"a"}, {"SLURM_JOBID=5", "SLURM_JOB_ID=6"}).job_id, 6u);
  EXPECT_EQ(Ok({"a"}, {"SLURM_EXPORT_ENV=NONE", "SRUN_EXPORT_ENV=ALL"}).export_env, "ALL");
  EXPECT_EQ(Ok({"a"}, {"SLURM_EXPORT_ENV=NONE"}).export_env, "NONE");
  // SLURM_NNODES is the step's count inside a step; srun reads the job's.
  EXPECT_FALSE(Ok({"a"}, {"SLURM_NNODES=3"}).step.has_nodes_min());
  EXPECT_EQ(Ok({"a"}, {"SLURM_NTASKS="}).step.has_ntasks(), false);  // empty = unset
}

TEST(SrunOptions, FlagAndValueVariables) {
  SrunOptions o = Ok({"a"}, {"SLURM_LABELIO=1", "SLURM_UNBUFFEREDIO=1", "SLURM_OVERLAP=1", "SLURM_KILL_BAD_EXIT=1",
                             "SLURM_CPU_BIND=none", "SLURM_PARTITION=gpu", "SLURM_CPUS_PER_TASK=2",
                             "SLURM_NTASKS_PER_NODE=2", "SLURM_MEM_PER_NODE=100", "SLURM_OPEN_MODE=append",
                             "SLURM_STDINMODE=none", "SLURM_STDOUTMODE=out.%t", "SRUN_ERROR=err.%t", "SLURM_WAIT=30",
                             "SLURM_TIMELIMIT=5"});
  EXPECT_TRUE(o.label);
  EXPECT_TRUE(o.unbuffered);
  EXPECT_TRUE(o.step.overlap());
  EXPECT_TRUE(o.kill_on_bad_exit);
  EXPECT_EQ(o.cpu_bind, "none");
  EXPECT_EQ(o.allocation.partition(), "gpu");
  EXPECT_EQ(o.step.cpus_per_task(), 2u);
  EXPECT_EQ(o.step.ntasks_per_node(), 2u);
  EXPECT_EQ(o.step.mem_mb(), 100);
  EXPECT_TRUE(o.open_append);
  EXPECT_EQ(o.input, "none");
  EXPECT_EQ(o.output, "out.%t");
  EXPECT_EQ(o.error, "err.%t");
  EXPECT_EQ(o.wait_s, 30u);
  EXPECT_EQ(o.allocation.time_limit_s(), 300);
  EXPECT_FALSE(Ok({"a"}, {"SLURM_KILL_BAD_EXIT=0"}).kill_on_bad_exit);
}

TEST(SrunOptions, KillOnBadExit) {
  EXPECT_TRUE(Ok({"-K", "a"}).kill_on_bad_exit);
  EXPECT_TRUE(Ok({"-K1", "a"}).kill_on_bad_exit);
  EXPECT_TRUE(Ok({"--kill-on-bad-exit=1", "a"}).kill_on_bad_exit);
  EXPECT_FALSE(Ok({"--kill-on-bad-exit=0", "a"}).kill_on_bad_exit);
  EXPECT_FALSE(Ok({"a"}).kill_on_bad_exit);
  SrunContext context = Context();
  context.kill_on_bad_exit = true;  // KillOnBadExit=1
  EXPECT_TRUE(Ok({"a"}, {}, context).kill_on_bad_exit);
  EXPECT_FALSE(Ok({"-K0", "a"}, {}, context).kill_on_bad_exit);
  // An optional argument must be attached: "-K 1" runs the command "1".
  EXPECT_EQ(Ok({"-K", "1"}).argv, Args{"1"});
  EXPECT_EQ(Fail({"--kill-on-bad-exit=x", "a"}), "srun: error: Invalid numeric value \"x\" for --kill-on-bad-exit.");
}

TEST(SrunOptions, CpuBindBothSpellings) {
  EXPECT_EQ(Ok({"--cpu-bind=cores", "a"}).cpu_bind, "cores");
  EXPECT_EQ(Ok({"--cpu_bind=none", "a"}).cpu_bind, "none");
  EXPECT_EQ(Ok({"--cpu_bind=none", "a"}, {"SLURM_CPU_BIND=cores"}).cpu_bind, "none");
}

TEST(SrunOptions, OverlapExclusiveAndExternalLauncher) {
  EXPECT_TRUE(Ok({"--overlap", "a"}).step.overlap());
  EXPECT_TRUE(Ok({"--external-launcher", "a"}).step.overlap());
  EXPECT_FALSE(Ok({"a"}).step.overlap());
  EXPECT_TRUE(Ok({"--exclusive", "a"}).step.exclusive());
  EXPECT_FALSE(Ok({"a"}).step.exclusive());
}

// --exclusive keeps its step meaning and also asks for whole nodes when srun
// allocates; the other forms only shape the job (slurm_opt.c).
TEST(SrunOptions, ExclusiveSetsStepAndJob) {
  SrunOptions bare = Ok({"--exclusive", "a"});
  EXPECT_TRUE(bare.step.exclusive());
  EXPECT_TRUE(bare.allocation.exclusive());
  EXPECT_TRUE(Ok({"--exclusive=EXCLUSIVE", "a"}).step.exclusive());
  SrunOptions user = Ok({"--exclusive=user", "a"});
  EXPECT_FALSE(user.step.exclusive());
  EXPECT_TRUE(user.allocation.exclusive());
  SrunOptions shared = Ok({"--exclusive=oversubscribe", "a"});
  EXPECT_FALSE(shared.step.exclusive());
  EXPECT_FALSE(shared.allocation.exclusive());
  EXPECT_EQ(Fail({"--exclusive=x", "a"}), "srun: error: Invalid --exclusive specification");
}

// The job options srun shares with sbatch and salloc shape the allocation
// srun asks for outside a job.
TEST(SrunOptions, SharedJobOptions) {
  SrunOptions o = Ok({"--gres=gpu:2", "--gpus=gpu:v100:1", "-C", "ib", "-d", "afterok:3", "--nice", "-b",
                      "now+1minute", "--signal=R:USR2", "-p", "x,y", "a"});
  const proto::JobSpec& s = o.allocation;
  EXPECT_EQ(s.gres(), "gpu:2");
  EXPECT_EQ(s.gpus(), 1u);
  EXPECT_EQ(s.constraint(), "ib");
  EXPECT_EQ(s.dependency(), "afterok:3");
  EXPECT_EQ(s.nice(), 100);
  EXPECT_EQ(s.begin_time(), 1700000060);
  EXPECT_EQ(s.signal(), "12@60");  // R: is dropped; 60 s by default
  EXPECT_EQ(s.partition(), "x,y");
  EXPECT_EQ(Fail({"--gpus=0x", "a"}),
            "srun: error: Unable to allocate resources: Invalid generic resource (gres) specification");
  EXPECT_EQ(Fail({"--begin=tomorrowish", "a"}),
            "Invalid time specification (pos=8): tomorrowish\nsrun: error: Invalid --begin specification");
  EXPECT_EQ(Fail({"--array=1-2", "a"}),
            "srun: unrecognized option '--array=1-2'\nTry \"srun --help\" for more information");
}

TEST(SrunOptions, IoOptions) {
  SrunOptions o = Ok({"-i", "none", "-o", "out-%j-%t.txt", "-e", "ALL", "a"});
  EXPECT_EQ(o.input, "none");
  EXPECT_EQ(o.output, "out-%j-%t.txt");
  EXPECT_EQ(o.error, "");
  EXPECT_EQ(Ok({"--input=0", "a"}).input, "0");
  EXPECT_EQ(Ok({"--input=all", "a"}).input, "all");
  EXPECT_EQ(Ok({"--input=NONE", "a"}).input, "none");
  EXPECT_EQ(Ok({"--output=-", "a"}).output, "");
}

TEST(SrunOptions, Pty) {
  SrunOptions o = Ok({"--pty", "bash"});
  EXPECT_TRUE(o.pty);
  EXPECT_TRUE(o.unbuffered);  // implied
  EXPECT_EQ(Fail({"--pty", "-o", "x", "bash"}), "srun: error: --error/--input/--output are incompatible with --pty");
}

TEST(SrunOptions, ExportAndWait) {
  EXPECT_EQ(Ok({"--export=NONE", "a"}).export_env, "NONE");
  EXPECT_EQ(Ok({"--export", "PATH,FOO=bar", "a"}).export_env, "PATH,FOO=bar");
  EXPECT_EQ(Ok({"-W", "5", "a"}).wait_s, 5u);
  EXPECT_EQ(Ok({"--wait=0", "a"}).wait_s, 0u);
  EXPECT_EQ(Fail({"-W", "-1", "a"}), "srun: error: Invalid numeric value \"-1\" for --wait.");
}

TEST(SrunOptions, VerboseQuietCounts) {
  EXPECT_EQ(Ok({"-vvv", "a"}).verbose, 3);
  EXPECT_EQ(Ok({"-v", "--verbose", "a"}).verbose, 2);
  EXPECT_EQ(Fail({"-v", "-Q", "a"}), "srun: error: don't specify both --verbose (-v) and --quiet (-Q)");
}

TEST(SrunOptions, Actions) {
  EXPECT_EQ(Ok({"--help"}).action, SrunAction::kHelp);
  EXPECT_EQ(Ok({"-h"}).action, SrunAction::kHelp);
  EXPECT_EQ(Ok({"--usage"}).action, SrunAction::kUsage);
  EXPECT_EQ(Ok({"-V"}).action, SrunAction::kVersion);
  EXPECT_EQ(Ok({"--version", "-n", "x"}).action, SrunAction::kVersion);  // before values are checked
  EXPECT_EQ(Ok({"--mpi=list"}).action, SrunAction::kMpiList);          // no command needed
  EXPECT_EQ(Ok({"a"}, {"SLURM_MPI_TYPE=list"}).action, SrunAction::kMpiList);
  EXPECT_EQ(MpiListText(), "MPI plugin types are...\n\tnone\n\tpmi1\n\tpmi2\n");
}

TEST(SrunOptions, HelpTexts) {
  EXPECT_EQ(SrunHelpText().rfind("Usage: srun [OPTIONS...] executable [args...]\n", 0), 0u);
  EXPECT_NE(SrunHelpText().find("--kill-on-bad-exit"), std::string::npos);
  EXPECT_EQ(SrunUsageText().rfind("Usage: srun ", 0), 0u);
  EXPECT_EQ(SrunUsageText().back(), '\n');
}

TEST(SrunOptions, NoCommand) {
  EXPECT_EQ(Fail({}), "srun: fatal: No command given to execute.");
  EXPECT_EQ(Fail({"-n", "2"}), "srun: fatal: No command given to execute.");
}

TEST(SrunOptions, UnknownOptionsAreGetoptErrors) {
  EXPECT_EQ(Fail({"--frobnicate", "a"}),
            "srun: unrecognized option '--frobnicate'\nTry \"srun --help\" for more information");
  EXPECT_EQ(Fail({"-Z", "a"}), "srun: invalid option -- 'Z'\nTry \"srun --help\" for more information");
  EXPECT_EQ(Fail({"-n"}), "srun: option requires an argument -- 'n'\nTry \"srun --help\" for more information");
  // sbatch-only options are not srun's.
  EXPECT_EQ(Fail({"--parsable", "a"}),
            "srun: unrecognized option '--parsable'\nTry \"srun --help\" for more information");
  EXPECT_EQ(Fail({"--wrap=x", "a"}), "srun: unrecognized option '--wrap=x'\nTry \"srun --help\" for more information");
}

TEST(SrunOptions, BadNumbers) {
  EXPECT_EQ(Fail({"-n", "x", "a"}), "srun: error: Invalid numeric value \"x\" for --ntasks.");
  EXPECT_EQ(Fail({"-n", "0", "a"}), "srun: error: Invalid numeric value \"0\" for --ntasks.");
  EXPECT_EQ(Fail({"-c", "2x", "a"}), "srun: error: Invalid numeric value \"2x\" for --cpus-per-task.");
  EXPECT_EQ(Fail({"--ntasks-per-node=-1", "a"}),
            "srun: error: Invalid numeric value \"-1\" for --ntasks-per-node.");
  EXPECT_EQ(Fail({"-n", "3000000000", "a"}), "srun: error: Numeric argument (3000000000) to big for --ntasks.");
  EXPECT_EQ(Fail({"--jobid=abc", "a"}), "srun: error: Invalid numeric value \"abc\" for --jobid.");
  EXPECT_EQ(Fail({"-N", "x", "a"}), "srun: error: \"x\" is not a valid node count");
  EXPECT_EQ(Fail({"-t", "soon", "a"}), "srun: error: Invalid --time specification");
  EXPECT_EQ(Fail({"a"}, {"SLURM_NTASKS=four"}), "srun: error: Invalid numeric value \"four\" for --ntasks.");
}

TEST(SrunOptions, UnknownMpiType) {
  EXPECT_EQ(Fail({"--mpi=pmix", "a"}),
            "srun: error: Couldn't find the specified plugin name for mpi/pmix looking at all files\n"
            "srun: error: cannot find mpi plugin for mpi/pmix\n"
            "srun: error: MPI: Cannot create context for mpi/pmix\n"
            "srun: error: MPI: Unable to load any plugin\n"
            "srun: error: Invalid MPI type 'pmix', --mpi=list for acceptable types");
  SrunContext context = Context();
  context.mpi_default = "openmpi";
  auto result = Parse({"a"}, {}, context);
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().message().find("Invalid MPI type 'openmpi'"), std::string::npos);
}

TEST(SrunOptions, FewerTasksThanNodes) {
  SrunOptions o = Ok({"-n", "1", "-N", "2", "a"});
  EXPECT_EQ(o.warnings, Args{"srun: Warning: can't run 1 processes on 2 nodes, setting nnodes to 1"});
  EXPECT_EQ(o.step.nodes_min(), 1u);
  EXPECT_EQ(o.step.nodes_max(), 1u);
  EXPECT_EQ(o.allocation.nodes_min(), 1u);
  // The node count inherited from the job's environment is lowered the
  // same way, without a warning: the user asked for nothing impossible.
  SrunOptions inside = Ok({"-n", "1", "hostname"}, BatchEnv());
  EXPECT_TRUE(inside.warnings.empty());
  EXPECT_EQ(inside.step.nodes_min(), 1u);
  // Listed nodes beyond the task count are dropped (sorted, like hostlist_uniq).
  SrunOptions listed = Ok({"-n", "2", "-w", "n3,n1,n2", "a"});
  EXPECT_EQ(listed.step.nodelist(), "n[1-2]");
  EXPECT_EQ(listed.step.nodes_min(), 2u);
  // Warnings are printed even with -Q.
  EXPECT_EQ(Ok({"-Q", "-n", "1", "-N", "2", "a"}).warnings.size(), 1u);
}

TEST(SrunOptions, TasksPerNodeThatDoesNotFit) {
  SrunOptions o = Ok({"-n", "6", "-N", "2", "--ntasks-per-node=2", "a"});
  EXPECT_EQ(o.warnings, Args{"srun: Warning: can't honor --ntasks-per-node set to 2 which doesn't match the requested "
                             "tasks 6 with the number of requested nodes 2. Ignoring --ntasks-per-node."});
  EXPECT_FALSE(o.step.has_ntasks_per_node());
  EXPECT_EQ(o.step.ntasks(), 6u);
  // Slurm compares with integer division: 5 tasks on 2 nodes "match" 2 per node.
  EXPECT_TRUE(Ok({"-n", "5", "-N", "2", "--ntasks-per-node=2", "a"}).warnings.empty());
  // Inherited SLURM_NTASKS_PER_NODE=2 with MPICH's "-N 2 -n 2": dropped silently.
  SrunOptions mpich = Ok({"-N", "2", "-n", "2", "p"}, {"SLURM_JOB_ID=1", "SLURM_NTASKS_PER_NODE=2"});
  EXPECT_TRUE(mpich.warnings.empty());
  EXPECT_FALSE(mpich.step.has_ntasks_per_node());
}

TEST(SrunOptions, NodeListSetsTheNodeCount) {
  SrunOptions o = Ok({"-w", "pi[1-3]", "a"});
  EXPECT_EQ(o.step.nodes_min(), 3u);
  EXPECT_FALSE(o.step.has_nodes_max());  // a list alone sets no maximum
  EXPECT_FALSE(o.step.has_ntasks());     // one task per node, implicitly
  EXPECT_EQ(o.allocation.nodes_min(), 3u);
  EXPECT_EQ(o.allocation.nodes_max(), 3u);
  EXPECT_EQ(Ok({"-w", "a,b,a", "x"}).step.nodes_min(), 2u);  // repeats count once
  SrunOptions more = Ok({"-w", "n1,n2", "-N", "3", "a"});
  EXPECT_EQ(more.step.nodes_min(), 3u);
  SrunOptions too_many = Ok({"-w", "n1,n2,n3", "-N", "1-2", "a"});
  EXPECT_EQ(too_many.warnings,
            Args{"srun: error: Required nodelist includes more nodes than permitted by max-node count (3 > 2). "
                 "Eliminating nodes from the nodelist."});
  EXPECT_EQ(too_many.step.nodelist(), "n[1-2]");
  EXPECT_EQ(Fail({"-w", "n[1-", "a"}), "srun: error: Invalid node name specified: n[1-");
}

TEST(SrunOptions, TasksPerNodeAloneSetsTheTaskCount) {
  SrunOptions o = Ok({"-N", "3", "--ntasks-per-node=2", "a"});
  EXPECT_EQ(o.step.ntasks(), 6u);
  EXPECT_EQ(o.step.ntasks_per_node(), 2u);
  EXPECT_EQ(Ok({"--ntasks-per-node=4", "a"}).step.ntasks(), 4u);
}

TEST(SrunOptions, ClassifyIo) {
  EXPECT_EQ(ClassifyIo("").kind, IoTarget::kSrun);
  EXPECT_EQ(ClassifyIo("all").kind, IoTarget::kSrun);
  EXPECT_EQ(ClassifyIo("-").kind, IoTarget::kSrun);
  EXPECT_EQ(ClassifyIo("none").kind, IoTarget::kNone);
  EXPECT_EQ(ClassifyIo("NONE").kind, IoTarget::kNone);
  IoTarget one = ClassifyIo("3");
  EXPECT_EQ(one.kind, IoTarget::kOneTask);
  EXPECT_EQ(one.task, 3u);
  IoTarget local = ClassifyIo("out-%j.txt");
  EXPECT_EQ(local.kind, IoTarget::kLocalFile);
  EXPECT_EQ(local.pattern, "out-%j.txt");
  EXPECT_EQ(ClassifyIo("out-%t.txt").kind, IoTarget::kPerTaskFile);
  EXPECT_EQ(ClassifyIo("out-%4t.txt").kind, IoTarget::kPerTaskFile);
  EXPECT_EQ(ClassifyIo("out-%N").kind, IoTarget::kPerTaskFile);
  EXPECT_EQ(ClassifyIo("out-%n").kind, IoTarget::kPerTaskFile);
  EXPECT_EQ(ClassifyIo("100%%t").kind, IoTarget::kLocalFile);  // "%%" is a literal %
}

Args Env() { return {"PATH=/usr/bin", "HOME=/home/alice", "SLURM_JOB_ID=42", "SLURMD_NODENAME=pi1", "EDITOR=vi"}; }

TEST(SrunOptions, ExportAll) {
  EXPECT_EQ(ApplyExport("", Env()), Env());
  Args all = ApplyExport("ALL", Env());
  EXPECT_EQ(all.size(), Env().size());
  for (const std::string& entry : Env()) EXPECT_NE(std::find(all.begin(), all.end(), entry), all.end()) << entry;
  EXPECT_EQ(ApplyExport("all", Env()).size(), Env().size());
}

TEST(SrunOptions, ExportNoneKeepsSlurmVariables) {
  EXPECT_EQ(ApplyExport("NONE", Env()), (Args{"SLURM_JOB_ID=42", "SLURMD_NODENAME=pi1"}));
  EXPECT_EQ(ApplyExport("none", Env()), (Args{"SLURM_JOB_ID=42", "SLURMD_NODENAME=pi1"}));
}

TEST(SrunOptions, ExportNames) {
  EXPECT_EQ(ApplyExport("PATH,FOO=bar,MISSING", Env()),
            (Args{"PATH=/usr/bin", "FOO=bar", "SLURM_JOB_ID=42", "SLURMD_NODENAME=pi1"}));
  // Values may hold '=' ; with ALL srun's own values win over explicit ones.
  EXPECT_EQ(ApplyExport("OPTS=a=b", Env()), (Args{"OPTS=a=b", "SLURM_JOB_ID=42", "SLURMD_NODENAME=pi1"}));
  Args all = ApplyExport("ALL,EDITOR=emacs,NEW=1", Env());
  EXPECT_NE(std::find(all.begin(), all.end(), "EDITOR=vi"), all.end());
  EXPECT_NE(std::find(all.begin(), all.end(), "NEW=1"), all.end());
  EXPECT_EQ(std::find(all.begin(), all.end(), "EDITOR=emacs"), all.end());
  // NONE ends the list: later names are not exported.
  EXPECT_EQ(ApplyExport("EDITOR,NONE,PATH", Env()), (Args{"EDITOR=vi", "SLURM_JOB_ID=42", "SLURMD_NODENAME=pi1"}));
}

}  // namespace
}  // namespace bramble::cli
