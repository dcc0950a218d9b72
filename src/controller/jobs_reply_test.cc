#include "controller/jobs_reply.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bramble::controller {
namespace {

proto::JobRecord Record(uint32_t id, proto::JobState state) {
  proto::JobRecord job;
  job.set_job_id(id);
  job.set_state(state);
  job.set_uid(1001);
  job.set_user("alice");
  job.set_submit_time(1795273381);
  job.set_time_limit_s(-1);  // a negative int64 takes ten bytes
  job.mutable_spec()->set_name("sweep");
  job.mutable_spec()->set_partition("debug");
  job.mutable_spec()->set_work_dir(std::string(300, 'w'));  // a length of two varint bytes
  if (state == proto::RUNNING) {
    job.add_nodes("pi1");
    job.add_nodes("pi2");
    job.set_start_time(1795273400);
  } else {
    job.set_reason("Resources");
    job.set_expected_start(1795273999);
    job.set_scheduled_nodes("pi3");
  }
  return job;
}

// What copying the records into a reply builds, serialized.
std::string Copied(const std::vector<proto::JobRecord>& jobs, int64_t now) {
  proto::Response response;
  proto::JobsReply* reply = response.mutable_jobs();
  reply->set_now(now);
  for (const proto::JobRecord& job : jobs) *reply->add_jobs() = job;
  return response.SerializeAsString();
}

std::string Written(const std::vector<proto::JobRecord>& jobs, int64_t now) {
  JobsReplyWriter writer;
  for (const proto::JobRecord& job : jobs) writer.Add(job);
  return std::move(writer).Finish(now);
}

TEST(JobsReplyWriter, ParsesAsTheCopiedReply) {
  std::vector<proto::JobRecord> jobs = {Record(7, proto::PENDING), Record(8, proto::RUNNING),
                                        Record(300, proto::COMPLETED)};
  std::string bytes = Written(jobs, 1795273500);
  proto::Response parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  ASSERT_TRUE(parsed.has_jobs());
  ASSERT_EQ(parsed.jobs().jobs_size(), 3);
  EXPECT_EQ(parsed.jobs().now(), 1795273500);
  EXPECT_EQ(parsed.jobs().jobs(1).nodes_size(), 2);
  EXPECT_EQ(parsed.jobs().jobs(0).scheduled_nodes(), "pi3");
  EXPECT_EQ(parsed.jobs().jobs(2).spec().work_dir().size(), 300u);
  EXPECT_EQ(parsed.SerializeAsString(), Copied(jobs, 1795273500));
  // Field for field, in protobuf's own order: the very bytes a copy gives.
  EXPECT_EQ(bytes, Copied(jobs, 1795273500));
}

TEST(JobsReplyWriter, ASerializedRecordGivesTheSameBytesAsTheRecord) {
  std::vector<proto::JobRecord> jobs = {Record(7, proto::PENDING), Record(300, proto::COMPLETED)};
  JobsReplyWriter writer;
  writer.Add(jobs[0]);
  writer.AddSerialized(jobs[1].SerializeAsString());
  EXPECT_EQ(std::move(writer).Finish(1795273500), Copied(jobs, 1795273500));
}

TEST(JobsReplyWriter, EmptyListIsStillAJobsReply) {
  std::string bytes = Written({}, 0);
  proto::Response parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  EXPECT_EQ(parsed.kind_case(), proto::Response::kJobs);  // squeue tells "no jobs" from "no answer"
  EXPECT_EQ(parsed.jobs().jobs_size(), 0);
  EXPECT_EQ(bytes, Copied({}, 0));
}

TEST(JobsReplyWriter, ManyRecordsMakeALongLength) {
  std::vector<proto::JobRecord> jobs;
  for (uint32_t id = 1; id <= 1000; ++id) jobs.push_back(Record(id, id % 2 ? proto::PENDING : proto::RUNNING));
  std::string bytes = Written(jobs, 1);
  EXPECT_GT(bytes.size(), 1u << 14);  // the outer length takes three varint bytes
  EXPECT_EQ(bytes, Copied(jobs, 1));
}

}  // namespace
}  // namespace bramble::controller
