// Tests for IdleFit: fitting an idle cluster, and answers kept by shape
// never leaking between partitions, node limits or shapes.
#include "sched/idle_fit.h"

#include <gtest/gtest.h>

#include "sched/test_cluster.h"

namespace bramble::sched {
namespace {

using testing::Cluster;
using testing::Job;

TEST(IdleFitTest, WhatIsInUseNowDoesNotCount) {
  Snapshot s = Cluster(2, 4);
  s.nodes[0].alloc_cpus = 4;
  s.nodes[1].usable = false;
  IdleFit fit(s.nodes, s.partitions);
  EXPECT_TRUE(fit.Fits(Job(1, 8), {0}, true));
  EXPECT_FALSE(fit.Fits(Job(2, 9), {0}, true));
}

TEST(IdleFitTest, NodeLimitsAndPartitionsAreKeptApart) {
  Snapshot s = Cluster(4, 4);
  s.partitions.push_back(s.partitions[0]);
  s.partitions[0].max_nodes = 1;
  s.partitions[1].nodes = {0};
  IdleFit fit(s.nodes, s.partitions);
  JobRequest job = Job(1, 8);
  EXPECT_FALSE(fit.Fits(job, {0}, true));   // two nodes, one allowed
  EXPECT_TRUE(fit.Fits(job, {0}, false));   // fine without the limit
  EXPECT_FALSE(fit.Fits(job, {1}, false));  // one node only
  EXPECT_TRUE(fit.Fits(job, {1, 0}, false));
  EXPECT_FALSE(fit.Fits(job, {7}, false));  // no such partition
}

TEST(IdleFitTest, JobsNamingNodesAreAnsweredEachTime) {
  Snapshot s = Cluster(2, 4);
  IdleFit fit(s.nodes, s.partitions);
  JobRequest on_first = Job(1, 4);
  on_first.required_nodes = {0};
  JobRequest on_both = on_first;
  on_both.required_nodes = {0, 1};
  on_both.nodes_max = 1;
  EXPECT_TRUE(fit.Fits(on_first, {0}, true));
  EXPECT_FALSE(fit.Fits(on_both, {0}, true));  // same sizes, but two nodes named
}

}  // namespace
}  // namespace bramble::sched
