// scontrol update/hold/release: job time limits and holds (owner or
// operator), node states (operators only).
#include "common/hostlist.h"
#include "common/log.h"
#include "controller/controller.h"
#include "net/frame.h"

namespace bramble::controller {

proto::Response Controller::UpdateJob(const net::CallContext& ctx, const proto::UpdateJob& request) {
  auto it = jobs_.find(request.job_id());
  if (it == jobs_.end()) return net::ErrorResponse(Code::kNotFound, "Invalid job id specified");
  uint32_t uid = ctx.credential.uid();
  bool op = IsOperator(uid);
  if (!op && it->second.uid() != uid) {
    spdlog::warn("uid {} may not update job {}", uid, request.job_id());
    return net::ErrorResponse(Code::kPermissionDenied, "Access/permission denied");
  }
  proto::JobRecord job = it->second;
  if (request.has_time_limit_s()) {
    if (job.state() != proto::PENDING && !op) {
      return net::ErrorResponse(Code::kPermissionDenied, "Access/permission denied");
    }
    if (IsFinished(job.state())) return net::ErrorResponse(Code::kInvalidArgument, "Job is no longer pending execution");
    int64_t limit = request.time_limit_s();
    if (!op && job.time_limit_s() >= 0 && (limit < 0 || limit > job.time_limit_s())) {
      return net::ErrorResponse(Code::kPermissionDenied, "Access/permission denied");  // users may only lower it
    }
    job.set_time_limit_s(limit);
  }
  if (request.has_hold()) {
    if (job.state() != proto::PENDING) {
      return net::ErrorResponse(Code::kInvalidArgument, "Job is no longer pending execution");
    }
    if (request.hold()) {
      job.mutable_spec()->set_hold(!op || job.uid() == uid);
      job.set_held_by_admin(op && job.uid() != uid);
      job.set_reason(job.held_by_admin() ? "JobHeldAdmin" : "JobHeldUser");
    } else {
      if (job.held_by_admin() && !op) return net::ErrorResponse(Code::kPermissionDenied, "Access/permission denied");
      job.mutable_spec()->set_hold(false);
      job.set_held_by_admin(false);
      job.set_reason("None");
    }
  }
  bool pending_change = request.has_partition() || request.has_num_nodes() || request.has_num_cpus();
  if (pending_change && job.state() != proto::PENDING) {
    return net::ErrorResponse(Code::kInvalidArgument, "Job is no longer pending execution");
  }
  if (request.has_partition()) job.mutable_spec()->set_partition(request.partition());
  if (request.has_num_nodes()) {
    job.mutable_spec()->set_nodes_min(request.num_nodes());
    job.mutable_spec()->set_nodes_max(request.num_nodes());
  }
  if (request.has_num_cpus()) {
    job.mutable_spec()->set_ntasks(request.num_cpus());
    job.mutable_spec()->set_cpus_per_task(1);
  }
  if (pending_change) {
    // The new shape must be valid and able to run, as at submission.
    Status valid = Validate(job, job.spec());
    if (!valid.ok()) return net::ErrorResponse(Code::kInvalidArgument, valid.message());
  }
  if (request.has_nice()) {
    if (request.nice() < 0 && !op) return net::ErrorResponse(Code::kPermissionDenied, "Access/permission denied");
    job.mutable_spec()->set_nice(request.nice());
  }
  if (request.requeue()) {
    if (job.state() != proto::RUNNING || job.completing() || job.spec().interactive()) {
      return net::ErrorResponse(Code::kInvalidArgument, "Job is not running, can not be requeued");
    }
    BeginTermination(job, proto::PENDING, "Requeued");  // back to PENDING when its node reports the end
  }
  if (!CommitJobs({job}).ok()) return net::ErrorResponse(Code::kUnavailable, "Unable to save job state");
  if (request.requeue()) {
    terminate_sent_[job.job_id()] = Now();
    SendTerminate(job);
  }
  RequestSchedule();
  return proto::Response();
}

proto::Response Controller::UpdateNode(const net::CallContext& ctx, const proto::UpdateNode& request) {
  uint32_t uid = ctx.credential.uid();
  if (!IsOperator(uid)) {
    spdlog::warn("uid {} may not update nodes", uid);
    return net::ErrorResponse(Code::kPermissionDenied, "Access/permission denied");
  }
  auto names = ExpandHostlist(request.nodes());
  if (!names || names->empty()) return net::ErrorResponse(Code::kInvalidArgument, "Invalid node name specified");
  for (const auto& name : *names) {
    if (!nodes_.count(name)) return net::ErrorResponse(Code::kInvalidArgument, "Invalid node name specified");
  }
  std::string state = request.state();
  for (auto& c : state) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if ((state == "DRAIN" || state == "DOWN") && request.reason().empty()) {
    return net::ErrorResponse(Code::kInvalidArgument,
                              "You must specify a reason when DOWNING or DRAINING a node. Request denied");
  }
  std::map<std::string, NodeEntry> before;
  std::vector<proto::JobRecord> failed;
  for (const auto& name : *names) {
    NodeEntry& node = nodes_.at(name);
    before[name] = node;
    if (state == "DRAIN") {
      node.drain = true;
    } else if (state == "DOWN") {
      node.down = true;
      node.down_by_failure = false;
      FailJobsOnNode(name, failed);
    } else if (state == "RESUME" || state == "IDLE" || state == "UNDRAIN") {
      node.drain = false;
      if (state != "UNDRAIN") node.down = false;
      node.down_by_failure = false;
    } else {
      for (auto& [n, saved] : before) nodes_[n] = saved;
      return net::ErrorResponse(Code::kInvalidArgument, "Invalid node state specified");
    }
    node.reason = (node.down || node.drain) ? request.reason() : "";
    node.reason_time = Now();
    node.reason_uid = uid;
  }
  if (!CommitJobs(failed, *names).ok()) {
    for (auto& [n, saved] : before) nodes_[n] = saved;
    return net::ErrorResponse(Code::kUnavailable, "Unable to save node state");
  }
  spdlog::info("uid {} set {} to {}", uid, request.nodes(), state);
  RequestSchedule();
  return proto::Response();
}

}  // namespace bramble::controller
