#include "cli/scancel_options.h"

#include <gtest/gtest.h>

#include <csignal>

namespace bramble::cli {
namespace {

using Args = std::vector<std::string>;

ScancelOptions Ok(const Args& args) {
  auto result = ParseScancel(args);
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message());
  return result ? *result : ScancelOptions{};
}

std::string Fail(const Args& args) {
  auto result = ParseScancel(args);
  EXPECT_FALSE(result.has_value());
  return result ? "" : result.error().message();
}

std::vector<uint32_t> Ids(const ScancelOptions& o) {
  return {o.request.job_ids().begin(), o.request.job_ids().end()};
}

TEST(ParseScancelTest, Ids) {
  ScancelOptions o = Ok({"12"});
  EXPECT_EQ(Ids(o), std::vector<uint32_t>{12});
  EXPECT_EQ(o.request.signal(), 0);
  EXPECT_FALSE(o.request.batch_only());
  EXPECT_EQ(Ids(Ok({"12", "13", "14"})), (std::vector<uint32_t>{12, 13, 14}));
}

TEST(ParseScancelTest, SignalAnywhere) {
  for (const Args& args : {Args{"12", "--signal", "SIGTERM"}, Args{"--signal=TERM", "12"}, Args{"-s", "15", "12"},
                           Args{"12", "-sTERM"}}) {
    ScancelOptions o = Ok(args);
    EXPECT_EQ(o.request.signal(), SIGTERM) << args[0];
    EXPECT_EQ(Ids(o), std::vector<uint32_t>{12}) << args[0];
  }
  EXPECT_EQ(Ok({"12", "--signal", "USR2"}).request.signal(), SIGUSR2);
  EXPECT_EQ(Fail({"-s", "BOGUS", "12"}), "scancel: error: Unknown job signal: BOGUS");
}

TEST(ParseScancelTest, Filters) {
  ScancelOptions o = Ok({"-u", "alice", "-n", "job", "-t", "PENDING,r", "-p", "debug", "-b"});
  EXPECT_TRUE(o.request.job_ids().empty());
  EXPECT_EQ(o.request.user(), "alice");
  EXPECT_EQ(o.request.name(), "job");
  ASSERT_EQ(o.request.states_size(), 2);
  EXPECT_EQ(o.request.states(0), proto::PENDING);
  EXPECT_EQ(o.request.states(1), proto::RUNNING);
  EXPECT_EQ(o.request.partition(), "debug");
  EXPECT_TRUE(o.request.batch_only());
  EXPECT_TRUE(Ok({"--me"}).me);
  EXPECT_EQ(Ok({"--jobname=x"}).request.name(), "x");
  EXPECT_EQ(Fail({"-t", "sleepy"}), "scancel: error: Invalid job state specified: sleepy");
}

TEST(ParseScancelTest, AcceptedAndIgnored) {
  ScancelOptions o = Ok({"12", "--clusters=all", "-f", "-v", "-Q", "-M", "c1", "--hurry"});
  EXPECT_EQ(Ids(o), std::vector<uint32_t>{12});
  EXPECT_TRUE(o.quiet);
  EXPECT_EQ(o.verbose, 1);
}

TEST(ParseScancelTest, Errors) {
  EXPECT_EQ(Fail({}), "scancel: error: No job identification provided");
  EXPECT_EQ(Fail({"-v", "-Q"}), "scancel: error: No job identification provided");
  EXPECT_EQ(Fail({"12.0"}), "scancel: error: Invalid job id 12.0");
  EXPECT_EQ(Fail({"12_"}), "scancel: error: Invalid job id 12_");
  EXPECT_EQ(Fail({"12_[3-1]"}), "scancel: error: Invalid job id 12_[3-1]");
  EXPECT_EQ(Fail({"_3"}), "scancel: error: Invalid job id _3");
  EXPECT_EQ(Fail({"abc"}), "scancel: error: Invalid job id abc");
  EXPECT_EQ(Fail({"--account=x", "1"}),
            "scancel: unrecognized option '--account=x'\nTry \"scancel --help\" for more information");
  EXPECT_EQ(Fail({"-w", "n1"}), "scancel: invalid option -- 'w'\nTry \"scancel --help\" for more information");
}

TEST(ParseScancelTest, ArrayTasks) {
  ScancelOptions o = Ok({"12_3", "13", "12_[1-2,5]", "--signal=USR1"});
  EXPECT_EQ(Ids(o), std::vector<uint32_t>{13});  // an array's own id goes as it is
  ASSERT_EQ(o.array_tasks.size(), 2u);
  EXPECT_EQ(o.array_tasks[0].job_id, 12u);
  EXPECT_EQ(*o.array_tasks[0].tasks, std::vector<uint32_t>{3});
  EXPECT_EQ(*o.array_tasks[1].tasks, (std::vector<uint32_t>{1, 2, 5}));
  // Array tasks alone identify jobs.
  ScancelOptions tasks_only = Ok({"7_0"});
  EXPECT_TRUE(Ids(tasks_only).empty());
  EXPECT_EQ(tasks_only.array_tasks.size(), 1u);
}

proto::JobRecord Task(uint32_t job_id, uint32_t array_job_id, uint32_t index) {
  proto::JobRecord job;
  job.set_job_id(job_id);
  job.set_array_job_id(array_job_id);
  job.set_array_task_id(index);
  return job;
}

TEST(ResolveArrayTasksTest, MatchesTasksAndReportsMissingOnes) {
  google::protobuf::RepeatedPtrField<proto::JobRecord> jobs;
  *jobs.Add() = Task(12, 12, 0);
  *jobs.Add() = Task(13, 12, 1);
  *jobs.Add() = Task(14, 12, 3);
  *jobs.Add() = Task(20, 0, 0);  // a plain job
  ScancelOptions o = Ok({"12_3", "12_[1,7]", "20_0"});
  ResolvedTasks resolved = ResolveArrayTasks(o.array_tasks, jobs);
  EXPECT_EQ(resolved.job_ids, (std::vector<uint32_t>{14, 13}));
  EXPECT_EQ(resolved.errors,
            (std::vector<std::string>{"scancel: error: Kill job error on job id 12_7: Invalid job id specified",
                                      "scancel: error: Kill job error on job id 20_0: Invalid job id specified"}));
  EXPECT_TRUE(ResolveArrayTasks({}, jobs).job_ids.empty());
  EXPECT_EQ(ResolveArrayTasks(o.array_tasks, {}).errors.size(), 4u);
}

// Task 0 of array 12 is job 12: it resolves to 12 like any other task
// (scancel sends task ids apart from array ids, so nothing expands it).
TEST(ResolveArrayTasksTest, FirstTaskResolvesToTheArraysId) {
  google::protobuf::RepeatedPtrField<proto::JobRecord> jobs;
  *jobs.Add() = Task(12, 12, 0);
  *jobs.Add() = Task(13, 12, 1);
  *jobs.Add() = Task(14, 12, 2);
  ResolvedTasks resolved = ResolveArrayTasks(Ok({"12_[0-1]"}).array_tasks, jobs);
  EXPECT_EQ(resolved.job_ids, (std::vector<uint32_t>{12, 13}));
  EXPECT_TRUE(resolved.errors.empty());
}

TEST(ParseScancelTest, HelpUsageVersion) {
  EXPECT_EQ(Ok({"--help"}).action, ScancelAction::kHelp);
  EXPECT_EQ(Ok({"-h"}).action, ScancelAction::kHelp);
  EXPECT_EQ(Ok({"--usage"}).action, ScancelAction::kUsage);
  EXPECT_EQ(Ok({"-V"}).action, ScancelAction::kVersion);
  EXPECT_EQ(ScancelUsageText().rfind("Usage: scancel", 0), 0u);
  EXPECT_NE(ScancelHelpText().find("--signal"), std::string::npos);
}

}  // namespace
}  // namespace bramble::cli
