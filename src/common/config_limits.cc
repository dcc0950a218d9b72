// UserLimits= and GroupLimits= lines of slurm.conf (Bramble's own keys); see
// config.h for their meaning and limit_config.h for their keys.
//
// Each line's keys are checked as it is read and kept as written; once every
// line is read, named lines are applied on top of their kind's DEFAULT entry
// with ParseLimitUpdate, the same function an operator's run-time change
// uses, so DEFAULT may be written anywhere in the file. Association limit
// keys that Bramble does not enforce are warnings, like other unused keys.
#include "common/config_parser.h"

namespace bramble::config_internal {
namespace {

// sacctmgr association limits that Bramble accepts and ignores with a warning.
const std::vector<std::string_view> kUnusedLimitKeys = {
    "DefaultQOS",  "GrpJobs",        "GrpJobsAccrue", "GrpSubmitJobs", "GrpTRESMins",
    "GrpTRESRunMins", "GrpWall",     "MaxJobsAccrue", "MaxTRES",       "MaxTRESMins",
    "MaxTRESPerJob",  "MaxTRESPerNode", "Priority",   "QOS",
};

}  // namespace

Status ParseLimitLine(ParseState& state, const std::vector<Token>& tokens) {
  const Token& first = tokens.front();
  std::string kind = first.lower_key == "userlimits" ? "user" : "group";
  if (first.value.empty()) return state.Error("empty " + first.key);
  if (first.value.find(',') != std::string::npos) {
    return state.Error("one name per " + first.key + " line, got '" + first.value + "'");
  }
  for (const LimitConfig& other : state.config.limits) {
    if (other.kind == kind && other.name == first.value) {
      return state.Error("duplicate " + first.key + " " + first.value);
    }
  }
  LimitConfig limits;
  limits.kind = kind;
  limits.name = first.value;
  LimitLine line{state.line, state.config.limits.size(), {}};
  for (size_t i = 1; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    std::optional<Status> status = ApplyLimitKey(token.key, token.value, limits);
    if (!status) {
      state.WarnIgnored(token, KeyIn(token.lower_key, kUnusedLimitKeys));
      continue;
    }
    if (!status->ok()) return state.Error(status->message());
    line.keys.push_back(token.key + "=" + token.value);
  }
  state.config.limits.push_back(std::move(limits));
  if (first.value != kDefaultLimits) state.limit_lines.push_back(std::move(line));
  return Status::Ok();
}

Status ResolveLimits(ParseState& state) {
  std::vector<LimitConfig>& limits = state.config.limits;
  std::vector<LimitConfig> resolved = limits;
  for (const LimitLine& line : state.limit_lines) {
    const LimitConfig& entry = limits[line.index];
    LimitConfig base;
    for (const LimitConfig& other : limits) {
      if (other.kind == entry.kind && other.name == kDefaultLimits) base = other;
    }
    base.kind = entry.kind;
    base.name = entry.name;
    Result<LimitConfig> applied = ParseLimitUpdate(base, line.keys);
    state.line = line.line;
    if (!applied) return state.Error(applied.error().message());  // checked when read
    resolved[line.index] = std::move(*applied);
  }
  limits = std::move(resolved);
  return Status::Ok();
}

}  // namespace bramble::config_internal
