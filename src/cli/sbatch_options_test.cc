#include "cli/sbatch_options.h"

#include <gtest/gtest.h>

#include <map>

namespace bramble::cli {
namespace {

using Args = std::vector<std::string>;

constexpr const char* kPlainScript = "#!/bin/sh\necho hello\n";

// --begin's clock: 2026-11-21T15:03:01 UTC, in a zone one hour east (16:03:01 local).
constexpr int64_t kNow = 1795273381;
const FixedOffsetZone kZone(3600);

// Runs ParseSbatch with scripts served from `files` ("" = stdin).
class SbatchTest : public ::testing::Test {
 protected:
  Result<SbatchOptions> Parse(const Args& args, const Args& env = {}) {
    auto reader = [this](const std::string& path) -> Result<std::string> {
      reads_.push_back(path);
      auto it = files_.find(path);
      if (it == files_.end()) return IoError("Unable to open file " + path);
      return it->second;
    };
    return ParseSbatch(args, env, reader, "/home/alice/work", "login1", 022, JobClock{kNow, &kZone});
  }

  // Parses args with `script` on stdin and expects success.
  SbatchOptions Ok(const Args& args, const std::string& script = kPlainScript, const Args& env = {}) {
    files_[""] = script;
    auto result = Parse(args, env);
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message());
    return result ? *result : SbatchOptions{};
  }

  // Parses and expects failure; returns the message.
  std::string Fail(const Args& args, const std::string& script = kPlainScript, const Args& env = {}) {
    files_[""] = script;
    auto result = Parse(args, env);
    EXPECT_FALSE(result.has_value());
    return result ? "" : result.error().message();
  }

  std::map<std::string, std::string> files_;
  std::vector<std::string> reads_;
};

TEST_F(SbatchTest, StdinDefaults) {
  SbatchOptions o = Ok({});
  EXPECT_EQ(o.action, SbatchAction::kSubmit);
  EXPECT_EQ(reads_, Args{""});
  const proto::JobSpec& s = o.spec;
  EXPECT_EQ(s.name(), "sbatch");
  EXPECT_EQ(s.script(), kPlainScript);
  EXPECT_EQ(s.work_dir(), "/home/alice/work");
  EXPECT_EQ(s.submit_dir(), "/home/alice/work");
  EXPECT_EQ(s.submit_host(), "login1");
  EXPECT_EQ(s.umask(), 022u);
  EXPECT_EQ(s.export_env(), "");
  EXPECT_EQ(s.output(), "");
  EXPECT_FALSE(s.has_time_limit_s());
  EXPECT_FALSE(s.has_ntasks());
  EXPECT_FALSE(s.has_nodes_min());
  EXPECT_FALSE(s.has_nodes_max());
  EXPECT_FALSE(s.has_cpus_per_task());
  EXPECT_FALSE(s.has_ntasks_per_node());
  EXPECT_FALSE(s.has_mem_per_node_mb());
  EXPECT_FALSE(s.has_mem_per_cpu_mb());
  EXPECT_FALSE(s.hold());
  EXPECT_EQ(s.argv_size(), 0);
  EXPECT_FALSE(o.parsable);
  EXPECT_FALSE(o.quiet);
}

TEST_F(SbatchTest, EnvironmentCapturedAsGiven) {
  SbatchOptions o = Ok({}, kPlainScript, {"PATH=/usr/bin", "HOME=/home/alice", "EMPTY="});
  EXPECT_EQ(Args(o.spec.environment().begin(), o.spec.environment().end()),
            (Args{"PATH=/usr/bin", "HOME=/home/alice", "EMPTY="}));
}

TEST_F(SbatchTest, ScriptFileAndArguments) {
  files_["jobs/run.sh"] = "#!/bin/bash\n#SBATCH -J fromscript\nhostname\n";
  auto o = Parse({"--parsable", "jobs/run.sh", "a", "-n", "--b=c"});
  ASSERT_TRUE(o.has_value()) << o.error().message();
  EXPECT_EQ(reads_, Args{"jobs/run.sh"});
  EXPECT_EQ(o->script_path, "jobs/run.sh");
  EXPECT_EQ(o->spec.name(), "fromscript");
  EXPECT_TRUE(o->parsable);
  EXPECT_FALSE(o->spec.has_ntasks());  // "-n" after the script is the script's
  EXPECT_EQ(Args(o->spec.argv().begin(), o->spec.argv().end()), (Args{"a", "-n", "--b=c"}));
}

TEST_F(SbatchTest, NameDefaultsToScriptBaseName) {
  files_["/tmp/submit/.submission_file_1.sh"] = kPlainScript;
  files_["/dev/stdin"] = kPlainScript;
  EXPECT_EQ(Parse({"/tmp/submit/.submission_file_1.sh"})->spec.name(), ".submission_file_1.sh");
  EXPECT_EQ(Parse({"/dev/stdin"})->spec.name(), "stdin");
}

TEST_F(SbatchTest, UnreadableScript) {
  auto result = Parse({"missing.sh"});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().message(), "sbatch: error: Unable to open file missing.sh");
}

