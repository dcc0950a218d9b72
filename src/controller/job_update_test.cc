// The rules of scontrol update/hold/release/requeue, and Slurm's errors.
#include "controller/job_update.h"

#include <gtest/gtest.h>

namespace bramble::controller {
namespace {

Config TestConfig() {
  auto config = ParseConfig(
      "NodeName=n1 CPUs=4 RealMemory=4000\n"
      "NodeName=n2 CPUs=4 RealMemory=4000\n"
      "PartitionName=debug Nodes=n1,n2 Default=YES\n"
      "PartitionName=short Nodes=n1 MaxTime=30\n",
      "test.conf");
  EXPECT_TRUE(config.has_value()) << config.error().message();
  return *config;
}

proto::JobRecord Pending(const std::string& partition = "debug", int64_t limit_s = 600) {
  proto::JobRecord job;
  job.set_job_id(7);
  job.set_uid(1000);
  job.set_state(proto::PENDING);
  job.mutable_spec()->set_partition(partition);
  job.mutable_spec()->set_requeue(true);
  job.set_time_limit_s(limit_s);
  return job;
}

proto::JobRecord Running() {
  proto::JobRecord job = Pending();
  job.set_state(proto::RUNNING);
  job.add_nodes("n1");
  return job;
}

proto::UpdateJob Hold(bool hold) {
  proto::UpdateJob request;
  request.set_job_id(7);
  request.set_hold(hold);
  return request;
}

TEST(JobUpdateTest, UserHoldAndRelease) {
  Config config = TestConfig();
  proto::JobRecord job = Pending();
  ASSERT_TRUE(ApplyJobUpdate(Hold(true), false, config, &job).ok());
  EXPECT_TRUE(job.spec().hold());
  EXPECT_FALSE(job.held_by_admin());
  EXPECT_EQ(job.reason(), "JobHeldUser");
  ASSERT_TRUE(ApplyJobUpdate(Hold(false), false, config, &job).ok());
  EXPECT_FALSE(job.spec().hold());
  EXPECT_EQ(job.reason(), "None");
}

TEST(JobUpdateTest, OnlyAnOperatorReleasesAnAdminHold) {
  Config config = TestConfig();
  proto::JobRecord job = Pending();
  ASSERT_TRUE(ApplyJobUpdate(Hold(true), true, config, &job).ok());
  EXPECT_TRUE(job.held_by_admin());
  EXPECT_EQ(job.reason(), "JobHeldAdmin");
  Status refused = ApplyJobUpdate(Hold(false), false, config, &job);
  EXPECT_EQ(refused.code(), Code::kPermissionDenied);
  EXPECT_EQ(refused.message(), "Access/permission denied");
  // The owner's own hold leaves the admin hold in place: no way around it.
  ASSERT_TRUE(ApplyJobUpdate(Hold(true), false, config, &job).ok());
  EXPECT_TRUE(job.held_by_admin());
  EXPECT_EQ(job.reason(), "JobHeldAdmin");
  EXPECT_FALSE(ApplyJobUpdate(Hold(false), false, config, &job).ok());
  ASSERT_TRUE(ApplyJobUpdate(Hold(false), true, config, &job).ok());
  EXPECT_FALSE(job.held_by_admin());
  EXPECT_FALSE(job.spec().hold());
}

TEST(JobUpdateTest, HoldOfARunningJobIsRefused) {
  Config config = TestConfig();
  proto::JobRecord job = Running();
  EXPECT_EQ(ApplyJobUpdate(Hold(true), true, config, &job).message(), "Job is no longer pending execution");
}

TEST(JobUpdateTest, RunningJobsKeepTheirShape) {
  Config config = TestConfig();
  proto::JobRecord job = Running();
  proto::UpdateJob nodes;
  nodes.set_num_nodes(2);
  EXPECT_EQ(ApplyJobUpdate(nodes, true, config, &job).message(),
            "Requested operation not supported on this system");
  proto::UpdateJob partition;
  partition.set_partition("short");
  EXPECT_EQ(ApplyJobUpdate(partition, true, config, &job).message(), "Job is no longer pending execution");
  partition.set_partition("debug");  // its own partition: nothing to change
  EXPECT_TRUE(ApplyJobUpdate(partition, false, config, &job).ok());
  proto::UpdateJob cpus;
  cpus.set_num_cpus(2);
  EXPECT_EQ(ApplyJobUpdate(cpus, true, config, &job).message(), "Job is no longer pending execution");
}

TEST(JobUpdateTest, PendingJobsTakeANewShape) {
  Config config = TestConfig();
  proto::JobRecord job = Pending();
  proto::UpdateJob request;
  request.set_partition("short");
  request.set_num_nodes(2);
  request.set_num_cpus(3);
  ASSERT_TRUE(ApplyJobUpdate(request, false, config, &job).ok());
  EXPECT_TRUE(ChangesShape(request));
  EXPECT_EQ(job.spec().partition(), "short");
  EXPECT_EQ(job.spec().nodes_min(), 2u);
  EXPECT_EQ(job.spec().nodes_max(), 2u);
  EXPECT_EQ(job.spec().ntasks(), 3u);
}

TEST(JobUpdateTest, UsersLowerTimeLimitsOrRaiseThemToThePartitionsMaximum) {
  Config config = TestConfig();
  proto::UpdateJob request;
  proto::JobRecord job = Pending("short", 600);
  request.set_time_limit_s(300);
  ASSERT_TRUE(ApplyJobUpdate(request, false, config, &job).ok());
  EXPECT_EQ(job.time_limit_s(), 300);
  request.set_time_limit_s(1800);  // short's MaxTime=30 minutes
  ASSERT_TRUE(ApplyJobUpdate(request, false, config, &job).ok());
  EXPECT_EQ(job.time_limit_s(), 1800);
  request.set_time_limit_s(1860);
  EXPECT_EQ(ApplyJobUpdate(request, false, config, &job).message(), "Access/permission denied");
  request.set_time_limit_s(-1);  // UNLIMITED
  EXPECT_FALSE(ApplyJobUpdate(request, false, config, &job).ok());
  EXPECT_TRUE(ApplyJobUpdate(request, true, config, &job).ok()) << "operators set any limit";
  EXPECT_EQ(job.time_limit_s(), -1);
  // debug has no MaxTime: a waiting job may have any limit.
  job = Pending("debug", 600);
  request.set_time_limit_s(-1);
  EXPECT_TRUE(ApplyJobUpdate(request, false, config, &job).ok());
  // A running job's limit only goes down, unless an operator raises it.
  job = Running();
  request.set_time_limit_s(1200);
  EXPECT_EQ(ApplyJobUpdate(request, false, config, &job).message(), "Access/permission denied");
  request.set_time_limit_s(120);
  ASSERT_TRUE(ApplyJobUpdate(request, false, config, &job).ok());
  EXPECT_EQ(job.time_limit_s(), 120);
  request.set_time_limit_s(1200);
  EXPECT_TRUE(ApplyJobUpdate(request, true, config, &job).ok());
}

TEST(JobUpdateTest, NegativeNiceOnlyForOperators) {
  Config config = TestConfig();
  proto::JobRecord job = Pending();
  proto::UpdateJob request;
  request.set_nice(50);
  ASSERT_TRUE(ApplyJobUpdate(request, false, config, &job).ok());
  EXPECT_EQ(job.spec().nice(), 50);
  request.set_nice(-5);
  EXPECT_EQ(ApplyJobUpdate(request, false, config, &job).message(), "Access/permission denied");
  EXPECT_EQ(job.spec().nice(), 50);
  ASSERT_TRUE(ApplyJobUpdate(request, true, config, &job).ok());
  EXPECT_EQ(job.spec().nice(), -5);
}

TEST(JobUpdateTest, FinishedJobsRefuseChangesButNotRequeue) {
  Config config = TestConfig();
  proto::JobRecord job = Running();
  job.set_state(proto::COMPLETED);
  proto::UpdateJob request;
  request.set_nice(10);
  EXPECT_EQ(ApplyJobUpdate(request, true, config, &job).message(), "Job has already finished");
  proto::UpdateJob requeue;
  requeue.set_requeue(true);
  EXPECT_TRUE(ApplyJobUpdate(requeue, false, config, &job).ok());
  EXPECT_TRUE(CheckRequeue(job).ok());
}

TEST(JobUpdateTest, RequeueRefusalsInSlurmsOrder) {
  proto::JobRecord job = Running();
  EXPECT_TRUE(CheckRequeue(job).ok());
  job.mutable_spec()->set_requeue(false);  // --no-requeue
  EXPECT_EQ(CheckRequeue(job).message(), "Requested operation is presently disabled");
  job.mutable_spec()->set_requeue(true);
  job.mutable_spec()->set_interactive(true);
  EXPECT_EQ(CheckRequeue(job).message(), "Only batch jobs are accepted or processed");
  job.mutable_spec()->set_interactive(false);
  job.set_state(proto::PENDING);
  EXPECT_EQ(CheckRequeue(job).message(), "Job is pending execution");
  job.mutable_spec()->set_requeue(false);
  EXPECT_EQ(CheckRequeue(job).message(), "Requested operation is presently disabled");
}

}  // namespace
}  // namespace bramble::controller
