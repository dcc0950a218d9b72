// Tests for LayOutStep: hand examples of Slurm's step shapes and error
// texts, then thousands of random allocations and requests (fixed seed, so
// failures reproduce) checked against the contract and a brute-force
// oracle that tries every node subset.
#include "sched/step_layout.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace bramble::sched {
namespace {

using Counts = std::vector<uint32_t>;
using Names = std::vector<std::string>;

// A job of `cpus.size()` nodes named n1, n2, ...
JobAllocation Job(std::vector<uint32_t> cpus, int64_t mem_mb = 0) {
  JobAllocation job;
  job.job_id = 7;
  for (size_t i = 0; i < cpus.size(); ++i) job.nodes.push_back("n" + std::to_string(i + 1));
  job.cpus_per_node = std::move(cpus);
  job.mem_per_node_mb = mem_mb;
  return job;
}

StepRequest Tasks(uint32_t ntasks) {
  StepRequest r;
  r.ntasks = ntasks;
  return r;
}

StepRequest Shape(uint32_t nodes, uint32_t ntasks) {
  StepRequest r;
  r.nodes_min = nodes;
  r.ntasks = ntasks;
  return r;
}

std::string Error(const JobAllocation& job, const StepRequest& request) {
  Result<StepLayout> layout = LayOutStep(job, request);
  EXPECT_FALSE(layout.has_value());
  return layout ? "" : layout.error().message();
}

const char kTooMany[] = "Unable to create step for job 7: More processors requested than permitted";
const char kUnavailable[] = "Unable to create step for job 7: Requested node configuration is not available";

TEST(StepLayoutTest, FourTasksOnTwoNodesSpreadOverBoth) {
  // srun without -N takes min(ntasks, job nodes) nodes (srun_job.c).
  Result<StepLayout> layout = LayOutStep(Job({4, 4}), Tasks(4));
  ASSERT_TRUE(layout) << layout.error().message();
  EXPECT_EQ(layout->nodes, (Names{"n1", "n2"}));
  EXPECT_EQ(layout->tasks_per_node, (Counts{2, 2}));
  EXPECT_EQ(layout->cpus_per_node, (Counts{4, 4})) << "the job's CPUs: steps do not count";
  EXPECT_EQ(layout->ntasks, 4u);
  EXPECT_EQ(layout->cpus_per_task, 0u);
}

TEST(StepLayoutTest, OneTaskPerNodeWithEqualCounts) {
  Result<StepLayout> layout = LayOutStep(Job({4, 4}), Shape(2, 2));
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->tasks_per_node, (Counts{1, 1}));
}

TEST(StepLayoutTest, BlockDistributionDealsRoundRobinCounts) {
  Result<StepLayout> layout = LayOutStep(Job({4, 4}), Shape(2, 5));
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->tasks_per_node, (Counts{3, 2}));
  // A job placed 4,4,2 gets the same shape back for srun -n 10.
  layout = LayOutStep(Job({4, 4, 2}), Tasks(10));
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->tasks_per_node, (Counts{4, 4, 2}));
}

TEST(StepLayoutTest, NoOptionsRunOneTaskOnEachNode) {
  Result<StepLayout> layout = LayOutStep(Job({4, 4, 4}), StepRequest{});
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->nodes, (Names{"n1", "n2", "n3"}));
  EXPECT_EQ(layout->tasks_per_node, (Counts{1, 1, 1}));
}

TEST(StepLayoutTest, FewerTasksThanNodesTakeTheFirstNodes) {
  Result<StepLayout> layout = LayOutStep(Job({4, 4, 4, 4}), Tasks(1));
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->nodes, (Names{"n1"}));
  // MPICH Hydra: srun -N 2 -n 2 must land on the first two nodes.
  layout = LayOutStep(Job({4, 4, 4, 4}), Shape(2, 2));
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->nodes, (Names{"n1", "n2"}));
  EXPECT_EQ(layout->node_indices, (std::vector<int>{0, 1}));
}

TEST(StepLayoutTest, NodesOnlyGiveOneTaskEach) {
  StepRequest r;
  r.nodes_min = 2;
  Result<StepLayout> layout = LayOutStep(Job({4, 4, 4}), r);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->nodes, (Names{"n1", "n2"}));
  EXPECT_EQ(layout->ntasks, 2u);
}

