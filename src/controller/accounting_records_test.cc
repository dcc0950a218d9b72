#include "controller/accounting_records.h"

#include <gtest/gtest.h>

namespace bramble::controller {
namespace {

proto::JobRecord Ended(proto::JobState state) {
  proto::JobRecord job;
  job.set_job_id(7);
  job.set_uid(1000);
  job.mutable_spec()->set_name("work");
  job.mutable_spec()->set_script("#!/bin/sh\n");
  job.mutable_spec()->add_environment("A=1");
  job.set_state(state);
  job.set_submit_time(100);
  job.set_start_time(110);
  job.set_end_time(200);
  job.set_batch_host("n1");
  job.add_nodes("n1");
  job.add_cpus_per_node(4);
  return job;
}

TEST(AccountingRecordsTest, CopyDropsScriptAndEnvironment) {
  proto::JobRecord copy = AccountingCopy(Ended(proto::COMPLETED));
  EXPECT_TRUE(copy.spec().script().empty());
  EXPECT_EQ(copy.spec().environment_size(), 0);
  EXPECT_EQ(copy.spec().name(), "work");
}

TEST(AccountingRecordsTest, OpenStepsEndCancelledWithTheJob) {
  proto::JobRecord job = Ended(proto::CANCELLED);
  job.set_cancelled_by(1000);
  proto::StepRecord& open = *job.add_steps();
  open.set_step_id(0);
  open.set_start_time(120);
  proto::StepRecord& done = *job.add_steps();
  done.set_step_id(1);
  done.set_state(proto::COMPLETED);
  done.set_start_time(120);
  done.set_end_time(150);
  CloseOpenSteps(job);
  EXPECT_EQ(job.steps(0).state(), proto::CANCELLED);
  EXPECT_EQ(job.steps(0).end_time(), 200);
  EXPECT_EQ(job.steps(1).state(), proto::COMPLETED);
  EXPECT_EQ(job.steps(1).end_time(), 150);
}

TEST(AccountingRecordsTest, TheExternStepEndsCompletedWhateverTheJobsEnd) {
  proto::JobRecord job = Ended(proto::CANCELLED);
  job.set_cancelled_by(1000);
  *job.add_steps() = ExternStepOf(job);
  CloseOpenSteps(job);
  EXPECT_EQ(job.steps(0).step_id(), kExternStepId);
  EXPECT_EQ(job.steps(0).state(), proto::COMPLETED);
  EXPECT_EQ(job.steps(0).end_time(), 200);
  EXPECT_EQ(job.steps(0).cancelled_by(), 0u);
}

TEST(AccountingRecordsTest, ExternStepSpansTheJobsNodes) {
  proto::JobRecord job = Ended(proto::RUNNING);
  job.add_nodes("n2");
  job.add_cpus_per_node(2);
  proto::StepRecord step = ExternStepOf(job);
  EXPECT_EQ(step.name(), "extern");
  EXPECT_EQ(step.state(), proto::RUNNING);
  EXPECT_EQ(step.start_time(), 110);
  EXPECT_EQ(step.end_time(), 0);
  EXPECT_EQ(step.nodes_size(), 2);
  EXPECT_EQ(step.ntasks(), 2u);  // one per node, as Slurm counts it
  EXPECT_EQ(step.cpus(), 6u);
}

TEST(AccountingRecordsTest, ExternUsageAddsUpOncePerNode) {
  proto::JobRecord job = Ended(proto::RUNNING);
  job.add_nodes("n2");
  job.add_cpus_per_node(2);
  proto::StepRecord step = ExternStepOf(job);
  proto::ExternStepEnd usage;
  usage.set_user_cpu_us(1000);
  usage.set_system_cpu_us(10);
  usage.set_max_rss_kb(500);
  EXPECT_TRUE(AddExternUsage(step, "n1", usage));
  usage.set_max_rss_kb(300);
  EXPECT_TRUE(AddExternUsage(step, "n2", usage));
  EXPECT_FALSE(AddExternUsage(step, "n2", usage)) << "a retried report counts once";
  EXPECT_FALSE(AddExternUsage(step, "n3", usage)) << "not one of the job's nodes";
  EXPECT_EQ(step.user_cpu_us(), 2000);
  EXPECT_EQ(step.system_cpu_us(), 20);
  EXPECT_EQ(step.max_rss_kb(), 500);
  usage.set_user_cpu_us(-5);
  proto::StepRecord other = ExternStepOf(job);
  EXPECT_TRUE(AddExternUsage(other, "n1", usage));
  EXPECT_EQ(other.user_cpu_us(), 0) << "a negative time is not subtracted";
}

TEST(AccountingRecordsTest, BatchStepStates) {
  proto::JobRecord job = Ended(proto::RUNNING);
  proto::JobComplete result;
  result.set_user_cpu_us(5);
  result.set_max_rss_kb(1000);
  proto::StepRecord step = BatchStepOf(job, result, 300);
  EXPECT_EQ(step.step_id(), kBatchStepId);
  EXPECT_EQ(step.state(), proto::COMPLETED);
  EXPECT_EQ(step.cpus(), 4u);
  EXPECT_EQ(step.max_rss_kb(), 1000);
  EXPECT_EQ(step.end_time(), 300);
  result.set_exit_code(1);
  EXPECT_EQ(BatchStepOf(job, result, 300).state(), proto::FAILED);
  job.set_completing(true);
  job.set_end_state(proto::TIMEOUT);
  EXPECT_EQ(BatchStepOf(job, result, 300).state(), proto::CANCELLED);
}

TEST(AccountingRecordsTest, StepEndStates) {
  proto::StepComplete result;
  EXPECT_EQ(StepEndState(result, false), proto::COMPLETED);
  EXPECT_EQ(StepEndState(result, true), proto::CANCELLED);
  result.set_exit_signal(9);
  EXPECT_EQ(StepEndState(result, false), proto::FAILED);
  result.set_killed(true);
  EXPECT_EQ(StepEndState(result, false), proto::CANCELLED);
}

TEST(AccountingRecordsTest, QueryWindowAndFilters) {
  proto::JobRecord job = Ended(proto::FAILED);
  proto::QueryAccounting query;
  EXPECT_TRUE(AccountingMatches(job, query, 1000));
  query.set_start_time(201);
  EXPECT_FALSE(AccountingMatches(job, query, 1000));  // ended before the window
  query.set_start_time(200);
  EXPECT_TRUE(AccountingMatches(job, query, 1000));
  query.set_end_time(99);
  EXPECT_FALSE(AccountingMatches(job, query, 1000));  // submitted after it
  query.clear_end_time();
  query.add_states(proto::COMPLETED);
  EXPECT_FALSE(AccountingMatches(job, query, 1000));
  query.add_states(proto::FAILED);
  EXPECT_TRUE(AccountingMatches(job, query, 1000));
  query.add_uids(1001);
  EXPECT_FALSE(AccountingMatches(job, query, 1000));
  query.add_uids(1000);
  query.add_names("other");
  EXPECT_FALSE(AccountingMatches(job, query, 1000));
  query.add_names("work");
  query.add_job_ids(8);
  EXPECT_FALSE(AccountingMatches(job, query, 1000));
  job.set_array_job_id(8);
  EXPECT_TRUE(AccountingMatches(job, query, 1000));
  proto::JobRecord running = Ended(proto::RUNNING);
  running.set_end_time(0);
  proto::QueryAccounting later;
  later.set_start_time(5000);
  EXPECT_TRUE(AccountingMatches(running, later, 6000));  // still running: in every window
}

}  // namespace
}  // namespace bramble::controller
