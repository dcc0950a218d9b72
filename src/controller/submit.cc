// Submitting a job: validate against the configuration, give it an id,
// commit it as PENDING, answer. A retried submit (same request id) gets the
// first job's id back instead of a second job.
#include <grp.h>
#include <pwd.h>

#include "common/hostlist.h"
#include "common/log.h"
#include "controller/controller.h"
#include "controller/sched_snapshot.h"
#include "net/frame.h"
#include "sched/scheduler.h"

namespace bramble::controller {
namespace {

proto::Response Refuse(const std::string& message) {
  return net::ErrorResponse(Code::kInvalidArgument, message);
}

}  // namespace

// Fills the job's effective partition, time limit and shape; the error text
// is what sbatch prints after "Batch job submission failed: ".
Status Controller::Validate(proto::JobRecord& job, const proto::JobSpec& spec) {
  const PartitionConfig* partition = nullptr;
  if (spec.partition().empty()) {
    partition = config_.DefaultPartition();
    if (partition == nullptr) return InvalidArgument("No partition specified or system default partition");
  } else {
    for (const auto& p : config_.partitions) {
      if (p.name == spec.partition()) partition = &p;
    }
    if (partition == nullptr) return InvalidArgument("Invalid partition name specified");
  }
  job.mutable_spec()->set_partition(partition->name);
  int64_t limit = spec.has_time_limit_s() ? spec.time_limit_s()
                  : partition->default_time_s >= 0 ? partition->default_time_s
                                                   : partition->max_time_s;
  if (partition->max_time_s >= 0 && (limit < 0 || limit > partition->max_time_s)) {
    return InvalidArgument("Requested time limit is invalid (missing or exceeds some limit)");
  }
  job.set_time_limit_s(limit);
  if (spec.has_mem_per_node_mb() && spec.has_mem_per_cpu_mb()) {
    return InvalidArgument("Memory specification can not be satisfied");
  }
  for (const std::string* list : {&spec.nodelist(), &spec.exclude()}) {
    if (list->empty()) continue;
    auto names = ExpandHostlist(*list);
    if (!names) return InvalidArgument("Invalid node name specified");
    for (const auto& name : *names) {
      if (!nodes_.count(name)) return InvalidArgument("Invalid node name specified");
    }
  }
  auto request = MakeJobRequest(job, config_, node_order_);
  if (!request) return request.status();
  return sched::CheckSatisfiable(*request, BuildSnapshot(config_, nodes_, node_order_, {}, Now()));
}

proto::Response Controller::Submit(const net::CallContext& ctx, const proto::SubmitJob& request) {
  if (!request.request_id().empty()) {
    auto seen = request_ids_.find(request.request_id());
    if (seen != request_ids_.end()) {
      proto::Response response;
      response.mutable_submit_job()->set_job_id(seen->second);
      return response;
    }
  }
  if (!ctx.credential.node_name().empty()) return Refuse("daemons do not submit jobs");
  uint32_t uid = ctx.credential.uid();
  struct passwd* pw = ::getpwuid(uid);
  if (pw == nullptr) return Refuse("Invalid user id");
  proto::JobRecord job;
  *job.mutable_spec() = request.spec();
  job.set_uid(uid);
  job.set_gid(ctx.credential.gid());
  job.set_user(pw->pw_name);
  if (struct group* gr = ::getgrgid(ctx.credential.gid())) job.set_group(gr->gr_name);
  Status valid = Validate(job, request.spec());
  if (!valid.ok()) return Refuse(valid.message());
  if (job.spec().script().empty() && !job.spec().interactive()) return Refuse("Batch script is empty!");
  job.set_job_id(next_job_id_);
  job.set_state(proto::PENDING);
  job.set_reason(request.spec().hold() ? "JobHeldUser" : "None");
  job.set_submit_time(Now());
  job.set_request_id(request.request_id());
  job.set_priority(1);
  Status committed = CommitJobs({job}, {}, next_job_id_ + 1);
  if (!committed.ok()) return net::ErrorResponse(Code::kUnavailable, "Unable to save job state");
  ++next_job_id_;
  if (!job.request_id().empty()) request_ids_[job.request_id()] = job.job_id();
  spdlog::info("job {} submitted by {} ({})", job.job_id(), job.user(), job.spec().name());
  proto::Response response;
  response.mutable_submit_job()->set_job_id(job.job_id());
  if (job.spec().interactive()) {
    // salloc and srun wait for their allocation: try at once, so that on an
    // idle cluster the reply already carries it and no polling is needed.
    SchedulePass();
    *response.mutable_submit_job()->mutable_job() = jobs_.at(job.job_id());
  } else {
    RequestSchedule();
  }
  return response;
}

}  // namespace bramble::controller
