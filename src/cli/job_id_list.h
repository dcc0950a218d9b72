// Job id arguments of scancel and scontrol hold/release/requeue: "12",
// "12,13", and scancel's array task forms "12_3" and "12_[1-5,7]".
//
// Step ("12.0") forms arrive with steps in a later issue and are rejected
// for now.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bramble::cli {

// Parses one job id: decimal digits, 1..4294967295. Fails (kInvalidArgument,
// message = the text) on anything else.
Result<uint32_t> ParseJobId(std::string_view text);

// Parses arguments that each hold one id or a comma-separated list, in
// order. Fails on the first bad id, with that id as the message; empty
// items between commas are skipped.
Result<std::vector<uint32_t>> ParseJobIdList(const std::vector<std::string>& args);

// One job named on scancel's command line.
struct JobRef {
  uint32_t job_id = 0;  // the job, or the array's job id (Slurm's %A)
  // The array tasks asked for ("12_3", "12_[1-5]"), sorted and unique;
  // nullopt = the job id alone, which names every task of an array.
  std::optional<std::vector<uint32_t>> tasks;
};

// Parses "12", "12_3" or "12_[1-5,7]" (ParseIndexList's grammar after the
// underscore). Fails (kInvalidArgument, message = the text) on anything
// else.
Result<JobRef> ParseJobRef(std::string_view text);

}  // namespace bramble::cli
