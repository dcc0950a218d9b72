#include "cli/squeue_options.h"

#include <gtest/gtest.h>

#include <map>

#include "cli/squeue_format.h"

namespace bramble::cli {
namespace {

EnvLookup NoEnv() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

Result<SqueueOptions> Parse(std::vector<std::string> args, const EnvLookup& env = NoEnv()) {
  args.insert(args.begin(), "squeue");
  return ParseSqueueOptions(args, env);
}

std::string ErrorOf(std::vector<std::string> args) {
  Result<SqueueOptions> result = Parse(std::move(args));
  EXPECT_FALSE(result.has_value());
  return result ? "" : result.error().message();
}

TEST(SqueueOptionsTest, DefaultsWithoutArguments) {
  Result<SqueueOptions> o = Parse({});
  ASSERT_TRUE(o.has_value());
  EXPECT_FALSE(o->no_header);
  EXPECT_EQ(o->format, kSqueueDefaultFormat);
  EXPECT_FALSE(o->job_flag);
  EXPECT_TRUE(o->job_ids.empty());
  EXPECT_FALSE(o->states.has_value());
  EXPECT_TRUE(o->warnings.empty());
}

TEST(SqueueOptionsTest, JobListFormsLikeSlurm) {
  // -j has an optional argument: "-j 123" works through the positional.
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"-j", "123"}, {"-j123"}, {"--jobs=123"}, {"--jobs", "123"}, {"123", "-j"}}) {
    Result<SqueueOptions> o = Parse(args);
    ASSERT_TRUE(o.has_value()) << args[0];
    EXPECT_TRUE(o->job_flag);
    EXPECT_EQ(o->job_ids, std::vector<uint32_t>{123}) << args[0];
  }
  Result<SqueueOptions> list = Parse({"--jobs=12,13,,14"});
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ(list->job_ids, (std::vector<uint32_t>{12, 13, 14}));
  Result<SqueueOptions> bare = Parse({"-j"});
  ASSERT_TRUE(bare.has_value());
  EXPECT_TRUE(bare->job_flag);
  EXPECT_TRUE(bare->job_ids.empty());
  EXPECT_EQ(ErrorOf({"-j", "abc"}), "squeue: error: Invalid job id: abc");
  EXPECT_EQ(ErrorOf({"-j0"}), "squeue: error: Invalid job id: 0");
}

TEST(SqueueOptionsTest, BatchspawnerQuery) {
  Result<SqueueOptions> o = Parse({"-h", "-j", "77", "-o", "%T %B"});
  ASSERT_TRUE(o.has_value());
  EXPECT_TRUE(o->no_header);
  EXPECT_EQ(o->job_ids, std::vector<uint32_t>{77});
  EXPECT_EQ(o->format, "%T %B");
}

TEST(SqueueOptionsTest, WorkflowToolQueries) {
  Result<SqueueOptions> nextflow = Parse({"--noheader", "-o", "%i %t", "-t", "all", "-p", "q", "-u", "bob"});
  ASSERT_TRUE(nextflow.has_value());
  EXPECT_TRUE(nextflow->states->all);
  EXPECT_EQ(nextflow->partitions, std::vector<std::string>{"q"});
  EXPECT_EQ(nextflow->users, std::vector<std::string>{"bob"});
  Result<SqueueOptions> nextflow2 = Parse({"--noheader", "-o", "%i %t", "-t", "all", "--only-job-state"});
  ASSERT_TRUE(nextflow2.has_value());
  Result<SqueueOptions> snakemake = Parse({"--format=%i|%T", "--states=all", "--noheader", "--name", "uuid-1"});
  ASSERT_TRUE(snakemake.has_value());
  EXPECT_EQ(snakemake->format, "%i|%T");
  EXPECT_EQ(snakemake->names, std::vector<std::string>{"uuid-1"});
  EXPECT_TRUE(snakemake->states->all);
}

