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

TEST(CpuSlotsTest, TooFewFreeSlotsStillGivesCpus) {
  CpuSlots slots(2, {4, 5});
  EXPECT_EQ(slots.Take(1, 2), "4-5");
  EXPECT_EQ(slots.Take(2, 1), "4");
}

}  // namespace
}  // namespace bramble::cgroup
