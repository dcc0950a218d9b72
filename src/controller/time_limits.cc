// The controller's once-a-second tick: time limits (TIMEOUT: SIGTERM, then
// SIGKILL after KillWait, done by the node's stepd), re-sending terminations
// that a node has not acted on, node timeouts, and forgetting finished jobs
// after MinJobAge. Nothing here writes unless something changed.
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
    PeriodicSchedule();
    ArmTicker();
  });
}

void Controller::EnforceTimeLimits() {
  int64_t now = Now();
  std::vector<proto::JobRecord> timed_out;
  for (const auto& [id, job] : jobs_) {
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
  // (Re)send terminations: new ones now, old ones again after KillWait + 10 s.
  for (const auto& [id, job] : jobs_) {
    if (job.state() != proto::RUNNING || !job.completing()) continue;
    auto sent = terminate_sent_.find(id);
    if (sent != terminate_sent_.end() && now - sent->second < config_.kill_wait_s + 10) continue;
    terminate_sent_[id] = now;
    SendTerminate(job);
  }
}

// Passes also run on a timer while jobs wait: begin times arrive, "after"
// delays pass, and age changes priorities without any event.
void Controller::PeriodicSchedule() {
  constexpr int64_t kPeriodS = 5;
  int64_t now = Now();
  if (now - last_pass_ < kPeriodS) return;
  last_pass_ = now;
  for (const auto& [id, job] : jobs_) {
    if (job.state() == proto::PENDING) {
      RequestSchedule();
      return;
    }
  }
}

void Controller::PruneOldJobs() {
  int64_t now = Now();
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    const proto::JobRecord& job = it->second;
    if (IsFinished(job.state()) && now - job.end_time() > static_cast<int64_t>(config_.min_job_age_s)) {
      request_ids_.erase(job.request_id());
      it = jobs_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace bramble::controller
