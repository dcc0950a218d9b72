// Tests for LargestSum against sorting what was seen.
#include "sched/largest_sum.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <vector>

namespace bramble::sched {
namespace {

TEST(LargestSumTest, KeepsTheLargest) {
  LargestSum largest(2);
  EXPECT_EQ(largest.sum(), 0);
  EXPECT_FALSE(largest.full());
  largest.Add(3);
  EXPECT_EQ(largest.sum(), 3);  // fewer than two: all of them
  largest.Add(1);
  EXPECT_TRUE(largest.full());
  EXPECT_EQ(largest.sum(), 4);
  largest.Add(5);
  EXPECT_EQ(largest.sum(), 8);
  largest.Add(2);
  EXPECT_EQ(largest.sum(), 8);
  largest.Reset(1);
  EXPECT_EQ(largest.sum(), 0);
  largest.Add(7);
  largest.Add(9);
  EXPECT_EQ(largest.sum(), 9);
}

TEST(LargestSumTest, CountZeroSumsNothing) {
  LargestSum largest(0);
  largest.Add(5);
  EXPECT_EQ(largest.sum(), 0);
  EXPECT_TRUE(largest.full());
}

TEST(LargestSumTest, MatchesSortingOnRandomValues) {
  std::mt19937 rng(29);
  auto between = [&rng](int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); };
  for (int round = 0; round < 2000; ++round) {
    uint64_t count = between(0, 6);
    LargestSum largest(count);
    std::vector<int64_t> seen;
    for (int k = between(0, 30); k > 0; --k) {
      seen.push_back(between(-3, 20));
      largest.Add(seen.back());
      std::vector<int64_t> sorted = seen;
      std::sort(sorted.begin(), sorted.end(), std::greater<>());
      int64_t expected = 0;
      for (size_t i = 0; i < sorted.size() && i < count; ++i) expected += sorted[i];
      ASSERT_EQ(largest.sum(), expected) << "round " << round;
      ASSERT_EQ(largest.full(), seen.size() >= count) << "round " << round;
    }
  }
}

}  // namespace
}  // namespace bramble::sched
