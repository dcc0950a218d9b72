// Scheduling passes and job launches. A pass runs on the event loop after
// any event that may free or need resources (coalesced: many submits in one
// loop turn cause one pass). Started jobs are committed as RUNNING before
// their launch is sent, so a crash never loses a job that a node runs.
#include "common/hostlist.h"
#include "common/log.h"
#include "controller/accounting_records.h"
#include "controller/controller.h"
#include "controller/job_update.h"
#include "controller/sched_snapshot.h"
#include "net/frame.h"
#include "net/rpc_client.h"
#include "net/signing.h"
#include "proto/allocation.h"

namespace bramble::controller {

namespace {

// A paced pass waits kPassSpacing times as long as the last pass took:
// passes then take at most a quarter of the loop's time however many
// events ask for one. A pass over a short queue takes microseconds, so
// this delays nothing there.
constexpr int kPassSpacing = 3;

}  // namespace

void Controller::RequestSchedule() {
  if (schedule_requested_) return;
  schedule_requested_ = true;
  auto run = [this] {
    schedule_requested_ = false;
    SchedulePass();
  };
  if (std::chrono::steady_clock::now() >= next_pass_at_) {
    asio::post(io_, run);
    return;
  }
  schedule_timer_.expires_at(next_pass_at_);
  schedule_timer_.async_wait([run](const asio::error_code& ec) {
    if (!ec) run();
  });
}

void Controller::SchedulePass() {
  auto start = std::chrono::steady_clock::now();
  size_t depth = ScheduleQueue();
  auto end = std::chrono::steady_clock::now();
  next_pass_at_ = end + (end - start) * kPassSpacing;
  auto us = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(end - start).count());
  stats_.set_last_cycle_us(us);
  stats_.set_max_cycle_us(std::max(stats_.max_cycle_us(), us));
  stats_.set_cycles(stats_.cycles() + 1);
  stats_.set_cycle_sum_us(stats_.cycle_sum_us() + us);
  stats_.set_cycle_depth_sum(stats_.cycle_depth_sum() + depth);
  stats_.set_last_queue_length(static_cast<uint32_t>(depth));
}

void Controller::RecomputeAllocations() {
  for (auto& [name, node] : nodes_) {
    node.alloc_cpus = 0;
    node.alloc_memory_mb = 0;
  }
  for (proto::JobRecord* active : jobs_.active()) {
    const proto::JobRecord& job = *active;
    if (job.state() != proto::RUNNING) continue;  // completing jobs are RUNNING until their node reports
    for (int i = 0; i < job.nodes_size(); ++i) {
      auto it = nodes_.find(job.nodes(i));
      if (it == nodes_.end()) continue;
      it->second.alloc_cpus += job.cpus_per_node(i);
      it->second.alloc_memory_mb += job.mem_per_node_mb();
    }
  }
}