TEST_F(SbatchTest, MissingShebang) {
  EXPECT_EQ(Fail({}, "echo hi\n"),
            "sbatch: error: This does not look like a batch script.  The first line must start with #! followed "
            "by the path to an interpreter.\n"
            "sbatch: error: For instance: #!/bin/sh");
  EXPECT_EQ(Fail({}, ""), "sbatch: error: Batch script is empty!");
}

TEST_F(SbatchTest, Wrap) {
  SbatchOptions o = Ok({"--wrap=echo hi; sleep 1", "-p", "debug"});
  EXPECT_TRUE(reads_.empty());
  EXPECT_EQ(o.spec.script(), "#!/bin/sh\n# This script was created by sbatch --wrap.\n\necho hi; sleep 1\n");
  EXPECT_EQ(o.spec.name(), "wrap");
  EXPECT_EQ(o.spec.partition(), "debug");
  EXPECT_EQ(Ok({"--wrap", "true", "-J", "named"}).spec.name(), "named");
  EXPECT_EQ(Ok({"--wrap", "true"}, kPlainScript, {"SBATCH_JOB_NAME=fromenv"}).spec.name(), "fromenv");
}

TEST_F(SbatchTest, WrapWithScriptIsAnError) {
  files_["run.sh"] = kPlainScript;
  EXPECT_EQ(Fail({"--wrap=true", "run.sh"}),
            "sbatch: error: Script arguments are not permitted with the --wrap option.");
}

TEST_F(SbatchTest, UnknownOption) {
  EXPECT_EQ(Fail({"--foo"}), "sbatch: unrecognized option '--foo'\nTry \"sbatch --help\" for more information");
  EXPECT_EQ(Fail({"--foo=bar", "-n", "1"}),
            "sbatch: unrecognized option '--foo=bar'\nTry \"sbatch --help\" for more information");
  EXPECT_EQ(Fail({"-z"}), "sbatch: invalid option -- 'z'\nTry \"sbatch --help\" for more information");
}

TEST_F(SbatchTest, GetoptMessages) {
  EXPECT_EQ(Fail({"-J"}), "sbatch: option requires an argument -- 'J'\nTry \"sbatch --help\" for more information");
  EXPECT_EQ(Fail({"--job-name"}),
            "sbatch: option '--job-name' requires an argument\nTry \"sbatch --help\" for more information");
  EXPECT_EQ(Fail({"--hold=yes"}),
            "sbatch: option '--hold' doesn't allow an argument\nTry \"sbatch --help\" for more information");
  EXPECT_EQ(Fail({"--parsable=1"}),
            "sbatch: option '--parsable' doesn't allow an argument\nTry \"sbatch --help\" for more information");
  std::string ambiguous = Fail({"--me=4"});
  EXPECT_EQ(ambiguous.rfind("sbatch: option '--me=4' is ambiguous; possibilities: '--mem' '--mem-per-cpu'", 0), 0u)
      << ambiguous;
}

TEST_F(SbatchTest, AbbreviatedLongOptions) {
  SbatchOptions o = Ok({"--part=debug", "--job=x"});
  EXPECT_EQ(o.spec.partition(), "debug");
  EXPECT_EQ(o.spec.name(), "x");
}

TEST_F(SbatchTest, OptionForms) {
  for (const Args& args :
       {Args{"-n", "4"}, Args{"-n4"}, Args{"--ntasks=4"}, Args{"--ntasks", "4"}, Args{"--tasks=4"}}) {
    SbatchOptions o = Ok(args);
    ASSERT_TRUE(o.spec.has_ntasks()) << args[0];
    EXPECT_EQ(o.spec.ntasks(), 4u) << args[0];
  }
  for (const Args& args : {Args{"-J", "a b"}, Args{"-Ja b"}, Args{"--job-name=a b"}, Args{"--job-name", "a b"}}) {
    EXPECT_EQ(Ok(args).spec.name(), "a b") << args[0];
  }
}

