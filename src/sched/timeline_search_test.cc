// Tests for Timeline::Sweep, backfill's search, against a reference that
// works each moment out from scratch: the cluster's free CPUs over the
// window, then the nodes free at the moment. Clusters get enough moments for
// the search's checkpoints, and bookings come between searches, so that
// checkpoints are laid and then kept current.
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <random>
#include <set>
#include <vector>

#include "sched/test_cluster.h"
#include "sched/timeline.h"

namespace bramble::sched {
namespace {

constexpr int64_t kNow = 1'000'000'000;

struct Try {
  int64_t start, end;
  std::vector<int> nodes;
  bool operator==(const Try&) const = default;
};

// What the timeline was given, kept plainly.
class Reference {
 public:
  Reference(const std::vector<Node>& nodes, const std::vector<int>& position)
      : nodes_(nodes), position_(position), used_now_(nodes.size()) {
    for (size_t n = 0; n < nodes.size(); ++n) {
      used_now_[n] = nodes[n].alloc_cpus;
      if (nodes[n].usable) free_now_ += std::max<int64_t>(0, int64_t{nodes[n].cpus} - nodes[n].alloc_cpus);
    }
  }
  void Change(int n, int64_t time, int64_t cpus) { deltas_.push_back({n, time, cpus}); }
  // Free CPUs on the cluster after the k-th moment (0: the first after now).
  int64_t FreeAfterMoment(size_t k) const {
    std::set<int64_t> moments;
    for (const Delta& c : deltas_) moments.insert(c.time);
    if (moments.empty()) return free_now_;
    auto it = moments.begin();
    std::advance(it, std::min(k, moments.size() - 1));
    return ClusterFree(*it);
  }
  void ChangeNow(int n, int64_t cpus) {
    used_now_[n] += cpus;
    if (nodes_[n].usable) free_now_ -= cpus;
  }

  std::vector<Try> Sweep(int64_t until, const Timeline::Need& need, size_t stop_after) const {
    std::set<int64_t> moments;
    for (const Delta& c : deltas_) moments.insert(c.time);
    std::vector<Try> tries;
    for (int64_t t : moments) {
      if (t > until) break;
      int64_t end = t + need.duration;
      int64_t least = std::numeric_limits<int64_t>::max();
      for (int64_t m : moments) {
        if (m >= t && m < end) least = std::min(least, ClusterFree(m));
      }
      if (least < need.cpus) continue;
      std::vector<int> free;
      std::vector<int64_t> free_cpus;
      for (size_t n = 0; n < nodes_.size(); ++n) {
        int64_t spare = int64_t{nodes_[n].cpus} - Used(static_cast<int>(n), t);
        if (!nodes_[n].usable || position_[n] < 0 || spare < need.cpus_per_task) continue;
        free.push_back(static_cast<int>(n));
        free_cpus.push_back(spare);
      }
      std::sort(free.begin(), free.end(), [&](int a, int b) { return position_[a] < position_[b]; });
      std::sort(free_cpus.rbegin(), free_cpus.rend());
      int64_t best = 0;
      for (size_t k = 0; k < free_cpus.size() && k < need.max_nodes; ++k) best += free_cpus[k];
      if (best < need.cpus) continue;
      tries.push_back({t, end, free});
      if (tries.size() == stop_after) break;
    }
    return tries;
  }