TEST(StepLayoutTest, NodeRangeTakesItsMaximum) {
  StepRequest r;
  r.nodes_min = 2;
  r.nodes_max = 4;
  Result<StepLayout> layout = LayOutStep(Job({4, 4, 4, 4}), r);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->nodes.size(), 4u);
  r.ntasks = 3;
  layout = LayOutStep(Job({4, 4, 4, 4}), r);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->tasks_per_node, (Counts{1, 1, 1})) << "never more nodes than tasks";
}

TEST(StepLayoutTest, FewerTasksThanNodesLowerTheNodeCount) {
  Result<StepLayout> layout = LayOutStep(Job({4, 4, 4}), Shape(3, 2));
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->tasks_per_node, (Counts{1, 1}));
}

TEST(StepLayoutTest, TooManyTasksForTheCpus) {
  EXPECT_EQ(Error(Job({4, 4}), Tasks(9)), kTooMany);
  EXPECT_EQ(Error(Job({4, 4}), Shape(1, 5)), kTooMany);
  // salloc -n 2 (one node with 2 CPUs), then srun -n 3.
  EXPECT_EQ(Error(Job({2}), Tasks(3)), kTooMany);
}

TEST(StepLayoutTest, NtasksPerNodeIsAMaximum) {
  StepRequest r = Tasks(4);
  r.ntasks_per_node = 1;
  EXPECT_EQ(Error(Job({4, 4}), r), kUnavailable);
  r.ntasks_per_node = 2;
  Result<StepLayout> layout = LayOutStep(Job({4, 4}), r);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->tasks_per_node, (Counts{2, 2}));
}

TEST(StepLayoutTest, NtasksPerNodeWithoutNtasksSetsTheCount) {
  StepRequest r;
  r.nodes_min = 2;
  r.ntasks_per_node = 2;
  Result<StepLayout> layout = LayOutStep(Job({4, 4, 4}), r);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->tasks_per_node, (Counts{2, 2}));
  r.ntasks_per_node = 8;
  EXPECT_EQ(Error(Job({4, 4, 4}), r), kTooMany);
  // -N 1 --ntasks-per-node=2 skips a node too small for two tasks.
  r.nodes_min = 1;
  r.ntasks_per_node = 2;
  layout = LayOutStep(Job({1, 4}), r);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->nodes, (Names{"n2"}));
}

TEST(StepLayoutTest, CpusPerTaskWithoutNtasksFillsTheCpus) {
  StepRequest r;
  r.cpus_per_task = 2;
  Result<StepLayout> layout = LayOutStep(Job({4, 2}), r);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->tasks_per_node, (Counts{2, 1}));
  EXPECT_EQ(layout->cpus_per_task, 2u);
  r = Shape(2, 2);
  r.cpus_per_task = 3;
  EXPECT_EQ(Error(Job({4, 2}), r), kTooMany) << "n2 cannot hold one 3-CPU task";
}

TEST(StepLayoutTest, NodelistPicksThoseNodes) {
  StepRequest r;
  r.nodelist = {"n2"};
  Result<StepLayout> layout = LayOutStep(Job({4, 4, 4}), r);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->nodes, (Names{"n2"}));
  EXPECT_EQ(layout->ntasks, 1u);
  // -N 3 with one name adds the first other nodes, in the job's order.
  r.nodelist = {"n4"};
  r.nodes_min = 3;
  layout = LayOutStep(Job({4, 4, 4, 4}), r);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->nodes, (Names{"n1", "n2", "n4"}));
}

TEST(StepLayoutTest, OpenMpiOrtedLaunch) {
  // srun --ntasks-per-node=1 --mpi=none --nodes=3 --nodelist=n2,n3,n4 --ntasks=3 orted
  StepRequest r = Shape(3, 3);
  r.ntasks_per_node = 1;
  r.nodelist = {"n4", "n2", "n3"};
  Result<StepLayout> layout = LayOutStep(Job({4, 4, 4, 4}), r);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->nodes, (Names{"n2", "n3", "n4"}));
  EXPECT_EQ(layout->tasks_per_node, (Counts{1, 1, 1}));
}

