// Tests for UsageCheckpoints: usage at a few moments, kept current as
// changes come, against summing the changes.
#include "sched/usage_checkpoints.h"

#include <gtest/gtest.h>

#include <random>
#include <tuple>
#include <vector>

namespace bramble::sched {
namespace {

TEST(UsageCheckpointsTest, FindsTheLatestAtOrBefore) {
  UsageCheckpoints checkpoints;
  EXPECT_EQ(checkpoints.AtOrBefore(100), nullptr);
  checkpoints.Append(10, {1, 2});
  checkpoints.Append(20, {3, 4});
  EXPECT_EQ(checkpoints.AtOrBefore(9), nullptr);
  EXPECT_EQ(checkpoints.AtOrBefore(10)->time, 10);
  EXPECT_EQ(checkpoints.AtOrBefore(19)->time, 10);
  EXPECT_EQ(checkpoints.AtOrBefore(25)->time, 20);
  EXPECT_EQ(checkpoints.size(), 2u);
}

TEST(UsageCheckpointsTest, ChangesCountFromTheirTimeOn) {
  UsageCheckpoints checkpoints;
  checkpoints.Append(10, {0, 0});
  checkpoints.Append(20, {0, 0});
  checkpoints.Change(1, 15, 3);    // after the first checkpoint
  checkpoints.Change(0, 10, -2);   // at the first
  checkpoints.ChangeNow(1, 1);     // in use now: everywhere
  EXPECT_EQ(checkpoints.AtOrBefore(10)->cpus, (std::vector<int64_t>{-2, 1}));
  EXPECT_EQ(checkpoints.AtOrBefore(20)->cpus, (std::vector<int64_t>{-2, 4}));
  checkpoints.Clear();
  EXPECT_EQ(checkpoints.AtOrBefore(20), nullptr);
}

// Random changes before and after checkpoints were laid: every checkpoint
// holds what now's usage plus the changes up to its time add up to.
TEST(UsageCheckpointsTest, RandomChangesMatchTheirSums) {
  std::mt19937 rng(11);
  auto between = [&rng](int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); };
  for (int round = 0; round < 200; ++round) {
    int nodes = between(1, 6);
    std::vector<int64_t> now(nodes);
    for (int64_t& cpus : now) cpus = between(0, 8);
    std::vector<std::tuple<int, int64_t, int64_t>> changes;  // node, time, cpus
    UsageCheckpoints checkpoints;
    std::vector<int64_t> times;
    int64_t time = 0;
    for (int k = 0, count = between(0, 5); k < count; ++k) times.push_back(time += between(1, 10));
    auto expected = [&](int64_t at) {
      std::vector<int64_t> cpus = now;
      for (auto [n, t, c] : changes) {
        if (t <= at) cpus[n] += c;
      }
      return cpus;
    };
    for (int64_t t : times) checkpoints.Append(t, expected(t));
    for (int k = 0; k < 20; ++k) {
      int n = between(0, nodes - 1);
      int64_t cpus = between(-4, 4);
      if (between(0, 3) == 0) {
        now[n] += cpus;
        checkpoints.ChangeNow(n, cpus);
      } else {
        int64_t at = between(1, 60);
        changes.emplace_back(n, at, cpus);
        checkpoints.Change(n, at, cpus);
      }
      for (int64_t t : times) ASSERT_EQ(checkpoints.AtOrBefore(t)->cpus, expected(t)) << "round " << round;
    }
  }
}

}  // namespace
}  // namespace bramble::sched
