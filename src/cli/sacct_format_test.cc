#include "cli/sacct_format.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include <string>

namespace bramble::cli {
namespace {

const FixedOffsetZone kUtc(0);
constexpr int64_t kNow = 1795257000;  // 2026-11-21T10:30:00Z

class SacctFormatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
  }
  SacctOptions Options(std::vector<std::string> args) {
    args.insert(args.begin(), "sacct");
    auto options = ParseSacct(args, JobClock{kNow, &kUtc});
    EXPECT_TRUE(options) << options.error().message();
    return options ? *options : SacctOptions{};
  }
  std::string Render(const std::vector<proto::JobRecord>& jobs, std::vector<std::string> args) {
    SacctOptions options = Options(std::move(args));
    return RenderSacct(SacctLines(jobs, options), options, kNow, kUtc);
  }
};

// A step of one task on node1 that ran from `start` to `end` seconds before kNow.
proto::StepRecord& AddStep(proto::JobRecord& job, uint32_t id, const std::string& name, proto::JobState state,
                           int64_t start, int64_t end, uint32_t cpus) {
  proto::StepRecord& step = *job.add_steps();
  step.set_step_id(id);
  step.set_name(name);
  step.set_state(state);
  step.set_start_time(kNow - start);
  step.set_end_time(kNow - end);
  step.add_nodes("node1");
  step.set_cpus(cpus);
  step.set_ntasks(1);
  return step;
}

proto::JobRecord Job() {
  proto::JobRecord job;
  job.set_job_id(12);
  job.set_uid(1000);
  job.set_user("alice");
  job.mutable_spec()->set_name("test");
  job.set_partition("debug");
  job.set_state(proto::COMPLETED);
  job.set_submit_time(kNow - 100);
  job.set_start_time(kNow - 95);
  job.set_end_time(kNow - 90);
  job.add_nodes("node1");
  job.add_cpus_per_node(2);
  job.set_batch_host("node1");
  proto::StepRecord& batch = AddStep(job, 0xFFFFFFFB, "batch", proto::COMPLETED, 95, 90, 2);
  batch.set_user_cpu_us(1234000);
  batch.set_max_rss_kb(102400);
  proto::StepRecord& step = AddStep(job, 0, "hostname", proto::FAILED, 94, 93, 1);
  step.set_exit_code(1);
  step.set_max_rss_kb(1234);
  return job;
}

TEST_F(SacctFormatTest, DefaultLayout) {
  EXPECT_EQ(Render({Job()}, {}),
            "JobID           JobName  Partition    Account  AllocCPUS      State ExitCode \n"
            "------------ ---------- ---------- ---------- ---------- ---------- -------- \n"
            "12                 test      debug                     2  COMPLETED      0:0 \n"
            "12.batch          batch                                2  COMPLETED      0:0 \n"
            "12.0           hostname                                1     FAILED      1:0 \n");
}

TEST_F(SacctFormatTest, ParsableForms) {
  EXPECT_EQ(Render({Job()}, {"-X", "-P", "-n", "--format=JobIdRaw,State"}), "12|COMPLETED\n");
  EXPECT_EQ(Render({Job()}, {"-X", "-p", "-o", "JobID,State"}), "JobID|State|\n12|COMPLETED|\n");
  EXPECT_EQ(Render({Job()}, {"-P", "-n", "-o", "JobID,MaxRSS,TotalCPU,Elapsed"}),
            "12||00:01.234|00:00:05\n12.batch|100M|00:01.234|00:00:05\n12.0|1234K|00:00.000|00:00:01\n");
}

TEST_F(SacctFormatTest, TheExternStepFollowsTheBatchStep) {
  proto::JobRecord job = Job();
  AddStep(job, 0xFFFFFFFC, "extern", proto::COMPLETED, 95, 90, 2).set_user_cpu_us(500000);
  EXPECT_EQ(Render({job}, {"-P", "-n", "-o", "JobID,JobName,State,TotalCPU,NTasks"}),
            "12|test|COMPLETED|00:01.734|\n12.batch|batch|COMPLETED|00:01.234|1\n"
            "12.extern|extern|COMPLETED|00:00.500|1\n12.0|hostname|FAILED|00:00.000|1\n");
  EXPECT_EQ(Render({job}, {"-P", "-n", "-j", "12.extern", "-o", "JobIDRaw"}), "12.extern\n");
}

TEST_F(SacctFormatTest, StepSelectorsShowOnlyThatStep) {
  EXPECT_EQ(Render({Job()}, {"-P", "-n", "-j", "12.0", "-o", "JobID,State"}), "12.0|FAILED\n");
  EXPECT_EQ(Render({Job()}, {"-P", "-n", "-j", "12.batch", "-o", "JobID"}), "12.batch\n");
  EXPECT_EQ(Render({Job()}, {"-P", "-n", "-j", "13", "-o", "JobID"}), "");
}

TEST_F(SacctFormatTest, CancelledByAndTruncation) {
  proto::JobRecord job = Job();
  job.set_state(proto::CANCELLED);
  job.set_cancelled_by(1000);
  job.clear_steps();
  EXPECT_EQ(Render({job}, {"-n", "-o", "State"}), "CANCELLED+ \n");
  EXPECT_EQ(Render({job}, {"-n", "-P", "-o", "State"}), "CANCELLED by 1000\n");
  EXPECT_EQ(Render({job}, {"-n", "-o", "State%20"}), "   CANCELLED by 1000 \n");
}

TEST_F(SacctFormatTest, PendingAndRunningJobs) {
  proto::JobRecord job = Job();
  job.clear_steps();
  job.set_state(proto::PENDING);
  job.clear_nodes();
  job.clear_cpus_per_node();
  job.set_start_time(0);
  job.set_end_time(0);
  EXPECT_EQ(Render({job}, {"-n", "-P", "-o", "State,Start,End,NodeList,Elapsed,AllocCPUS"}),
            "PENDING|Unknown|Unknown|None assigned|00:00:00|0\n");
  job = Job();
  job.clear_steps();
  job.set_state(proto::RUNNING);
  job.set_end_time(0);
  EXPECT_EQ(Render({job}, {"-n", "-P", "-o", "State,Start,End,Elapsed"}),
            "RUNNING|2026-11-21T10:28:25|Unknown|00:01:35\n");
}

TEST_F(SacctFormatTest, ArrayTaskIds) {
  proto::JobRecord job = Job();
  job.set_job_id(15);
  job.set_array_job_id(12);
  job.set_array_task_id(3);
  EXPECT_EQ(Render({job}, {"-n", "-P", "-X", "-o", "JobID,JobIDRaw"}), "12_3|15\n");
}

TEST(SacctValueFormatTest, Units) {
  EXPECT_EQ(FormatElapsed(5), "00:00:05");
  EXPECT_EQ(FormatElapsed(90061), "1-01:01:01");
  EXPECT_EQ(FormatCpuTime(61234567), "01:01.234");
  EXPECT_EQ(FormatCpuTime(3723000000), "01:02:03");
  EXPECT_EQ(FormatKibibytes(1234), "1234K");
  EXPECT_EQ(FormatKibibytes(2048), "2M");
  EXPECT_EQ(FormatKibibytes(1048576), "1G");
  EXPECT_EQ(FormatKibibytes(0), "0");
}

}  // namespace
}  // namespace bramble::cli
