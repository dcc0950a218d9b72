// The controller's once-a-second tick: time limits (TIMEOUT: SIGTERM, then
// SIGKILL after KillWait, done by the node's stepd), re-sending terminations
// that a node has not acted on, node timeouts, and forgetting finished jobs
// after MinJobAge, and giving freed memory back after a burst of work
// (heap_trim.h). Nothing here writes unless something changed.
#include <malloc.h>

#include <cstdlib>

#include "common/log.h"
#include "controller/controller.h"

namespace bramble::controller {

void Controller::ArmTicker() {
  ticker_.expires_after(std::chrono::seconds(1));
  ticker_.async_wait([this](asio::error_code ec) {
    if (ec) return;
    EnforceTimeLimits();
    CheckNodeTimeouts();
    PruneOldJobs();
    PruneAccounting();
    PeriodicSchedule();
    if (heap_trim_.TrimNow()) {
      store_->ReleaseMemory();  // SQLite's page cache, then the heap it lived in
      malloc_trim(0);
    }
    ArmTicker();
  });
}

void Controller::EnforceTimeLimits() {
  int64_t now = Now();
  std::vector<proto::JobRecord> timed_out;
  for (proto::JobRecord* active : jobs_.active()) {
    const proto::JobRecord& job = *active;
    if (job.state() != proto::RUNNING || job.completing() || job.time_limit_s() < 0) continue;
    if (now < job.start_time() + job.time_limit_s()) continue;
    proto::JobRecord updated = job;
    BeginTermination(updated, proto::TIMEOUT, "TimeLimit");
    timed_out.push_back(updated);
  }
  if (!timed_out.empty() && !CommitJobs(timed_out).ok()) return;
  for (const auto& job : timed_out) {
    spdlog::info("job {} reached its time limit", job.job_id());
    if (!job.completing()) SendTerminate(job);  // an allocation: it has ended already
  }
  SendWarningSignals(now);
  // (Re)send terminations: new ones now, old ones again after KillWait + 10 s.
  for (proto::JobRecord* active : jobs_.active()) {
    const proto::JobRecord& job = *active;
    uint32_t id = job.job_id();
    if (job.state() != proto::RUNNING || !job.completing()) continue;
    auto sent = terminate_sent_.find(id);
    if (sent != terminate_sent_.end() && now - sent->second < config_.kill_wait_s + 10) continue;
    terminate_sent_[id] = now;
    SendTerminate(job);
  }
}

namespace {

// --signal=[B:|R:]NUM@SECONDS (sbatch stores the number; Slurm's default
// lead time is 60 s): once per run, that many seconds before the time limit,
// the signal goes to the batch shell only (B:) or else to the job's steps,
// not the batch shell (sbatch(1): "By default all job steps will be
// signaled, but not the batch shell itself"). Returns false for text that
// is not in that form.
bool ParseWarningSignal(const std::string& text, bool* batch_only, int* signal, int64_t* lead_s) {
  std::string rest = text;
  *batch_only = false;
  if (rest.rfind("B:", 0) == 0 || rest.rfind("R:", 0) == 0) {
    *batch_only = rest[0] == 'B';
    rest = rest.substr(2);
  }
  size_t at = rest.find('@');
  std::string number = rest.substr(0, at);
  if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos) return false;
  *signal = std::atoi(number.c_str());
  *lead_s = 60;
  if (at != std::string::npos) {
    std::string lead = rest.substr(at + 1);
    if (lead.empty() || lead.find_first_not_of("0123456789") != std::string::npos) return false;
    *lead_s = std::atoll(lead.c_str());
  }
  return *signal > 0 && *signal < 65;
}

}  // namespace

void Controller::SendWarningSignals(int64_t now) {
  for (proto::JobRecord* active : jobs_.active()) {
    const proto::JobRecord& job = *active;
    uint32_t id = job.job_id();
    if (job.state() != proto::RUNNING || job.completing() || job.time_limit_s() < 0) continue;
    if (job.spec().signal().empty() || warned_.count({id, job.restart_count()})) continue;
    bool batch_only = false;
    int signal = 0;
    int64_t lead_s = 0;
    if (!ParseWarningSignal(job.spec().signal(), &batch_only, &signal, &lead_s)) continue;
    if (now < job.start_time() + job.time_limit_s() - lead_s) continue;
    warned_.insert({id, job.restart_count()});
    proto::Request request;
    request.mutable_signal_job()->set_job_id(id);
    request.mutable_signal_job()->set_signal(signal);
    request.mutable_signal_job()->set_batch_only(batch_only);
    request.mutable_signal_job()->set_steps_only(!batch_only);
    spdlog::info("job {}: signal {} before its time limit", id, signal);
    if (batch_only) {
      SendToNode(job.batch_host(), request, 3, [](Result<proto::Response>) {});
    } else {
      for (const auto& node : job.nodes()) SendToNode(node, request, 3, [](Result<proto::Response>) {});
    }
  }
}

// Passes also run on a timer while jobs wait: begin times arrive, "after"
// delays pass, and age changes priorities without any event.
void Controller::PeriodicSchedule() {
  constexpr int64_t kPeriodS = 5;
  int64_t now = Now();
  if (now - last_pass_ < kPeriodS) return;
  last_pass_ = now;
  for (proto::JobRecord* active : jobs_.active()) {
    const proto::JobRecord& job = *active;
    if (job.state() == proto::PENDING) {
      RequestSchedule();
      return;
    }
  }
}

void Controller::PruneOldJobs() {
  int64_t now = Now();
  store::StoreBatch batch;
  for (const auto& [id, job] : jobs_.finished()) {
    if (now - job.end_time > static_cast<int64_t>(config_.min_job_age_s)) batch.delete_jobs.push_back(id);
  }
  if (batch.delete_jobs.empty()) return;
  // An array's input goes with its last task. Its tasks have consecutive ids
  // from the array's id, so they are looked for from there, in both halves
  // of the table (unfinished tasks are never pruned).
  std::set<uint32_t> pruned(batch.delete_jobs.begin(), batch.delete_jobs.end());
  std::set<uint32_t> inputs;
  for (uint32_t id : batch.delete_jobs) inputs.insert(store::JobInputId(id, jobs_.FindFinished(id)->array_job_id));
  for (uint32_t input : inputs) {
    bool kept = false;
    const auto& finished = jobs_.finished();
    for (auto it = finished.lower_bound(input); it != finished.end() && !kept; ++it) {
      if (store::JobInputId(it->first, it->second.array_job_id) != input) break;
      kept = pruned.count(it->first) == 0;
    }
    const proto::JobRecord* task = jobs_.FirstActiveFrom(input);
    if (task != nullptr && store::JobInputId(*task) == input) kept = true;
    if (!kept) batch.delete_inputs.push_back(input);
  }
  // The accounting table keeps what sacct needs; the live records go. On a
  // failed commit they stay, in memory too, and the next pass tries again.
  Status deleted = store_->Commit(batch);
  if (!deleted.ok()) {
    spdlog::error("cannot delete {} old jobs from the store: {}", batch.delete_jobs.size(), deleted.message());
    return;
  }
  for (uint32_t id : batch.delete_jobs) {
    proto::JobRecord gone = jobs_.FindFinished(id)->Parse();
    request_ids_.erase(RequestKey(gone.uid(), gone.request_id()));
    DropJob(id);
  }
  heap_trim_.NoteWork();
}

}  // namespace bramble::controller
