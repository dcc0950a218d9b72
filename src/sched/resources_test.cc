// Schedule with the resources beyond CPUs and memory: GPUs (GRES), node
// features and --constraint, node weights, --exclusive and MaxNodes.
#include <gtest/gtest.h>

#include "sched/constraint.h"
#include "sched/gres.h"
#include "sched/scheduler.h"
#include "sched/test_cluster.h"

namespace bramble::sched {
namespace {

using testing::Cluster;
using testing::Job;
using testing::ReasonOf;
using testing::StartOf;

JobRequest GpuJob(uint32_t id, uint32_t gpus, std::string type = "") {
  JobRequest job = Job(id, 1);
  job.gres = {GresRequest{"gpu", std::move(type), gpus}};
  return job;
}

Snapshot GpuNode(uint32_t count) {
  Snapshot s = Cluster(1, 8);
  s.nodes[0].gres = {NodeGres{"gpu", "", count, 0}};
  return s;
}

TEST(GresTest, JobsGetDistinctDevicesLowestFirst) {
  Snapshot s = GpuNode(2);
  s.pending = {GpuJob(1, 1), GpuJob(2, 1), GpuJob(3, 1)};
  Decisions d = Schedule(s);
  ASSERT_TRUE(StartOf(d, 1) && StartOf(d, 2));
  EXPECT_EQ(StartOf(d, 1)->gres_per_node[0][0].mask, 1u);
  EXPECT_EQ(StartOf(d, 2)->gres_per_node[0][0].mask, 2u);
  EXPECT_EQ(ReasonOf(d, 3), "Resources");
}

// --gpus=3 -N2: placed as 2 per node, granted 2 + 1.
TEST(GresTest, AWholeJobCountIsGrantedExactlyOverItsNodes) {
  Snapshot s = Cluster(3, 8);
  for (Node& node : s.nodes) node.gres = {NodeGres{"gpu", "", 2, 0}};
  JobRequest job = Job(1, 3);
  job.nodes_min = 3;
  job.gres = {GresRequest{"gpu", "", 2, 4}};  // --gpus=4 over 3 nodes
  s.pending = {job};
  Decisions d = Schedule(s);
  auto start = StartOf(d, 1);
  ASSERT_TRUE(start);
  const Placement& p = *start;
  ASSERT_EQ(p.gres_per_node.size(), 3u);
  uint32_t total = 0;
  std::vector<uint32_t> counts;
  for (size_t i = 0; i < p.nodes.size(); ++i) {
    counts.push_back(GrantedCount(s.nodes[p.nodes[i]], p.gres_per_node[i], "gpu"));
    total += counts.back();
  }
  EXPECT_EQ(total, 4u);
  EXPECT_EQ(counts, (std::vector<uint32_t>{2, 1, 1}));
}

TEST(GresTest, SharesOfAWholeJobCountNeverExceedPerNode) {
  std::vector<GresRequest> requests = {GresRequest{"gpu", "", 2, 3}, GresRequest{"mps", "", 5}};
  auto per_node = [&](size_t index, size_t count, size_t which) {
    std::vector<GresRequest> shares = GresShares(requests, index, count);
    return shares[which].per_node;
  };
  EXPECT_EQ(per_node(0, 2, 0), 2u);
  EXPECT_EQ(per_node(1, 2, 0), 1u);
  EXPECT_EQ(per_node(1, 2, 1), 5u);  // per-node requests stay
  EXPECT_EQ(per_node(3, 4, 0), 0u);  // more nodes than devices
  requests[0].job_total = 9;         // never above per_node
  EXPECT_EQ(per_node(0, 2, 0), 2u);
}

TEST(GresTest, DevicesInUseAreSkipped) {
  Snapshot s = GpuNode(4);
  s.nodes[0].gres[0].used_mask = 0b0101;
  s.pending = {GpuJob(1, 2)};
  Decisions d = Schedule(s);
  ASSERT_TRUE(StartOf(d, 1));
  EXPECT_EQ(StartOf(d, 1)->gres_per_node[0][0].mask, 0b1010u);
}

TEST(GresTest, MoreDevicesThanANodeHasIsBadConstraints) {
  Snapshot s = GpuNode(2);
  s.pending = {GpuJob(1, 3)};
  EXPECT_EQ(ReasonOf(Schedule(s), 1), "BadConstraints");
  EXPECT_FALSE(CheckSatisfiable(s.pending[0], s).ok());
}

TEST(GresTest, NodesWithoutDevicesAreNotCandidates) {
  Snapshot s = Cluster(2, 8);
  s.nodes[1].gres = {NodeGres{"gpu", "", 1, 0}};
  s.pending = {GpuJob(1, 1)};
  Decisions d = Schedule(s);
  ASSERT_TRUE(StartOf(d, 1));
  EXPECT_EQ(StartOf(d, 1)->nodes, std::vector<int>{1});
}

TEST(GresTest, TypedRequestsTakeTheirTypeAndUntypedTakeAny) {
  Snapshot s = Cluster(1, 8);
  s.nodes[0].gres = {NodeGres{"gpu", "v100", 1, 0}, NodeGres{"gpu", "a100", 1, 0}};
  JobRequest both = Job(1, 1);
  both.gres = {GresRequest{"gpu", "", 1}, GresRequest{"gpu", "v100", 1}};
  s.pending = {both};
  Decisions d = Schedule(s);
  std::optional<Placement> p = StartOf(d, 1);
  ASSERT_TRUE(p);
  // The typed request is served first, so the untyped one takes the a100.
  const auto& grants = p->gres_per_node[0];
  ASSERT_EQ(grants.size(), 2u);
  EXPECT_EQ(grants[0].entry, 0);
  EXPECT_EQ(grants[1].entry, 1);
  s.pending = {GpuJob(2, 1, "h100")};
  EXPECT_EQ(ReasonOf(Schedule(s), 2), "BadConstraints");
}

TEST(GresTest, GpuRequestIsPerNode) {
  Snapshot s = Cluster(2, 2);
  for (Node& node : s.nodes) node.gres = {NodeGres{"gpu", "", 1, 0}};
  JobRequest job = GpuJob(1, 1);
  job.ntasks = 2;
  job.nodes_min = job.nodes_max = 2;
  s.pending = {job};
  Decisions d = Schedule(s);
  ASSERT_TRUE(StartOf(d, 1));
  EXPECT_EQ(StartOf(d, 1)->gres_per_node.size(), 2u);
}

TEST(ConstraintTest, ParsesAndOrWithAndBindingTighter) {
  auto parsed = ParseConstraint("intel&ib|amd");
  ASSERT_TRUE(parsed.has_value());
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0], (std::vector<std::string>{"intel", "ib"}));
  EXPECT_EQ((*parsed)[1], std::vector<std::string>{"amd"});
  EXPECT_TRUE(MatchesConstraint({"ib", "intel"}, *parsed));
  EXPECT_TRUE(MatchesConstraint({"amd"}, *parsed));
  EXPECT_FALSE(MatchesConstraint({"intel"}, *parsed));
  EXPECT_TRUE(MatchesConstraint({}, {}));
}

