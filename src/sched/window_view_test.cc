// Tests for WindowView: a node read through it is the node patched with its
// peak usage over the window, as Timeline::Patch makes it; nodes not read
// are left alone, and the table comes back as it was.
#include "sched/window_view.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <vector>

#include "sched/placement.h"
#include "sched/test_cluster.h"

namespace bramble::sched {
namespace {

constexpr int64_t kNow = 1'000'000'000;

bool SameUse(const Node& a, const Node& b) {
  if (a.alloc_cpus != b.alloc_cpus || a.alloc_memory_mb != b.alloc_memory_mb) return false;
  for (size_t e = 0; e < a.gres.size(); ++e) {
    if (a.gres[e].used_mask != b.gres[e].used_mask) return false;
  }
  return true;
}

// A random cluster with running jobs and bookings, and its timeline.
struct Case {
  Snapshot snapshot;
  std::vector<Node> view;  // the node table of now, starts included
  std::unique_ptr<Timeline> timeline;
};

Case RandomCase(std::mt19937& rng) {
  auto between = [&rng](int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); };
  Case c;
  Snapshot& s = c.snapshot;
  s = testing::Cluster(between(1, 6), 8, 8000);
  s.now = kNow;
  for (size_t n = 0; n < s.nodes.size(); ++n) {
    Node& node = s.nodes[n];
    if (between(0, 2) == 0) node.gres = {NodeGres{"gpu", "", 4, 0}};
    for (int j = between(0, 3); j > 0; --j) {
      uint32_t cpus = between(1, 3);
      if (node.alloc_cpus + cpus > node.cpus) break;
      RunningJob job;
      job.job_id = static_cast<uint32_t>(s.running.size() + 1);
      job.nodes = {static_cast<int>(n)};
      job.cpus_per_node = {cpus};
      job.mem_per_node_mb = between(0, 2) * 1000;
      job.gres_per_node = {{}};
      uint64_t unused = node.gres.empty() ? 0 : 0b1111 & ~node.gres[0].used_mask;
      if (unused != 0 && between(0, 1) == 0) {
        uint64_t bit = unused & (~unused + 1);
        node.gres[0].used_mask |= bit;
        job.gres_per_node[0].push_back(GresGrant{0, bit});
      }
      job.end_time = kNow + between(1, 100);
      node.alloc_cpus += cpus;
      node.alloc_memory_mb += job.mem_per_node_mb;
      s.running.push_back(job);
    }
  }
  c.view = s.nodes;
  c.timeline = std::make_unique<Timeline>(s.nodes, s.running, kNow, 1);
  for (int b = between(0, 6); b > 0; --b) {
    Placement booking;
    int n = between(0, static_cast<int>(s.nodes.size()) - 1);
    booking.nodes = {n};
    booking.cpus_per_node = {static_cast<uint32_t>(between(1, 4))};
    booking.mem_per_node_mb = between(0, 3) * 1000;
    booking.gres_per_node = {{}};
    int64_t start = between(0, 2) == 0 ? kNow : kNow + between(1, 100);
    if (start == kNow) {
      ApplyPlacement(booking, c.view);  // a start: the table of now has it
    } else if (!c.view[n].gres.empty() && between(0, 1) == 0) {
      booking.gres_per_node[0].push_back(GresGrant{0, 1});
    }
    c.timeline->Book(booking, c.view, start, start + between(1, 100));
  }
  return c;
}

TEST(WindowViewTest, ReadsArePatchedNodesAndTheTableComesBack) {
  std::mt19937 rng(17);
  auto between = [&rng](int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); };
  int changed = 0;
  for (int round = 0; round < 2000; ++round) {
    Case c = RandomCase(rng);
    const Timeline& timeline = *c.timeline;
    int64_t start = between(0, 3) == 0 ? kNow : kNow + between(1, 150);
    int64_t end = start + between(1, 150);
    std::vector<Node> eager = c.view;
    for (size_t n = 0; n < eager.size(); ++n) {
      Timeline::Saved saved;
      timeline.Patch(static_cast<int>(n), start, end, eager, saved);
    }
    const std::vector<Node> before = c.view;
    {
      WindowView window(timeline, start, end, c.view);
      bool differs = false;
      for (int k = between(0, 8); k > 0; --k) {
        int n = between(0, static_cast<int>(c.view.size()) - 1);
        ASSERT_TRUE(SameUse(window[n], eager[n])) << "round " << round;
        differs = differs || !SameUse(eager[n], before[n]);
      }
      ASSERT_EQ(window.Changed(), differs) << "round " << round;
      changed += differs;
      // Placement through the view sees what it sees on the patched table.
      JobRequest job = testing::Job(1, between(1, 12));
      if (between(0, 1) == 0) job.gres = {GresRequest{"gpu", "", 1}};
      std::optional<Placement> lazy = PlaceJob(job, c.snapshot.partitions[0], window);
      std::optional<Placement> direct = PlaceJob(job, c.snapshot.partitions[0], eager);
      ASSERT_EQ(lazy.has_value(), direct.has_value()) << "round " << round;
      if (lazy) {
        ASSERT_EQ(lazy->nodes, direct->nodes);
        ASSERT_EQ(lazy->cpus_per_node, direct->cpus_per_node);
      }
    }
    for (size_t n = 0; n < before.size(); ++n) ASSERT_TRUE(SameUse(c.view[n], before[n])) << "round " << round;
  }
  EXPECT_GT(changed, 200);
}

TEST(WindowViewTest, FixedLeavesTheNodeUnpatched) {
  Snapshot s = testing::Cluster(1, 4);
  s.now = kNow;
  Timeline timeline(s.nodes, {}, kNow, 1);
  Placement booking;
  booking.nodes = {0};
  booking.cpus_per_node = {3};
  booking.gres_per_node = {{}};
  timeline.Book(booking, s.nodes, kNow + 10, kNow + 20);
  WindowView window(timeline, kNow, kNow + 15, s.nodes);
  EXPECT_EQ(window.Fixed(0).alloc_cpus, 0u);
  EXPECT_FALSE(window.Changed());
  EXPECT_EQ(window[0].alloc_cpus, 3u);
  EXPECT_TRUE(window.Changed());
  EXPECT_EQ(window.size(), 1u);
}

}  // namespace
}  // namespace bramble::sched