TEST(SqueueOptionsTest, UnknownOptionsUseGetoptWording) {
  EXPECT_EQ(ErrorOf({"--x"}), "squeue: unrecognized option '--x'\nTry \"squeue --help\" for more information");
  EXPECT_EQ(ErrorOf({"--bogus=1"}),
            "squeue: unrecognized option '--bogus=1'\nTry \"squeue --help\" for more information");
  EXPECT_EQ(ErrorOf({"-z"}), "squeue: invalid option -- 'z'\nTry \"squeue --help\" for more information");
  EXPECT_EQ(ErrorOf({"-hz"}), "squeue: invalid option -- 'z'\nTry \"squeue --help\" for more information");
  EXPECT_EQ(ErrorOf({"-o"}),
            "squeue: option requires an argument -- 'o'\nTry \"squeue --help\" for more information");
  EXPECT_EQ(ErrorOf({"--format"}),
            "squeue: option '--format' requires an argument\nTry \"squeue --help\" for more information");
  EXPECT_EQ(ErrorOf({"--long=3"}),
            "squeue: option '--long' doesn't allow an argument\nTry \"squeue --help\" for more information");
  EXPECT_EQ(ErrorOf({"--no"}).rfind("squeue: option '--no' is ambiguous; possibilities:", 0), 0u);
  EXPECT_EQ(ErrorOf({"stray"}).rfind("squeue: error: Unrecognized option: stray\nUsage: squeue", 0), 0u);
  EXPECT_EQ(ErrorOf({"-j", "1", "2"}).rfind("squeue: error: Unrecognized option: 2\n", 0), 0u);
}

TEST(SqueueOptionsTest, AbbreviatedLongOptions) {
  Result<SqueueOptions> o = Parse({"--nohead", "--form=%i", "--stat=R"});
  ASSERT_TRUE(o.has_value());
  EXPECT_TRUE(o->no_header);
  EXPECT_EQ(o->format, "%i");
  EXPECT_EQ(o->states->states, std::vector<proto::JobState>{proto::RUNNING});
}

TEST(SqueueOptionsTest, ArrayTaskSelectors) {
  Result<SqueueOptions> o = Parse({"-j", "12_3,12,20_[1-2]"});
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->job_ids, (std::vector<uint32_t>{12, 20}));
  ASSERT_EQ(o->job_selectors.size(), 4u);
  EXPECT_EQ(o->job_selectors[0].job_id, 12u);
  EXPECT_EQ(o->job_selectors[0].array_task, 3u);
  EXPECT_FALSE(o->job_selectors[1].array_task.has_value());
  EXPECT_EQ(o->job_selectors[3].array_task, 2u);
  EXPECT_TRUE(SelectsArrayTasks(o->job_selectors));
  EXPECT_FALSE(SelectsArrayTasks(Parse({"-j", "12"})->job_selectors));
  EXPECT_EQ(ErrorOf({"-j", "12_x"}), "squeue: error: Invalid job id: 12_x");
  EXPECT_EQ(ErrorOf({"-j", "_3"}), "squeue: error: Invalid job id: _3");
  EXPECT_EQ(ErrorOf({"-j", "12_"}), "squeue: error: Invalid job id: 12_");
}

TEST(SqueueOptionsTest, JobSelectedMatchesArraysAndTasks) {
  proto::JobRecord task;
  task.set_job_id(15);
  task.set_array_job_id(12);
  task.set_array_task_id(3);
  EXPECT_TRUE(JobSelected(task, {}));
  EXPECT_TRUE(JobSelected(task, {{12, std::nullopt}}));  // the array's id names every task
  EXPECT_TRUE(JobSelected(task, {{15, std::nullopt}}));  // and a task's own id names it
  EXPECT_TRUE(JobSelected(task, {{12, 3u}}));
  EXPECT_FALSE(JobSelected(task, {{12, 4u}}));
  EXPECT_FALSE(JobSelected(task, {{15, 3u}}));
  proto::JobRecord plain;
  plain.set_job_id(12);
  EXPECT_TRUE(JobSelected(plain, {{12, std::nullopt}}));
  EXPECT_FALSE(JobSelected(plain, {{12, 0u}}));
}

TEST(SqueueOptionsTest, StartAndArrayFlags) {
  Result<SqueueOptions> start = Parse({"--start"});
  ASSERT_TRUE(start.has_value());
  EXPECT_TRUE(start->start);
  EXPECT_EQ(start->format, kSqueueStartFormat);
  EXPECT_EQ(start->states->states, std::vector<proto::JobState>{proto::PENDING});
  Result<SqueueOptions> custom = Parse({"--start", "-o", "%i %S", "-t", "all"});
  EXPECT_EQ(custom->format, "%i %S");
  EXPECT_TRUE(custom->states->all);
  EXPECT_EQ(Parse({"--start"}, Env({{"SQUEUE_FORMAT", "%i"}}))->format, kSqueueStartFormat);
  EXPECT_TRUE(Parse({"-r"})->array_per_task);
  EXPECT_TRUE(Parse({"--array"})->array_per_task);
  EXPECT_FALSE(Parse({})->array_per_task);
}

