// Job dependencies before each scheduling pass: every pending job's
// --dependency is evaluated against the job table (sched/dependency.h). A
// satisfied dependency is cleared, as in Slurm; one that can never be
// satisfied keeps the job pending (DependencyNeverSatisfied), or cancels it
// with --kill-on-invalid-dep. A job with a dependency becomes eligible (its
// age starts) when the dependency is satisfied, as in Slurm. The remaining terms, with their outcomes, are
// the record's dependency_text, so decided terms survive a restart.
#include <algorithm>

#include "common/log.h"
#include "controller/controller.h"
#include "sched/dependency.h"

namespace bramble::controller {
namespace {

sched::JobState DependencyStateOf(proto::JobState state) {
  switch (state) {
    case proto::PENDING: return sched::JobState::kPending;
    case proto::RUNNING: return sched::JobState::kRunning;
    case proto::COMPLETED: return sched::JobState::kCompleted;
    case proto::FAILED: return sched::JobState::kFailed;
    case proto::CANCELLED: return sched::JobState::kCancelled;
    case proto::TIMEOUT: return sched::JobState::kTimeout;
    case proto::NODE_FAIL: return sched::JobState::kNodeFail;
    case proto::OUT_OF_MEMORY: return sched::JobState::kOutOfMemory;
    default: return sched::JobState::kFailed;
  }
}

}  // namespace

sched::DependencyJob DependencyJobOf(const proto::JobRecord& job) {
  sched::DependencyJob out;
  out.job_id = job.job_id();
  out.array_job_id = job.array_job_id();
  out.array_task_id = job.array_job_id() != 0 ? int64_t{job.array_task_id()} : -1;
  out.state = DependencyStateOf(job.state());
  out.exit_code = job.exit_code();
  // A job cancelled while pending counts from its cancellation (after:ID+N).
  out.start_time = job.start_time() != 0 ? job.start_time() : (IsFinished(job.state()) ? job.end_time() : 0);
  out.user = job.user();
  out.name = job.spec().name();
  return out;
}

sched::DependencyJob DependencyJobOf(uint32_t id, const FinishedJob& job) {
  sched::DependencyJob out;
  out.job_id = id;
  out.array_job_id = job.array_job_id;
  out.array_task_id = job.array_job_id != 0 ? int64_t{job.array_task_id} : -1;
  out.state = DependencyStateOf(job.state);
  out.exit_code = job.exit_code;
  out.start_time = job.start_time != 0 ? job.start_time : job.end_time;
  // No user or name: only running and pending jobs hold a singleton back.
  return out;
}

std::unique_ptr<sched::DependencyIndex> Controller::DependencyTable() const {
  std::vector<sched::DependencyJob> table;
  table.reserve(jobs_.size());
  for (const auto& [id, job] : jobs_.finished()) table.push_back(DependencyJobOf(id, job));
  for (const proto::JobRecord* job : jobs_.active()) table.push_back(DependencyJobOf(*job));
  return std::make_unique<sched::DependencyIndex>(std::move(table));
}

std::vector<proto::JobRecord> Controller::EvaluateDependencies(int64_t now) {
  dependency_states_.clear();
  std::vector<proto::JobRecord> changed;
  std::unique_ptr<sched::DependencyIndex> table;
  for (proto::JobRecord* active : jobs_.active()) {
    const proto::JobRecord& job = *active;
    uint32_t id = job.job_id();
    if (job.state() != proto::PENDING || job.dependency_text().empty()) continue;
    if (!table) table = DependencyTable();
    auto dependency = sched::ParseDependency(job.dependency_text());
    if (!dependency) {
      spdlog::warn("job {}: stored dependency '{}' does not parse; ignored", id, job.dependency_text());
      continue;
    }
    sched::DependencyState state = sched::Evaluate(&*dependency, DependencyJobOf(job), *table, now);
    proto::JobRecord updated = job;
    if (state == sched::DependencyState::kSatisfied) {
      updated.clear_dependency_text();
      updated.set_eligible_time(std::max(now, job.spec().begin_time()));  // the age factor counts from here
    } else {
      updated.set_dependency_text(sched::FormatDependency(*dependency));
      dependency_states_[id] = state == sched::DependencyState::kPending ? DependencyWait::kPending
                                                                         : DependencyWait::kNever;
    }
    if (state == sched::DependencyState::kNeverSatisfied && job.spec().kill_on_invalid_dep()) {
      updated.set_state(proto::CANCELLED);
      updated.set_reason("DependencyNeverSatisfied");
      updated.set_end_time(now);
      dependency_states_.erase(id);
      spdlog::info("job {} cancelled: its dependency can never be satisfied", id);
    }
    if (updated.dependency_text() != job.dependency_text() || updated.state() != job.state()) {
      changed.push_back(std::move(updated));
    }
  }
  return changed;
}

}  // namespace bramble::controller
