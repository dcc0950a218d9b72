// Job accounting (docs/accounting.md): the records sacct reads.
//
// Every commit that ends a job's run (any end, or a requeue) also upserts
// the run's accounting record in the same transaction (AddAccounting, from
// CommitJobs), so the record outlives MinJobAge and restarts. srun reports
// its steps' ends here (StepComplete); the batch step comes with the job's
// JobComplete (node_events.cc). sacct's queries merge the stored records
// with the live jobs, which win for the same job. Records older than
// PurgeJobAfter are pruned at start and then hourly.

#include <algorithm>

#include "common/log.h"
#include "controller/accounting_records.h"
#include "controller/controller.h"
#include "net/frame.h"

namespace bramble::controller {
namespace {

// sacct answers at most this many job records per query (a frame is
// capped; a record without its script is ~300 bytes).
constexpr size_t kMaxAccountingRecords = 20000;
// How often stored records are checked against PurgeJobAfter.
constexpr int64_t kPruneIntervalS = 3600;

}  // namespace

void Controller::AddAccounting(store::StoreBatch& batch) {
  int64_t now = Now();
  for (proto::JobRecord& job : batch.upsert_jobs) {
    const proto::JobRecord* old = jobs_.FindActive(job.job_id());
    bool requeued = old != nullptr && old->state() == proto::RUNNING && job.state() == proto::PENDING &&
                    job.restart_count() > old->restart_count();
    if (requeued) {
      proto::JobRecord run = AccountingCopy(*old);
      run.set_state(proto::REQUEUED);
      run.set_completing(false);
      run.set_end_time(now);
      CloseOpenSteps(run);
      batch.upsert_accounting.push_back(std::move(run));
    }
    if (!IsFinished(job.state())) continue;
    CloseOpenSteps(job);
    batch.upsert_accounting.push_back(AccountingCopy(job));
  }
}

proto::Response Controller::StepComplete(const net::CallContext& ctx, const proto::StepComplete& request) {
  std::optional<proto::JobRecord> found = jobs_.Copy(request.job_id());
  if (!found) return proto::Response();  // gone after MinJobAge: nothing to record
  proto::JobRecord& job = *found;
  uint32_t uid = ctx.credential.uid();
  if (uid != job.uid() && !IsOperator(uid)) {
    return net::ErrorResponse(Code::kPermissionDenied, "Access/permission denied");
  }
  Result<bool> recorded = RecordStepEnd(job, request);
  if (!recorded) return net::ErrorResponse(recorded.error().code(), recorded.error().message());
  if (!*recorded) return proto::Response();
  if (!CommitJobs({job}).ok()) return net::ErrorResponse(Code::kUnavailable, "Unable to save job state");
  return proto::Response();
}

Result<bool> Controller::RecordStepEnd(proto::JobRecord& job, const proto::StepComplete& request) {
  if (request.step_id() >= kBatchStepId) {
    // The batch and extern steps are reported by the nodes, never by srun.
    return InvalidArgument("Invalid step id");
  }
  auto step = std::find_if(job.mutable_steps()->begin(), job.mutable_steps()->end(),
                           [&request](const proto::StepRecord& s) { return s.step_id() == request.step_id(); });
  if (step == job.mutable_steps()->end() || step->end_time() != 0) return false;
  step->set_end_time(std::max(Now(), step->start_time()));
  step->set_exit_code(request.exit_code());
  step->set_exit_signal(request.exit_signal());
  step->set_user_cpu_us(request.user_cpu_us());
  step->set_system_cpu_us(request.system_cpu_us());
  step->set_max_rss_kb(request.max_rss_kb());
  bool stopping = job.completing() || IsFinished(job.state());
  step->set_state(StepEndState(request, stopping));
  if (step->state() == proto::CANCELLED && job.cancelled_by() != 0) step->set_cancelled_by(job.cancelled_by());
  return true;
}

proto::Response Controller::ExternStepEnd(const net::CallContext& ctx, const proto::ExternStepEnd& request) {
  std::optional<proto::JobRecord> found = jobs_.Copy(request.job_id());
  // Gone after MinJobAge, or the end of a run the job was requeued from: nothing to record.
  if (!found || found->restart_count() != request.restart_count()) return proto::Response();
  proto::JobRecord& job = *found;
  auto step = std::find_if(job.mutable_steps()->begin(), job.mutable_steps()->end(),
                           [](const proto::StepRecord& s) { return s.step_id() == kExternStepId; });
  if (step == job.mutable_steps()->end()) return proto::Response();
  if (!AddExternUsage(*step, ctx.credential.node_name(), request)) {
    spdlog::info("job {}: extern step usage from {} not counted (not its node, or counted already)", job.job_id(),
                 ctx.credential.node_name());
    return proto::Response();
  }
  if (!CommitJobs({job}).ok()) return net::ErrorResponse(Code::kUnavailable, "Unable to save job state");
  return proto::Response();
}

void Controller::RecordStepStart(proto::JobRecord& job, const proto::StepLayout& layout) {
  if (job.steps_size() >= kMaxStepRecords) return;
  proto::StepRecord& step = *job.add_steps();
  step.set_step_id(layout.step_id());
  step.set_name(layout.name());
  step.set_state(proto::RUNNING);
  step.set_start_time(Now());
  for (const auto& node : layout.nodes()) step.add_nodes(node);
  step.set_ntasks(layout.ntasks());
  uint32_t cpus = 0;
  for (uint32_t n : layout.cpus_per_node()) cpus += n;
  step.set_cpus(cpus);
}

proto::Response Controller::QueryAccounting(const net::CallContext& ctx, const proto::QueryAccounting& request) {
  proto::QueryAccounting query = request;
  uint32_t uid = ctx.credential.uid();
  // sacct(1): without -a or -u a user sees their own jobs; root sees everyone's.
  if (query.uids().empty() && !query.all_users() && uid != 0) query.add_uids(uid);
  int64_t now = Now();
  store::AccountingQuery stored_query;
  stored_query.job_ids.assign(query.job_ids().begin(), query.job_ids().end());
  stored_query.ended_after = query.start_time();
  stored_query.submitted_before = (query.end_time() != 0 ? query.end_time() : now) + 1;
  auto stored = store_->QueryAccounting(stored_query, kMaxAccountingRecords);
  if (!stored) {
    spdlog::error("sacct query failed: {}", stored.error().message());
    return net::ErrorResponse(Code::kUnavailable, "Unable to read the accounting records");
  }
  // One record per job: the live one, else its latest run (sacct without --duplicates).
  std::map<uint32_t, proto::JobRecord> chosen;
  for (auto& job : *stored) chosen[job.job_id()] = std::move(job);
  jobs_.ForEach([&chosen](const proto::JobRecord& job) { chosen[job.job_id()] = AccountingCopy(job); });
  proto::Response response;
  proto::AccountingReply* reply = response.mutable_accounting();
  reply->set_now(now);
  for (const auto& [id, job] : chosen) {
    if (!AccountingMatches(job, query, now)) continue;
    if (static_cast<size_t>(reply->jobs_size()) >= kMaxAccountingRecords) break;
    *reply->add_jobs() = job;
  }
  return response;
}

void Controller::PruneAccounting() {
  int64_t now = Now();
  if (config_.purge_job_after_s <= 0 || now - last_accounting_prune_ < kPruneIntervalS) return;
  last_accounting_prune_ = now;
  auto pruned = store_->PruneAccounting(now - config_.purge_job_after_s);
  if (!pruned) {
    spdlog::error("pruning accounting records failed: {}", pruned.error().message());
  } else if (*pruned > 0) {
    spdlog::info("pruned {} accounting records older than PurgeJobAfter", *pruned);
  }
}

}  // namespace bramble::controller
