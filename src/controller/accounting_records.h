// Accounting records (docs/accounting.md): the pure rules for what sacct
// keeps of a job and its steps, and which records a query selects. The
// controller calls them when it commits a job's end and when it answers
// sacct; no I/O, no clock (times are passed in).
#pragma once

#include <cstdint>
#include <string>

#include "proto/bramble.pb.h"
#include "proto/step_ids.h"

namespace bramble::controller {

// Steps recorded per run: past this many srun steps, later ones are not
// recorded (a job record travels whole in every commit of the job; 512
// steps are about 40 KiB).
inline constexpr int kMaxStepRecords = 512;

// Ends the steps of an ended job that never reported their own end: they
// were killed with it, so they end CANCELLED at the job's end time. The
// extern step ends COMPLETED, as Slurm records it whatever the job's end.
void CloseOpenSteps(proto::JobRecord& job);

// The record kept for sacct: `job` without its script, environment and
// scheduling guesses.
proto::JobRecord AccountingCopy(const proto::JobRecord& job);

// The batch step of `job` as its node reported it ended at `now`: CANCELLED
// when the controller had asked the job to stop (cancel, time limit),
// FAILED for a non-zero exit or a signal, else COMPLETED.
proto::StepRecord BatchStepOf(const proto::JobRecord& job, const proto::JobComplete& result, int64_t now);

// The extern step of a job that starts now: one on each of its nodes
// (one "task" per node, as Slurm counts it), RUNNING until the job ends.
proto::StepRecord ExternStepOf(const proto::JobRecord& job);

// Adds one node's report of what ran in the extern step there: CPU times
// add up and MaxRSS is the largest. False (and nothing changed) when that
// node's usage is already counted, or the node is not one of the step's.
bool AddExternUsage(proto::StepRecord& step, const std::string& node, const proto::ExternStepEnd& usage);

// The state a step that srun reports ended takes.
proto::JobState StepEndState(const proto::StepComplete& result, bool job_stopping);

// Whether `job` passes the filters of `query` (uids already resolved by the
// caller; an empty list = everyone), with `now` standing for an unset end
// of the window: it was submitted before the window's end and had not ended
// before its start, and its state and name are among those asked for.
bool AccountingMatches(const proto::JobRecord& job, const proto::QueryAccounting& query, int64_t now);

}  // namespace bramble::controller