TEST(ConstraintTest, RefusesMalformedAndUnsupportedForms) {
  for (const char* text : {"&a", "a|", "a&&b", "[a|b]", "a*2", "a b"}) {
    auto parsed = ParseConstraint(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error().message(), "Invalid feature specification");
  }
}

TEST(ConstraintTest, JobsRunOnlyOnMatchingNodes) {
  Snapshot s = Cluster(3, 4);
  s.nodes[1].features = {"arm"};
  s.nodes[2].features = {"x86", "avx2"};
  JobRequest job = Job(1, 1);
  job.constraint = {{"x86", "avx2"}};
  JobRequest missing = Job(2, 1);
  missing.constraint = {{"riscv"}};
  s.pending = {job, missing};
  Decisions d = Schedule(s);
  ASSERT_TRUE(StartOf(d, 1));
  EXPECT_EQ(StartOf(d, 1)->nodes, std::vector<int>{2});
  EXPECT_EQ(ReasonOf(d, 2), "BadConstraints");
}

TEST(WeightTest, LowerWeightNodesAreUsedFirst) {
  Snapshot s = Cluster(3, 4);
  s.nodes[0].weight = 50;
  s.nodes[1].weight = 10;
  s.nodes[2].weight = 50;
  s.pending = {Job(1, 1), Job(2, 5)};
  Decisions d = Schedule(s);
  EXPECT_EQ(StartOf(d, 1)->nodes, std::vector<int>{1});
  // Job 2 takes the rest of node 1 first, then node 0 (equal weights keep
  // node-table order); nodes are listed in node-table order.
  EXPECT_EQ(StartOf(d, 2)->nodes, (std::vector<int>{0, 1}));
  EXPECT_EQ(StartOf(d, 2)->cpus_per_node, (std::vector<uint32_t>{2, 3}));
}

TEST(ExclusiveTest, TakesWholeIdleNodesOnly) {
  Snapshot s = Cluster(2, 4);
  s.nodes[0].alloc_cpus = 1;
  JobRequest job = Job(1, 1);
  job.exclusive = true;
  s.pending = {job, Job(2, 1)};
  Decisions d = Schedule(s);
  ASSERT_TRUE(StartOf(d, 1));
  EXPECT_EQ(StartOf(d, 1)->nodes, std::vector<int>{1});
  EXPECT_EQ(StartOf(d, 1)->cpus_per_node, std::vector<uint32_t>{4});
  ASSERT_TRUE(StartOf(d, 2));
  EXPECT_EQ(StartOf(d, 2)->nodes, std::vector<int>{0});  // node 1 is wholly taken
}

TEST(MaxNodesTest, JobAskingMoreNodesThanThePartitionAllowsWaits) {
  Snapshot s = Cluster(4, 1);
  s.partitions[0].max_nodes = 2;
  JobRequest wide = Job(1, 3);
  wide.nodes_min = 3;
  JobRequest spread = Job(2, 3);  // would need 3 one-CPU nodes: over MaxNodes
  s.pending = {wide, spread, Job(3, 2)};
  Decisions d = Schedule(s);
  EXPECT_EQ(ReasonOf(d, 1), "PartitionNodeLimit");
  EXPECT_EQ(ReasonOf(d, 2), "PartitionNodeLimit");
  EXPECT_TRUE(CheckSatisfiable(spread, s).ok());  // waits rather than being refused
  ASSERT_TRUE(StartOf(d, 3));
  EXPECT_EQ(StartOf(d, 3)->nodes.size(), 2u);
}

}  // namespace
}  // namespace bramble::sched
