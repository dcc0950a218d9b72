// The controller's job records in memory, by id.
//
// Unfinished jobs (pending, running, completing) are kept as records, and
// walked in id order by passes and timers (active()). Finished jobs stay for
// MinJobAge (squeue, scontrol, sacct, dependencies, late step reports) and
// are kept serialized: a parsed JobRecord, with its spec, steps and strings
// each a heap block, took about 2.2 KB, its bytes and map entry about 0.5;
// after a burst, with a few thousand kept, that was most of the idle
// controller's memory (docs/performance.md). A finished job is parsed only
// when one is asked for (scontrol, cancel, a late step report, sacct); what
// walks over all of them (dependencies, array tasks, pruning) reads the few
// fields kept beside the bytes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "proto/bramble.pb.h"

namespace bramble::controller {

// A finished job: its record's bytes, and what walks read without parsing.
struct FinishedJob {
  uint32_t array_job_id = 0;  // 0 = not an array task
  uint32_t array_task_id = 0;
  proto::JobState state = proto::COMPLETED;
  int32_t exit_code = 0;
  int64_t start_time = 0;
  int64_t end_time = 0;
  std::string record;  // the serialized proto::JobRecord

  proto::JobRecord Parse() const;
};

class JobTable {
 public:
  JobTable() = default;
  JobTable(const JobTable&) = delete;
  JobTable& operator=(const JobTable&) = delete;

  // Stores the record in place of any with its id; a finished one is
  // serialized. References to an unfinished record stay valid until it is
  // stored finished or dropped.
  void Put(proto::JobRecord job);
  void Drop(uint32_t id);

  size_t size() const { return unfinished_.size() + finished_.size(); }
  // The unfinished job with this id, or null.
  proto::JobRecord* FindActive(uint32_t id);
  const proto::JobRecord* FindActive(uint32_t id) const;
  // The unfinished job with the lowest id at or above `id`, or null.
  const proto::JobRecord* FirstActiveFrom(uint32_t id) const;
  // The finished job with this id, or null.
  const FinishedJob* FindFinished(uint32_t id) const;
  // Any job: an unfinished one in place, a finished one parsed into
  // `scratch`; null when there is none.
  const proto::JobRecord* Find(uint32_t id, proto::JobRecord& scratch) const;
  // A copy of any job's record, to change and commit.
  std::optional<proto::JobRecord> Copy(uint32_t id) const;
  std::optional<proto::JobState> StateOf(uint32_t id) const;

  // The unfinished jobs in id order.
  const std::vector<proto::JobRecord*>& active() const { return active_; }
  // The finished jobs by id.
  const std::map<uint32_t, FinishedJob>& finished() const { return finished_; }

  // Calls on_active(const proto::JobRecord&) for each unfinished job and
  // on_finished(uint32_t id, const FinishedJob&) for each finished one, all
  // in id order.
  template <typename OnActive, typename OnFinished>
  void Visit(OnActive&& on_active, OnFinished&& on_finished) const;
  // Calls f(const proto::JobRecord&) for every job in id order, finished
  // ones parsed one at a time.
  template <typename F>
  void ForEach(F&& f) const;

 private:
  void EraseActive(uint32_t id);

  std::map<uint32_t, proto::JobRecord> unfinished_;
  // unfinished_'s records in id order: walking a vector, not a map's nodes
  // (a third of a pass's time at 10 000 pending jobs).
  std::vector<proto::JobRecord*> active_;
  std::map<uint32_t, FinishedJob> finished_;
};

template <typename OnActive, typename OnFinished>
void JobTable::Visit(OnActive&& on_active, OnFinished&& on_finished) const {
  auto active = active_.cbegin();
  auto visit_active = [&](auto goes_first) {
    for (; active != active_.cend() && goes_first(**active); ++active) on_active(std::as_const(**active));
  };
  for (const auto& [id, job] : finished_) {
    visit_active([id = id](const proto::JobRecord& next) { return next.job_id() < id; });
    on_finished(id, job);
  }
  visit_active([](const proto::JobRecord&) { return true; });
}

template <typename F>
void JobTable::ForEach(F&& f) const {
  proto::JobRecord scratch;
  Visit(f, [&](uint32_t, const FinishedJob& job) {
    scratch.ParseFromString(job.record);
    f(std::as_const(scratch));
  });
}

}  // namespace bramble::controller
