// `scontrol show job`: one job record as Slurm's slurm_sprint_job_info
// lays it out, a block of Key=Value tokens in Slurm's order, the first line
// flush left, the rest indented three spaces, a blank line after it.
//
// Array tasks carry ArrayJobId=/ArrayTaskId= on the first line; pending
// jobs show the scheduler's expected start (StartTime=, SchedNodeList=) when
// the last pass computed one, else StartTime=Unknown. Values Bramble does
// not track print as Slurm prints them when unset (MCS_label=N/A, QOS=normal).
#pragma once

#include <cstdint>
#include <string>

#include "proto/bramble.pb.h"

namespace bramble::cli {

// "JobId=12 JobName=x\n   UserId=alice(1001) GroupId=...\n ... \n\n" for
// `job` at `now` (the time RunTime is counted to). Times print in local time.
std::string ShowJobRecord(const proto::JobRecord& job, int64_t now);

}  // namespace bramble::cli
