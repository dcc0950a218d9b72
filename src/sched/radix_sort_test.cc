// Tests for RadixSort and PriorityOrder, which uses it, against
// std::stable_sort with the comparisons spelled out.
#include "sched/radix_sort.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "sched/priority_order.h"
#include "sched/test_cluster.h"

namespace bramble::sched {
namespace {

std::vector<uint32_t> Indices(const std::vector<SortKey>& keys) {
  std::vector<uint32_t> out;
  for (const SortKey& key : keys) out.push_back(key.index);
  return out;
}

TEST(RadixSortTest, SortsByTheLastWordFirstAndKeepsTies) {
  std::vector<SortKey> keys = {
      {{5, 0, 1}, 0}, {{3, 0, 0}, 1}, {{4, 9, 0}, 2}, {{3, 0, 0}, 3}, {{0x10000, 0, 0}, 4}};
  RadixSort(keys);
  EXPECT_EQ(Indices(keys), (std::vector<uint32_t>{1, 3, 4, 2, 0}));
}

TEST(RadixSortTest, EmptyAndSingleAreFine) {
  std::vector<SortKey> none;
  RadixSort(none);
  EXPECT_TRUE(none.empty());
  std::vector<SortKey> one = {{{7, 7, 7}, 3}};
  RadixSort(one);
  EXPECT_EQ(one[0].index, 3u);
}

// Random keys, with narrow ranges so that ties and shared bytes abound.
TEST(RadixSortTest, MatchesStableSortOnRandomKeys) {
  std::mt19937 rng(3);
  for (int round = 0; round < 500; ++round) {
    uint32_t range = std::vector<uint32_t>{1, 3, 300, 70000, ~0u}[round % 5];
    std::uniform_int_distribution<uint32_t> word(0, range);
    std::vector<SortKey> keys(std::uniform_int_distribution<int>(0, 200)(rng));
    for (size_t i = 0; i < keys.size(); ++i) keys[i] = {{word(rng), word(rng), word(rng)}, static_cast<uint32_t>(i)};
    std::vector<SortKey> expected = keys;
    std::stable_sort(expected.begin(), expected.end(), [](const SortKey& a, const SortKey& b) {
      if (a.words[2] != b.words[2]) return a.words[2] < b.words[2];
      if (a.words[1] != b.words[1]) return a.words[1] < b.words[1];
      return a.words[0] < b.words[0];
    });
    RadixSort(keys);
    ASSERT_EQ(Indices(keys), Indices(expected)) << "round " << round;
  }
}

TEST(PriorityOrderTest, TierThenPriorityThenIdThenSnapshotOrder) {
  Snapshot s = testing::Cluster(1, 1);
  s.partitions.push_back(s.partitions[0]);
  s.partitions[1].priority_tier = 2;
  auto job = [](uint32_t id, uint32_t priority, std::vector<int> partitions) {
    JobRequest j = testing::Job(id, 1);
    j.priority = priority;
    j.partitions = std::move(partitions);
    return j;
  };
  s.pending = {job(5, 10, {0}), job(4, 10, {0}), job(9, 1, {0, 1}), job(1, 99, {0}),
               job(4, 10, {0}), job(2, 10, {7})};  // 7: no such partition, tier 0
  EXPECT_EQ(PriorityOrder(s), (std::vector<size_t>{2, 3, 1, 4, 0, 5}));
}

TEST(PriorityOrderTest, MatchesStableSortOnRandomQueues) {
  std::mt19937 rng(5);
  auto between = [&rng](int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); };
  for (int round = 0; round < 300; ++round) {
    Snapshot s = testing::Cluster(1, 1);
    s.partitions.resize(3, s.partitions[0]);
    for (Partition& partition : s.partitions) partition.priority_tier = between(0, 2);
    for (int j = 0, count = between(0, 60); j < count; ++j) {
      JobRequest job = testing::Job(between(1, 20), 1);
      job.priority = between(0, 3) == 0 ? 0xffffffffu : between(0, 5);
      job.partitions = {between(0, 3)};
      if (between(0, 2) == 0) job.partitions.push_back(between(0, 2));
      s.pending.push_back(job);
    }
    auto tier = [&](const JobRequest& job) {
      uint32_t best = 0;
      for (int p : job.partitions) {
        if (p < static_cast<int>(s.partitions.size())) best = std::max(best, s.partitions[p].priority_tier);
      }
      return best;
    };
    std::vector<size_t> expected(s.pending.size());
    for (size_t i = 0; i < expected.size(); ++i) expected[i] = i;
    std::stable_sort(expected.begin(), expected.end(), [&](size_t a, size_t b) {
      const JobRequest& x = s.pending[a];
      const JobRequest& y = s.pending[b];
      if (tier(x) != tier(y)) return tier(x) > tier(y);
      if (x.priority != y.priority) return x.priority > y.priority;
      return x.job_id < y.job_id;
    });
    ASSERT_EQ(PriorityOrder(s), expected) << "round " << round;
  }
}

}  // namespace
}  // namespace bramble::sched