TEST(StepLayoutTest, NodelistOutsideTheAllocation) {
  StepRequest r;
  r.nodelist = {"n9"};
  EXPECT_EQ(Error(Job({4, 4}), r), kUnavailable);
}

TEST(StepLayoutTest, ExcludeRemovesNodes) {
  StepRequest r;
  r.nodes_min = 2;
  r.exclude = {"n1", "elsewhere"};
  Result<StepLayout> layout = LayOutStep(Job({4, 4, 4}), r);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->nodes, (Names{"n2", "n3"}));
  r.nodelist = {"n1"};
  EXPECT_EQ(Error(Job({4, 4, 4}), r), "Requested node n1 is also in the excluded list.");
  r = StepRequest{};
  r.exclude = {"n1", "n2"};
  EXPECT_EQ(Error(Job({4, 4}), r), "Hostlist is empty!  Can't run job.");
}

TEST(StepLayoutTest, MoreNodesThanTheJobHas) {
  StepRequest r;
  r.nodes_min = 5;
  EXPECT_EQ(Error(Job({4, 4, 4, 4}), r), "Minimum node count > allocated node count (5 > 4)");
}

TEST(StepLayoutTest, UnevenNodesPreferOnesThatFit) {
  // slurmctld picks nodes with enough CPUs (_pick_step_nodes_cpus).
  Result<StepLayout> layout = LayOutStep(Job({1, 4}), Shape(1, 4));
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->nodes, (Names{"n2"}));
}

TEST(StepLayoutTest, Memory) {
  StepRequest r = Tasks(1);
  r.mem_mb = 2000;
  EXPECT_EQ(Error(Job({4}, 1000), r),
            "Unable to create step for job 7: Memory required by task is not available");
  Result<StepLayout> layout = LayOutStep(Job({4}, 4000), r);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->mem_per_node_mb, 2000);
  r.mem_mb = 0;  // all of the job's memory
  layout = LayOutStep(Job({4}, 4000), r);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->mem_per_node_mb, 4000);
}

TEST(StepLayoutTest, InvalidCounts) {
  EXPECT_EQ(Error(Job({}), Tasks(1)), "No nodes in allocation, can't run job");
  EXPECT_EQ(Error(Job({4}), Tasks(0)), "Unable to create step for job 7: Task count specification invalid");
  StepRequest r;
  r.cpus_per_task = 0;
  EXPECT_EQ(Error(Job({4}), r), "invalid number of cpus per task (-c 0)");
  r = StepRequest{};
  r.nodes_min = 3;
  r.nodes_max = 2;
  EXPECT_EQ(Error(Job({4, 4, 4}), r), "invalid number of nodes (-N 3-2)");
}

// ---------------------------------------------------------------------------
// Randomized: the contract, and success exactly when some node subset fits.

constexpr uint32_t kSeed = 20240607;
constexpr int kCases = 20000;

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  JobAllocation RandomJob() {
    std::vector<uint32_t> cpus;
    int count = Between(1, 7);
    for (int i = 0; i < count; ++i) cpus.push_back(OneOf<uint32_t>({1, 2, 3, 4, 4, 8}));
    return Job(cpus, Chance(0.3) ? 4000 : 0);
  }

  StepRequest RandomRequest(const JobAllocation& job) {
    StepRequest r;
    int n = static_cast<int>(job.nodes.size());
    if (Chance(0.6)) r.ntasks = Between(1, 20);
    if (Chance(0.4)) r.nodes_min = Between(1, n + 1);
    if (r.nodes_min && Chance(0.3)) r.nodes_max = *r.nodes_min + Between(0, 3);
    if (Chance(0.3)) r.cpus_per_task = Between(1, 5);
    if (Chance(0.25)) r.ntasks_per_node = Between(1, 4);
    for (int i = 0; i < n; ++i) {
      if (Chance(0.12)) r.nodelist.push_back(job.nodes[i]);
      if (Chance(0.12)) r.exclude.push_back(job.nodes[i]);
    }
    if (Chance(0.03)) r.nodelist.push_back("stranger");
    if (Chance(0.05)) r.exclude.push_back("stranger2");
    std::shuffle(r.nodelist.begin(), r.nodelist.end(), rng_);
    if (Chance(0.1)) r.mem_mb = OneOf<int64_t>({0, 1000, 8000});
    return r;
  }

 private:
  int Between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  template <typename T>
  T OneOf(const std::vector<T>& values) { return values[Between(0, values.size() - 1)]; }

  std::mt19937 rng_;
};

