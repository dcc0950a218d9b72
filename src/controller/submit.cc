// Submitting a job: validate against the configuration, give it an id,
// commit it as PENDING, answer. A retried submit (same request id) gets the
// first job's id back instead of a second job.

#include <algorithm>

#include "common/array_spec.h"
#include "common/hostlist.h"
#include "common/log.h"
#include "controller/controller.h"
#include "controller/job_update.h"
#include "controller/sched_snapshot.h"
#include "net/frame.h"
#include "sched/scheduler.h"

namespace bramble::controller {
namespace {

proto::Response Refuse(const std::string& message) {
  return net::ErrorResponse(Code::kInvalidArgument, message);
}

}  // namespace

// Fills the job's effective partitions, time limit and shape; the error text
// is what sbatch prints after "Batch job submission failed: ".
Status Controller::Validate(proto::JobRecord& job, const proto::JobSpec& spec) {
  std::vector<const PartitionConfig*> partitions;
  for (const std::string& name : JobPartitions(spec, config_)) {
    const PartitionConfig* found = nullptr;
    for (const auto& p : config_.partitions) {
      if (p.name == name) found = &p;
    }
    if (found == nullptr) return InvalidArgument("Invalid partition name specified");
    if (!found->allow_groups.empty() && !InGroups(job, found->allow_groups)) {
      return InvalidArgument("User's group not permitted to use this partition");
    }
    partitions.push_back(found);
  }
  if (partitions.empty()) return InvalidArgument("No partition specified or system default partition");
  std::string names;
  for (const PartitionConfig* p : partitions) names += (names.empty() ? "" : ",") + p->name;
  job.mutable_spec()->set_partition(names);
  const PartitionConfig* first = partitions[0];
  int64_t limit = spec.has_time_limit_s() ? spec.time_limit_s()
                  : first->default_time_s >= 0 ? first->default_time_s
                                               : first->max_time_s;
  bool fits_one = std::any_of(partitions.begin(), partitions.end(), [limit](const PartitionConfig* p) {
    return p->max_time_s < 0 || (limit >= 0 && limit <= p->max_time_s);
  });
  if (!fits_one) return InvalidArgument("Requested time limit is invalid (missing or exceeds some limit)");
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
  for (const sched::GresRequest& gres : request->gres) {
    if (std::find(config_.gres_types.begin(), config_.gres_types.end(), gres.name) == config_.gres_types.end()) {
      return InvalidArgument("Invalid generic resource (gres) specification");
    }
  }
  return sched::CheckSatisfiable(*request, BuildSnapshot(config_, nodes_, node_order_, {}, {}, Now()));
}

bool Controller::InGroups(const proto::JobRecord& job, const std::vector<std::string>& allowed) const {
  if (std::find(allowed.begin(), allowed.end(), "ALL") != allowed.end()) return true;
  for (gid_t gid : users_.Groups(job.uid(), job.gid(), Now())) {
    std::optional<std::string> name = users_.GroupName(gid, Now());
    if (name && std::find(allowed.begin(), allowed.end(), *name) != allowed.end()) return true;
  }
  return false;
}

// Checks --dependency against the job table and stores it, resolved, as
// the record's dependency_text.
Status Controller::AttachDependency(proto::JobRecord& job) {
  if (job.spec().dependency().empty()) return Status::Ok();
  auto parsed = sched::ParseDependency(job.spec().dependency());
  if (!parsed) return parsed.status();
  if (parsed->terms.empty()) return Status::Ok();
  std::unique_ptr<sched::DependencyIndex> table = DependencyTable();
  auto resolved = sched::ResolveDependency(std::move(*parsed), DependencyJobOf(job), *table);
  if (!resolved) return resolved.status();
  job.set_dependency_text(sched::FormatDependency(*resolved));
  return Status::Ok();
}

// The records of a submission: one job, or one per array task with
// consecutive ids, the first being the array's id.
Result<std::vector<proto::JobRecord>> Controller::SubmittedRecords(const proto::JobRecord& job) {
  if (job.spec().array().empty()) return std::vector<proto::JobRecord>{job};
  if (job.spec().interactive()) return InvalidArgument("Job arrays are not supported for interactive jobs");
  auto spec = ParseArraySpec(job.spec().array(), config_.max_array_size);
  if (!spec) return InvalidArgument("Invalid job array specification");
  std::vector<proto::JobRecord> tasks;
  for (size_t k = 0; k < spec->indices.size(); ++k) {
    proto::JobRecord task = job;
    task.set_job_id(job.job_id() + static_cast<uint32_t>(k));
    task.set_array_job_id(job.job_id());
    task.set_array_task_id(spec->indices[k]);
    task.set_array_task_count(static_cast<uint32_t>(spec->indices.size()));
    task.set_array_task_min(spec->indices.front());
    task.set_array_task_max(spec->indices.back());
    task.set_array_task_step(spec->step);
    task.set_array_throttle(spec->throttle);
    if (k > 0) task.set_request_id("");
    tasks.push_back(std::move(task));
  }
  return tasks;
}

proto::Response Controller::Submit(const net::CallContext& ctx, const proto::SubmitJob& request) {
  if (!request.request_id().empty()) {
    auto seen = request_ids_.find(RequestKey(ctx.credential.uid(), request.request_id()));
    if (seen != request_ids_.end()) {
      proto::Response response;
      response.mutable_submit_job()->set_job_id(seen->second);
      return response;
    }
  }
  if (!ctx.credential.node_name().empty()) return Refuse("daemons do not submit jobs");
  uint32_t uid = ctx.credential.uid();
  std::optional<std::string> user = users_.UserName(uid, Now());
  if (!user) return Refuse("Invalid user id");
  proto::JobRecord job;
  *job.mutable_spec() = request.spec();
  job.set_uid(uid);
  job.set_gid(ctx.credential.gid());
  job.set_user(*user);
  if (std::optional<std::string> group = users_.GroupName(ctx.credential.gid(), Now())) job.set_group(*group);
  Status valid = Validate(job, request.spec());
  if (!valid.ok()) return Refuse(valid.message());
  if (job.spec().script().empty() && !job.spec().interactive()) return Refuse("Batch script is empty!");
  job.set_job_id(next_job_id_);
  job.set_state(proto::PENDING);
  const char* held = HoldReason(job);
  job.set_reason(held != nullptr ? held : "None");
  job.set_submit_time(Now());
  job.set_request_id(request.request_id());
  job.set_priority(1);
  job.set_eligible_time(std::max(job.submit_time(), job.spec().begin_time()));
  // JobRequeue=1 (Slurm's default): batch jobs may be requeued unless --no-requeue.
  if (!job.spec().no_requeue()) job.mutable_spec()->set_requeue(true);
  if (job.spec().nice() < 0 && !IsOperator(uid)) return net::ErrorResponse(Code::kPermissionDenied, "Access/permission denied");
  Status dependency = AttachDependency(job);
  if (!dependency.ok()) return Refuse(dependency.message());
  if (!job.dependency_text().empty()) job.set_eligible_time(0);  // set when the dependency is satisfied
  // The script and environment are stored apart and not kept in memory
  // (store.h JobInput); taken before an array copies the record per task.
  store::JobInput input = store::TakeJobInput(job);
  auto records = SubmittedRecords(job);
  if (!records) return Refuse(records.error().message());
  Status limits = CheckSubmitLimits(job, records->size());
  if (!limits.ok()) return Refuse(limits.message());
  uint32_t next = next_job_id_ + static_cast<uint32_t>(records->size());
  std::vector<store::JobInput> inputs;
  if (!input.input.script().empty() || !input.input.environment().empty()) inputs.push_back(std::move(input));
  Status committed = CommitJobs(*records, {}, next, std::move(inputs));
  if (!committed.ok()) return net::ErrorResponse(Code::kUnavailable, "Unable to save job state");
  next_job_id_ = next;
  if (!job.request_id().empty()) request_ids_[RequestKey(job.uid(), job.request_id())] = job.job_id();
  spdlog::info("job {} submitted by {} ({}{})", job.job_id(), job.user(), job.spec().name(),
               records->size() > 1 ? ", array of " + std::to_string(records->size()) : "");
  proto::Response response;
  response.mutable_submit_job()->set_job_id(job.job_id());
  if (job.spec().interactive()) {
    // salloc and srun wait for their allocation: try at once, so that on an
    // idle cluster the reply already carries it and no polling is needed.
    SchedulePass();
    if (request.has_first_step() && jobs_.StateOf(job.job_id()) == proto::RUNNING) {
      proto::StepRequest step = request.first_step();
      step.set_job_id(job.job_id());
      proto::Response granted = CreateStep(ctx, step);
      if (granted.code() == 0) *response.mutable_submit_job()->mutable_first_step() = granted.create_step().grant();
    }
    std::optional<proto::JobRecord> stored = jobs_.Copy(job.job_id());  // as the pass left it
    if (stored) *response.mutable_submit_job()->mutable_job() = std::move(*stored);
  } else {
    RequestSchedule();
  }
  return response;
}

}  // namespace bramble::controller
