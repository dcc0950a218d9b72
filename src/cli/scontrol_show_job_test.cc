#include "cli/scontrol_show_job.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <sstream>

namespace bramble::cli {
namespace {

constexpr int64_t kNow = 1795273381;  // 2026-11-21T15:03:01 UTC

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The line that starts with `key=` (after the indentation), or "".
std::string LineWith(const std::string& text, const std::string& key) {
  for (const std::string& line : Lines(text)) {
    size_t start = line.find_first_not_of(' ');
    if (start != std::string::npos && line.compare(start, key.size() + 1, key + "=") == 0) return line;
  }
  return "";
}

class ShowJobRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tz = std::getenv("TZ");
    if (tz) saved_tz_ = tz;
    setenv("TZ", "UTC", 1);
    tzset();
  }
  void TearDown() override {
    if (saved_tz_) {
      setenv("TZ", saved_tz_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

  static proto::JobRecord Running() {
    proto::JobRecord job;
    job.set_job_id(12);
    job.set_uid(1001);
    job.set_gid(100);
    job.set_user("alice");
    job.set_group("users");
    job.set_state(proto::RUNNING);
    job.set_priority(4294901760u);
    job.set_submit_time(kNow - 100);
    job.set_eligible_time(kNow - 100);
    job.set_start_time(kNow - 65);
    job.set_time_limit_s(3600);
    job.add_nodes("pi1");
    job.add_nodes("pi2");
    job.add_cpus_per_node(2);
    job.add_cpus_per_node(2);
    job.add_tasks_per_node(1);
    job.add_tasks_per_node(1);
    job.set_batch_host("pi1");
    job.set_partition("debug");
    proto::JobSpec* spec = job.mutable_spec();
    spec->set_name("test.sh");
    spec->set_partition("debug,big");
    spec->set_work_dir("/home/alice");
    spec->set_submit_host("login");
    spec->set_requeue(true);
    return job;
  }

  static proto::JobRecord Pending() {
    proto::JobRecord job = Running();
    job.set_state(proto::PENDING);
    job.set_reason("Resources");
    job.set_start_time(0);
    job.set_eligible_time(0);
    job.clear_nodes();
    job.clear_cpus_per_node();
    job.clear_tasks_per_node();
    job.clear_batch_host();
    job.clear_partition();
    return job;
  }

  std::optional<std::string> saved_tz_;
};

TEST_F(ShowJobRecordTest, RunningJobInSlurmOrder) {
  std::string text = ShowJobRecord(Running(), kNow);
  std::vector<std::string> lines = Lines(text);
  ASSERT_GE(lines.size(), 26u);
  EXPECT_EQ(lines[0], "JobId=12 JobName=test.sh");
  EXPECT_EQ(lines[1], "   UserId=alice(1001) GroupId=users(100) MCS_label=N/A");
  EXPECT_EQ(lines[2], "   Priority=4294901760 Nice=0 Account=(null) QOS=normal");
  EXPECT_EQ(lines[3], "   JobState=RUNNING Reason=None Dependency=(null)");
  EXPECT_EQ(lines[4], "   Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:0");
  EXPECT_EQ(lines[5], "   RunTime=00:01:05 TimeLimit=01:00:00 TimeMin=N/A");
  EXPECT_EQ(lines[6], "   SubmitTime=2026-11-21T15:01:21 EligibleTime=2026-11-21T15:01:21");
  EXPECT_EQ(lines[7], "   AccrueTime=2026-11-21T15:01:21");
  EXPECT_EQ(lines[8], "   StartTime=2026-11-21T15:01:56 EndTime=2026-11-21T16:01:56 Deadline=N/A");
  EXPECT_EQ(lines[9], "   Partition=debug AllocNode:Sid=login:0");  // where it runs, not the list asked for
  EXPECT_EQ(lines[10], "   ReqNodeList=(null) ExcNodeList=(null)");
  EXPECT_EQ(lines[11], "   NodeList=pi[1-2]");
  EXPECT_EQ(lines[12], "   BatchHost=pi1");
  EXPECT_EQ(lines[13], "   NumNodes=2 NumCPUs=4 NumTasks=2 CPUs/Task=1 ReqB:S:C:T=0:0:*:*");
  EXPECT_EQ(lines[14], "   ReqTRES=cpu=4,node=2,billing=4");
  EXPECT_EQ(lines[15], "   AllocTRES=cpu=4,node=2,billing=4");
  EXPECT_EQ(lines[16], "   Socks/Node=* NtasksPerN:B:S:C=0:0:*:* CoreSpec=*");
  EXPECT_EQ(lines[17], "   MinCPUsNode=1 MinMemoryNode=0 MinTmpDiskNode=0");
  EXPECT_EQ(lines[18], "   Features=(null) DelayBoot=00:00:00");
  EXPECT_EQ(lines[19], "   OverSubscribe=OK Contiguous=0 Licenses=(null) Network=(null)");
  EXPECT_EQ(lines[20], "   Command=test.sh");
  EXPECT_EQ(lines[21], "   WorkDir=/home/alice");
  EXPECT_EQ(lines[22], "   StdErr=/home/alice/slurm-12.out");
  EXPECT_EQ(lines[23], "   StdIn=/dev/null");
  EXPECT_EQ(lines[24], "   StdOut=/home/alice/slurm-12.out");
  EXPECT_EQ(lines.size(), 26u);
  EXPECT_EQ(lines[25], "");
  EXPECT_EQ(text.find("TresPer"), std::string::npos);
}

TEST_F(ShowJobRecordTest, ArrayTask) {
  proto::JobRecord job = Running();
  job.set_job_id(15);
  job.set_array_job_id(12);
  job.set_array_task_id(3);
  std::string text = ShowJobRecord(job, kNow);
  EXPECT_EQ(Lines(text)[0], "JobId=15 ArrayJobId=12 ArrayTaskId=3 JobName=test.sh");
  EXPECT_EQ(LineWith(text, "StdOut"), "   StdOut=/home/alice/slurm-12_3.out");
  job.mutable_spec()->set_output("out-%A-%a-%j.txt");
  EXPECT_EQ(LineWith(ShowJobRecord(job, kNow), "StdOut"), "   StdOut=/home/alice/out-12-3-15.txt");
}

TEST_F(ShowJobRecordTest, SchedulingFields) {
  proto::JobRecord job = Running();
  job.set_dependency_text("afterok:5(unfulfilled)");
  job.set_priority(1234);
  job.set_restart_count(2);
  job.clear_partition();
  proto::JobSpec* spec = job.mutable_spec();
  spec->set_nice(10);
  spec->set_requeue(false);
  spec->set_constraint("fast&ib");
  spec->set_gres("gpu:a100:2,mps:100");
  spec->set_gpus(3);
  spec->set_exclusive(true);
  std::string text = ShowJobRecord(job, kNow);
  EXPECT_EQ(LineWith(text, "Priority"), "   Priority=1234 Nice=10 Account=(null) QOS=normal");
  EXPECT_EQ(LineWith(text, "JobState"), "   JobState=RUNNING Reason=None Dependency=afterok:5(unfulfilled)");
  EXPECT_EQ(LineWith(text, "Requeue"), "   Requeue=0 Restarts=2 BatchFlag=1 Reboot=0 ExitCode=0:0");
  EXPECT_EQ(LineWith(text, "Partition"), "   Partition=debug,big AllocNode:Sid=login:0");  // as asked
  EXPECT_EQ(LineWith(text, "Features"), "   Features=fast&ib DelayBoot=00:00:00");
  EXPECT_EQ(LineWith(text, "OverSubscribe"), "   OverSubscribe=NO Contiguous=0 Licenses=(null) Network=(null)");
  std::vector<std::string> lines = Lines(text);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[lines.size() - 3], "   TresPerJob=gres/gpu:3");
  EXPECT_EQ(lines[lines.size() - 2], "   TresPerNode=gres/gpu:a100:2,gres/mps:100");
}

TEST_F(ShowJobRecordTest, PendingJobExpectedStart) {
  proto::JobRecord job = Pending();
  job.set_expected_start(kNow + 600);
  job.set_scheduled_nodes("pi[3-4]");
  std::string text = ShowJobRecord(job, kNow);
  EXPECT_EQ(LineWith(text, "JobState"), "   JobState=PENDING Reason=Resources Dependency=(null)");
  EXPECT_EQ(LineWith(text, "StartTime"), "   StartTime=2026-11-21T15:13:01 EndTime=2026-11-21T16:13:01 Deadline=N/A");
  EXPECT_EQ(LineWith(text, "NodeList"), "   NodeList=(null) SchedNodeList=pi[3-4]");
  EXPECT_EQ(LineWith(text, "Partition"), "   Partition=debug,big AllocNode:Sid=login:0");
  EXPECT_EQ(LineWith(text, "BatchHost"), "");
  EXPECT_EQ(LineWith(text, "AllocTRES"), "   AllocTRES=(null)");
}

TEST_F(ShowJobRecordTest, PendingJobWithoutEstimate) {
  proto::JobRecord job = Pending();
  job.set_time_limit_s(-1);
  std::string text = ShowJobRecord(job, kNow);
  EXPECT_EQ(LineWith(text, "StartTime"), "   StartTime=Unknown EndTime=Unknown Deadline=N/A");
  EXPECT_EQ(LineWith(text, "NodeList"), "   NodeList=(null)");
  EXPECT_EQ(LineWith(text, "SubmitTime"), "   SubmitTime=2026-11-21T15:01:21 EligibleTime=Unknown");
  // A future --begin is when it becomes eligible.
  job.mutable_spec()->set_begin_time(kNow + 3600);
  EXPECT_EQ(LineWith(ShowJobRecord(job, kNow), "SubmitTime"),
            "   SubmitTime=2026-11-21T15:01:21 EligibleTime=2026-11-21T16:03:01");
}

TEST_F(ShowJobRecordTest, InteractiveAllocationHasNoBatchFlag) {
  proto::JobRecord job = Running();
  job.mutable_spec()->set_interactive(true);
  EXPECT_EQ(LineWith(ShowJobRecord(job, kNow), "Requeue"), "   Requeue=1 Restarts=0 BatchFlag=0 Reboot=0 ExitCode=0:0");
}

}  // namespace
}  // namespace bramble::cli
