// Slurm's time-limit syntax and the ways Slurm prints durations and times.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

#include "base/status.h"

namespace bramble {

// A time limit that means "no limit" (INFINITE, UNLIMITED, or 0 in sbatch).
inline constexpr int64_t kNoTimeLimit = -1;

// Parses a time limit into seconds. Accepts "minutes", "minutes:seconds",
// "hours:minutes:seconds", "days-hours", "days-hours:minutes",
// "days-hours:minutes:seconds", and INFINITE/UNLIMITED (case-insensitive).
// "0" gives kNoTimeLimit. Fails on anything else.
Result<int64_t> ParseTimeLimit(std::string_view text);

// squeue's %M/%l style: "0:00", "5:07", "1:02:03", "2-03:04:05".
// kNoTimeLimit (or any negative) prints "UNLIMITED".
std::string FormatDuration(int64_t seconds);

// scontrol/sinfo style: "00:05:00", "1-00:00:00"; negative prints "UNLIMITED".
std::string FormatDurationLong(int64_t seconds);

// Local time as Slurm prints it: "2026-11-21T15:04:05". 0 prints "Unknown".
std::string FormatTimestamp(int64_t unix_seconds);

}  // namespace bramble
