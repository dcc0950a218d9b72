// squeue's job fields (squeue(1) "-o <output_format>") over JobRecords.
//
// Each letter prints what real squeue prints for it, with its header name
// (JOBID, PARTITION, NAME, USER, ST, TIME, NODES, NODELIST(REASON), ...).
// Times (%M %l %L) and node lists (%N %R) are never cut to the field width;
// everything else is, as in Slurm's print.c. Pure: the caller passes `now`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "proto/bramble.pb.h"

namespace bramble::cli {

inline constexpr char kSqueueDefaultFormat[] = "%.18i %.9P %.8j %.8u %.2t %.10M %.6D %R";
inline constexpr char kSqueueLongFormat[] = "%.18i %.9P %.8j %.8u %.8T %.10M %.9l %.6D %R";
inline constexpr char kSqueueStepFormat[] = "%.15i %.8j %.9P %.8u %.9M %N";

// The field letters FormatSqueue knows.
inline constexpr char kSqueueFieldTypes[] = "aABcCDeEFgGijkKlLmMnNopPqQrRSTtuUVZ";

// Renders `jobs` in the given order: a header line (when `header`) and one
// line per job, each ending in '\n'. Unknown letters print as "%<spec>".
std::string FormatSqueue(const std::vector<proto::JobRecord>& jobs, const std::string& format,
                         bool header, int64_t now);

// The unknown field letters of `format`, for squeue's
// "Invalid job format specification: X" warning.
std::vector<char> InvalidSqueueFields(const std::string& format);

// squeue's default order ("P,t,-p"): partition name, then state (Slurm's
// state numbering, PENDING first), then priority (highest first), then job id.
void SortJobsForDisplay(std::vector<proto::JobRecord>& jobs);

// The job's state as Slurm's base state: while completing, the state it is
// ending in (end_state when `state` still says PENDING/RUNNING).
proto::JobState BaseState(const proto::JobRecord& job);

// Seconds the job has run at `now`: 0 while pending, now - start while
// running, end - start once finished.
int64_t JobTimeUsed(const proto::JobRecord& job, int64_t now);

}  // namespace bramble::cli
