// A finished job kept serialized (job_table.h) reads for dependencies as its
// record would: DependencyJobOf gives the same from either.
#include <gtest/gtest.h>

#include "controller/controller.h"
#include "controller/job_table.h"

namespace bramble::controller {
namespace {

proto::JobRecord Finished(uint32_t id, proto::JobState state, int64_t start, int32_t exit_code) {
  proto::JobRecord job;
  job.set_job_id(id);
  job.set_state(state);
  job.set_start_time(start);
  job.set_end_time(500 + id);
  job.set_exit_code(exit_code);
  job.set_user("alice");
  job.mutable_spec()->set_name("sweep");
  return job;
}

void ExpectSame(const sched::DependencyJob& a, const sched::DependencyJob& b) {
  EXPECT_EQ(a.job_id, b.job_id);
  EXPECT_EQ(a.array_job_id, b.array_job_id);
  EXPECT_EQ(a.array_task_id, b.array_task_id);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.exit_code, b.exit_code);
  EXPECT_EQ(a.start_time, b.start_time);
}

TEST(DependencyJobOf, AFinishedJobReadsAsItsRecordWould) {
  proto::JobRecord task = Finished(12, proto::COMPLETED, 300, 0);
  task.set_array_job_id(10);
  task.set_array_task_id(2);
  std::vector<proto::JobRecord> records = {
      Finished(1, proto::COMPLETED, 100, 0),  Finished(2, proto::FAILED, 100, 3),
      Finished(3, proto::CANCELLED, 0, 0),    // cancelled while pending: counts from its end
      Finished(4, proto::TIMEOUT, 100, 0),    Finished(5, proto::OUT_OF_MEMORY, 100, 0),
      Finished(6, proto::NODE_FAIL, 100, 0),  task};
  JobTable table;
  for (const auto& record : records) table.Put(record);
  for (const auto& record : records) {
    SCOPED_TRACE(record.job_id());
    const FinishedJob* kept = table.FindFinished(record.job_id());
    ASSERT_NE(kept, nullptr);
    ExpectSame(DependencyJobOf(record.job_id(), *kept), DependencyJobOf(record));
  }
  EXPECT_EQ(DependencyJobOf(3, *table.FindFinished(3)).start_time, 503);
  EXPECT_EQ(DependencyJobOf(12, *table.FindFinished(12)).array_task_id, 2);
}

}  // namespace
}  // namespace bramble::controller