TEST_F(SbatchTest, StringOptions) {
  SbatchOptions o = Ok({"-o", "out-%j.log", "-e", "err-%j.log", "-i", "in.txt", "-p", "debug", "-A", "proj",
                        "--comment", "rule_a", "-w", "pi[1-2]", "-x", "pi3", "--export=NAME,OTHER=1",
                        "--get-user-env=L", "--open-mode=append", "-D", "sub/dir"});
  const proto::JobSpec& s = o.spec;
  EXPECT_EQ(s.output(), "out-%j.log");
  EXPECT_EQ(s.error(), "err-%j.log");
  EXPECT_EQ(s.input(), "in.txt");
  EXPECT_EQ(s.partition(), "debug");
  EXPECT_EQ(s.account(), "proj");
  EXPECT_EQ(s.comment(), "rule_a");
  EXPECT_EQ(s.nodelist(), "pi[1-2]");
  EXPECT_EQ(s.exclude(), "pi3");
  EXPECT_EQ(s.export_env(), "NAME,OTHER=1");
  EXPECT_EQ(s.get_user_env(), "L");
  EXPECT_EQ(s.open_mode(), "append");
  EXPECT_EQ(s.work_dir(), "/home/alice/work/sub/dir");
  EXPECT_EQ(s.submit_dir(), "/home/alice/work");
}

TEST_F(SbatchTest, FlagOptions) {
  SbatchOptions o = Ok({"-H", "--parsable", "-Q", "--requeue", "-v", "-v"});
  EXPECT_TRUE(o.spec.hold());
  EXPECT_TRUE(o.parsable);
  EXPECT_TRUE(o.quiet);
  EXPECT_TRUE(o.spec.requeue());
  EXPECT_EQ(o.verbose, 2);
  EXPECT_FALSE(Ok({"--requeue", "--no-requeue"}).spec.requeue());
  EXPECT_TRUE(Ok({"--hold"}).spec.hold());
  EXPECT_TRUE(Ok({"--quiet"}).quiet);
}

TEST_F(SbatchTest, AbsoluteChdirAndNone) {
  SbatchOptions o = Ok({"--chdir=/scratch/x", "-o", "none", "--error=none", "--input=none"});
  EXPECT_EQ(o.spec.work_dir(), "/scratch/x");
  EXPECT_EQ(o.spec.output(), "/dev/null");
  EXPECT_EQ(o.spec.error(), "/dev/null");
  EXPECT_EQ(o.spec.input(), "/dev/null");
}

TEST_F(SbatchTest, GetUserEnvForms) {
  EXPECT_EQ(Ok({}).spec.get_user_env(), "");
  EXPECT_EQ(Ok({"--get-user-env"}).spec.get_user_env(), "0");
  EXPECT_EQ(Ok({"--get-user-env=10L"}).spec.get_user_env(), "10L");
}

TEST_F(SbatchTest, OpenModeValues) {
  EXPECT_EQ(Ok({"--open-mode", "truncate"}).spec.open_mode(), "truncate");
  EXPECT_EQ(Ok({"--open-mode=A"}).spec.open_mode(), "append");
  EXPECT_EQ(Fail({"--open-mode=x"}), "sbatch: error: Invalid --open-mode argument: x.");
}

TEST_F(SbatchTest, TimeFormats) {
  const std::pair<const char*, int64_t> cases[] = {
      {"5", 300},           {"5:30", 330},         {"1:02:03", 3723},      {"2-0", 172800},
      {"2-3", 183600},      {"2-3:04", 183840},    {"2-3:04:05", 183845},  {"3-05:10:10", 277810},
      {"0", -1},            {"UNLIMITED", -1},     {"infinite", -1},       {"90", 5400},
  };
  for (const auto& [text, seconds] : cases) {
    SbatchOptions o = Ok({std::string("--time=") + text});
    ASSERT_TRUE(o.spec.has_time_limit_s()) << text;
    EXPECT_EQ(o.spec.time_limit_s(), seconds) << text;
  }
  EXPECT_EQ(Ok({"-t", "10"}).spec.time_limit_s(), 600);
  EXPECT_EQ(Ok({"-t10"}).spec.time_limit_s(), 600);
  for (const char* bad : {"abc", "1:2:3:4", "-5", "5m", ""}) {
    EXPECT_EQ(Fail({std::string("--time=") + bad}), "sbatch: error: Invalid --time specification") << bad;
  }
}

