// Slurm's names for job states (squeue "JOB STATE CODES").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "proto/bramble.pb.h"

namespace bramble {

// "PENDING", "RUNNING", ... as printed by squeue %T and scontrol.
const char* JobStateName(proto::JobState state);
// "PD", "R", "CD", ... as printed by squeue %t.
const char* JobStateCode(proto::JobState state);
// The state to print: COMPLETING (CG) while a job is completing, else its state.
std::string DisplayStateName(const proto::JobRecord& job);
std::string DisplayStateCode(const proto::JobRecord& job);
// Parses a long name or compact code, case-insensitive ("pd", "Running").
std::optional<proto::JobState> ParseJobState(std::string_view text);
// Whether the job has ended (everything after RUNNING).
bool IsFinished(proto::JobState state);

}  // namespace bramble