TEST(SqueueOptionsTest, ParsesRepeatedly) {
  // getopt keeps global state; every parse must start afresh.
  for (int i = 0; i < 3; ++i) {
    Result<SqueueOptions> o = Parse({"-h", "-j", "5"});
    ASSERT_TRUE(o.has_value());
    EXPECT_EQ(o->job_ids, std::vector<uint32_t>{5});
    EXPECT_FALSE(Parse({"--x"}).has_value());
  }
}

TEST(SqueueOptionsTest, StateLists) {
  Result<JobStateFilter> f = ParseJobStateFilter("PD,r,Completed,cg,S");
  ASSERT_TRUE(f.has_value());
  EXPECT_FALSE(f->all);
  EXPECT_EQ(f->states, (std::vector<proto::JobState>{proto::PENDING, proto::RUNNING, proto::COMPLETED}));
  EXPECT_TRUE(f->completing);
  EXPECT_TRUE(ParseJobStateFilter("ALL")->all);
  Result<JobStateFilter> bad = ParseJobStateFilter("running,bogus");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message().rfind("squeue: error: Invalid job state specified: bogus\n"
                                        "squeue: error: Valid job states include: PENDING,RUNNING,",
                                        0),
            0u);
  EXPECT_FALSE(Parse({"-t", "nope"}).has_value());
}

TEST(SqueueOptionsTest, FormatChoiceAndEnvironment) {
  EXPECT_EQ(Parse({"-l"})->format, kSqueueLongFormat);
  EXPECT_TRUE(Parse({"-l"})->long_format);
  EXPECT_EQ(Parse({"-s"})->format, kSqueueStepFormat);
  EXPECT_EQ(Parse({}, Env({{"SQUEUE_FORMAT", "%i:%T"}}))->format, "%i:%T");
  EXPECT_EQ(Parse({"-o", "%j"}, Env({{"SQUEUE_FORMAT", "%i:%T"}}))->format, "%j");
  EXPECT_EQ(Parse({"-l"}, Env({{"SQUEUE_FORMAT", "%i:%T"}}))->format, kSqueueLongFormat);
  EXPECT_EQ(ErrorOf({"-l", "-o", "%i"}),
            "squeue: fatal: Options -o(--format) and -l(--long) are mutually exclusive. Please remove one and retry.");
  EXPECT_EQ(ErrorOf({"-O", "jobid"}), "squeue: error: -O/--Format is not supported yet; use -o/--format");

  Result<SqueueOptions> env = Parse({}, Env({{"SQUEUE_STATES", "all"}, {"SQUEUE_USERS", "carol"},
                                               {"SQUEUE_PARTITION", "a,b"}}));
  ASSERT_TRUE(env.has_value());
  EXPECT_TRUE(env->states->all);
  EXPECT_EQ(env->users, std::vector<std::string>{"carol"});
  EXPECT_EQ(env->partitions, (std::vector<std::string>{"a", "b"}));
  Result<SqueueOptions> cli_wins = Parse({"-t", "R", "-u", "dave"}, Env({{"SQUEUE_STATES", "all"}, {"SQUEUE_USERS", "carol"}}));
  EXPECT_FALSE(cli_wins->states->all);
  EXPECT_EQ(cli_wins->users, std::vector<std::string>{"dave"});
}

TEST(SqueueOptionsTest, InvalidFormatLettersWarn) {
  Result<SqueueOptions> o = Parse({"-o", "%i %y"});
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->warnings, std::vector<std::string>{"squeue: error: Invalid job format specification: y"});
}

TEST(SqueueOptionsTest, AcceptedAndIgnored) {
  Result<SqueueOptions> o = Parse({"-a", "-r", "-v", "-M", "cluster1", "--sort=-t", "--only-job-state", "--local"});
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->verbose, 1);
  EXPECT_TRUE(Parse({"--help"})->help);
  EXPECT_TRUE(Parse({"--usage"})->usage);
  EXPECT_TRUE(Parse({"-V"})->version);
  EXPECT_TRUE(Parse({"--version", "-o", "%Z"})->version);  // before the format is checked
}

class FilterJobsTest : public ::testing::Test {
 protected:
  static proto::JobRecord Job(uint32_t id, proto::JobState state, const std::string& user = "alice") {
    proto::JobRecord job;
    job.set_job_id(id);
    job.set_state(state);
    job.set_user(user);
    job.set_uid(user == "alice" ? 1001 : 1002);
    job.mutable_spec()->set_partition(id % 2 == 0 ? "debug" : "batch");
    job.mutable_spec()->set_name("job" + std::to_string(id));
    return job;
  }