TEST_F(SbatchTest, MemoryUnits) {
  const std::pair<const char*, int64_t> cases[] = {
      {"5678", 5678}, {"100M", 100}, {"100MB", 100}, {"2G", 2048}, {"2g", 2048},
      {"2GB", 2048},  {"1T", 1048576}, {"1024K", 1}, {"0", 0},
  };
  for (const auto& [text, mb] : cases) {
    SbatchOptions o = Ok({std::string("--mem=") + text});
    ASSERT_TRUE(o.spec.has_mem_per_node_mb()) << text;
    EXPECT_EQ(o.spec.mem_per_node_mb(), mb) << text;
    EXPECT_FALSE(o.spec.has_mem_per_cpu_mb());
  }
  SbatchOptions per_cpu = Ok({"--mem-per-cpu", "512"});
  EXPECT_EQ(per_cpu.spec.mem_per_cpu_mb(), 512);
  EXPECT_FALSE(per_cpu.spec.has_mem_per_node_mb());
  EXPECT_EQ(Fail({"--mem=lots"}), "sbatch: error: Invalid --mem specification");
  EXPECT_EQ(Fail({"--mem=1X"}), "sbatch: error: Invalid --mem specification");
  EXPECT_EQ(Fail({"--mem-per-cpu=-1"}), "sbatch: error: Invalid --mem-per-cpu specification");
}

TEST_F(SbatchTest, MemAndMemPerCpuLaterWins) {
  SbatchOptions o = Ok({"--mem-per-cpu=100"}, "#!/bin/sh\n#SBATCH --mem=4G\n");
  EXPECT_EQ(o.spec.mem_per_cpu_mb(), 100);
  EXPECT_FALSE(o.spec.has_mem_per_node_mb());
}

TEST_F(SbatchTest, NodeCounts) {
  SbatchOptions one = Ok({"-N", "2"});
  EXPECT_EQ(one.spec.nodes_min(), 2u);
  EXPECT_EQ(one.spec.nodes_max(), 2u);
  SbatchOptions range = Ok({"--nodes=2-4"});
  EXPECT_EQ(range.spec.nodes_min(), 2u);
  EXPECT_EQ(range.spec.nodes_max(), 4u);
  SbatchOptions same = Ok({"-N3-3"});
  EXPECT_EQ(same.spec.nodes_min(), 3u);
  EXPECT_EQ(same.spec.nodes_max(), 3u);
  EXPECT_EQ(Fail({"-N", "x"}), "sbatch: error: \"x\" is not a valid node count");
  EXPECT_EQ(Fail({"-N", "2-y"}), "sbatch: error: \"y\" is not a valid node count");
  EXPECT_EQ(Fail({"-N", "0"}), "sbatch: error: \"0\" is not a valid node count");
  EXPECT_EQ(Fail({"-N", "4-2"}), "sbatch: error: Maximum node count 2 is less than minimum node count 4");
}

TEST_F(SbatchTest, Counts) {
  SbatchOptions o = Ok({"-c", "2", "--ntasks-per-node=3"});
  EXPECT_EQ(o.spec.cpus_per_task(), 2u);
  EXPECT_EQ(o.spec.ntasks_per_node(), 3u);
  EXPECT_EQ(Fail({"-n", "x"}), "sbatch: error: Invalid numeric value \"x\" for --ntasks.");
  EXPECT_EQ(Fail({"--ntasks=0"}), "sbatch: error: Invalid numeric value \"0\" for --ntasks.");
  EXPECT_EQ(Fail({"-c", "-2"}), "sbatch: error: Invalid numeric value \"-2\" for --cpus-per-task.");
  EXPECT_EQ(Fail({"--ntasks-per-node=1.5"}), "sbatch: error: Invalid numeric value \"1.5\" for --ntasks-per-node.");
  EXPECT_EQ(Fail({"-n", "99999999999"}), "sbatch: error: Numeric argument (99999999999) to big for --ntasks.");
}

TEST_F(SbatchTest, IgnoredOptionsAreAccepted) {
  SbatchOptions o = Ok({"--reservation=r", "--qos=normal", "--mail-type=END", "--mail-user=a@b.c",
                        "--wckey=submitit", "--cpus-per-gpu=2", "--gpus-per-node=1", "--gpus-per-task=1",
                        "--mem-per-gpu=1G", "--clusters=all", "-M", "c1", "--distribution=block", "--time-min=5",
                        "--priority=5", "-v", "-n", "2"});
  EXPECT_EQ(o.spec.ntasks(), 2u);
}

