#include "cli/squeue_arrays.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "cli/squeue_format.h"
#include "cli/squeue_options.h"

namespace bramble::cli {
namespace {

constexpr int64_t kNow = 1795273381;  // 2026-11-21T15:03:01 UTC

class SqueueArraysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
  }

  // Task `index` of array 12, whose tasks have job ids 12, 13, ... in order.
  static proto::JobRecord Task(uint32_t index, proto::JobState state = proto::PENDING,
                               const std::string& reason = "Resources") {
    proto::JobRecord job;
    job.set_job_id(12 + index - 1);
    job.set_array_job_id(12);
    job.set_array_task_id(index);
    job.set_user("alice");
    job.set_state(state);
    job.set_time_limit_s(3600);
    job.set_submit_time(kNow - 100);
    if (state == proto::PENDING) {
      job.set_reason(reason);
    } else {
      job.set_start_time(kNow - 30);
      job.add_nodes("pi" + std::to_string(index));
    }
    job.mutable_spec()->set_name("sweep");
    job.mutable_spec()->set_partition("debug");
    return job;
  }

  static proto::JobRecord Plain(uint32_t id, proto::JobState state) {
    proto::JobRecord job = Task(1, state);
    job.set_job_id(id);
    job.clear_array_job_id();
    job.clear_array_task_id();
    job.mutable_spec()->set_name("single");
    return job;
  }

  static std::string Render(const std::vector<proto::JobRecord>& jobs, bool per_task, const std::string& format) {
    std::vector<SqueueLine> lines = CombinePendingArrayTasks(PointersTo(jobs), per_task);
    SortLinesForDisplay(lines);
    return FormatSqueueLines(lines, format, false, kNow);
  }
};

TEST_F(SqueueArraysTest, PendingTasksShareOneLineRunningTasksOneEach) {
  std::vector<proto::JobRecord> jobs = {Task(1, proto::RUNNING), Task(2, proto::RUNNING)};
  for (uint32_t i = 3; i <= 99; ++i) jobs.push_back(Task(i));
  EXPECT_EQ(Render(jobs, false, "%i %t %R"),
            "12_[3-99] PD (Resources)\n"
            "12_1 R pi1\n"
            "12_2 R pi2\n");
}

TEST_F(SqueueArraysTest, ThrottleShowsInsideTheBrackets) {
  std::vector<proto::JobRecord> jobs;
  for (uint32_t i = 3; i <= 7; ++i) {
    proto::JobRecord task = Task(i);
    task.set_array_throttle(4);
    jobs.push_back(task);
  }
  jobs.erase(jobs.begin() + 2);  // task 5 started and left the remainder
  EXPECT_EQ(Render(jobs, false, "%i|%K|%F|%A"), "12_[3-4,6-7%4]|3-4,6-7%4|12|14\n");
}

TEST_F(SqueueArraysTest, DashROneLinePerTask) {
  std::vector<proto::JobRecord> jobs = {Task(1, proto::RUNNING), Task(2), Task(3)};
  EXPECT_EQ(Render(jobs, true, "%i %K %F %A %t"),
            "12_2 2 12 13 PD\n"
            "12_3 3 12 14 PD\n"
            "12_1 1 12 12 R\n");
}

TEST_F(SqueueArraysTest, SingleRemainingTaskKeepsBrackets) {
  EXPECT_EQ(Render({Task(5)}, false, "%i %K"), "12_[5] 5\n");
  EXPECT_EQ(Render({Task(5)}, true, "%i %K"), "12_5 5\n");
}

TEST_F(SqueueArraysTest, ReasonsAreMergedOnce) {
  std::vector<proto::JobRecord> jobs = {Task(4, proto::PENDING, "Priority"), Task(2), Task(3),
                                        Task(5, proto::PENDING, "Priority"), Task(6, proto::PENDING, "")};
  EXPECT_EQ(Render(jobs, false, "%i %R|%r"), "12_[2-6] (Resources,Priority,None)|Resources,Priority,None\n");
}

TEST_F(SqueueArraysTest, DifferentNameOrPartitionStaysApart) {
  proto::JobRecord renamed = Task(3);
  renamed.mutable_spec()->set_name("other");
  proto::JobRecord moved = Task(4);
  moved.mutable_spec()->set_partition("batch");
  EXPECT_EQ(Render({Task(1), Task(2), renamed, moved}, false, "%i %j %P"),
            "12_[4] sweep batch\n"
            "12_[1-2] sweep debug\n"
            "12_[3] other debug\n");
}

TEST_F(SqueueArraysTest, PlainJobsAndOrderOfFirstRecord) {
  std::vector<proto::JobRecord> jobs = {Plain(7, proto::PENDING), Task(2), Plain(8, proto::RUNNING), Task(1)};
  std::vector<SqueueLine> lines = CombinePendingArrayTasks(PointersTo(jobs), false);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].job, &jobs[0]);  // lines point at the records, not at copies
  EXPECT_EQ(lines[1].job, &jobs[3]);  // the group's lowest task stands for it
  EXPECT_EQ(lines[1].pending_tasks, (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(lines[2].job, &jobs[2]);
  EXPECT_EQ(FormatSqueueLines(lines, "%i %K %F", false, kNow), "7 N/A 7\n12_[1-2] 1-2 12\n8 N/A 8\n");
}

TEST_F(SqueueArraysTest, StartTimeOrder) {
  proto::JobRecord later = Plain(1, proto::PENDING);
  later.set_expected_start(kNow + 600);
  proto::JobRecord unknown = Plain(2, proto::PENDING);
  proto::JobRecord sooner = Plain(3, proto::PENDING);
  sooner.set_expected_start(kNow + 60);
  proto::JobRecord overdue = Plain(4, proto::PENDING);
  overdue.set_expected_start(kNow - 60);
  std::vector<proto::JobRecord> jobs = {later, unknown, sooner, overdue};
  std::vector<SqueueLine> lines = CombinePendingArrayTasks(PointersTo(jobs), false);
  SortLinesByStartTime(lines, kNow);
  EXPECT_EQ(FormatSqueueLines(lines, "%i", false, kNow), "4\n3\n2\n1\n");
}

}  // namespace
}  // namespace bramble::cli
