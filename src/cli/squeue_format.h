// squeue's job fields (squeue(1) "-o <output_format>") over JobRecords.
//
// Each letter prints what real squeue prints for it, with its header name
// (JOBID, PARTITION, NAME, USER, ST, TIME, NODES, NODELIST(REASON), ...).
// Times (%M %l %L) and node lists (%N %R %Y) are never cut to the field
// width; everything else is, as in Slurm's print.c. Array tasks: %i is
// "12_3" for a task and "12_[3-99%4]" for a combined line of pending tasks
// (squeue_arrays.h), %A the record's own job id, %F the array's id (else the
// job id), %K the task index or the combined index ranges (else "N/A"); %a is
// the account, as in squeue(1). %S is the start time, for a pending job the
// time backfill expects it to start ("N/A" when none), %Y the nodes backfill
// reserved for it and %E the dependency, both "(null)" when empty, as Slurm
// prints a missing string. Pure: the caller passes `now`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/squeue_arrays.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

inline constexpr char kSqueueDefaultFormat[] = "%.18i %.9P %.8j %.8u %.2t %.10M %.6D %R";
inline constexpr char kSqueueLongFormat[] = "%.18i %.9P %.8j %.8u %.8T %.10M %.9l %.6D %R";
inline constexpr char kSqueueStepFormat[] = "%.15i %.8j %.9P %.8u %.9M %N";
// --start (src/squeue/opts.c): also sorts by start time and, without -t,
// shows pending jobs only.
inline constexpr char kSqueueStartFormat[] = "%.18i %.9P %.8j %.8u %.2t %.19S %.6D %20Y %R";

// The field letters FormatSqueue knows.
inline constexpr char kSqueueFieldTypes[] = "aABcCDeEFgGijkKlLmMnNopPqQrRSTtuUVYZ";

// Renders `jobs` in the given order: a header line (when `header`) and one
// line per job, each ending in '\n'. Unknown letters print as "%<spec>".
std::string FormatSqueue(const std::vector<proto::JobRecord>& jobs, const std::string& format,
                         bool header, int64_t now);

// The same over lines, some of which may stand for several pending tasks.
std::string FormatSqueueLines(const std::vector<SqueueLine>& lines, const std::string& format, bool header,
                              int64_t now);

// The unknown field letters of `format`, for squeue's
// "Invalid job format specification: X" warning.
std::vector<char> InvalidSqueueFields(const std::string& format);

// squeue's default order ("P,t,-p"): partition name, then state (Slurm's
// state numbering, PENDING first), then priority (highest first), then job id.
void SortJobsForDisplay(std::vector<proto::JobRecord>& jobs);

// The comparison SortJobsForDisplay uses: whether `a` is shown before `b`.
bool DisplayOrderLess(const proto::JobRecord& a, const proto::JobRecord& b);

// The time %S shows: for a pending job the expected start (0 = unknown),
// otherwise the start time.
int64_t DisplayStartTime(const proto::JobRecord& job);

// The job's state as Slurm's base state: while completing, the state it is
// ending in (end_state when `state` still says PENDING/RUNNING).
proto::JobState BaseState(const proto::JobRecord& job);

// Seconds the job has run at `now`: 0 while pending, now - start while
// running, end - start once finished.
int64_t JobTimeUsed(const proto::JobRecord& job, int64_t now);

}  // namespace bramble::cli
