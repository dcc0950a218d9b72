// What node daemons tell the controller: registration, heartbeats, job
// results; and what their silence means (DOWN after SlurmdTimeout, their
// jobs NODE_FAIL). Heartbeats stay in memory: an idle cluster writes nothing.
#include "common/log.h"
#include "controller/accounting_records.h"
#include "controller/controller.h"
#include "net/frame.h"

namespace bramble::controller {
namespace {

constexpr const char* kNotResponding = "Not responding";
// A job requeued after a node failure waits KillWait plus this long.
constexpr int64_t kRequeueMarginS = 2;
// A job started this recently that its batch host does not report is sent
// again rather than taken for lost.
constexpr int64_t kLaunchGraceS = 5;

}  // namespace

proto::Response Controller::RegisterNode(const net::CallContext& ctx, const proto::RegisterNode& request) {
  auto it = nodes_.find(request.name());
  if (it == nodes_.end() || ctx.credential.node_name() != request.name()) {
    spdlog::warn("refused registration of unknown node {}", request.name());
    return net::ErrorResponse(Code::kNotFound, "Invalid node name specified");
  }
  NodeEntry& node = it->second;
  NodeEntry before = node;
  int64_t now = Now();
  node.registered = true;
  node.last_heartbeat = now;
  node.boot_time = request.boot_time();
  node.version = request.version();
  bool admin_changed = false;
  if (node.down && node.down_by_failure && config_.return_to_service >= 1) {
    node.down = false;
    node.down_by_failure = false;
    node.reason.clear();
    admin_changed = true;
  } else if (node.down && config_.return_to_service >= 2) {
    node.down = false;
    node.reason.clear();
    admin_changed = true;
  }
  if (request.cpus() < node.config.cpus || request.real_memory_mb() < node.config.real_memory_mb) {
    node.drain = true;
    node.reason = request.cpus() < node.config.cpus ? "Low CPUs" : "Low RealMemory";
    node.reason_time = now;
    admin_changed = true;
  }
  // Jobs this node should be running but no longer has were lost with it.
  // A job younger than that may have its launch still on the way, or lost
  // with a controller killed between starting it and sending it: it is
  // sent again (the node takes a launch it already has as a retry).
  std::set<uint32_t> reported(request.running_jobs().begin(), request.running_jobs().end());
  std::vector<proto::JobRecord> lost;
  std::vector<uint32_t> relaunch;
  for (proto::JobRecord* active : jobs_.active()) {
    const proto::JobRecord& job = *active;
    uint32_t id = job.job_id();
    if (job.state() != proto::RUNNING || job.spec().interactive() || job.batch_host() != request.name() ||
        reported.count(id)) {
      continue;
    }
    if (job.start_time() >= now - kLaunchGraceS) {
      relaunch.push_back(id);
      continue;
    }
    proto::JobRecord failed = job;
    EndOnNodeFailure(failed, request.name(), "job lost on node restart");
    lost.push_back(failed);
  }
  Status committed = CommitJobs(lost, admin_changed ? std::vector<std::string>{node.config.name}
                                                    : std::vector<std::string>{});
  if (!committed.ok()) {
    node = before;
    return net::ErrorResponse(Code::kUnavailable, "Unable to save state");
  }
  spdlog::info("node {} registered ({} running jobs)", request.name(), reported.size());
  for (uint32_t id : relaunch) {
    spdlog::info("job {}: launch sent to {} again (it did not report the job)", id, request.name());
    const proto::JobRecord* job = jobs_.FindActive(id);
    if (job == nullptr) continue;
    SendLaunch(*job);
    SendAllocation(*job);  // its other nodes' allocations were sent (or lost) with it
  }
  // Jobs the node still runs but that have ended here (NODE_FAIL, cancelled
  // while it was away) must not keep running unseen.
  for (uint32_t id : reported) {
    const proto::JobRecord* job = jobs_.FindActive(id);
    if (job != nullptr && job->state() == proto::RUNNING &&
        std::find(job->nodes().begin(), job->nodes().end(), request.name()) != job->nodes().end()) {
      continue;  // (a job requeued after this node failed may run elsewhere now)
    }
    proto::Request terminate;
    terminate.mutable_terminate_job()->set_job_id(id);
    terminate.mutable_terminate_job()->set_kill_wait_s(config_.kill_wait_s);
    SendToNode(request.name(), terminate, 3, [](Result<proto::Response>) {});
  }
  RequestSchedule();
  return proto::Response();
}

proto::Response Controller::Heartbeat(const net::CallContext& ctx, const proto::Heartbeat& request) {
  auto it = nodes_.find(request.name());
  if (it == nodes_.end() || ctx.credential.node_name() != request.name()) {
    return net::ErrorResponse(Code::kNotFound, "Invalid node name specified");
  }
  if (!it->second.registered) {
    return net::ErrorResponse(Code::kNotFound, "node not registered");  // the node registers again
  }
  it->second.last_heartbeat = Now();
  return proto::Response();
}

proto::Response Controller::JobComplete(const net::CallContext& ctx, const proto::JobComplete& request) {
  const proto::JobRecord* running = jobs_.FindActive(request.job_id());
  if (running == nullptr) return proto::Response();  // finished (already recorded), or gone
  if (running->state() != proto::RUNNING || request.restart_count() != running->restart_count()) {
    // The end of a run the job was requeued from: nothing to record.
    spdlog::info("job {}: run {} ended on {} after the job was requeued", request.job_id(), request.restart_count(),
                 ctx.credential.node_name());
    return proto::Response();
  }
  if (ctx.credential.node_name() != running->batch_host()) {
    return net::ErrorResponse(Code::kPermissionDenied, "job does not run on this node");
  }
  proto::JobRecord job = *running;
  job.set_exit_code(request.exit_code());
  job.set_exit_signal(request.exit_signal());
  job.set_end_time(Now());
  if (job.steps_size() < kMaxStepRecords) *job.add_steps() = BatchStepOf(job, request, job.end_time());
  if (job.completing() && job.end_state() == proto::PENDING) {
    Requeue(job);
  } else if (job.completing()) {
    job.set_state(job.end_state());
  } else if (request.launch_failed()) {
    job.set_state(proto::FAILED);
    job.set_reason("launch failed: " + request.message());
    if (job.exit_code() == 0) job.set_exit_code(1);
  } else if (request.out_of_memory()) {
    // The kernel killed something of the job at its memory limit.
    job.set_state(proto::OUT_OF_MEMORY);
    job.set_reason("OutOfMemory");
  } else {
    job.set_state(request.exit_code() == 0 && request.exit_signal() == 0 ? proto::COMPLETED : proto::FAILED);
    job.set_reason(job.state() == proto::FAILED ? "NonZeroExitCode" : "None");
  }
  job.set_completing(false);
  if (!CommitJobs({job}).ok()) return net::ErrorResponse(Code::kUnavailable, "Unable to save job state");
  terminate_sent_.erase(job.job_id());
  SendTerminate(job);  // no step outlives its batch script, on any node
  spdlog::info("job {} ended: {} exit {} signal {}", job.job_id(), JobStateName(job.state()), job.exit_code(),
               job.exit_signal());
  RequestSchedule();
  return proto::Response();
}

void Controller::Requeue(proto::JobRecord& job, int64_t not_before) {
  job.set_restart_count(job.restart_count() + 1);
  ReturnToQueue(job, not_before);
}

void Controller::ReturnToQueue(proto::JobRecord& job, int64_t not_before) {
  job.set_state(proto::PENDING);
  job.set_reason("None");
  if (not_before > job.spec().begin_time()) {
    job.mutable_spec()->set_begin_time(not_before);  // as Slurm does: squeue shows BeginTime until then
    job.set_eligible_time(not_before);
  }
  job.clear_cancelled_by();
  job.set_start_time(0);
  job.set_end_time(0);
  job.set_exit_code(0);
  job.set_exit_signal(0);
  job.clear_nodes();
  job.clear_cpus_per_node();
  job.clear_tasks_per_node();
  job.clear_gres();
  job.clear_gpu_ids();
  job.set_batch_host("");
  job.set_next_step_id(0);
  job.clear_steps();
}

void Controller::EndOnNodeFailure(proto::JobRecord& job, const std::string& node, const std::string& reason) {
  if (job.spec().interactive() || !job.spec().requeue()) {
    job.set_state(proto::NODE_FAIL);
    job.set_completing(false);
    job.set_reason(reason);
    job.set_end_time(Now());
    return;
  }
  if (job.batch_host() != node) {
    // Its batch script still runs on a live node: back to PENDING when that
    // node reports the script's end, as with scontrol requeue.
    BeginTermination(job, proto::PENDING, reason);
    return;
  }
  spdlog::info("job {} requeued: node {} failed ({})", job.job_id(), node, reason);
  // Its processes on the other nodes get KillWait to end before it may start again.
  Requeue(job, Now() + static_cast<int64_t>(config_.kill_wait_s) + kRequeueMarginS);
}

void Controller::FailJobsOnNode(const std::string& node, std::vector<proto::JobRecord>& changed) {
  for (proto::JobRecord* active : jobs_.active()) {
    const proto::JobRecord& job = *active;
    if (job.state() != proto::RUNNING) continue;
    if (std::find(job.nodes().begin(), job.nodes().end(), node) == job.nodes().end()) continue;
    proto::JobRecord failed = job;
    EndOnNodeFailure(failed, node, "NodeDown");
    changed.push_back(failed);
  }
}

void Controller::CheckNodeTimeouts() {
  int64_t now = Now();
  for (auto& [name, node] : nodes_) {
    if (!node.registered && node.down) continue;  // already known to be down
    if (now - node.last_heartbeat <= static_cast<int64_t>(config_.slurmd_timeout_s)) continue;
    NodeEntry before = node;
    node.registered = false;
    if (!node.down) {
      node.down = true;
      node.down_by_failure = true;
      node.reason = kNotResponding;
      node.reason_time = now;
      node.reason_uid = 0;
    }
    std::vector<proto::JobRecord> failed;
    FailJobsOnNode(name, failed);
    std::vector<proto::JobRecord> ran;  // as they ran: the nodes their processes are on
    for (const auto& job : failed) ran.push_back(*jobs_.FindActive(job.job_id()));
    if (!CommitJobs(failed, {name}).ok()) {
      node = before;
      continue;
    }
    spdlog::warn("node {} not responding for {} s: DOWN, {} jobs NODE_FAIL or requeued", name,
                 now - before.last_heartbeat, failed.size());
    for (const auto& job : failed) {
      if (job.completing()) terminate_sent_[job.job_id()] = now;
    }
    for (const auto& job : ran) SendTerminate(job);  // their steps on the nodes still up
    RequestSchedule();
  }
}

}  // namespace bramble::controller
