// Job id arguments of scancel and scontrol hold/release: "12", "12,13".
//
// Array ("12_3") and step ("12.0") forms arrive with job arrays and steps in
// later issues and are rejected for now.
#pragma once

#include <cstdint>
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

}  // namespace bramble::cli
