// Randomized property test for Schedule and CheckSatisfiable: thousands of
// random snapshots (fixed seed, so failures reproduce) checked against the
// contract and against a brute-force oracle that tries every node subset.
//
// The oracle says whether a job fits on a node table: some subset of the
// partition's usable, non-excluded nodes holding every required node, with a
// size in [max(nodes_min, 1), min(nodes_max, ntasks)], whose capacities add
// up to ntasks. With --mem-per-cpu one memory figure covers every node, so it
// also tries each cap `t` on tasks per node: nodes need memory for t tasks.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "sched/placement.h"
#include "sched/scheduler.h"

namespace bramble::sched {
namespace {

constexpr uint32_t kSeed = 20240521;
constexpr int kSnapshots = 10000;

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  Snapshot RandomSnapshot() {
    Snapshot s;
    s.options.backfill = false;  // this test checks the FIFO main loop; backfill has its own
    int node_count = Between(1, 8);
    for (int i = 0; i < node_count; ++i) s.nodes.push_back(RandomNode(i));
    int partition_count = Between(1, 3);
    for (int p = 0; p < partition_count; ++p) s.partitions.push_back(RandomPartition(node_count));
    int job_count = Between(0, 12);
    for (int j = 0; j < job_count; ++j) {
      s.pending.push_back(RandomJob(j + 1, node_count, partition_count));
    }
    return s;
  }

 private:
  int Between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  template <typename T>
  T OneOf(const std::vector<T>& values) { return values[Between(0, values.size() - 1)]; }

  Node RandomNode(int index) {
    Node node;
    node.name = "n" + std::to_string(index);
    node.cpus = OneOf<uint32_t>({1, 2, 4, 8, 16});
    node.memory_mb = OneOf<int64_t>({0, 1000, 4000, 16000, 16000, 32000});
    node.alloc_cpus = Chance(0.4) ? 0 : Between(0, node.cpus);
    node.alloc_memory_mb = Chance(0.5) ? 0 : Between(0, node.memory_mb);
    node.usable = Chance(0.85);
    return node;
  }

  Partition RandomPartition(int node_count) {
    Partition partition;
    for (int i = 0; i < node_count; ++i) {
      if (Chance(0.7)) partition.nodes.push_back(i);
    }
    partition.up = Chance(0.9);
    partition.max_time_s = Chance(0.7) ? -1 : Between(60, 3600);
    return partition;
  }

  std::vector<int> RandomIndices(int node_count, double chance) {
    std::vector<int> indices;
    if (!Chance(chance)) return indices;
    int count = Between(1, 2);
    for (int i = 0; i < count; ++i) indices.push_back(Between(0, node_count - 1));
    return indices;
  }

  void RandomMemory(JobRequest& job) {
    int kind = Between(0, 99);
    if (kind < 40) return;                                            // none
    if (kind < 60) job.mem_per_node_mb = Between(1, 12) * 500;        // --mem
    else if (kind < 75) job.mem_per_node_mb = 0;                      // --mem=0
    else job.mem_per_cpu_mb = OneOf<int64_t>({250, 500, 1000, 4000});  // --mem-per-cpu
  }

  JobRequest RandomJob(uint32_t id, int node_count, int partition_count) {
    JobRequest job;
    job.job_id = id;
    job.partitions = {Chance(0.02) ? partition_count : Between(0, partition_count - 1)};
    job.ntasks = Chance(0.6) ? Between(1, 4) : Between(1, Chance(0.75) ? 12 : 24);
    job.cpus_per_task = Chance(0.7) ? 1 : Between(1, 4);
    job.nodes_min = Chance(0.65) ? 0 : Between(1, 3);
    job.nodes_max = Chance(0.8) ? 0 : Between(1, 6);
    job.ntasks_per_node = Chance(0.7) ? 0 : Between(1, 4);
    RandomMemory(job);
    job.required_nodes = RandomIndices(node_count, 0.25);
    job.excluded_nodes = RandomIndices(node_count, 0.2);
    job.held = Chance(0.1);
    job.time_limit_s = Chance(0.6) ? -1 : Between(30, 7200);
    return job;
  }