// The scheduler options of the shared table, as submitit and Snakemake
// write them (COMPAT.md 5, 6.1), reach the spec.
TEST_F(SbatchTest, SchedulerOptionsStored) {
  SbatchOptions o = Ok({"--gres=gpu:1", "-C", "fast&ib", "--exclusive", "--signal=USR2@90", "--dependency=afterok:1",
                        "--array=0-3%2", "--gpus=2", "--begin=now+60", "--nice=10", "--kill-on-invalid-dep=yes",
                        "-p", "a,b", "--no-requeue"});
  const proto::JobSpec& s = o.spec;
  EXPECT_EQ(s.gres(), "gpu:1");
  EXPECT_EQ(s.constraint(), "fast&ib");
  EXPECT_TRUE(s.exclusive());
  EXPECT_EQ(s.signal(), "12@90");
  EXPECT_EQ(s.dependency(), "afterok:1");
  EXPECT_EQ(s.array(), "0-3%2");
  ASSERT_TRUE(s.has_gpus());
  EXPECT_EQ(s.gpus(), 2u);
  EXPECT_EQ(s.begin_time(), kNow + 60);
  EXPECT_EQ(s.nice(), 10);
  EXPECT_TRUE(s.kill_on_invalid_dep());
  EXPECT_EQ(s.partition(), "a,b");
  EXPECT_FALSE(s.requeue());
  EXPECT_TRUE(s.no_requeue());
}

TEST_F(SbatchTest, SchedulerOptionsUnsetByDefault) {
  const proto::JobSpec s = Ok({}).spec;
  EXPECT_EQ(s.gres(), "");
  EXPECT_FALSE(s.has_gpus());
  EXPECT_EQ(s.constraint(), "");
  EXPECT_FALSE(s.exclusive());
  EXPECT_EQ(s.nice(), 0);
  EXPECT_EQ(s.begin_time(), 0);
  EXPECT_EQ(s.array(), "");
  EXPECT_EQ(s.signal(), "");
  EXPECT_EQ(s.dependency(), "");
  EXPECT_FALSE(s.kill_on_invalid_dep());
  EXPECT_FALSE(s.requeue());
  EXPECT_FALSE(s.no_requeue());
}

TEST_F(SbatchTest, ShortForms) {
  SbatchOptions o = Ok({"-a", "1-5", "-d", "singleton", "-G", "a100:3", "-b", "16:30", "-C", "gpu"});
  EXPECT_EQ(o.spec.array(), "1-5");
  EXPECT_EQ(o.spec.dependency(), "singleton");
  EXPECT_EQ(o.spec.gpus(), 3u);
  EXPECT_EQ(o.spec.begin_time(), kNow - 181 + 30 * 60);  // 16:30:00 local, later today
  EXPECT_EQ(o.spec.constraint(), "gpu");
}

TEST_F(SbatchTest, OptionalValues) {
  EXPECT_EQ(Ok({"--nice"}).spec.nice(), 100);  // Slurm's default adjustment
  EXPECT_EQ(Ok({"--nice=-5"}).spec.nice(), -5);
  EXPECT_EQ(Ok({"--nice=12abc"}).spec.nice(), 12);  // strtoll, as Slurm
  EXPECT_TRUE(Ok({"--exclusive"}).spec.exclusive());
  EXPECT_TRUE(Ok({"--exclusive=user"}).spec.exclusive());
  EXPECT_TRUE(Ok({"--exclusive=MCS"}).spec.exclusive());
  EXPECT_FALSE(Ok({"--exclusive", "--exclusive=oversubscribe"}).spec.exclusive());
  EXPECT_FALSE(Ok({"--kill-on-invalid-dep=NO"}).spec.kill_on_invalid_dep());
  EXPECT_EQ(Ok({"--gres=gpu:1", "--gres=none"}).spec.gres(), "");
  EXPECT_EQ(Ok({"--gres=gres/gpu:a100:2,mps:100"}).spec.gres(), "gpu:a100:2,mps:100");
  SbatchOptions requeue = Ok({"--no-requeue", "--requeue"});
  EXPECT_TRUE(requeue.spec.requeue());
  EXPECT_FALSE(requeue.spec.no_requeue());
}