size_t Controller::ScheduleQueue() {
  RecomputeAllocations();
  int64_t now = Now();
  UpdateUsage(now);
  std::vector<proto::JobRecord> changed = EvaluateDependencies(now);
  if (!changed.empty() && !CommitJobs(changed).ok()) return 0;
  std::vector<sched::JobRequest> pending;
  for (proto::JobRecord* active : jobs_.active()) {
    proto::JobRecord& job = *active;
    uint32_t id = job.job_id();
    if (job.state() != proto::PENDING) continue;
    // Nothing but its hold matters to a held job until its release (which
    // asks for a pass); with thousands held they are most of the queue, and
    // a pass per submission must not build a request for each.
    if (const char* reason = HoldReason(job)) {
      if (job.reason() != reason) job.set_reason(reason);
      continue;
    }
    auto request = MakeJobRequest(job, config_, node_order_);
    if (!request) continue;
    request->priority = PriorityOf(job, now);
    request->limits = LimitIndices(config_, job);
    request->dependency_pending = dependency_states_.count(id) && dependency_states_.at(id) == DependencyWait::kPending;
    request->dependency_never = dependency_states_.count(id) && dependency_states_.at(id) == DependencyWait::kNever;
    pending.push_back(std::move(*request));
  }
  last_reservations_.clear();
  if (pending.empty()) return 0;
  size_t depth = pending.size();
  sched::Snapshot snapshot = BuildSnapshot(config_, nodes_, node_order_, jobs_.active(), std::move(pending), now);
  sched::Decisions decisions = sched::Schedule(snapshot);
  for (const auto& [id, reservation] : decisions.reservations) {
    std::vector<std::string> names;
    for (int n : reservation.placement.nodes) names.push_back(node_order_[n]);
    last_reservations_[id] = {reservation.start, CompressHostlist(names)};
  }
  std::vector<proto::JobRecord> started;
  for (const auto& placement : decisions.starts) started.push_back(StartedRecord(placement, snapshot, now));
  for (const auto& [id, reason] : decisions.reasons) {
    // Reasons are not stored: derived each pass.
    proto::JobRecord* job = jobs_.FindActive(id);
    if (job != nullptr && job->reason() != reason) job->set_reason(reason);
  }
  if (started.empty()) return depth;
  if (!CommitJobs(started).ok()) return depth;  // jobs stay pending; the next pass tries again
  RecomputeAllocations();
  for (const auto& job : started) {
    spdlog::info("job {} started on {}", job.job_id(), job.batch_host());
    if (!job.spec().interactive()) SendLaunch(job);  // an allocation runs only the steps srun starts
    SendAllocation(job);
  }
  return depth;
}

proto::JobRecord Controller::StartedRecord(const sched::Placement& placement, const sched::Snapshot& snapshot,
                                           int64_t now) const {
  proto::JobRecord job = *jobs_.FindActive(placement.job_id);  // pending: the pass placed it
  job.set_state(proto::RUNNING);
  job.set_reason("None");
  job.set_start_time(now);
  job.clear_nodes();
  job.clear_cpus_per_node();
  job.clear_tasks_per_node();
  job.clear_gres();
  job.clear_gpu_ids();
  job.set_partition(config_.partitions[placement.partition].name);
  for (size_t i = 0; i < placement.nodes.size(); ++i) {
    const sched::Node& node = snapshot.nodes[placement.nodes[i]];
    job.add_nodes(node_order_[placement.nodes[i]]);
    job.add_cpus_per_node(placement.cpus_per_node[i]);
    job.add_tasks_per_node(placement.tasks_per_node[i]);
    std::string gpu_ids;
    if (i < placement.gres_per_node.size()) {
      for (const sched::GresGrant& grant : placement.gres_per_node[i]) {
        proto::GresAlloc* alloc = job.add_gres();
        alloc->set_node_index(static_cast<uint32_t>(i));
        alloc->set_entry(static_cast<uint32_t>(grant.entry));
        alloc->set_mask(grant.mask);
      }
      // GPUs are numbered across the node's gpu entries in order.
      uint32_t first = 0;
      for (size_t e = 0; e < node.gres.size(); ++e) {
        if (node.gres[e].name != "gpu") continue;
        for (const sched::GresGrant& grant : placement.gres_per_node[i]) {
          if (grant.entry != static_cast<int>(e)) continue;
          for (uint32_t bit = 0; bit < 64; ++bit) {
            if (grant.mask & (uint64_t{1} << bit)) gpu_ids += (gpu_ids.empty() ? "" : ",") + std::to_string(first + bit);
          }
        }
        first += node.gres[e].count;
      }
    }
    job.add_gpu_ids(gpu_ids);
  }
  job.set_mem_per_node_mb(placement.mem_per_node_mb);
  job.set_batch_host(job.nodes(0));
  *job.add_steps() = ExternStepOf(job);  // every node of the job holds one (pam_bramble adopts into it)
  return job;
}

