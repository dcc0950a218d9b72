// Job priority (priority/basic or priority/multifactor), fair-share usage,
// and the sprio and sshare queries.
//
// Usage is CPU-seconds per user, decayed with PriorityDecayHalfLife and
// brought up to date before every scheduling pass: running jobs add their
// CPUs times the time since the last update, jobs that ended since then add
// the part of their run not yet counted. Each user has the shares of their
// UserLimits= Fairshare= (one by default), in a flat tree under root.
//
// The usage and the time it was brought up to date are stored whenever a
// run ends (CommitJobs), so a restart keeps them: what ran after that time
// is counted again from the job records, which stay in memory until
// MinJobAge, long after their end was stored. An idle cluster writes
// nothing. Priorities and fair-share factors are derived each pass and kept
// in memory only, like pending reasons.
#include <algorithm>

#include "controller/controller.h"
#include "controller/sched_snapshot.h"
#include "net/frame.h"
#include "sched/fair_share.h"
#include "sched/priority.h"

namespace bramble::controller {
namespace {

uint32_t JobCpus(const proto::JobRecord& job) {
  uint32_t cpus = 0;
  for (uint32_t c : job.cpus_per_node()) cpus += c;
  return cpus;
}

}  // namespace

void Controller::UpdateUsage(int64_t now) {
  // The first update (a new cluster, or a store from before usage was kept)
  // counts every job from its start; later ones from the last update.
  bool first = usage_updated_ == 0;
  int64_t elapsed = first ? 0 : now - usage_updated_;
  if (first || elapsed > 0) {
    int64_t half_life = std::max<int64_t>(config_.priority_decay_half_life_s, 0);
    for (auto& [user, usage] : usage_) usage = sched::DecayUsage(usage, elapsed, half_life);
    auto count = [&](const proto::JobRecord& job) {
      if (job.start_time() == 0) return;
      int64_t from = first ? job.start_time() : std::max(job.start_time(), usage_updated_);
      int64_t to = job.state() == proto::RUNNING ? now : job.end_time();
      if (to > from) usage_[job.user()] += static_cast<double>(JobCpus(job)) * static_cast<double>(to - from);
    };
    // After the first update a finished job adds nothing: the commit that
    // ended its run brought usage up to its end first (CommitJobs).
    if (first) {
      jobs_.ForEach(count);
    } else {
      for (const proto::JobRecord* active : jobs_.active()) count(*active);
    }
    usage_updated_ = now;
  }
  for (proto::JobRecord* active : jobs_.active()) {
    const proto::JobRecord& job = *active;
    if (job.state() == proto::PENDING && !usage_.count(job.user())) usage_[job.user()] = 0;
  }
  std::vector<sched::UserUsage> users;
  for (const auto& [user, usage] : usage_) users.push_back({user, SharesOf(user), usage});
  fair_share_.clear();
  for (const sched::FairShareRow& row : sched::ComputeFairShare(users)) fair_share_[row.user] = row.fair_share;
}

store::FairShareUsage Controller::UsageSnapshot() const {
  store::FairShareUsage snapshot;
  snapshot.as_of = usage_updated_;
  snapshot.users.assign(usage_.begin(), usage_.end());
  return snapshot;
}

// Fairshare= of the user's UserLimits= entry (or DEFAULT's); one share without.
uint32_t Controller::SharesOf(const std::string& user) const {
  const LimitConfig* limits = config_.FindLimits("user", user);
  return limits != nullptr && limits->fairshare ? *limits->fairshare : 1;
}

// The cluster's totals for the job-size and partition factors. Nodes and
// partitions are fixed for the controller's life, so this runs once.
sched::PriorityCluster PriorityClusterOf(const Config& config) {
  sched::PriorityCluster cluster;
  cluster.total_nodes = static_cast<uint32_t>(config.nodes.size());
  for (const NodeConfig& node : config.nodes) cluster.total_cpus += node.cpus;
  for (const PartitionConfig& p : config.partitions) {
    cluster.max_partition_job_factor = std::max<uint32_t>(cluster.max_partition_job_factor, p.priority_job_factor);
  }
  return cluster;
}

sched::PriorityWeights Controller::Weights() const {
  sched::PriorityWeights weights;
  weights.age = config_.priority_weight_age;
  weights.fair_share = config_.priority_weight_fairshare;
  weights.job_size = config_.priority_weight_job_size;
  weights.partition = config_.priority_weight_partition;
  weights.max_age_s = config_.priority_max_age_s;
  weights.favor_small = config_.priority_favor_small;
  return weights;
}

sched::PriorityFactors Controller::FactorsOf(const proto::JobRecord& job, int64_t now) const {
  const proto::JobSpec& spec = job.spec();
  uint32_t job_factor = 0;
  std::vector<std::string> partitions = JobPartitions(spec, config_);
  for (const PartitionConfig& p : config_.partitions) {
    if (!partitions.empty() && p.name == partitions[0]) job_factor = p.priority_job_factor;
  }
  sched::PriorityJob input;
  input.job_id = job.job_id();
  // Not yet eligible (a dependency holds it): no age.
  input.eligible_time = job.eligible_time() != 0 ? job.eligible_time() : now;
  uint32_t ntasks = spec.has_ntasks() ? spec.ntasks() : std::max<uint32_t>(spec.nodes_min(), 1);
  input.cpus = ntasks * std::max<uint32_t>(spec.cpus_per_task(), 1);
  input.nodes = std::max<uint32_t>(spec.nodes_min(), 1);
  input.partition_job_factor = job_factor;
  input.nice = spec.nice();
  auto share = fair_share_.find(job.user());
  input.fair_share = share == fair_share_.end() ? 1.0 : share->second;
  return sched::ComputePriority(input, priority_cluster_, Weights(), now);
}

uint32_t Controller::PriorityOf(const proto::JobRecord& job, int64_t now) {
  uint32_t priority = 1;
  if (config_.priority_type == "priority/basic") {
    int64_t basic = int64_t{sched::BasicPriority(job.job_id())} - job.spec().nice();
    priority = static_cast<uint32_t>(std::clamp<int64_t>(basic, 1, UINT32_MAX));
  } else {
    priority = FactorsOf(job, now).priority;
  }
  // Shown by squeue; derived each pass.
  if (proto::JobRecord* stored = jobs_.FindActive(job.job_id())) stored->set_priority(priority);
  return priority;
}

proto::Response Controller::QueryPriority(const proto::QueryPriority& request) {
  int64_t now = Now();
  UpdateUsage(now);
  proto::Response response;
  proto::PriorityReply* reply = response.mutable_priority();
  sched::PriorityWeights weights = Weights();
  reply->set_weight_age(weights.age);
  reply->set_weight_fair_share(weights.fair_share);
  reply->set_weight_job_size(weights.job_size);
  reply->set_weight_partition(weights.partition);
  std::set<uint32_t> wanted(request.job_ids().begin(), request.job_ids().end());
  for (proto::JobRecord* active : jobs_.active()) {
    const proto::JobRecord& job = *active;
    uint32_t id = job.job_id();
    if (job.state() != proto::PENDING) continue;
    if (!wanted.empty() && !wanted.count(id)) continue;
    sched::PriorityFactors factors = FactorsOf(job, now);
    sched::WeightedFactors weighted = sched::ComputeWeightedFactors(factors, weights);
    proto::PriorityRow* row = reply->add_rows();
    row->set_job_id(id);
    row->set_user(job.user());
    std::vector<std::string> partitions = JobPartitions(job.spec(), config_);
    row->set_partition(partitions.empty() ? "" : partitions[0]);
    row->set_priority(config_.priority_type == "priority/basic" ? job.priority() : factors.priority);
    row->set_age(weighted.age);
    row->set_fair_share(weighted.fair_share);
    row->set_job_size(weighted.job_size);
    row->set_partition_factor(weighted.partition);
    row->set_nice(weighted.nice);
    row->set_age_norm(factors.age);
    row->set_fair_share_norm(factors.fair_share);
    row->set_job_size_norm(factors.job_size);
    row->set_partition_norm(factors.partition);
  }
  return response;
}

proto::Response Controller::QueryShares() {
  UpdateUsage(Now());
  std::vector<sched::UserUsage> users;
  for (const auto& [user, usage] : usage_) users.push_back({user, SharesOf(user), usage});
  proto::Response response;
  proto::SharesReply* reply = response.mutable_shares();
  double total = 0;
  for (const auto& u : users) total += u.raw_usage;
  proto::ShareRow* root = reply->add_rows();
  root->set_account("root");
  root->set_norm_shares(1.0);
  root->set_raw_usage(total);
  root->set_effective_usage(1.0);
  root->set_fair_share(1.0);
  for (const sched::FairShareRow& row : sched::ComputeFairShare(users)) {
    proto::ShareRow* out = reply->add_rows();
    out->set_account("root");
    out->set_user(row.user);
    out->set_raw_shares(row.raw_shares);
    out->set_norm_shares(row.norm_shares);
    out->set_raw_usage(row.raw_usage);
    out->set_effective_usage(row.effective_usage);
    out->set_fair_share(row.fair_share);
  }
  return response;
}

}  // namespace bramble::controller
