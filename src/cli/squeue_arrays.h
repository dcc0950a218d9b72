// How squeue shows job arrays: the pending tasks of an array on one line.
//
// The controller answers with one JobRecord per array task. Without -r,
// squeue (src/squeue/print.c, _combine_pending_array_tasks) shows the pending
// tasks of one array that share its name and partition as one line whose %i
// is "12_[3-99%4]"; their pending reasons are merged into one text
// ("Resources,Dependency"), each reason once. Running and finished tasks keep
// a line each ("12_1"). With -r every task has its own line. The line of a
// combined group shows the record of its lowest task index for every other
// field (priority, time limit, ...). Pure; no I/O.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "proto/bramble.pb.h"

namespace bramble::cli {

// One line of squeue output. Cheap to move: it points at its record.
struct SqueueLine {
  // The record shown; for a combined line, its lowest task. Not owned: the
  // records outlive the lines, except a combined line's, which is `merged`.
  const proto::JobRecord* job = nullptr;
  // Non-empty for a combined line of pending array tasks: their indices,
  // sorted and unique (%i "12_[...]", %K "3-99%4").
  std::vector<uint32_t> pending_tasks;
  // A combined line whose tasks wait for different reasons: a copy of the
  // lowest task's record with the reasons merged; `job` points at it.
  std::shared_ptr<const proto::JobRecord> merged;
};

// The lines for `jobs`, in the order of their first record: each pending
// array group (same array_job_id, name and partition, state PENDING) becomes
// one line where the group's first record stood, every other record one line.
// `one_per_task` (-r) keeps every record on its own line. The lines point
// into `jobs`' records, which must outlive them.
std::vector<SqueueLine> CombinePendingArrayTasks(const std::vector<const proto::JobRecord*>& jobs, bool one_per_task);

// squeue's default order ("P,t,-p", see SortJobsForDisplay) over lines.
void SortLinesForDisplay(std::vector<SqueueLine>& lines);

// squeue --start's order ("S"): expected start time, earliest first; a
// pending job whose time has passed counts as `now`, one without a time
// after all that have one (Slurm: now + 100). Ties keep their order.
void SortLinesByStartTime(std::vector<SqueueLine>& lines, int64_t now);

}  // namespace bramble::cli