TEST_F(SbatchTest, SchedulerOptionErrors) {
  const std::string gres = "sbatch: error: Batch job submission failed: Invalid generic resource (gres) specification";
  EXPECT_EQ(Fail({"--gres=gpu:"}), gres);
  EXPECT_EQ(Fail({"--gres=gpu:a:b:c"}), gres);
  EXPECT_EQ(Fail({"--gpus=many"}), gres);
  EXPECT_EQ(Fail({"-G", "a100:"}), gres);
  EXPECT_EQ(Fail({"--array=5-1"}), "sbatch: error: Batch job submission failed: Invalid job array specification");
  EXPECT_EQ(Fail({"-a", "x"}), "sbatch: error: Batch job submission failed: Invalid job array specification");
  EXPECT_EQ(Fail({"--nice=2147483646"}), "sbatch: error: Invalid --nice value, out of range (+/- 2147483645)");
  EXPECT_EQ(Fail({"--exclusive=sometimes"}), "sbatch: error: Invalid --exclusive specification");
  EXPECT_EQ(Fail({"--signal=FOO@10"}), "sbatch: error: Invalid --signal specification");
  EXPECT_EQ(Fail({"--signal=X:USR1"}), "sbatch: error: Invalid --signal specification");
  EXPECT_EQ(Fail({"--kill-on-invalid-dep=maybe"}), "sbatch: error: Invalid --kill-on-invalid-dep specification");
  EXPECT_EQ(Fail({"--begin=soon"}),
            "Invalid time specification (pos=0): soon\nsbatch: error: Invalid --begin specification");
  EXPECT_EQ(Fail({"--begin=25:00"}),
            "Invalid time specification (pos=0): 25:00\nsbatch: error: Invalid --begin specification");
  EXPECT_EQ(Fail({"--begin= "}), "sbatch: error: Invalid --begin specification");
  // An optional value must be attached: "5" is the script.
  EXPECT_EQ(Fail({"--nice", "5"}), "sbatch: error: Unable to open file 5");
}

TEST_F(SbatchTest, SchedulerDirectives) {
  const char* script =
      "#!/bin/bash\n"
      "#SBATCH --array=1-10%2\n"
      "#SBATCH -d afterany:7:8\n"
      "#SBATCH --gres=gpu:a100:2 -G 4\n"
      "#SBATCH -C 'big|small' --exclusive\n"
      "#SBATCH --nice=5\n"
      "#SBATCH --begin=2026-12-24T18:00\n"
      "#SBATCH --signal=B:TERM@120\n"
      "#SBATCH --kill-on-invalid-dep=yes\n"
      "#SBATCH --requeue\n"
      "#SBATCH -p gpu,cpu\n"
      "srun hostname\n";
  SbatchOptions o = Ok({}, script);
  const proto::JobSpec& s = o.spec;
  EXPECT_EQ(s.array(), "1-10%2");
  EXPECT_EQ(s.dependency(), "afterany:7:8");
  EXPECT_EQ(s.gres(), "gpu:a100:2");
  EXPECT_EQ(s.gpus(), 4u);
  EXPECT_EQ(s.constraint(), "big|small");
  EXPECT_TRUE(s.exclusive());
  EXPECT_EQ(s.nice(), 5);
  EXPECT_EQ(s.begin_time(), 1798135200 - 3600);  // 2026-12-24T18:00 at UTC+1
  EXPECT_EQ(s.signal(), "B:15@120");
  EXPECT_TRUE(s.kill_on_invalid_dep());
  EXPECT_TRUE(s.requeue());
  EXPECT_EQ(s.partition(), "gpu,cpu");
  // The command line wins over a directive.
  EXPECT_EQ(Ok({"--nice=1", "--array=3"}, script).spec.nice(), 1);
  EXPECT_EQ(Ok({"--array=3"}, script).spec.array(), "3");
  EXPECT_EQ(Fail({}, "#!/bin/sh\n#SBATCH --array=1-\n"),
            "sbatch: error: Batch job submission failed: Invalid job array specification");
  EXPECT_EQ(Fail({}, "#!/bin/sh\n#SBATCH --signal=USR1@99999\n"), "sbatch: error: Invalid --signal specification");
}

