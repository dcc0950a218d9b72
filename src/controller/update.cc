// scontrol update/hold/release/requeue of jobs (owner or operator; the
// rules are in job_update.h), node states (operators only).
#include "common/hostlist.h"
#include "common/log.h"
#include "controller/controller.h"
#include "controller/job_update.h"
#include "net/frame.h"

namespace bramble::controller {

proto::Response Controller::UpdateJob(const net::CallContext& ctx, const proto::UpdateJob& request) {
  std::optional<proto::JobRecord> found = jobs_.Copy(request.job_id());
  if (!found) return net::ErrorResponse(Code::kNotFound, "Invalid job id specified");
  uint32_t uid = ctx.credential.uid();
  bool op = IsOperator(uid);
  if (!op && found->uid() != uid) {
    spdlog::warn("uid {} may not update job {}", uid, request.job_id());
    return net::ErrorResponse(Code::kPermissionDenied, kAccessDenied);
  }
  proto::JobRecord& job = *found;
  Status applied = ApplyJobUpdate(request, op, config_, &job);
  if (!applied.ok()) return net::ErrorResponse(applied.code(), applied.message());
  if (ChangesShape(request)) {
    // The new shape must be valid and able to run, as at submission.
    Status valid = Validate(job, job.spec());
    if (!valid.ok()) return net::ErrorResponse(Code::kInvalidArgument, valid.message());
  }
  // scontrol requeue: a running job goes back to PENDING when its node
  // reports the end, a completing one when it has ended, a finished one now.
  bool terminate = false;
  if (request.requeue()) {
    Status allowed = CheckRequeue(job);
    if (!allowed.ok()) return net::ErrorResponse(allowed.code(), allowed.message());
    if (IsFinished(job.state())) {
      Requeue(job);
    } else if (job.completing()) {
      job.set_end_state(proto::PENDING);
      job.set_reason("Requeued");
    } else {
      BeginTermination(job, proto::PENDING, "Requeued");
      terminate = true;
    }
  }
  if (!CommitJobs({job}).ok()) return net::ErrorResponse(Code::kUnavailable, "Unable to save job state");
  if (request.requeue()) spdlog::info("uid {} requeued job {}", uid, job.job_id());
  if (terminate) {
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