 private:
  struct Delta {
    int node;
    int64_t time, cpus;
  };
  int64_t Used(int n, int64_t t) const {
    int64_t used = used_now_[n];
    for (const Delta& c : deltas_) {
      if (c.node == n && c.time <= t) used += c.cpus;
    }
    return used;
  }
  int64_t ClusterFree(int64_t t) const {
    int64_t free = free_now_;
    for (const Delta& c : deltas_) {
      if (c.time <= t && nodes_[c.node].usable) free -= c.cpus;
    }
    return free;
  }
  std::vector<Node> nodes_;
  std::vector<int> position_;
  std::vector<int64_t> used_now_;
  int64_t free_now_ = 0;
  std::vector<Delta> deltas_;
};

std::vector<Try> Search(const Timeline& timeline, int64_t until, const Timeline::Need& need,
                        const Timeline::Scope& scope, size_t stop_after) {
  std::vector<Try> tries;
  timeline.Sweep(until, need, scope, [&](int64_t start, int64_t end, const std::vector<int>& nodes) {
    tries.push_back({start, end, nodes});
    return tries.size() == stop_after;
  });
  return tries;
}

TEST(TimelineSearchTest, MatchesTheReferenceOnRandomClusters) {
  std::mt19937 rng(19);
  auto between = [&rng](int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); };
  size_t tried = 0, searches = 0;
  for (int round = 0; round < 300; ++round) {
    int count = between(1, 16);
    Snapshot s = testing::Cluster(count, 8);
    std::vector<RunningJob> running;
    for (int n = 0; n < count; ++n) {
      Node& node = s.nodes[n];
      node.cpus = between(1, 8);
      node.usable = between(0, 7) > 0;
      for (int j = between(0, 6); j > 0; --j) {
        uint32_t cpus = between(1, 3);
        RunningJob job;
        job.nodes = {n};
        job.cpus_per_node = {cpus};
        job.end_time = between(0, 9) == 0 ? kForever : kNow + between(1, 60);
        node.alloc_cpus += cpus;  // may pass the node's CPUs: the search must cope
        running.push_back(job);
      }
    }
    std::vector<int> position(count, -1);
    std::vector<int> order(count);
    for (int n = 0; n < count; ++n) order[n] = n;
    std::shuffle(order.begin(), order.end(), rng);
    for (int k = 0; k < count; ++k) {
      if (between(0, 5) > 0) position[order[k]] = k;
    }
    Timeline timeline(s.nodes, running, kNow, 1);
    Reference reference(s.nodes, position);
    for (const RunningJob& job : running) {
      if (job.end_time != kForever) reference.Change(job.nodes[0], job.end_time, -int64_t{job.cpus_per_node[0]});
    }
    Timeline::Scope scope = timeline.ScopeOf(position);
    std::vector<Node> view = s.nodes;
    for (int step = 0; step < 6; ++step) {
      // A search, stopped early or run through.
      Timeline::Need need;
      need.duration = between(1, 40);
      need.cpus_per_task = between(1, 3);
      need.cpus = need.cpus_per_task * between(1, 6);
      if (between(0, 1) == 0) {
        // What the cluster has free after a late moment: the first try
        // comes late, past the checkpoints.
        need.cpus_per_task = 1;
        need.cpus = std::max<int64_t>(1, reference.FreeAfterMoment(between(8, 60)));
      }
      need.max_nodes = between(1, 4);
      int64_t until = between(0, 4) == 0 ? kNow + between(1, 60) : kForever;
      size_t stop_after = between(0, 1) == 0 ? 1000 : between(1, 3);
      std::vector<Try> expected = reference.Sweep(until, need, stop_after);
      ASSERT_EQ(Search(timeline, until, need, scope, stop_after), expected)
          << "round " << round << " step " << step;
      tried += expected.size();
      ++searches;
      // Bookings between searches: starts now and reservations later.
      for (int b = between(1, 4); b > 0; --b) {
        int n = between(0, count - 1);
        Placement booking;
        booking.nodes = {n};
        booking.cpus_per_node = {static_cast<uint32_t>(between(1, 3))};
        booking.gres_per_node = {{}};
        int64_t start = between(0, 2) == 0 ? kNow : kNow + between(1, 60);
        int64_t end = between(0, 9) == 0 ? kForever : start + between(1, 60);
        int64_t cpus = booking.cpus_per_node[0];
        timeline.Book(booking, view, start, end);
        if (start == kNow) {
          view[n].alloc_cpus += booking.cpus_per_node[0];
          reference.ChangeNow(n, cpus);
        } else {
          reference.Change(n, start, cpus);
        }
        if (end != kForever) reference.Change(n, end, -cpus);
      }
    }
  }
  // The searches must try many moments, or the comparison proves little.
  EXPECT_GT(tried, 2000u);
  EXPECT_EQ(searches, 300u * 6);
}

}  // namespace
}  // namespace bramble::sched