  static std::vector<uint32_t> Ids(const std::vector<const proto::JobRecord*>& jobs) {
    std::vector<uint32_t> ids;
    for (const proto::JobRecord* job : jobs) ids.push_back(job->job_id());
    return ids;
  }

  std::vector<proto::JobRecord> Jobs() const {
    proto::JobRecord completing = Job(3, proto::RUNNING);
    completing.set_completing(true);
    completing.set_end_state(proto::CANCELLED);
    return {Job(1, proto::PENDING), Job(2, proto::RUNNING), completing, Job(4, proto::COMPLETED),
            Job(5, proto::CANCELLED, "bob"), Job(6, proto::FAILED, "bob")};
  }

  std::vector<uint32_t> Run(std::vector<std::string> args) const {
    Result<SqueueOptions> o = Parse(std::move(args));
    EXPECT_TRUE(o.has_value());
    std::vector<proto::JobRecord> jobs = Jobs();
    return o ? Ids(FilterJobs(PointersTo(jobs), *o, "alice")) : std::vector<uint32_t>{};
  }
};

TEST_F(FilterJobsTest, DefaultShowsPendingRunningAndCompleting) {
  EXPECT_EQ(Run({}), (std::vector<uint32_t>{1, 2, 3}));
  // Even with -j, a finished job is hidden (batchspawner then sees no output).
  EXPECT_EQ(Run({"-j", "4"}), std::vector<uint32_t>{});
  EXPECT_EQ(Run({"-j", "2,4"}), std::vector<uint32_t>{2});
}

TEST_F(FilterJobsTest, StateFilters) {
  EXPECT_EQ(Run({"-t", "all"}), (std::vector<uint32_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(Run({"-t", "CD"}), std::vector<uint32_t>{4});
  EXPECT_EQ(Run({"-t", "cg"}), std::vector<uint32_t>{3});
  EXPECT_EQ(Run({"-t", "CA"}), (std::vector<uint32_t>{3, 5}));  // a completing cancel is CANCELLED too
  EXPECT_EQ(Run({"-t", "R"}), std::vector<uint32_t>{2});
  EXPECT_EQ(Run({"-t", "pending,failed"}), (std::vector<uint32_t>{1, 6}));
  EXPECT_EQ(Run({"-t", "S"}), std::vector<uint32_t>{});
}

TEST_F(FilterJobsTest, ArrayIdsSelectTasks) {
  proto::JobRecord task3 = Job(15, proto::PENDING);
  task3.set_array_job_id(12);
  task3.set_array_task_id(3);
  proto::JobRecord task4 = task3;
  task4.set_job_id(16);
  task4.set_array_task_id(4);
  std::vector<proto::JobRecord> jobs = {Job(12, proto::RUNNING), task3, task4};
  jobs[0].set_array_job_id(12);
  jobs[0].set_array_task_id(1);
  auto run = [&jobs](std::vector<std::string> args) {
    Result<SqueueOptions> o = Parse(std::move(args));
    return o ? Ids(FilterJobs(PointersTo(jobs), *o, "alice")) : std::vector<uint32_t>{};
  };
  EXPECT_EQ(run({"-j", "12"}), (std::vector<uint32_t>{12, 15, 16}));
  EXPECT_EQ(run({"-j", "12_3"}), std::vector<uint32_t>{15});
  EXPECT_EQ(run({"-j", "16"}), std::vector<uint32_t>{16});
  EXPECT_EQ(run({"-j", "12_9"}), std::vector<uint32_t>{});
}

TEST_F(FilterJobsTest, UserPartitionNameAndIdFilters) {
  EXPECT_EQ(Run({"-t", "all", "-u", "bob"}), (std::vector<uint32_t>{5, 6}));
  EXPECT_EQ(Run({"-t", "all", "-u", "1002"}), (std::vector<uint32_t>{5, 6}));
  EXPECT_EQ(Run({"-t", "all", "--me"}), (std::vector<uint32_t>{1, 2, 3, 4}));
  EXPECT_EQ(Run({"-t", "all", "-p", "debug"}), (std::vector<uint32_t>{2, 4, 6}));
  EXPECT_EQ(Run({"-t", "all", "--name", "job5,job1"}), (std::vector<uint32_t>{1, 5}));
  EXPECT_EQ(Run({"-t", "all", "-j", "6,1"}), (std::vector<uint32_t>{1, 6}));
  EXPECT_EQ(Run({"-u", "bob"}), std::vector<uint32_t>{});
}

}  // namespace
}  // namespace bramble::cli