TEST_F(SbatchTest, SchedulerEnvironment) {
  Args env = {"SBATCH_ARRAY_INX=0-7", "SBATCH_CONSTRAINT=fast", "SBATCH_EXCLUSIVE=exclusive", "SBATCH_GPUS=2",
              "SBATCH_GRES=gpu:1", "SBATCH_SIGNAL=USR1@30"};
  const proto::JobSpec s = Ok({}, kPlainScript, env).spec;
  EXPECT_EQ(s.array(), "0-7");
  EXPECT_EQ(s.constraint(), "fast");
  EXPECT_TRUE(s.exclusive());
  EXPECT_EQ(s.gpus(), 2u);
  EXPECT_EQ(s.gres(), "gpu:1");
  EXPECT_EQ(s.signal(), "10@30");  // stored as numbers
  EXPECT_EQ(Ok({"--array=1"}, kPlainScript, env).spec.array(), "1");
  EXPECT_EQ(Fail({}, kPlainScript, {"SBATCH_SIGNAL=NOPE"}), "sbatch: error: Invalid --signal specification");
}

TEST_F(SbatchTest, Directives) {
  const char* script =
      "#!/bin/bash\n"
      "#SBATCH --job-name=spawner-jupyterhub\n"
      "#SBATCH --output=/home/alice/jupyterhub_slurmspawner_%j.log\n"
      "#SBATCH --chdir=/home/alice\n"
      "#SBATCH --export=PATH,LANG,JUPYTERHUB_API_TOKEN\n"
      "#SBATCH --get-user-env=L\n"
      "#SBATCH --time=3-05:10:10 --mem=5678  # trailing comment\n"
      "#SBATCH --comment 'two words' -N 2-3\n"
      "set -euo pipefail\n"
      "#SBATCH --partition=ignored-after-command\n";
  SbatchOptions o = Ok({}, script);
  const proto::JobSpec& s = o.spec;
  EXPECT_EQ(s.name(), "spawner-jupyterhub");
  EXPECT_EQ(s.output(), "/home/alice/jupyterhub_slurmspawner_%j.log");
  EXPECT_EQ(s.work_dir(), "/home/alice");
  EXPECT_EQ(s.export_env(), "PATH,LANG,JUPYTERHUB_API_TOKEN");
  EXPECT_EQ(s.get_user_env(), "L");
  EXPECT_EQ(s.time_limit_s(), 3 * 86400 + 5 * 3600 + 10 * 60 + 10);
  EXPECT_EQ(s.mem_per_node_mb(), 5678);
  EXPECT_EQ(s.comment(), "two words");
  EXPECT_EQ(s.nodes_min(), 2u);
  EXPECT_EQ(s.nodes_max(), 3u);
  EXPECT_EQ(s.partition(), "");
}

TEST_F(SbatchTest, DirectiveErrors) {
  EXPECT_EQ(Fail({}, "#!/bin/sh\n#SBATCH --bogus\n"),
            "sbatch: unrecognized option '--bogus'\nTry \"sbatch --help\" for more information");
  EXPECT_EQ(Fail({}, "#!/bin/sh\n#SBATCH some_option_asdf\n"),
            "sbatch: error: Invalid directive found in batch script: some_option_asdf");
  EXPECT_EQ(Fail({}, "#!/bin/sh\n#SBATCH --nice 0\n"), "sbatch: error: Invalid directive found in batch script: 0");
  EXPECT_EQ(Fail({}, "#!/bin/sh\n#SBATCH --time=soon\n"), "sbatch: error: Invalid --time specification");
  EXPECT_EQ(Fail({}, "#!/bin/sh\n#SBATCH -J 'open\n"),
            "sbatch: error: script: line 2: Unmatched `'` in [#SBATCH -J 'open]");
}

TEST_F(SbatchTest, DirectivesIgnoreEarlyPassOptions) {
  SbatchOptions o = Ok({}, "#!/bin/sh\n#SBATCH --help --wrap=x --quiet -v\n");
  EXPECT_EQ(o.action, SbatchAction::kSubmit);
  EXPECT_FALSE(o.quiet);
  EXPECT_EQ(o.spec.script(), "#!/bin/sh\n#SBATCH --help --wrap=x --quiet -v\n");
}

TEST_F(SbatchTest, Precedence) {
  const char* script = "#!/bin/sh\n#SBATCH -J script -p script-part -t 5 -o script.out -e script.err\n";
  Args env = {"SBATCH_JOB_NAME=env", "SBATCH_PARTITION=env-part", "SBATCH_TIMELIMIT=10"};
  SbatchOptions o = Ok({"-J", "cmdline"}, script, env);
  EXPECT_EQ(o.spec.name(), "cmdline");             // command line over env and script
  EXPECT_EQ(o.spec.partition(), "env-part");       // env over script
  EXPECT_EQ(o.spec.time_limit_s(), 600);           // env over script
  EXPECT_EQ(o.spec.output(), "script.out");        // script alone
  EXPECT_EQ(o.spec.error(), "script.err");
  SbatchOptions cmd = Ok({"-p", "cmd-part", "--time=1"}, script, env);
  EXPECT_EQ(cmd.spec.partition(), "cmd-part");
  EXPECT_EQ(cmd.spec.time_limit_s(), 60);
}

