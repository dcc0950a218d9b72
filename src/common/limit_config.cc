// Limit keys of UserLimits= and GroupLimits= lines; see limit_config.h.
#include "common/limit_config.h"

#include <algorithm>

#include "common/duration.h"
#include "common/size.h"
#include "common/split.h"

namespace bramble {
namespace {

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

// -1, UNLIMITED and INFINITE: sacctmgr's and slurm.conf's "no limit".
bool IsNoLimit(std::string_view value) {
  std::string lower = Lower(value);
  return lower == "-1" || lower == "unlimited" || lower == "infinite";
}

Status BadNumber(std::string_view what, std::string_view value) {
  return InvalidArgument("bad number for " + std::string(what) + ": '" + std::string(value) + "'");
}

// A count in [0, 2^32) or no limit.
Status ParseCount(std::string_view what, std::string_view value, std::optional<uint32_t>& out) {
  if (IsNoLimit(value)) {
    out.reset();
    return Status::Ok();
  }
  if (value.empty() || value.size() > 10) return BadNumber(what, value);
  uint64_t number = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return BadNumber(what, value);
    number = number * 10 + static_cast<uint64_t>(c - '0');
  }
  if (number > UINT32_MAX) return BadNumber(what, value);
  out = static_cast<uint32_t>(number);
  return Status::Ok();
}

// MaxWall: a Slurm time limit; INFINITE, UNLIMITED, 0 and -1 mean none.
Status ParseWall(std::string_view key, std::string_view value, std::optional<int64_t>& out) {
  Result<int64_t> seconds =
      IsNoLimit(value) ? Result<int64_t>(kNoTimeLimit) : ParseTimeLimit(value);
  if (!seconds) {
    return InvalidArgument("bad time for " + std::string(key) + ": '" + std::string(value) + "'");
  }
  if (*seconds == kNoTimeLimit) {
    out.reset();
  } else {
    out = *seconds;
  }
  return Status::Ok();
}

// GrpTRES=cpu=N,mem=<size>,gres/gpu=N: each item changes its own limit only.
Status ParseGrpTres(std::string_view key, std::string_view value, LimitConfig& limits) {
  std::vector<std::string> items = SplitCommaList(value);
  if (items.empty()) return InvalidArgument("empty " + std::string(key));
  for (const std::string& item : items) {
    size_t equals = item.find('=');
    if (equals == std::string::npos) {
      return InvalidArgument("bad " + std::string(key) + " item '" + item +
                             "' (expected name=count)");
    }
    std::string tres = Lower(std::string_view(item).substr(0, equals));
    std::string_view count = std::string_view(item).substr(equals + 1);
    std::string what = std::string(key) + " " + tres;
    if (tres == "cpu") {
      BRAMBLE_RETURN_IF_ERROR(ParseCount(what, count, limits.grp_cpus));
    } else if (tres == "gres/gpu") {
      BRAMBLE_RETURN_IF_ERROR(ParseCount(what, count, limits.grp_gpus));
    } else if (tres == "mem") {
      if (IsNoLimit(count)) {
        limits.grp_mem_mb.reset();
        continue;
      }
      Result<int64_t> mb = ParseMegabytes(count);
      if (!mb) return BadNumber(what, count);
      limits.grp_mem_mb = *mb;
    } else {
      return InvalidArgument("unknown TRES '" + item.substr(0, equals) + "' in " +
                             std::string(key) + " (expected cpu, mem, gres/gpu)");
    }
  }
  return Status::Ok();
}

}  // namespace

std::optional<Status> ApplyLimitKey(std::string_view key, std::string_view value,
                                    LimitConfig& limits) {
  std::string lower = Lower(key);
  if (lower == "maxjobs") return ParseCount(key, value, limits.max_jobs);
  if (lower == "maxsubmitjobs") return ParseCount(key, value, limits.max_submit_jobs);
  if (lower == "maxwall" || lower == "maxwalldurationperjob") {
    return ParseWall(key, value, limits.max_wall_s);
  }
  if (lower == "grptres") return ParseGrpTres(key, value, limits);
  if (lower == "fairshare" || lower == "shares") {
    if (limits.kind == "group") {
      return InvalidArgument(std::string(key) + " applies to users only (UserLimits=)");
    }
    return ParseCount(key, value, limits.fairshare);
  }
  return std::nullopt;
}

Result<LimitConfig> ParseLimitUpdate(const LimitConfig& current,
                                     const std::vector<std::string>& tokens) {
  LimitConfig limits = current;
  for (const std::string& token : tokens) {
    size_t equals = token.find('=');
    if (equals == std::string::npos || equals == 0) {
      return InvalidArgument("expected Key=Value, got '" + token + "'");
    }
    std::string_view key = std::string_view(token).substr(0, equals);
    std::optional<Status> status =
        ApplyLimitKey(key, std::string_view(token).substr(equals + 1), limits);
    if (!status) {
      return InvalidArgument("unknown limit " + std::string(key) +
                             " (expected MaxJobs, MaxSubmitJobs, MaxWall, GrpTRES, Fairshare)");
    }
    BRAMBLE_RETURN_IF_ERROR(*status);
  }
  return limits;
}

const LimitConfig* FindLimits(const std::vector<LimitConfig>& entries, std::string_view kind,
                              std::string_view name) {
  const LimitConfig* fallback = nullptr;
  for (const LimitConfig& entry : entries) {
    if (entry.kind != kind) continue;
    if (entry.name == name) return &entry;
    if (entry.name == kDefaultLimits) fallback = &entry;
  }
  return fallback;
}

void SetLimits(std::vector<LimitConfig>& entries, const LimitConfig& limits) {
  for (LimitConfig& entry : entries) {
    if (entry.kind == limits.kind && entry.name == limits.name) {
      entry = limits;
      return;
    }
  }
  entries.push_back(limits);
}

std::vector<std::string> FormatLimitSettings(const LimitConfig& limits) {
  std::vector<std::string> tokens;
  if (limits.max_jobs) tokens.push_back("MaxJobs=" + std::to_string(*limits.max_jobs));
  if (limits.max_submit_jobs) tokens.push_back("MaxSubmitJobs=" + std::to_string(*limits.max_submit_jobs));
  if (limits.max_wall_s) tokens.push_back("MaxWall=" + FormatDurationLong(*limits.max_wall_s));
  std::vector<std::string> tres;
  if (limits.grp_cpus) tres.push_back("cpu=" + std::to_string(*limits.grp_cpus));
  if (limits.grp_mem_mb) tres.push_back("mem=" + std::to_string(*limits.grp_mem_mb) + "M");
  if (limits.grp_gpus) tres.push_back("gres/gpu=" + std::to_string(*limits.grp_gpus));
  if (!tres.empty()) {
    std::string joined = "GrpTRES=";
    for (size_t i = 0; i < tres.size(); ++i) joined += (i ? "," : "") + tres[i];
    tokens.push_back(joined);
  }
  if (limits.fairshare) tokens.push_back("Fairshare=" + std::to_string(*limits.fairshare));
  return tokens;
}

}  // namespace bramble
