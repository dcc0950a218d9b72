// cpuset lists and the node's CPU slots.
#include "cgroup/cpu_list.h"

#include <gtest/gtest.h>

namespace bramble::cgroup {
namespace {

TEST(CpuListTest, ParsesRangesAndSingles) {
  EXPECT_EQ(ParseCpuList("0-3,6\n"), (std::vector<int>{0, 1, 2, 3, 6}));
  EXPECT_EQ(ParseCpuList("5"), (std::vector<int>{5}));
  EXPECT_EQ(ParseCpuList(""), (std::vector<int>{}));
  EXPECT_FALSE(ParseCpuList("3-1"));
  EXPECT_FALSE(ParseCpuList("a"));
  EXPECT_FALSE(ParseCpuList("1,,2"));
}

TEST(CpuListTest, FormatsRuns) {
  EXPECT_EQ(FormatCpuList({6, 0, 1, 2, 3, 3}), "0-3,6");
  EXPECT_EQ(FormatCpuList({1}), "1");
  EXPECT_EQ(FormatCpuList({}), "");
}

TEST(CpuSlotsTest, JobsGetDistinctCpusAndStepsShareTheirJobs) {
  CpuSlots slots(4, {0, 1, 2, 3});
  EXPECT_EQ(slots.Take(1, 2), "0-1");
  EXPECT_EQ(slots.Take(2, 1), "2");
  EXPECT_EQ(slots.Take(1, 2), "0-1");  // a step of job 1
  slots.Release(1);
  EXPECT_EQ(slots.Take(3, 3), "0-1,3");
}

TEST(CpuSlotsTest, MoreSlotsThanCpusWrapAround) {
  // A 4-CPU node of a one-machine cluster on a 2-CPU machine.
  CpuSlots slots(4, {0, 1});
  EXPECT_EQ(slots.Take(1, 1), "0");
  EXPECT_EQ(slots.Take(2, 1), "1");
  EXPECT_EQ(slots.Take(3, 1), "0");
  EXPECT_EQ(slots.Take(4, 2), "0-1");  // slot 3 (CPU 1), then every slot is taken: slot 0 (CPU 0)
}

// A restarted node daemon gives its running jobs their slots back, so a new
// job gets others, and a step of a kept job gets the job's own.
TEST(CpuSlotsTest, HeldSlotsSurviveARestart) {
  CpuSlots before(4, {0, 1, 2, 3});
  before.Take(7, 1);
  before.Take(8, 2);
  EXPECT_EQ(before.SlotsOf(8), (std::vector<uint32_t>{1, 2}));
  EXPECT_TRUE(before.SlotsOf(9).empty());
  CpuSlots after(4, {0, 1, 2, 3});
  after.Hold(8, before.SlotsOf(8));
  after.Hold(7, before.SlotsOf(7));
  EXPECT_EQ(after.Take(9, 1), "3");
  EXPECT_EQ(after.Take(8, 2), "1-2");
  after.Hold(10, {5, 9});  // beyond this node's 4 slots: nothing held
  EXPECT_TRUE(after.SlotsOf(10).empty());
}

TEST(CpuSlotsTest, TooFewFreeSlotsStillGivesCpus) {
  CpuSlots slots(2, {4, 5});
  EXPECT_EQ(slots.Take(1, 2), "4-5");
  EXPECT_EQ(slots.Take(2, 1), "4");
}

}  // namespace
}  // namespace bramble::cgroup