TEST_F(SbatchTest, EnvironmentOptions) {
  Args env = {"SBATCH_OUTPUT=o.txt",        "SBATCH_ERROR=e.txt",      "SBATCH_EXPORT=NONE",
              "SBATCH_HOLD=1",              "SBATCH_MEM_PER_CPU=2G",   "SBATCH_ACCOUNT=acct",
              "SBATCH_OPEN_MODE=append",    "SBATCH_INPUT=i.txt",      "SBATCH_GET_USER_ENV=S",
              "SBATCH_REQUEUE=1",           "SBATCH_QOS=ignored",      "SBATCH_PARTITION="};
  SbatchOptions o = Ok({}, kPlainScript, env);
  const proto::JobSpec& s = o.spec;
  EXPECT_EQ(s.output(), "o.txt");
  EXPECT_EQ(s.error(), "e.txt");
  EXPECT_EQ(s.export_env(), "NONE");
  EXPECT_TRUE(s.hold());
  EXPECT_EQ(s.mem_per_cpu_mb(), 2048);
  EXPECT_EQ(s.account(), "acct");
  EXPECT_EQ(s.open_mode(), "append");
  EXPECT_EQ(s.input(), "i.txt");
  EXPECT_EQ(s.get_user_env(), "S");
  EXPECT_TRUE(s.requeue());
  EXPECT_EQ(s.partition(), "");
  EXPECT_EQ(Ok({}, kPlainScript, {"SBATCH_MEM_PER_NODE=1G"}).spec.mem_per_node_mb(), 1024);
  EXPECT_EQ(Fail({}, kPlainScript, {"SBATCH_TIMELIMIT=never"}), "sbatch: error: Invalid --time specification");
  EXPECT_TRUE(Ok({"--requeue"}, kPlainScript, {"SBATCH_NO_REQUEUE=1"}).spec.requeue());
  EXPECT_FALSE(Ok({}, "#!/bin/sh\n#SBATCH --requeue\n", {"SBATCH_NO_REQUEUE="}).spec.requeue());
}

TEST_F(SbatchTest, HelpUsageVersion) {
  EXPECT_EQ(Ok({"--help"}).action, SbatchAction::kHelp);
  EXPECT_EQ(Ok({"-h"}).action, SbatchAction::kHelp);
  EXPECT_EQ(Ok({"--usage"}).action, SbatchAction::kUsage);
  EXPECT_EQ(Ok({"-V"}).action, SbatchAction::kVersion);
  EXPECT_EQ(Ok({"--version"}).action, SbatchAction::kVersion);
  EXPECT_TRUE(reads_.empty());
  EXPECT_NE(SbatchHelpText().find("--parsable"), std::string::npos);
  EXPECT_EQ(SbatchUsageText().rfind("Usage: sbatch", 0), 0u);
}

TEST_F(SbatchTest, DoubleDashEndsOptions) {
  files_["-weird.sh"] = kPlainScript;
  auto o = Parse({"-p", "x", "--", "-weird.sh", "arg"});
  ASSERT_TRUE(o.has_value()) << o.error().message();
  EXPECT_EQ(o->spec.name(), "-weird.sh");
  EXPECT_EQ(o->spec.argv_size(), 1);
}

TEST(RunGetoptTest, NoPermuteStopsAtFirstOperand) {
  auto out = RunGetopt("sbatch", kJobOptions, {"-n", "2", "script.sh", "-n", "3"}, ArgOrder::kStopAtFirstOperand,
                       kForSbatch);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->options.size(), 1u);
  EXPECT_EQ(out->operands, (Args{"script.sh", "-n", "3"}));
}

TEST(RunGetoptTest, ReusableAcrossCalls) {
  for (int i = 0; i < 3; ++i) {
    auto out = RunGetopt("sbatch", kJobOptions, {"-Hn4", "x"}, ArgOrder::kStopAtFirstOperand, kForSbatch);
    ASSERT_TRUE(out.has_value());
    ASSERT_EQ(out->options.size(), 2u);
    EXPECT_EQ(*out->options[1].value, "4");
  }
}

}  // namespace
}  // namespace bramble::cli
