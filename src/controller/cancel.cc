// scancel: cancelling pending jobs at once, terminating running ones
// (COMPLETING until the node reports the processes gone), or delivering a
// signal. Users touch only their own jobs; operators touch all.

#include <algorithm>

#include "common/log.h"
#include "controller/controller.h"
#include "net/frame.h"

namespace bramble::controller {
namespace {

bool Matches(const proto::JobRecord& job, const proto::CancelJobs& request) {
  if (!request.user().empty() && job.user() != request.user()) return false;
  if (!request.name().empty() && job.spec().name() != request.name()) return false;
  if (!request.partition().empty() && job.spec().partition() != request.partition() &&
      job.partition() != request.partition()) {
    return false;
  }
  if (!request.states().empty()) {
    bool any = false;
    for (int s : request.states()) any = any || s == job.state();
    if (!any) return false;
  }
  return true;
}

}  // namespace

void Controller::BeginTermination(proto::JobRecord& job, proto::JobState end_state, const std::string& reason) {
  job.set_reason(reason);
  if (job.spec().interactive()) {
    // No batch script whose end a node reports: the allocation ends now and
    // its steps are killed on every node (SendTerminate).
    job.set_state(end_state);
    job.set_completing(false);
    job.set_end_time(Now());
    return;
  }
  job.set_completing(true);
  job.set_end_state(end_state);
}

proto::Response Controller::Cancel(const net::CallContext& ctx, const proto::CancelJobs& request) {
  uint32_t uid = ctx.credential.uid();
  bool op = IsOperator(uid);
  proto::Response response;
  auto* errors = response.mutable_cancel()->mutable_errors();
  std::vector<uint32_t> targets;
  bool explicit_ids = !request.job_ids().empty() || !request.task_job_ids().empty();
  if (explicit_ids) {
    // An array's id names all of its tasks, as in Slurm.
    std::map<uint32_t, std::vector<uint32_t>> tasks;
    auto add_task = [&tasks](uint32_t id, uint32_t array_job_id) {
      if (array_job_id != 0 && array_job_id != id) tasks[array_job_id].push_back(id);
    };
    for (const auto& [id, job] : jobs_.finished()) add_task(id, job.array_job_id);
    for (const proto::JobRecord* job : jobs_.active()) add_task(job->job_id(), job->array_job_id());
    for (uint32_t id : request.job_ids()) {
      targets.push_back(id);
      auto array = tasks.find(id);
      if (array != tasks.end()) targets.insert(targets.end(), array->second.begin(), array->second.end());
    }
    targets.insert(targets.end(), request.task_job_ids().begin(), request.task_job_ids().end());
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  } else {
    for (proto::JobRecord* active : jobs_.active()) {
      const proto::JobRecord& job = *active;
      uint32_t id = job.job_id();
      if (!IsFinished(job.state()) && (op || job.uid() == uid)) targets.push_back(id);
    }
  }
  std::vector<proto::JobRecord> changed;
  std::vector<proto::JobRecord> to_terminate;
  for (uint32_t id : targets) {
    proto::JobRecord scratch;
    const proto::JobRecord* found = jobs_.Find(id, scratch);
    std::string prefix = "Kill job error on job id " + std::to_string(id) + ": ";
    if (found == nullptr) {
      if (request.signal() != 0) errors->Add(prefix + "Invalid job id specified");
      continue;
    }
    const proto::JobRecord& job = *found;
    if (!Matches(job, request)) continue;
    if (!op && job.uid() != uid) {
      errors->Add(prefix + "Access/permission denied");
      spdlog::warn("uid {} may not cancel job {} of {}", uid, id, job.user());
      continue;
    }
    if (IsFinished(job.state()) || (job.completing() && request.signal() == 0)) {
      if (request.signal() != 0) errors->Add(prefix + "Job/step already completing or completed");
      continue;
    }
    if (request.signal() != 0) {
      if (job.state() != proto::RUNNING) {
        errors->Add(prefix + "Job is pending execution");
        continue;
      }
      proto::Request signal;
      signal.mutable_signal_job()->set_job_id(id);
      signal.mutable_signal_job()->set_signal(request.signal());
      signal.mutable_signal_job()->set_batch_only(request.batch_only());
      if (request.batch_only()) {
        SendToNode(job.batch_host(), signal, 1, [](Result<proto::Response>) {});
      } else {
        for (const auto& node : job.nodes()) SendToNode(node, signal, 1, [](Result<proto::Response>) {});
      }
      continue;
    }
    proto::JobRecord updated = job;
    updated.set_cancelled_by(uid);
    if (job.state() == proto::PENDING) {
      updated.set_state(proto::CANCELLED);
      updated.set_end_time(Now());
      updated.set_reason("None");
    } else {
      BeginTermination(updated, proto::CANCELLED, "None");
      to_terminate.push_back(updated);
    }
    changed.push_back(updated);
  }
  if (!CommitJobs(changed).ok()) return net::ErrorResponse(Code::kUnavailable, "Unable to save job state");
  for (const auto& job : to_terminate) {
    if (job.completing()) terminate_sent_[job.job_id()] = Now();
    SendTerminate(job);
  }
  if (!changed.empty()) {
    spdlog::info("uid {} cancelled {} jobs", uid, changed.size());
    RequestSchedule();
  }
  return response;
}

}  // namespace bramble::controller