void Controller::SendLaunch(const proto::JobRecord& job) {
  proto::Request request;
  auto* launch = request.mutable_launch_job();
  *launch->mutable_job() = job;
  Result<proto::JobSpec> input = store_->LoadJobInput(store::JobInputId(job));
  if (!input) {
    // Nothing can run it: the job fails rather than waiting for ever.
    spdlog::error("job {}: cannot launch: {}", job.job_id(), input.error().message());
    proto::JobRecord failed = job;
    failed.set_state(proto::FAILED);
    failed.set_reason("launch failed: " + input.error().message());
    failed.set_exit_code(1);
    failed.set_end_time(Now());
    if (CommitJobs({failed}).ok()) RequestSchedule();
    return;
  }
  launch->mutable_job()->mutable_spec()->mutable_script()->swap(*input->mutable_script());
  launch->mutable_job()->mutable_spec()->mutable_environment()->Swap(input->mutable_environment());
  launch->set_cluster_name(config_.cluster_name);
  launch->set_controller_host(config_.controller_host);
  launch->set_kill_wait_s(config_.kill_wait_s);
  launch->set_config_path(config_.path);
  for (gid_t gid : users_.Groups(job.uid(), job.gid(), Now())) launch->add_gids(gid);
  uint32_t id = job.job_id();
  SendToNode(job.batch_host(), std::move(request), 3, [this, id](Result<proto::Response> response) {
    if (!response) {
      // Unreachable node: the heartbeat timeout turns it into NODE_FAIL.
      spdlog::warn("launch of job {} not delivered: {}", id, response.error().message());
      return;
    }
    if (response->code() == 0) return;
    const proto::JobRecord* running = jobs_.FindActive(id);
    if (running == nullptr || running->state() != proto::RUNNING) return;
    if (response->code() == static_cast<int>(Code::kUnavailable)) {
      // The node still has this job's previous run ending (a requeue): try again later.
      spdlog::info("job {}: {}; back to the queue", id, response->error());
      proto::JobRecord again = *running;
      ReturnToQueue(again, Now() + static_cast<int64_t>(config_.kill_wait_s));
      if (CommitJobs({again}).ok()) RequestSchedule();
      return;
    }
    proto::JobRecord failed = *running;
    failed.set_state(proto::FAILED);
    failed.set_completing(false);
    failed.set_reason("launch failed: " + response->error());
    failed.set_exit_code(1);
    failed.set_end_time(Now());
    if (CommitJobs({failed}).ok()) RequestSchedule();
  });
}

void Controller::SendAllocation(const proto::JobRecord& job) {
  proto::Request request;
  *request.mutable_allocate_job() = AllocationOf(job);
  bool batch = !job.spec().interactive();
  for (const auto& node : job.nodes()) {
    if (batch && node == job.batch_host()) continue;  // its LaunchJob allocates it
    SendToNode(node, request, 3, [](Result<proto::Response>) {});
  }
}

void Controller::SendTerminate(const proto::JobRecord& job) {
  proto::Request terminate;
  terminate.mutable_terminate_job()->set_job_id(job.job_id());
  terminate.mutable_terminate_job()->set_kill_wait_s(config_.kill_wait_s);
  // Every node: steps may run on all of them, the batch script on the first.
  for (const auto& node : job.nodes()) SendToNode(node, terminate, 3, [](Result<proto::Response>) {});
}

void Controller::SendToNode(const std::string& node_name, proto::Request request, int attempts,
                            std::function<void(Result<proto::Response>)> done) {
  auto it = nodes_.find(node_name);
  if (it == nodes_.end()) return;
  std::string host = NodeAddress(it->second);
  uint16_t port = static_cast<uint16_t>(it->second.config.port ? it->second.config.port : config_.slurmd_port);
  std::string secret = secret_;
  asio::post(agents_, [this, host, port, request = std::move(request), attempts, secret, done = std::move(done)] {
    Result<proto::Response> response = Unavailable("not sent");
    for (int attempt = 0; attempt < attempts; ++attempt) {
      // A fresh signature each try: the node refuses replayed credentials.
      response = net::CallTcp(host, port, net::SealSignedRequest(request, secret, "slurmctld"),
                              std::chrono::seconds(10));
      if (response) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(500 * (attempt + 1)));  // backoff between retries
    }
    asio::post(io_, [done, response = std::move(response)]() mutable { done(std::move(response)); });
  });
}

}  // namespace bramble::controller
