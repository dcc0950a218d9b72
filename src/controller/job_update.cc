// scontrol update/hold/release/requeue rules; see job_update.h.
#include "controller/job_update.h"

#include <limits>

#include "controller/sched_snapshot.h"
#include "proto/job_state.h"

namespace bramble::controller {
namespace {

// A time limit in seconds with UNLIMITED (-1) as the largest value.
int64_t Comparable(int64_t limit_s) { return limit_s < 0 ? std::numeric_limits<int64_t>::max() : limit_s; }

// MaxTime of the partition the job is in (the first it asked for while it
// waits); -1 (UNLIMITED) when unknown.
int64_t PartitionMaxTime(const proto::JobRecord& job, const Config& config) {
  std::string name = job.partition();
  if (name.empty()) {
    auto names = JobPartitions(job.spec(), config);
    if (!names.empty()) name = names.front();
  }
  for (const PartitionConfig& p : config.partitions) {
    if (p.name == name) return p.max_time_s;
  }
  return -1;
}

Status ApplyTimeLimit(int64_t limit, bool op, const Config& config, proto::JobRecord* job) {
  int64_t old = job->time_limit_s();
  if (Comparable(limit) == Comparable(old)) return Status::Ok();
  bool pending = job->state() == proto::PENDING;
  bool allowed = op || Comparable(limit) < Comparable(old) ||
                 (pending && Comparable(limit) <= Comparable(PartitionMaxTime(*job, config)));
  if (!allowed) return PermissionDenied(kAccessDenied);
  job->set_time_limit_s(limit);
  job->mutable_spec()->set_time_limit_s(limit);  // what a later Validate (new partition) starts from
  return Status::Ok();
}

Status ApplyHold(bool hold, bool op, proto::JobRecord* job) {
  if (job->state() != proto::PENDING) return InvalidArgument(kJobNotPending);
  bool held = HoldReason(*job) != nullptr;
  if (hold) {
    // Only an operator changes the kind of an existing hold.
    if (held && !op) return Status::Ok();
    job->mutable_spec()->set_hold(!op);
    job->set_held_by_admin(op);
    job->set_reason(HoldReason(*job));
    return Status::Ok();
  }
  if (!held) return Status::Ok();  // already released
  if (job->held_by_admin() && !op) return PermissionDenied(kAccessDenied);
  job->mutable_spec()->set_hold(false);
  job->set_held_by_admin(false);
  job->set_reason("None");
  return Status::Ok();
}

}  // namespace

const char* HoldReason(const proto::JobRecord& job) {
  if (job.held_by_admin()) return "JobHeldAdmin";
  if (job.spec().hold()) return "JobHeldUser";
  return nullptr;
}

bool ChangesShape(const proto::UpdateJob& request) {
  return request.has_partition() || request.has_num_nodes() || request.has_num_cpus();
}

Status ApplyJobUpdate(const proto::UpdateJob& request, bool op, const Config& config, proto::JobRecord* job) {
  bool any = ChangesShape(request) || request.has_time_limit_s() || request.has_hold() || request.has_nice();
  if (!any) return Status::Ok();  // nothing but (perhaps) requeue
  if (IsFinished(job->state())) return InvalidArgument(kJobFinished);
  bool pending = job->state() == proto::PENDING;
  if (request.has_partition() && request.partition() != job->spec().partition()) {
    if (!pending) return InvalidArgument(kJobNotPending);
    job->mutable_spec()->set_partition(request.partition());
  }
  if (request.has_num_nodes()) {
    if (!pending) return InvalidArgument(kNotSupported);
    job->mutable_spec()->set_nodes_min(request.num_nodes());
    job->mutable_spec()->set_nodes_max(request.num_nodes());
  }
  if (request.has_num_cpus()) {
    if (!pending) return InvalidArgument(kJobNotPending);
    job->mutable_spec()->set_ntasks(request.num_cpus());
    job->mutable_spec()->set_cpus_per_task(1);
  }
  if (request.has_time_limit_s()) {
    Status applied = ApplyTimeLimit(request.time_limit_s(), op, config, job);
    if (!applied.ok()) return applied;
  }
  if (request.has_hold()) {
    Status applied = ApplyHold(request.hold(), op, job);
    if (!applied.ok()) return applied;
  }
  if (request.has_nice()) {
    if (request.nice() < 0 && !op) return PermissionDenied(kAccessDenied);
    job->mutable_spec()->set_nice(request.nice());
  }
  return Status::Ok();
}

Status CheckRequeue(const proto::JobRecord& job) {
  if (!job.spec().requeue()) return InvalidArgument(kDisabled);
  if (job.spec().interactive()) return InvalidArgument(kBatchOnly);
  if (job.state() == proto::PENDING) return InvalidArgument(kJobPending);
  return Status::Ok();
}

}  // namespace bramble::controller
