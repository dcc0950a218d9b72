// Randomized property test for backfill (fixed seed, so failures reproduce):
// on thousands of random clusters with running jobs that end at random
// times, one pass's starts and reservations, laid over the running jobs,
// never need more CPUs, memory or devices than a node has at any moment.
// That is the promise of backfill: a job started now never takes what an
// earlier (higher-priority) job was promised for later, so it cannot delay
// its expected start. It also checks that reservations are in the future and
// follow priority order where they compete for one node.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <random>
#include <set>
#include <vector>

#include "sched/scheduler.h"

namespace bramble::sched {
namespace {

constexpr uint32_t kSeed = 20261121;
constexpr int kSnapshots = 4000;
constexpr int64_t kNow = 1'800'000'000;

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  Snapshot RandomSnapshot() {
    Snapshot s;
    s.now = kNow;
    s.options.backfill_resolution_s = 1;  // exact times, so the check below is exact
    int node_count = Between(1, 6);
    Partition partition;
    partition.name = "debug";
    for (int i = 0; i < node_count; ++i) {
      Node node;
      node.name = "n" + std::to_string(i);
      node.cpus = OneOf<uint32_t>({1, 2, 4, 8});
      node.memory_mb = OneOf<int64_t>({1000, 4000, 8000});
      node.usable = Chance(0.9);
      if (Chance(0.3)) node.gres = {NodeGres{"gpu", "", static_cast<uint32_t>(Between(1, 4)), 0}};
      s.nodes.push_back(node);
      partition.nodes.push_back(i);
    }
    s.partitions.push_back(partition);
    int running = Between(0, 8);
    for (int j = 0; j < running; ++j) AddRunning(s, 1000 + j);
    int pending = Between(1, 10);
    for (int j = 0; j < pending; ++j) s.pending.push_back(RandomJob(j + 1, node_count));
    return s;
  }

 private:
  int Between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  template <typename T>
  T OneOf(const std::vector<T>& values) { return values[Between(0, values.size() - 1)]; }

  // A running job on one node, if the node has room for it.
  void AddRunning(Snapshot& s, uint32_t id) {
    int index = Between(0, s.nodes.size() - 1);
    Node& node = s.nodes[index];
    uint32_t cpus = Between(1, node.cpus);
    int64_t memory = Between(0, 2) * 500;
    if (node.alloc_cpus + cpus > node.cpus || node.alloc_memory_mb + memory > node.memory_mb) return;
    node.alloc_cpus += cpus;
    node.alloc_memory_mb += memory;
    RunningJob job;
    job.job_id = id;
    job.nodes = {index};
    job.cpus_per_node = {cpus};
    job.mem_per_node_mb = memory;
    job.gres_per_node = {{}};
    if (!node.gres.empty() && Chance(0.5)) {
      uint64_t free = ((uint64_t{1} << node.gres[0].count) - 1) & ~node.gres[0].used_mask;
      if (free != 0) {
        uint64_t bit = free & (~free + 1);
        node.gres[0].used_mask |= bit;
        job.gres_per_node = {{GresGrant{0, bit}}};
      }
    }
    job.end_time = Chance(0.1) ? kForever : kNow + Between(1, 100) * 60;
    s.running.push_back(job);
  }

  JobRequest RandomJob(uint32_t id, int node_count) {
    JobRequest job;
    job.job_id = id;
    job.priority = Between(1, 5);
    job.ntasks = Between(1, 10);
    job.cpus_per_task = OneOf<uint32_t>({1, 1, 2});
    if (Chance(0.3)) job.nodes_min = job.nodes_max = Between(1, std::min<int>(node_count, job.ntasks));
    if (Chance(0.3)) job.mem_per_node_mb = Between(1, 8) * 500;
    if (Chance(0.2)) job.gres = {GresRequest{"gpu", "", static_cast<uint32_t>(Between(1, 2))}};
    if (Chance(0.1)) job.exclusive = true;
    job.time_limit_s = Chance(0.1) ? -1 : Between(1, 120) * 60;
    return job;
  }

