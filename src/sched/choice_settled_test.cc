// Tests for ChoiceSettled: once it says the choice is settled, no later
// candidates can change ChooseAndDistribute's answer.
#include "sched/choice_settled.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <vector>

#include "sched/node_choice.h"
#include "sched/test_cluster.h"

namespace bramble::sched {
namespace {

using testing::Job;

// How many candidates (in order) ChoiceSettled needs before it settles, or
// nullopt when it never does.
std::optional<size_t> SettledAfter(const JobRequest& job, const std::vector<Candidate>& candidates) {
  ChoiceSettled settled(job);
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (settled.Add(candidates[i].capacity)) return i + 1;
  }
  return std::nullopt;
}

std::vector<Candidate> Capacities(const std::vector<uint32_t>& capacities) {
  std::vector<Candidate> out;
  for (uint32_t c : capacities) out.push_back({static_cast<int>(out.size()), c, false});
  return out;
}

TEST(ChoiceSettledTest, BlockDistributionSettlesOnceTheJobIsHeld) {
  JobRequest job = Job(1, 10);
  EXPECT_EQ(SettledAfter(job, Capacities({4, 4, 4, 8})), 3u);
  EXPECT_EQ(SettledAfter(job, Capacities({4, 4})), std::nullopt);
}

TEST(ChoiceSettledTest, NodesMaxWaitsForTheFewestNodes) {
  JobRequest job = Job(1, 8);
  job.nodes_max = 1;  // four nodes of 2 hold it, but too many: only an 8 settles it
  EXPECT_EQ(SettledAfter(job, Capacities({2, 2, 2, 2, 8, 2})), 5u);
}

TEST(ChoiceSettledTest, NodesMinSettlesWhenThatManyHoldTheJob) {
  JobRequest job = Job(1, 8);
  job.nodes_min = job.nodes_max = 2;
  EXPECT_EQ(SettledAfter(job, Capacities({3, 4, 4, 8})), 3u);  // 4 + 4 from the first three
}

TEST(ChoiceSettledTest, NeverForJobsNamingNodes) {
  JobRequest job = Job(1, 1);
  job.required_nodes = {5};
  EXPECT_EQ(SettledAfter(job, Capacities({8, 8, 8})), std::nullopt);
}

TEST(ChoiceSettledTest, NodesThatAreNoCandidatesDoNotCount) {
  JobRequest job = Job(1, 2);
  ChoiceSettled settled(job);
  EXPECT_FALSE(settled.Add(0));
  EXPECT_FALSE(settled.Add(1));
  EXPECT_FALSE(settled.Add(0));
  EXPECT_TRUE(settled.Add(1));
}

// Random jobs and candidates: whatever follows the point where the choice
// settled, ChooseAndDistribute gives the same answer, which uses none of it.
TEST(ChoiceSettledTest, LaterCandidatesNeverChangeTheAnswer) {
  std::mt19937 rng(13);
  auto between = [&rng](int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); };
  int settled_cases = 0, answered = 0;
  for (int round = 0; round < 20000; ++round) {
    JobRequest job = Job(1, between(1, 20));
    if (between(0, 2) == 0) job.nodes_min = between(1, 4);
    if (between(0, 2) == 0) job.nodes_max = between(1, 5);
    if (between(0, 3) == 0) job.ntasks_per_node = between(1, 4);
    uint32_t cap = job.ntasks_per_node > 0 ? job.ntasks_per_node : 8;
    auto random_candidates = [&](size_t count) {
      std::vector<uint32_t> capacities;
      for (size_t i = 0; i < count; ++i) capacities.push_back(between(1, cap));
      return capacities;
    };
    std::vector<uint32_t> capacities = random_candidates(between(0, 12));
    std::optional<size_t> settled = SettledAfter(job, Capacities(capacities));
    if (!settled) continue;
    ++settled_cases;
    std::vector<uint32_t> prefix(capacities.begin(), capacities.begin() + *settled);
    std::optional<std::vector<uint32_t>> first = ChooseAndDistribute(Capacities(capacities), job);
    if (first) {
      ++answered;
      for (size_t i = *settled; i < first->size(); ++i) ASSERT_EQ((*first)[i], 0u) << "round " << round;
      first->resize(*settled);
    }
    for (int other = 0; other < 5; ++other) {
      std::vector<uint32_t> changed = prefix;
      for (uint32_t c : random_candidates(between(0, 8))) changed.push_back(c);
      std::optional<std::vector<uint32_t>> answer = ChooseAndDistribute(Capacities(changed), job);
      ASSERT_EQ(answer.has_value(), first.has_value()) << "round " << round;
      if (!answer) continue;
      for (size_t i = *settled; i < answer->size(); ++i) ASSERT_EQ((*answer)[i], 0u) << "round " << round;
      answer->resize(*settled);
      ASSERT_EQ(*answer, *first) << "round " << round;
    }
  }
  // The generator must reach the cases the class is about.
  EXPECT_GT(settled_cases, 5000);
  EXPECT_GT(answered, 3000);
}

}  // namespace
}  // namespace bramble::sched