  std::mt19937 rng_;
};

bool Contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

int64_t FreeMemory(const Node& n) { return n.memory_mb - n.alloc_memory_mb; }

// Tasks of `job` node `n` holds when no node may get more than `t` tasks.
uint32_t OracleCapacity(const JobRequest& job, const Node& n, uint32_t t) {
  uint32_t cap = std::min((n.cpus - n.alloc_cpus) / job.cpus_per_task, t);
  if (job.ntasks_per_node > 0) cap = std::min(cap, job.ntasks_per_node);
  if (job.mem_per_node_mb > 0 && FreeMemory(n) < job.mem_per_node_mb) return 0;
  if (job.mem_per_node_mb == 0 && n.alloc_memory_mb != 0) return 0;
  if (job.mem_per_node_mb < 0 && FreeMemory(n) < job.mem_per_cpu_mb * job.cpus_per_task * t) {
    return 0;
  }
  return cap;
}

// Whether the subset `mask` of `nodes` holds `job` with at most t tasks a node.
bool SubsetHolds(const JobRequest& job, const std::vector<int>& nodes, const Snapshot& s,
                 uint32_t mask, uint32_t t) {
  uint32_t count = 0, capacity = 0;
  for (size_t i = 0; i < nodes.size(); ++i) {
    bool in = mask & (1u << i);
    if (!in && Contains(job.required_nodes, nodes[i])) return false;
    if (!in) continue;
    uint32_t cap = OracleCapacity(job, s.nodes[nodes[i]], t);
    if (cap == 0) return false;
    ++count;
    capacity += cap;
  }
  uint32_t most = std::min(job.nodes_max > 0 ? job.nodes_max : 64u, job.ntasks);
  return count >= std::max(job.nodes_min, 1u) && count <= most && capacity >= job.ntasks;
}

// The oracle: whether `job` fits on the node table of `s` by brute force.
bool OracleFits(const JobRequest& job, const Snapshot& s) {
  const Partition& partition = s.partitions[job.partitions[0]];
  std::vector<int> nodes;
  for (int i : partition.nodes) {
    if (s.nodes[i].usable && !Contains(job.excluded_nodes, i)) nodes.push_back(i);
  }
  for (int r : job.required_nodes) {
    if (!Contains(nodes, r)) return false;
  }
  // Only --mem-per-cpu couples the nodes; otherwise 16 (the most CPUs a
  // generated node has) caps nothing.
  uint32_t first_t = job.mem_per_node_mb < 0 && job.mem_per_cpu_mb > 0 ? 1 : 16;
  for (uint32_t t = first_t; t <= 16; ++t) {
    for (uint32_t mask = 1; mask < (1u << nodes.size()); ++mask) {
      if (SubsetHolds(job, nodes, s, mask, t)) return true;
    }
  }
  return false;
}

// The node table of `s` with every node idle and usable.
Snapshot Idle(Snapshot s) {
  for (Node& n : s.nodes) {
    n.alloc_cpus = 0;
    n.alloc_memory_mb = 0;
    n.usable = true;
  }
  return s;
}

// Checks the shape of one start against its job and the nodes before it.
void CheckStart(const Placement& p, const JobRequest& job, const Snapshot& before) {
  SCOPED_TRACE("job " + std::to_string(job.job_id));
  ASSERT_FALSE(p.nodes.empty());
  ASSERT_EQ(p.cpus_per_node.size(), p.nodes.size());
  ASSERT_EQ(p.tasks_per_node.size(), p.nodes.size());
  EXPECT_FALSE(job.held);
  const Partition& partition = before.partitions[job.partitions[0]];
  EXPECT_TRUE(partition.up);
  uint32_t tasks = 0;
  for (size_t i = 0; i < p.nodes.size(); ++i) {
    int n = p.nodes[i];
    if (i > 0) {
      EXPECT_LT(p.nodes[i - 1], n);
    }
    EXPECT_TRUE(Contains(partition.nodes, n));
    EXPECT_FALSE(Contains(job.excluded_nodes, n));
    EXPECT_TRUE(before.nodes[n].usable);
    EXPECT_GE(p.tasks_per_node[i], 1u);
    if (job.ntasks_per_node > 0) {
      EXPECT_LE(p.tasks_per_node[i], job.ntasks_per_node);
    }
    EXPECT_EQ(p.cpus_per_node[i], p.tasks_per_node[i] * job.cpus_per_task);
    if (job.mem_per_node_mb > 0) {
      EXPECT_EQ(p.mem_per_node_mb, job.mem_per_node_mb);
    }
    if (job.mem_per_node_mb == 0) {
      EXPECT_EQ(before.nodes[n].alloc_memory_mb, 0);
    }
    if (job.mem_per_node_mb < 0) {
      EXPECT_GE(p.mem_per_node_mb, job.mem_per_cpu_mb * p.cpus_per_node[i]);
    }
    tasks += p.tasks_per_node[i];
  }
  for (int r : job.required_nodes) {
    EXPECT_TRUE(Contains(p.nodes, r));
  }
  EXPECT_EQ(tasks, job.ntasks);
  EXPECT_GE(p.nodes.size(), std::max(job.nodes_min, 1u));
  if (job.nodes_max > 0) {
    EXPECT_LE(p.nodes.size(), job.nodes_max);
  }
}

// Block distribution as the contract states it, for jobs with no node
// constraints: in partition order, each node filled as far as it goes.
void CheckBlockShape(const Placement& p, const JobRequest& job, const Snapshot& before) {
  if (job.nodes_min || job.nodes_max || !job.required_nodes.empty() || job.mem_per_cpu_mb) return;
  std::vector<int> nodes;
  std::vector<uint32_t> tasks;
  uint32_t left = job.ntasks;
  for (int n : before.partitions[job.partitions[0]].nodes) {
    if (left == 0 || !before.nodes[n].usable || Contains(job.excluded_nodes, n)) continue;
    uint32_t take = std::min(left, OracleCapacity(job, before.nodes[n], 64));
    if (take == 0) continue;
    nodes.push_back(n);
    tasks.push_back(take);
    left -= take;
  }
  EXPECT_EQ(p.nodes, nodes) << "job " << job.job_id;
  EXPECT_EQ(p.tasks_per_node, tasks) << "job " << job.job_id;
}

// With nodes_min, counts differ by more than one only next to a full node.
void CheckEvenShape(const Placement& p, const JobRequest& job, const Snapshot& before) {
  if (job.nodes_min == 0 || job.mem_per_cpu_mb) return;
  for (size_t i = 0; i < p.nodes.size(); ++i) {
    for (size_t j = 0; j < p.nodes.size(); ++j) {
      if (p.tasks_per_node[i] <= p.tasks_per_node[j] + 1) continue;
      EXPECT_EQ(p.tasks_per_node[j], OracleCapacity(job, before.nodes[p.nodes[j]], 64))
          << "job " << job.job_id << " could take more tasks on node " << p.nodes[j];
    }
  }
}

// Checks the reason of a job that did not start, given the node table at its
// turn and whether an earlier job of its partition waits for resources.
void CheckReason(const std::string& reason, const JobRequest& job, const Snapshot& now,
                 bool partition_blocked) {
  SCOPED_TRACE("job " + std::to_string(job.job_id) + " reason " + reason);
  static const std::set<std::string> kKnown = {
      "JobHeldUser", "PartitionDown", "PartitionTimeLimit", "ReqNodeNotAvail",
      "Priority",    "Resources",     "BadConstraints"};
  ASSERT_TRUE(kKnown.count(reason));
  bool valid_partition = job.partitions[0] < static_cast<int>(now.partitions.size());
  if (job.held) {
    EXPECT_EQ(reason, "JobHeldUser");
  }
  if (reason == "PartitionDown") {
    EXPECT_FALSE(now.partitions[job.partitions[0]].up);
  }
  if (reason == "PartitionTimeLimit") {
    EXPECT_GT(job.time_limit_s, now.partitions[job.partitions[0]].max_time_s);
    EXPECT_GE(now.partitions[job.partitions[0]].max_time_s, 0);
  }
  if (reason == "Priority") {
    EXPECT_TRUE(partition_blocked);
  }
  if (reason == "ReqNodeNotAvail") {
    bool unusable = false;
    for (int r : job.required_nodes) unusable = unusable || !now.nodes[r].usable;
    EXPECT_TRUE(unusable);
  }
  if (reason == "Resources") {
    EXPECT_FALSE(partition_blocked);
    EXPECT_FALSE(OracleFits(job, now));
    EXPECT_TRUE(OracleFits(job, Idle(now)));
  }
  if (reason == "BadConstraints" && valid_partition) {
    EXPECT_FALSE(OracleFits(job, Idle(now)));
  }
  if (!job.held && valid_partition && now.partitions[job.partitions[0]].up && !partition_blocked &&
      reason != "PartitionTimeLimit" && reason != "ReqNodeNotAvail") {
    EXPECT_FALSE(OracleFits(job, now)) << "a job that fits did not start";
  }
}

// Replays the pass job by job and checks every decision.
void CheckPass(const Snapshot& s, const Decisions& d) {
  Snapshot now = s;
  std::vector<bool> blocked(s.partitions.size(), false);
  size_t next_start = 0;
  for (const JobRequest& job : s.pending) {
    bool started = next_start < d.starts.size() && d.starts[next_start].job_id == job.job_id;
    bool has_reason = d.reasons.count(job.job_id) > 0;
    ASSERT_NE(started, has_reason) << "job " << job.job_id << " needs a start or a reason";
    if (started) {
      const Placement& p = d.starts[next_start++];
      ASSERT_FALSE(blocked[job.partitions[0]]) << "job " << job.job_id << " jumped the queue";
      EXPECT_TRUE(OracleFits(job, now));
      EXPECT_TRUE(CheckSatisfiable(job, s).ok());
      CheckStart(p, job, now);
      CheckBlockShape(p, job, now);
      CheckEvenShape(p, job, now);
      ApplyPlacement(p, now.nodes);
      continue;
    }
    std::string reason = d.reasons.at(job.job_id);
    bool valid = job.partitions[0] < static_cast<int>(s.partitions.size());
    CheckReason(reason, job, now, valid && blocked[job.partitions[0]]);
    if (reason == "Resources") blocked[job.partitions[0]] = true;
  }
  EXPECT_EQ(next_start, d.starts.size()) << "starts out of order or for unknown jobs";
  for (const Node& n : now.nodes) {
    EXPECT_LE(n.alloc_cpus, n.cpus) << n.name;
    EXPECT_LE(n.alloc_memory_mb, n.memory_mb) << n.name;
  }
}

// Tallies the kinds of starts, so the test can insist that the generator
// exercises each of them.
void CountShape(const Placement& p, const Snapshot& s, std::map<std::string, int>& outcomes) {
  const JobRequest& job = *std::find_if(s.pending.begin(), s.pending.end(),
                                        [&](const JobRequest& j) { return j.job_id == p.job_id; });
  ++outcomes["start"];
  if (p.nodes.size() > 1) ++outcomes["start on several nodes"];
  if (job.nodes_min > 1) ++outcomes["start with nodes_min"];
  if (!job.required_nodes.empty()) ++outcomes["start with required nodes"];
  if (job.mem_per_node_mb == 0) ++outcomes["start with whole-node memory"];
  if (job.mem_per_node_mb < 0 && job.mem_per_cpu_mb > 0) ++outcomes["start with mem per cpu"];
  if (job.mem_per_node_mb < 0 && job.mem_per_cpu_mb > 0 && p.nodes.size() > 1) {
    ++outcomes["start with mem per cpu on several nodes"];
  }
}

TEST(SchedulerPropertyTest, RandomSnapshotsKeepTheContract) {
  Generator generator(kSeed);
  std::map<std::string, int> outcomes;  // "start" or the reason
  for (int i = 0; i < kSnapshots && !HasFailure(); ++i) {
    SCOPED_TRACE("snapshot " + std::to_string(i));
    Snapshot s = generator.RandomSnapshot();
    Decisions d = Schedule(s);
    CheckPass(s, d);
    for (const Placement& p : d.starts) CountShape(p, s, outcomes);
    for (const auto& [id, reason] : d.reasons) ++outcomes[reason];
  }
  // Each outcome must come up often, or the checks above prove little
  // (with this seed every one comes up at least 500 times).
  for (const char* outcome :
       {"BadConstraints", "JobHeldUser", "PartitionDown", "PartitionTimeLimit", "Priority",
        "ReqNodeNotAvail", "Resources", "start", "start on several nodes", "start with nodes_min",
        "start with required nodes", "start with whole-node memory", "start with mem per cpu",
        "start with mem per cpu on several nodes"}) {
    EXPECT_GE(outcomes[outcome], 200) << outcome;
  }
}

TEST(SchedulerPropertyTest, CheckSatisfiableMatchesTheOracle) {
  Generator generator(kSeed + 1);
  int refused = 0, accepted = 0;
  for (int i = 0; i < kSnapshots && !HasFailure(); ++i) {
    SCOPED_TRACE("snapshot " + std::to_string(i));
    Snapshot s = generator.RandomSnapshot();
    for (const JobRequest& job : s.pending) {
      if (job.partitions[0] >= static_cast<int>(s.partitions.size())) continue;
      bool ok = CheckSatisfiable(job, s).ok();
      EXPECT_EQ(ok, OracleFits(job, Idle(s))) << "job " << job.job_id;
      ok ? ++accepted : ++refused;
    }
  }
  EXPECT_GT(accepted, 1000);
  EXPECT_GT(refused, 1000);
}

}  // namespace
}  // namespace bramble::sched
