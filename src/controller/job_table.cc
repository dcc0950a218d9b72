// The job table's two halves; see job_table.h.
#include "controller/job_table.h"

#include <algorithm>

#include "proto/job_state.h"

namespace bramble::controller {

namespace {

std::vector<proto::JobRecord*>::iterator LowerBound(std::vector<proto::JobRecord*>& active, uint32_t id) {
  return std::lower_bound(active.begin(), active.end(), id,
                          [](const proto::JobRecord* job, uint32_t wanted) { return job->job_id() < wanted; });
}

FinishedJob Serialized(const proto::JobRecord& job) {
  FinishedJob finished;
  finished.array_job_id = job.array_job_id();
  finished.array_task_id = job.array_task_id();
  finished.state = job.state();
  finished.exit_code = job.exit_code();
  finished.start_time = job.start_time();
  finished.end_time = job.end_time();
  job.SerializeToString(&finished.record);
  finished.record.shrink_to_fit();
  return finished;
}

}  // namespace

proto::JobRecord FinishedJob::Parse() const {
  proto::JobRecord job;
  job.ParseFromString(record);
  return job;
}

void JobTable::Put(proto::JobRecord job) {
  uint32_t id = job.job_id();
  if (IsFinished(job.state())) {
    finished_[id] = Serialized(job);
    EraseActive(id);
    return;
  }
  finished_.erase(id);  // requeued
  auto [stored, inserted] = unfinished_.try_emplace(id);
  stored->second = std::move(job);
  if (inserted) active_.insert(LowerBound(active_, id), &stored->second);  // new ids come last: an append
}

void JobTable::Drop(uint32_t id) {
  EraseActive(id);
  finished_.erase(id);
}

void JobTable::EraseActive(uint32_t id) {
  auto active = LowerBound(active_, id);
  if (active != active_.end() && (*active)->job_id() == id) active_.erase(active);
  unfinished_.erase(id);
}

proto::JobRecord* JobTable::FindActive(uint32_t id) {
  auto it = unfinished_.find(id);
  return it == unfinished_.end() ? nullptr : &it->second;
}

const proto::JobRecord* JobTable::FindActive(uint32_t id) const {
  auto it = unfinished_.find(id);
  return it == unfinished_.end() ? nullptr : &it->second;
}

const proto::JobRecord* JobTable::FirstActiveFrom(uint32_t id) const {
  auto it = unfinished_.lower_bound(id);
  return it == unfinished_.end() ? nullptr : &it->second;
}

const FinishedJob* JobTable::FindFinished(uint32_t id) const {
  auto it = finished_.find(id);
  return it == finished_.end() ? nullptr : &it->second;
}

const proto::JobRecord* JobTable::Find(uint32_t id, proto::JobRecord& scratch) const {
  if (const proto::JobRecord* active = FindActive(id)) return active;
  const FinishedJob* finished = FindFinished(id);
  if (finished == nullptr) return nullptr;
  scratch.ParseFromString(finished->record);
  return &scratch;
}

std::optional<proto::JobRecord> JobTable::Copy(uint32_t id) const {
  if (const proto::JobRecord* active = FindActive(id)) return *active;
  if (const FinishedJob* finished = FindFinished(id)) return finished->Parse();
  return std::nullopt;
}

std::optional<proto::JobState> JobTable::StateOf(uint32_t id) const {
  if (const proto::JobRecord* active = FindActive(id)) return active->state();
  if (const FinishedJob* finished = FindFinished(id)) return finished->state;
  return std::nullopt;
}

}  // namespace bramble::controller