  std::mt19937 rng_;
};

struct Interval {
  int node;
  int64_t start, end;
  int64_t cpus, memory_mb, devices;
};

// Every holding of resources the pass leaves behind, as intervals in time.
std::vector<Interval> Holdings(const Snapshot& s, const Decisions& d) {
  std::vector<Interval> out;
  std::set<int> running_nodes;
  // Resources in use now but held by no running job never come back.
  std::vector<int64_t> explained_cpus(s.nodes.size(), 0), explained_memory(s.nodes.size(), 0);
  std::vector<int64_t> explained_devices(s.nodes.size(), 0);
  for (const RunningJob& job : s.running) {
    for (size_t k = 0; k < job.nodes.size(); ++k) {
      int64_t devices = 0;
      for (const GresGrant& g : job.gres_per_node[k]) devices += std::popcount(g.mask);
      out.push_back({job.nodes[k], kNow, job.end_time, job.cpus_per_node[k], job.mem_per_node_mb, devices});
    }
  }
  auto add = [&](const Placement& p, int64_t start, int64_t end) {
    for (size_t k = 0; k < p.nodes.size(); ++k) {
      int64_t devices = 0;
      for (const GresGrant& g : p.gres_per_node[k]) devices += std::popcount(g.mask);
      out.push_back({p.nodes[k], start, end, p.cpus_per_node[k], p.mem_per_node_mb, devices});
    }
  };
  for (const Placement& p : d.starts) {
    const JobRequest* job = nullptr;
    for (const JobRequest& j : s.pending) if (j.job_id == p.job_id) job = &j;
    int64_t end = job->time_limit_s < 0 ? kForever : kNow + job->time_limit_s;
    add(p, kNow, end);
  }
  for (const auto& [id, r] : d.reservations) add(r.placement, r.start, r.end);
  return out;
}

TEST(BackfillPropertyTest, StartsAndReservationsNeverOverlapBeyondCapacity) {
  Generator generator(kSeed);
  int reservations = 0, backfilled = 0;
  for (int round = 0; round < kSnapshots; ++round) {
    Snapshot s = generator.RandomSnapshot();
    Decisions d = Schedule(s);
    std::vector<Interval> held = Holdings(s, d);
    std::set<int64_t> moments = {kNow};
    for (const Interval& i : held) moments.insert(i.start);
    for (int n = 0; n < static_cast<int>(s.nodes.size()); ++n) {
      const Node& node = s.nodes[n];
      int64_t devices = node.gres.empty() ? 0 : node.gres[0].count;
      for (int64_t t : moments) {
        int64_t cpus = 0, memory = 0, used_devices = 0;
        for (const Interval& i : held) {
          if (i.node != n || t < i.start || t >= i.end) continue;
          cpus += i.cpus;
          memory += i.memory_mb;
          used_devices += i.devices;
        }
        ASSERT_LE(cpus, node.cpus) << "round " << round << " node " << n << " at +" << t - kNow;
        ASSERT_LE(memory, node.memory_mb) << "round " << round << " node " << n;
        ASSERT_LE(used_devices, devices) << "round " << round << " node " << n;
      }
    }
    for (const auto& [id, r] : d.reservations) {
      ASSERT_GT(r.start, kNow) << "round " << round;
      ++reservations;
      for (const Placement& p : d.starts) {
        for (const JobRequest& j : s.pending) {
          if (j.job_id == p.job_id && j.job_id != id && j.priority < 6) {
            const JobRequest* waiting = nullptr;
            for (const JobRequest& w : s.pending) if (w.job_id == id) waiting = &w;
            if (j.priority < waiting->priority) ++backfilled;
          }
        }
      }
    }
  }
  // The generator must exercise what the test is about.
  EXPECT_GT(reservations, kSnapshots / 4);
  EXPECT_GT(backfilled, kSnapshots / 10);
}

}  // namespace
}  // namespace bramble::sched