// The oracle's own reading of the rules: the node count srun settles on,
// then every subset of that size is tried.
struct Expectation {
  bool names_ok = true;
  size_t count = 0;           // 0: the count rules refuse
  std::vector<int> required;
  std::vector<bool> excluded;
};

Expectation Expect(const JobAllocation& job, const StepRequest& r) {
  Expectation e;
  size_t n = job.nodes.size();
  e.excluded.assign(n, false);
  std::set<std::string> wanted(r.nodelist.begin(), r.nodelist.end());
  for (size_t i = 0; i < n; ++i) {
    if (std::count(r.exclude.begin(), r.exclude.end(), job.nodes[i])) e.excluded[i] = true;
    if (wanted.erase(job.nodes[i])) e.required.push_back(static_cast<int>(i));
  }
  for (const std::string& x : r.exclude) {
    if (std::count(r.nodelist.begin(), r.nodelist.end(), x)) e.names_ok = false;
  }
  size_t available = std::count(e.excluded.begin(), e.excluded.end(), false);
  if (!wanted.empty() || available == 0) e.names_ok = false;
  if (!e.names_ok) return e;
  size_t min = r.nodes_min.value_or(0);
  if (!e.required.empty()) {
    min = std::max(min, e.required.size());
  } else if (!r.nodes_min) {
    min = r.ntasks ? std::min<size_t>(*r.ntasks, available) : available;
  }
  size_t max = r.nodes_max ? *r.nodes_max : min;
  if (max < min) return e;
  if (r.ntasks) {
    min = std::min<size_t>(min, *r.ntasks);
    max = std::min<size_t>(max, *r.ntasks);
    if (e.required.size() > min) e.required.resize(min);
  }
  if (min > available) return e;
  e.count = std::min(max, available);
  return e;
}

uint32_t Room(const JobAllocation& job, const StepRequest& r, int node) {
  uint32_t room = job.cpus_per_node[node] / r.cpus_per_task.value_or(1);
  return r.ntasks_per_node ? std::min(room, *r.ntasks_per_node) : room;
}

// The task count srun would use on these nodes.
uint64_t TaskCount(const JobAllocation& job, const StepRequest& r, const std::vector<int>& nodes) {
  if (r.ntasks) return *r.ntasks;
  if (r.ntasks_per_node) return uint64_t{*r.ntasks_per_node} * nodes.size();
  if (!r.cpus_per_task) return nodes.size();
  uint64_t total = 0;
  for (int i : nodes) total += job.cpus_per_node[i] / *r.cpus_per_task;
  return std::max<uint64_t>(total, nodes.size());
}

bool Fits(const JobAllocation& job, const StepRequest& r, const std::vector<int>& nodes) {
  uint64_t room = 0;
  for (int i : nodes) {
    if (Room(job, r, i) == 0) return false;
    room += Room(job, r, i);
  }
  return room >= TaskCount(job, r, nodes);
}

// Whether any allowed set of e.count nodes holds the step.
bool SomeSubsetFits(const JobAllocation& job, const StepRequest& r, const Expectation& e) {
  size_t n = job.nodes.size();
  for (uint32_t mask = 0; mask < (1u << n); ++mask) {
    std::vector<int> nodes;
    bool ok = true;
    for (size_t i = 0; i < n; ++i) {
      bool in = mask & (1u << i);
      bool required = std::count(e.required.begin(), e.required.end(), static_cast<int>(i)) > 0;
      if ((in && e.excluded[i]) || (required && !in)) ok = false;
      if (in) nodes.push_back(static_cast<int>(i));
    }
    if (ok && nodes.size() == e.count && Fits(job, r, nodes)) return true;
  }
  return false;
}

