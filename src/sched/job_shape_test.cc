// Tests for JobShape: what it keeps, and which jobs have none.
#include "sched/job_shape.h"

#include <gtest/gtest.h>

#include "sched/test_cluster.h"

namespace bramble::sched {
namespace {

using testing::Job;

TEST(JobShapeTest, JobsNamingNodesOrFeaturesHaveNone) {
  JobRequest job = Job(1, 2);
  EXPECT_TRUE(ShapeOf(job));
  job.required_nodes = {0};
  EXPECT_FALSE(ShapeOf(job));
  job = Job(1, 2);
  job.excluded_nodes = {0};
  EXPECT_FALSE(ShapeOf(job));
  job = Job(1, 2);
  job.constraint = {{"ib"}};
  EXPECT_FALSE(ShapeOf(job));
}

TEST(JobShapeTest, EqualForJobsThatDifferOnlyInWhatPlacementIgnores) {
  JobRequest a = Job(1, 4);
  JobRequest b = Job(2, 4);
  b.priority = 50;
  b.time_limit_s = 60;
  b.limits = {0};
  b.partitions = {1};
  EXPECT_EQ(ShapeOf(a), ShapeOf(b));
}

TEST(JobShapeTest, EachFieldPlacementReadsMakesADifference) {
  JobRequest base = Job(1, 4);
  base.gres = {GresRequest{"gpu", "", 1}};
  std::vector<JobRequest> changed(9, base);
  changed[0].ntasks = 5;
  changed[1].cpus_per_task = 2;
  changed[2].nodes_min = 1;
  changed[3].nodes_max = 2;
  changed[4].ntasks_per_node = 1;
  changed[5].mem_per_node_mb = 0;
  changed[6].mem_per_cpu_mb = 100;
  changed[7].exclusive = true;
  changed[8].gres[0].type = "a100";
  for (const JobRequest& job : changed) EXPECT_NE(ShapeOf(job), ShapeOf(base));
}

}  // namespace
}  // namespace bramble::sched
