// The controller's request table: who may send what, and which verb
// handles it. Node-only requests need a credential signed by a daemon
// (node_name set, which the user-facing signer never sets); everything else
// acts for the uid in the credential.

#include <algorithm>

#include "common/log.h"
#include "controller/controller.h"
#include "net/frame.h"

namespace bramble::controller {

bool Controller::IsOperator(uint32_t uid) const {
  if (uid == 0) return true;
  std::optional<std::string> known = users_.UserName(uid, Now());
  if (!known) return false;
  const std::string& name = *known;
  if (name == config_.slurm_user) return true;
  for (const auto& op : config_.operators) {
    if (op == name) return true;
  }
  return false;
}

net::Reply Controller::Handle(const net::CallContext& ctx, const proto::Request& request) {
  using K = proto::Request;
  bool from_daemon = !ctx.credential.node_name().empty();
  if (!from_daemon) heap_trim_.NoteWork();
  switch (request.kind_case()) {
    case K::kRegisterNode:
    case K::kHeartbeat:
    case K::kJobComplete:
    case K::kExternStepEnd:
      if (!from_daemon) {
        spdlog::warn("refused node request {} from {} (uid {}): not signed by a daemon",
                     static_cast<int>(request.kind_case()), ctx.peer, ctx.credential.uid());
        return net::ErrorResponse(Code::kPermissionDenied, "Access/permission denied");
      }
      break;
    case K::kLaunchJob:
    case K::kSignalJob:
    case K::kTerminateJob:
    case K::kAllocateJob:
    case K::kLaunchStep:
    case K::kSign:
      spdlog::warn("refused request {} from {}: not a controller request", static_cast<int>(request.kind_case()),
                   ctx.peer);
      return net::ErrorResponse(Code::kInvalidArgument, "not a controller request");
    default:
      break;
  }
  switch (request.kind_case()) {
    case K::kSubmitJob: return Submit(ctx, request.submit_job());
    case K::kQueryJobs: return QueryJobs(request.query_jobs());
    case K::kQueryNodes: return QueryNodes();
    case K::kCancelJobs: return Cancel(ctx, request.cancel_jobs());
    case K::kUpdateJob: return UpdateJob(ctx, request.update_job());
    case K::kUpdateNode: return UpdateNode(ctx, request.update_node());
    case K::kShowConfig: return ShowConfig();
    case K::kCreateStep: return CreateStep(ctx, request.create_step());
    case K::kReleaseAllocation: return ReleaseAllocation(ctx, request.release_allocation());
    case K::kQueryPriority: return QueryPriority(request.query_priority());
    case K::kQueryShares: return QueryShares();
    case K::kUpdateLimits: return UpdateLimits(ctx, request.update_limits());
    case K::kStepComplete: return StepComplete(ctx, request.step_complete());
    case K::kQueryAccounting: return QueryAccounting(ctx, request.query_accounting());
    case K::kQueryDiagnostics: return Diagnostics(ctx, request.query_diagnostics());
    case K::kPing: {
      proto::Response response;
      response.mutable_ping()->set_cluster_name(config_.cluster_name);
      response.mutable_ping()->set_now(Now());
      return response;
    }
    case K::kRegisterNode: return RegisterNode(ctx, request.register_node());
    case K::kHeartbeat: return Heartbeat(ctx, request.heartbeat());
    case K::kJobComplete: return JobComplete(ctx, request.job_complete());
    case K::kExternStepEnd: return ExternStepEnd(ctx, request.extern_step_end());
    default: return net::ErrorResponse(Code::kInvalidArgument, "unknown request");
  }
}

Status Controller::CommitJobs(const std::vector<proto::JobRecord>& jobs, const std::vector<std::string>& nodes,
                              std::optional<uint32_t> next_job_id, std::vector<store::JobInput> inputs) {
  store::StoreBatch batch;
  batch.upsert_jobs = jobs;
  batch.upsert_inputs = std::move(inputs);
  for (const auto& name : nodes) batch.upsert_nodes.push_back(AdminStateOf(nodes_.at(name)));
  batch.next_job_id = next_job_id;
  if (batch.empty()) return Status::Ok();
  AddAccounting(batch);
  bool ends_run = std::any_of(jobs.begin(), jobs.end(), [this](const proto::JobRecord& job) {
    return jobs_.StateOf(job.job_id()) == proto::RUNNING && job.state() != proto::RUNNING;
  });
  if (ends_run) {
    UpdateUsage(Now());  // counts the run up to now, while memory still has it running
    batch.usage = UsageSnapshot();
  }
  Status status = store_->Commit(batch);
  if (!status.ok()) {
    spdlog::error("store commit failed: {}", status.message());
    return status;
  }
  CountTransitions(batch.upsert_jobs);
  for (auto& job : batch.upsert_jobs) jobs_.Put(std::move(job));
  return Status::Ok();
}

void Controller::DropJob(uint32_t id) {
  jobs_.Drop(id);
  terminate_sent_.erase(id);
  for (auto it = warned_.lower_bound({id, 0}); it != warned_.end() && it->first == id;) it = warned_.erase(it);
}

void Controller::CountTransitions(const std::vector<proto::JobRecord>& jobs) {
  for (const proto::JobRecord& job : jobs) {
    std::optional<proto::JobState> old = jobs_.StateOf(job.job_id());
    if (!old) {
      stats_.set_jobs_submitted(stats_.jobs_submitted() + 1);
      continue;
    }
    proto::JobState before = *old;
    if (before != proto::RUNNING && job.state() == proto::RUNNING) stats_.set_jobs_started(stats_.jobs_started() + 1);
    if (IsFinished(before) || !IsFinished(job.state())) continue;
    if (job.state() == proto::COMPLETED) {
      stats_.set_jobs_completed(stats_.jobs_completed() + 1);
    } else if (job.state() == proto::CANCELLED) {
      stats_.set_jobs_canceled(stats_.jobs_canceled() + 1);
    } else {
      stats_.set_jobs_failed(stats_.jobs_failed() + 1);
    }
  }
}

store::NodeAdminState Controller::AdminStateOf(const NodeEntry& node) const {
  store::NodeAdminState state;
  state.name = node.config.name;
  state.drain = node.drain;
  state.down = node.down;
  state.reason = node.reason;
  state.reason_time = node.reason_time;
  state.reason_uid = node.reason_uid;
  return state;
}

std::string Controller::NodeAddress(const NodeEntry& node) const {
  return node.config.addr.empty() ? node.config.name : node.config.addr;
}

}  // namespace bramble::controller
