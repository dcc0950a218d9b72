// srun's steps and the allocations of salloc/srun. A step is decided here
// (its nodes and tasks inside the job's allocation) and signed as a
// StepGrant; srun then launches it on the nodes itself, so the controller is
// not in the step's data path. Step ids are committed with the job so that
// they never repeat, even across a controller restart.
#include <pwd.h>

#include "auth/step_grant.h"
#include "common/hostlist.h"
#include "common/log.h"
#include "controller/controller.h"
#include "net/frame.h"
#include "sched/step_layout.h"

namespace bramble::controller {
namespace {

// How long srun has to deliver a grant to its nodes.
constexpr int64_t kGrantLifetimeS = 300;

bool MayUseJob(uint32_t uid, const proto::JobRecord& job, const Config& config) {
  if (uid == 0 || uid == job.uid()) return true;
  struct passwd* pw = ::getpwuid(uid);
  return pw != nullptr && config.slurm_user == pw->pw_name;
}

}  // namespace

proto::Response Controller::CreateStep(const net::CallContext& ctx, const proto::StepRequest& request) {
  std::string prefix = "Unable to create step for job " + std::to_string(request.job_id()) + ": ";
  std::optional<proto::JobRecord> found = jobs_.Copy(request.job_id());
  if (!found) return net::ErrorResponse(Code::kNotFound, prefix + "Invalid job id specified");
  proto::JobRecord& job = *found;
  if (!MayUseJob(ctx.credential.uid(), job, config_)) {
    spdlog::warn("uid {} may not start a step in job {} of {}", ctx.credential.uid(), job.job_id(), job.user());
    return net::ErrorResponse(Code::kPermissionDenied, prefix + "Access/permission denied");
  }
  if (job.state() == proto::PENDING) return net::ErrorResponse(Code::kInvalidArgument, prefix + "Job is pending execution");
  if (job.state() != proto::RUNNING || job.completing()) {
    return net::ErrorResponse(Code::kInvalidArgument, prefix + "Job/step already completing or completed");
  }

  sched::JobAllocation allocation;
  allocation.job_id = job.job_id();
  allocation.mem_per_node_mb = job.mem_per_node_mb();
  for (int i = 0; i < job.nodes_size(); ++i) {
    allocation.nodes.push_back(job.nodes(i));
    allocation.cpus_per_node.push_back(job.cpus_per_node(i));
  }
  sched::StepRequest ask;
  if (request.has_ntasks()) ask.ntasks = request.ntasks();
  if (request.has_nodes_min()) ask.nodes_min = request.nodes_min();
  if (request.has_nodes_max()) ask.nodes_max = request.nodes_max();
  if (request.has_cpus_per_task()) ask.cpus_per_task = request.cpus_per_task();
  if (request.has_ntasks_per_node()) ask.ntasks_per_node = request.ntasks_per_node();
  if (request.has_mem_mb()) ask.mem_mb = request.mem_mb();
  ask.overlap = request.overlap();
  ask.exclusive = request.exclusive();
  for (const std::string* list : {&request.nodelist(), &request.exclude()}) {
    if (list->empty()) continue;
    auto names = ExpandHostlist(*list);
    if (!names) return net::ErrorResponse(Code::kInvalidArgument, prefix + "Invalid node name specified");
    (list == &request.nodelist() ? ask.nodelist : ask.exclude) = std::move(*names);
  }
  auto shape = sched::LayOutStep(allocation, ask);
  if (!shape) return net::ErrorResponse(Code::kInvalidArgument, shape.error().message());

  proto::StepLayout layout;
  layout.set_job_id(job.job_id());
  layout.set_step_id(job.next_step_id());
  layout.set_uid(job.uid());
  layout.set_gid(job.gid());
  layout.set_user(job.user());
  layout.set_group(job.group());
  for (gid_t gid : users_.Groups(job.uid(), job.gid(), Now())) layout.add_gids(gid);
  for (size_t i = 0; i < shape->nodes.size(); ++i) {
    const NodeEntry& node = nodes_.at(shape->nodes[i]);
    layout.add_nodes(shape->nodes[i]);
    layout.add_node_addrs(NodeAddress(node));
    layout.add_node_ports(node.config.port ? node.config.port : config_.slurmd_port);
    layout.add_tasks_per_node(shape->tasks_per_node[i]);
    layout.add_cpus_per_node(shape->cpus_per_node[i]);
  }
  layout.set_ntasks(shape->ntasks);
  layout.set_cpus_per_task(request.has_cpus_per_task() ? request.cpus_per_task() : 0);
  layout.set_expires_at(Now() + kGrantLifetimeS);
  layout.set_name(request.name().empty() ? job.spec().name() : request.name());
  for (const auto& node : job.nodes()) layout.add_job_nodes(node);
  for (uint32_t cpus : job.cpus_per_node()) layout.add_job_cpus_per_node(cpus);
  layout.set_partition(job.partition().empty() ? job.spec().partition() : job.partition());
  layout.set_job_name(job.spec().name());
  layout.set_mem_per_node_mb(job.mem_per_node_mb());
  layout.set_cluster_name(config_.cluster_name);
  layout.set_job_start_time(job.start_time());
  layout.set_job_end_time(job.time_limit_s() >= 0 ? job.start_time() + job.time_limit_s() : 0);
  layout.set_account(job.spec().account());
  layout.set_kill_wait_s(config_.kill_wait_s);
  for (const auto& node : layout.nodes()) {
    int k = 0;
    while (k < job.nodes_size() && job.nodes(k) != node) ++k;
    layout.add_gpu_ids(k < job.gpu_ids_size() ? job.gpu_ids(k) : "");
  }

  job.set_next_step_id(job.next_step_id() + 1);
  RecordStepStart(job, layout);
  if (!CommitJobs({job}).ok()) return net::ErrorResponse(Code::kUnavailable, "Unable to save job state");
  spdlog::info("step {}.{} granted: {} tasks on {}", job.job_id(), layout.step_id(), layout.ntasks(),
               CompressHostlist({layout.nodes().begin(), layout.nodes().end()}));
  proto::Response response;
  *response.mutable_create_step()->mutable_grant() = auth::SignStepGrant(secret_, layout);
  return response;
}

proto::Response Controller::ReleaseAllocation(const net::CallContext& ctx, const proto::ReleaseAllocation& request) {
  std::optional<proto::JobRecord> found = jobs_.Copy(request.job_id());
  if (!found) return net::ErrorResponse(Code::kNotFound, "Invalid job id specified");
  proto::JobRecord& job = *found;
  if (!MayUseJob(ctx.credential.uid(), job, config_) && !IsOperator(ctx.credential.uid())) {
    return net::ErrorResponse(Code::kPermissionDenied, "Access/permission denied");
  }
  if (!job.spec().interactive()) return net::ErrorResponse(Code::kInvalidArgument, "Job is not an allocation");
  if (IsFinished(job.state())) return proto::Response();  // cancelled or timed out meanwhile
  if (request.has_last_step()) {  // while the job still runs, as a StepComplete of its own would be
    // A step end that cannot be recorded does not stop the release: the
    // step is then closed with the job, and the nodes are freed either way.
    if (request.last_step().job_id() != job.job_id()) {
      spdlog::warn("job {}: step end of job {} not recorded", job.job_id(), request.last_step().job_id());
    } else if (Result<bool> recorded = RecordStepEnd(job, request.last_step()); !recorded) {
      spdlog::warn("job {}: step end not recorded: {}", job.job_id(), recorded.error().message());
    }
  }
  bool ok = request.exit_code() == 0 && request.exit_signal() == 0;
  job.set_exit_code(request.exit_code());
  job.set_exit_signal(request.exit_signal());
  job.set_end_time(Now());
  if (job.state() == proto::PENDING) {
    job.set_state(proto::CANCELLED);  // its client gave up waiting
    job.set_cancelled_by(ctx.credential.uid());
  } else {
    job.set_state(ok ? proto::COMPLETED : proto::FAILED);
    job.set_reason(ok ? "None" : "NonZeroExitCode");
  }
  if (!CommitJobs({job}).ok()) return net::ErrorResponse(Code::kUnavailable, "Unable to save job state");
  spdlog::info("allocation {} released: {}", job.job_id(), JobStateName(job.state()));
  if (!job.nodes().empty()) SendTerminate(job);
  RequestSchedule();
  return proto::Response();
}

}  // namespace bramble::controller
