// Tests for the device checks placement asks of every node it looks at:
// GresFree and GresPossible answer as TakeGres does, without its grants.
#include "sched/gres.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace bramble::sched {
namespace {

Node WithDevices(std::vector<NodeGres> gres) {
  Node node;
  node.gres = std::move(gres);
  return node;
}

TEST(GresChecksTest, PlainCases) {
  const std::vector<GresRequest> nothing, zero = {{"gpu", "", 0}}, one = {{"gpu", "", 1}};
  const std::vector<GresRequest> one_a100 = {{"gpu", "a100", 1}}, two_a100 = {{"gpu", "a100", 2}};
  const std::vector<GresRequest> four = {{"gpu", "", 4}};
  // Typed requests are served first, so the untyped two take the a100s.
  const std::vector<GresRequest> both = {{"gpu", "", 2}, {"gpu", "t4", 1}};
  Node none = WithDevices({});
  EXPECT_TRUE(GresFree(none, nothing));
  EXPECT_TRUE(GresFree(none, zero));
  EXPECT_FALSE(GresFree(none, one));
  EXPECT_FALSE(GresPossible(none, one));
  Node busy = WithDevices({NodeGres{"gpu", "a100", 2, 0b11}, NodeGres{"gpu", "t4", 1, 0}});
  EXPECT_TRUE(GresFree(busy, one));  // the t4
  EXPECT_FALSE(GresFree(busy, one_a100));
  EXPECT_TRUE(GresPossible(busy, two_a100));
  EXPECT_FALSE(GresPossible(busy, four));
  EXPECT_TRUE(GresPossible(busy, both));
  EXPECT_FALSE(GresFree(busy, both));
}

// Random nodes (more entries than the checks keep on the stack, too) and
// requests: the checks agree with TakeGres, on the node as it is and on the
// node with every device free.
TEST(GresChecksTest, AgreeWithTakeGres) {
  std::mt19937 rng(23);
  auto between = [&rng](int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); };
  const std::vector<std::string> names = {"gpu", "fpga"}, types = {"", "a100", "t4"};
  int free_yes = 0, free_no = 0;
  for (int round = 0; round < 20000; ++round) {
    Node node;
    for (int e = between(0, round % 10 == 0 ? 12 : 3); e > 0; --e) {
      uint32_t count = between(0, 4);
      uint64_t used = between(0, 15) & ((uint64_t{1} << count) - 1);
      node.gres.push_back(NodeGres{names[between(0, 1)], types[between(1, 2)], count, used});
    }
    std::vector<GresRequest> requests;
    for (int r = between(0, 2); r > 0; --r) {
      requests.push_back(GresRequest{names[between(0, 1)], types[between(0, 2)], static_cast<uint32_t>(between(0, 3))});
    }
    bool free = TakeGres(node, requests).has_value();
    ASSERT_EQ(GresFree(node, requests), free) << "round " << round;
    free ? ++free_yes : ++free_no;
    Node idle = node;
    for (NodeGres& g : idle.gres) g.used_mask = 0;
    ASSERT_EQ(GresPossible(node, requests), TakeGres(idle, requests).has_value()) << "round " << round;
  }
  EXPECT_GT(free_yes, 2000);
  EXPECT_GT(free_no, 2000);
}

}  // namespace
}  // namespace bramble::sched