// The first e.count allowed nodes with room for a task, when no -w.
std::vector<int> FirstNodes(const JobAllocation& job, const StepRequest& r, const Expectation& e) {
  std::vector<int> nodes;
  for (size_t i = 0; i < job.nodes.size() && nodes.size() < e.count; ++i) {
    if (!e.excluded[i] && Room(job, r, static_cast<int>(i)) > 0) nodes.push_back(static_cast<int>(i));
  }
  return nodes;
}

void CheckLayout(const JobAllocation& job, const StepRequest& r, const Expectation& e,
                 const StepLayout& layout) {
  ASSERT_EQ(layout.nodes.size(), e.count);
  ASSERT_EQ(layout.tasks_per_node.size(), e.count);
  ASSERT_EQ(layout.cpus_per_node.size(), e.count);
  ASSERT_TRUE(std::is_sorted(layout.node_indices.begin(), layout.node_indices.end()));
  ASSERT_EQ(std::set<int>(layout.node_indices.begin(), layout.node_indices.end()).size(), e.count);
  uint64_t total = 0;
  for (size_t k = 0; k < e.count; ++k) {
    int i = layout.node_indices[k];
    ASSERT_GE(i, 0);
    ASSERT_LT(static_cast<size_t>(i), job.nodes.size());
    EXPECT_EQ(layout.nodes[k], job.nodes[i]);
    EXPECT_EQ(layout.cpus_per_node[k], job.cpus_per_node[i]);
    EXPECT_FALSE(e.excluded[i]);
    EXPECT_GE(layout.tasks_per_node[k], 1u);
    EXPECT_LE(uint64_t{layout.tasks_per_node[k]} * r.cpus_per_task.value_or(1), job.cpus_per_node[i]);
    if (r.ntasks_per_node) {
      EXPECT_LE(layout.tasks_per_node[k], *r.ntasks_per_node);
    }
    total += layout.tasks_per_node[k];
  }
  EXPECT_EQ(total, layout.ntasks);
  EXPECT_EQ(layout.ntasks, TaskCount(job, r, layout.node_indices));
  for (int i : e.required) {
    EXPECT_TRUE(std::count(layout.node_indices.begin(), layout.node_indices.end(), i)) << "-w node";
  }
  // Block distribution: a node has more tasks than an earlier one only when
  // the earlier one is full, and counts differ by more than one only then.
  for (size_t a = 0; a < e.count; ++a) {
    for (size_t b = 0; b < e.count; ++b) {
      uint32_t ta = layout.tasks_per_node[a], tb = layout.tasks_per_node[b];
      bool a_full = ta == Room(job, r, layout.node_indices[a]);
      if ((a < b && tb > ta) || tb > ta + 1) {
        EXPECT_TRUE(a_full) << a << " " << b;
      }
    }
  }
  // The first nodes, whenever they hold the step (what Hydra relies on).
  std::vector<int> first = FirstNodes(job, r, e);
  if (e.required.empty() && first.size() == e.count && Fits(job, r, first)) {
    EXPECT_EQ(layout.node_indices, first);
  }
}

TEST(StepLayoutPropertyTest, RandomRequestsKeepTheContract) {
  Generator gen(kSeed);
  int laid_out = 0;
  for (int c = 0; c < kCases; ++c) {
    JobAllocation job = gen.RandomJob();
    StepRequest r = gen.RandomRequest(job);
    Result<StepLayout> layout = LayOutStep(job, r);
    Expectation e = Expect(job, r);
    bool memory_ok = !r.mem_mb || job.mem_per_node_mb == 0 || *r.mem_mb <= job.mem_per_node_mb;
    bool possible = memory_ok && e.names_ok && e.count > 0 && SomeSubsetFits(job, r, e);
    SCOPED_TRACE("case " + std::to_string(c));
    ASSERT_EQ(layout.has_value(), possible) << (layout ? "laid out" : layout.error().message());
    if (layout) {
      ++laid_out;
      CheckLayout(job, r, e, *layout);
      if (::testing::Test::HasFailure()) return;
    } else {
      EXPECT_EQ(layout.error().code(), Code::kInvalidArgument);
      EXPECT_FALSE(layout.error().message().empty());
    }
  }
  // The generator must exercise both outcomes.
  EXPECT_GT(laid_out, kCases / 4);
  EXPECT_LT(laid_out, kCases * 9 / 10);
}

}  // namespace
}  // namespace bramble::sched
