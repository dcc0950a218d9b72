// Per-user and per-group limits: Bramble's own UserLimits= and GroupLimits=
// lines of slurm.conf, named after Slurm's association limits (sacctmgr).
//
//   UserLimits=DEFAULT MaxJobs=4 GrpTRES=cpu=8,mem=8G
//   UserLimits=alice MaxJobs=8 MaxSubmitJobs=50 MaxWall=2-0 GrpTRES=gres/gpu=1
//   GroupLimits=students MaxJobs=10 GrpTRES=cpu=16
//
// MaxJobs: running jobs; MaxSubmitJobs: running and pending jobs; MaxWall:
// the longest time limit a job may ask for; GrpTRES: CPUs, memory and GPUs
// held by running jobs at once; Fairshare (or Shares): a user's shares of
// the cluster for the fair-share factor, 1 when not given (users only). A user's limits count that user's jobs; a
// group's limits count the jobs of all its members together. A value of -1
// (or UNLIMITED) means no limit, as in sacctmgr. The same parsing serves the
// slurm.conf lines and an operator's run-time change (ParseLimitUpdate), so
// both give the same messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bramble {

// The limits of one user or group; nullopt = no limit.
struct LimitConfig {
  std::string kind;  // "user" or "group"
  std::string name;  // a user or group name, or "DEFAULT"
  std::optional<uint32_t> max_jobs;
  std::optional<uint32_t> max_submit_jobs;
  std::optional<int64_t> max_wall_s;
  std::optional<uint32_t> grp_cpus;   // GrpTRES=cpu=N
  std::optional<int64_t> grp_mem_mb;  // GrpTRES=mem=<size>
  std::optional<uint32_t> grp_gpus;   // GrpTRES=gres/gpu=N
  std::optional<uint32_t> fairshare;  // Fairshare=N (users only); nullopt = 1

  bool operator==(const LimitConfig&) const = default;
};

// The name of the entry that holds the limits of every user (or group)
// without an entry of their own.
inline constexpr std::string_view kDefaultLimits = "DEFAULT";

// Applies one limit key (case-insensitive: MaxJobs, MaxSubmitJobs, MaxWall or
// MaxWallDurationPerJob, GrpTRES, Fairshare or Shares) to `limits`. Returns nullopt when `key` is
// not a limit key; else OK, or InvalidArgument ("bad number for MaxJobs:
// 'x'", "unknown TRES 'node' in GrpTRES (expected cpu, mem, gres/gpu)"), in
// which case `limits` may be partly changed: apply to a copy.
std::optional<Status> ApplyLimitKey(std::string_view key, std::string_view value,
                                    LimitConfig& limits);

// Applies "Key=Value" tokens ({"MaxJobs=3", "GrpTRES=cpu=4"}) to a copy of
// `current` and returns it; GrpTRES changes only the TRES it names. Fails
// with InvalidArgument on a token without '=', an unknown key, or a bad value
// (the messages of ApplyLimitKey).
Result<LimitConfig> ParseLimitUpdate(const LimitConfig& current,
                                     const std::vector<std::string>& tokens);

// In `entries`: the entry of `kind` `name`, else that kind's DEFAULT, else null.
const LimitConfig* FindLimits(const std::vector<LimitConfig>& entries, std::string_view kind,
                              std::string_view name);

// Replaces the entry of `limits`' kind and name in `entries`, or appends it.
void SetLimits(std::vector<LimitConfig>& entries, const LimitConfig& limits);

// The "Key=Value" tokens that give `limits` when applied to an empty entry
// of the same kind and name: {"MaxJobs=3", "GrpTRES=cpu=4,mem=2048M"}. Empty
// when nothing is limited. Stored with an operator's run-time change.
std::vector<std::string> FormatLimitSettings(const LimitConfig& limits);

}  // namespace bramble
