// Backfill through Schedule: reservations at the earliest start, and which
// lower-priority jobs may start before them.
#include <gtest/gtest.h>

#include "sched/scheduler.h"
#include "sched/test_cluster.h"

namespace bramble::sched {
namespace {

using testing::Cluster;
using testing::Job;
using testing::ReasonOf;
using testing::StartOf;

constexpr int64_t kNow = 1'000'000'020;  // a multiple of 60: no rounding at the start

// One node of `cpus` CPUs, `busy` of them held by job 100 until `end`.
Snapshot BusyNode(uint32_t cpus, uint32_t busy, int64_t end) {
  Snapshot s = Cluster(1, cpus);
  s.now = kNow;
  s.nodes[0].alloc_cpus = busy;
  RunningJob running;
  running.job_id = 100;
  running.nodes = {0};
  running.cpus_per_node = {busy};
  running.end_time = end;
  s.running = {running};
  return s;
}

JobRequest Timed(uint32_t id, uint32_t ntasks, int64_t limit_s, uint32_t priority) {
  JobRequest job = Job(id, ntasks);
  job.time_limit_s = limit_s;
  job.priority = priority;
  return job;
}

TEST(BackfillTest, WaitingJobGetsReservationAtTheRunningJobsEnd) {
  Snapshot s = BusyNode(4, 3, kNow + 600);
  s.pending = {Timed(1, 4, 3600, 10)};
  Decisions d = Schedule(s);
  ASSERT_EQ(d.reservations.count(1), 1u);
  EXPECT_EQ(d.reservations.at(1).start, kNow + 600);
  EXPECT_EQ(d.reservations.at(1).end, kNow + 600 + 3600);
  EXPECT_EQ(ReasonOf(d, 1), "Resources");
}

TEST(BackfillTest, ShortJobStartsBeforeTheReservation) {
  Snapshot s = BusyNode(4, 3, kNow + 600);
  s.pending = {Timed(1, 4, 3600, 10), Timed(2, 1, 600, 5)};
  Decisions d = Schedule(s);
  EXPECT_TRUE(StartOf(d, 2));
  EXPECT_EQ(d.reservations.at(1).start, kNow + 600);  // not delayed
}

TEST(BackfillTest, LongJobWaitsRatherThanDelayTheReservation) {
  Snapshot s = BusyNode(4, 3, kNow + 600);
  s.pending = {Timed(1, 4, 3600, 10), Timed(2, 1, 601, 5)};
  Decisions d = Schedule(s);
  EXPECT_FALSE(StartOf(d, 2));
  EXPECT_EQ(ReasonOf(d, 2), "Priority");  // it fits now, but on reserved CPUs
  EXPECT_EQ(d.reservations.at(1).start, kNow + 600);
}

TEST(BackfillTest, JobWithoutTimeLimitNeverBackfillsIntoAReservation) {
  Snapshot s = BusyNode(4, 3, kNow + 600);
  s.pending = {Timed(1, 4, 3600, 10), Timed(2, 1, -1, 5)};
  Decisions d = Schedule(s);
  EXPECT_FALSE(StartOf(d, 2));
}

TEST(BackfillTest, JobOffTheReservedNodesStartsWhateverItsLength) {
  Snapshot s = BusyNode(4, 3, kNow + 600);
  Snapshot two = Cluster(2, 4);
  s.nodes.push_back(two.nodes[1]);
  s.partitions[0].nodes = {0, 1};
  JobRequest pinned = Timed(1, 4, 3600, 10);
  pinned.required_nodes = {0};
  pinned.nodes_min = pinned.nodes_max = 1;
  s.pending = {pinned, Timed(2, 4, -1, 5)};
  Decisions d = Schedule(s);
  std::optional<Placement> p = StartOf(d, 2);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->nodes, std::vector<int>{1});
}

TEST(BackfillTest, HigherPriorityJobIsConsideredFirstWhateverTheOrderGiven) {
  Snapshot s = Cluster(1, 4);
  s.pending = {Timed(1, 4, 60, 1), Timed(2, 4, 60, 9)};
  Decisions d = Schedule(s);
  EXPECT_TRUE(StartOf(d, 2));
  EXPECT_FALSE(StartOf(d, 1));
}

TEST(BackfillTest, ReservationsStackInPriorityOrder) {
  Snapshot s = BusyNode(4, 4, kNow + 600);
  s.pending = {Timed(1, 4, 1200, 10), Timed(2, 4, 600, 9)};
  Decisions d = Schedule(s);
  EXPECT_EQ(d.reservations.at(1).start, kNow + 600);
  EXPECT_EQ(d.reservations.at(2).start, kNow + 1800);
}

TEST(BackfillTest, NoReservationBeyondTheWindow) {
  Snapshot s = BusyNode(4, 4, kNow + 7200);
  s.options.backfill_window_s = 3600;
  s.pending = {Timed(1, 4, 60, 10)};
  Decisions d = Schedule(s);
  EXPECT_EQ(d.reservations.count(1), 0u);
  EXPECT_EQ(ReasonOf(d, 1), "Resources");
}

TEST(BackfillTest, EndTimesAreRoundedUpToTheResolution) {
  Snapshot s = BusyNode(4, 4, kNow + 61);
  s.pending = {Timed(1, 4, 60, 10)};
  Decisions d = Schedule(s);
  EXPECT_EQ(d.reservations.at(1).start, kNow + 120);
}

TEST(BackfillTest, PartitionTimeLimitStandsInForAMissingJobLimit) {
  Snapshot s = BusyNode(4, 3, kNow + 600);
  s.partitions[0].max_time_s = 300;
  s.pending = {Timed(1, 4, 3600 / 12, 10), Timed(2, 1, -1, 5)};
  Decisions d = Schedule(s);
  EXPECT_TRUE(StartOf(d, 2));  // at most 300 s, ends before the reservation at +600
}

TEST(BackfillTest, StopsTryingAfterTheTestLimit) {
  Snapshot s = BusyNode(4, 4, kNow + 600);
  s.options.backfill_max_jobs = 2;
  s.pending = {Timed(1, 4, 60, 10), Timed(2, 4, 60, 9), Timed(3, 1, 60, 8)};
  Decisions d = Schedule(s);
  EXPECT_EQ(d.reservations.size(), 2u);
  EXPECT_EQ(ReasonOf(d, 3), "Priority");
  EXPECT_EQ(d.reservations.count(3), 0u);
}

TEST(BackfillTest, MemoryReservationsAreHonouredToo) {
  Snapshot s = BusyNode(8, 1, kNow + 600);
  s.nodes[0].memory_mb = 4000;
  s.nodes[0].alloc_memory_mb = 3000;
  s.running[0].mem_per_node_mb = 3000;
  JobRequest big = Timed(1, 1, 3600, 10);
  big.mem_per_node_mb = 4000;
  JobRequest small = Timed(2, 1, 3600, 5);
  small.mem_per_node_mb = 1000;
  s.pending = {big, small};
  Decisions d = Schedule(s);
  EXPECT_EQ(d.reservations.at(1).start, kNow + 600);
  EXPECT_FALSE(StartOf(d, 2));  // 1000 MB are free now, but needed at +600
}

}  // namespace
}  // namespace bramble::sched
