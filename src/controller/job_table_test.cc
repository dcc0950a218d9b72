#include "controller/job_table.h"

#include <gtest/gtest.h>

#include <vector>

namespace bramble::controller {
namespace {

proto::JobRecord Job(uint32_t id, proto::JobState state) {
  proto::JobRecord job;
  job.set_job_id(id);
  job.set_state(state);
  job.set_user("alice");
  job.mutable_spec()->set_name("job" + std::to_string(id));
  return job;
}

std::vector<uint32_t> ActiveIds(const JobTable& table) {
  std::vector<uint32_t> ids;
  for (const proto::JobRecord* job : table.active()) ids.push_back(job->job_id());
  return ids;
}

TEST(JobTable, KeepsUnfinishedJobsInPlaceInIdOrder) {
  JobTable table;
  table.Put(Job(3, proto::PENDING));
  table.Put(Job(1, proto::RUNNING));
  table.Put(Job(2, proto::PENDING));
  EXPECT_EQ(ActiveIds(table), (std::vector<uint32_t>{1, 2, 3}));
  proto::JobRecord* two = table.FindActive(2);
  ASSERT_NE(two, nullptr);
  proto::JobRecord started = Job(2, proto::RUNNING);
  table.Put(started);
  EXPECT_EQ(table.FindActive(2), two);  // replaced in place
  EXPECT_EQ(two->state(), proto::RUNNING);
  EXPECT_EQ(table.size(), 3u);
  EXPECT_TRUE(table.finished().empty());
}

TEST(JobTable, KeepsAFinishedJobSerializedWithItsSummary) {
  JobTable table;
  table.Put(Job(1, proto::RUNNING));
  proto::JobRecord ended = Job(1, proto::FAILED);
  ended.set_exit_code(3);
  ended.set_start_time(100);
  ended.set_end_time(160);
  ended.set_array_job_id(1);
  ended.set_array_task_id(4);
  table.Put(ended);
  EXPECT_EQ(table.FindActive(1), nullptr);
  EXPECT_TRUE(table.active().empty());
  const FinishedJob* finished = table.FindFinished(1);
  ASSERT_NE(finished, nullptr);
  EXPECT_EQ(finished->state, proto::FAILED);
  EXPECT_EQ(finished->exit_code, 3);
  EXPECT_EQ(finished->start_time, 100);
  EXPECT_EQ(finished->end_time, 160);
  EXPECT_EQ(finished->array_job_id, 1u);
  EXPECT_EQ(finished->array_task_id, 4u);
  EXPECT_EQ(finished->Parse().SerializeAsString(), ended.SerializeAsString());
  proto::JobRecord scratch;
  const proto::JobRecord* found = table.Find(1, scratch);
  ASSERT_EQ(found, &scratch);
  EXPECT_EQ(found->spec().name(), "job1");
  EXPECT_EQ(table.StateOf(1), proto::FAILED);
  std::optional<proto::JobRecord> copy = table.Copy(1);
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(copy->SerializeAsString(), ended.SerializeAsString());
  EXPECT_EQ(table.size(), 1u);
}

TEST(JobTable, ARequeuedJobIsUnfinishedAgain) {
  JobTable table;
  table.Put(Job(5, proto::COMPLETED));
  table.Put(Job(5, proto::PENDING));
  EXPECT_EQ(table.FindFinished(5), nullptr);
  ASSERT_NE(table.FindActive(5), nullptr);
  EXPECT_EQ(ActiveIds(table), (std::vector<uint32_t>{5}));
  EXPECT_EQ(table.size(), 1u);
}

TEST(JobTable, FindsNothingForAnUnknownOrDroppedId) {
  JobTable table;
  table.Put(Job(1, proto::PENDING));
  table.Put(Job(2, proto::CANCELLED));
  table.Drop(1);
  table.Drop(2);
  table.Drop(9);
  proto::JobRecord scratch;
  EXPECT_EQ(table.Find(1, scratch), nullptr);
  EXPECT_EQ(table.Find(2, scratch), nullptr);
  EXPECT_EQ(table.StateOf(2), std::nullopt);
  EXPECT_EQ(table.Copy(1), std::nullopt);
  EXPECT_EQ(table.size(), 0u);
  EXPECT_TRUE(table.active().empty());
}

TEST(JobTable, FindsTheFirstUnfinishedJobFromAnId) {
  JobTable table;
  table.Put(Job(3, proto::COMPLETED));
  table.Put(Job(5, proto::PENDING));
  table.Put(Job(7, proto::RUNNING));
  ASSERT_NE(table.FirstActiveFrom(3), nullptr);
  EXPECT_EQ(table.FirstActiveFrom(3)->job_id(), 5u);  // not the finished 3
  EXPECT_EQ(table.FirstActiveFrom(5)->job_id(), 5u);
  EXPECT_EQ(table.FirstActiveFrom(6)->job_id(), 7u);
  EXPECT_EQ(table.FirstActiveFrom(8), nullptr);
}

TEST(JobTable, WalksEveryJobInIdOrder) {
  JobTable table;
  table.Put(Job(4, proto::PENDING));
  table.Put(Job(1, proto::COMPLETED));
  table.Put(Job(2, proto::RUNNING));
  table.Put(Job(6, proto::TIMEOUT));
  table.Put(Job(3, proto::FAILED));
  std::vector<uint32_t> ids;
  std::vector<std::string> names;
  table.ForEach([&](const proto::JobRecord& job) {
    ids.push_back(job.job_id());
    names.push_back(job.spec().name());
  });
  EXPECT_EQ(ids, (std::vector<uint32_t>{1, 2, 3, 4, 6}));
  EXPECT_EQ(names, (std::vector<std::string>{"job1", "job2", "job3", "job4", "job6"}));
}

}  // namespace
}  // namespace bramble::controller
