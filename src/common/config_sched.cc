// Priority and scheduler keys of slurm.conf; see config_parser.h.
//
// Names, defaults and ranges follow slurm.conf(5) and Slurm's backfill
// plugin. Durations take Slurm's time syntax (a bare number is minutes, as
// Slurm reads these keys); 0 means zero here, not "no limit", and INFINITE
// or UNLIMITED gives -1. SchedulerParameters is a comma list: the backfill
// items Bramble uses are checked against Slurm's ranges, the others are
// warnings (most are tuning for clusters far larger than Bramble's).
#include <optional>
#include <utility>

#include "common/config_parser.h"
#include "common/duration.h"
#include "common/split.h"

namespace bramble::config_internal {
namespace {

struct SchedKey {
  std::string_view name;
  Status (*apply)(ParseState& state, const Token& token);
};

// Sets `out` to the lower-cased value when it is one of `allowed` (plugin
// names such as sched/backfill).
Status ParsePlugin(const ParseState& state, const Token& token,
                   const std::vector<std::string_view>& allowed, std::string* out) {
  std::string lower = Lowercase(token.value);
  if (KeyIn(lower, allowed)) {
    *out = lower;
    return Status::Ok();
  }
  std::string list;
  for (std::string_view name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
  return state.Error("bad " + token.key + " '" + token.value + "' (expected one of " + list + ")");
}

// A Slurm duration in seconds: 0 is zero, INFINITE and UNLIMITED are -1.
Status ParseDuration(const ParseState& state, const Token& token, int64_t* out) {
  Result<int64_t> seconds = ParseTimeLimit(token.value);
  if (!seconds) return state.Error("bad time for " + token.key + ": '" + token.value + "'");
  std::string lower = Lowercase(token.value);
  bool infinite = lower == "infinite" || lower == "unlimited";
  *out = *seconds == kNoTimeLimit && !infinite ? 0 : *seconds;
  return Status::Ok();
}

Status SetPriorityType(ParseState& state, const Token& token) {
  return ParsePlugin(state, token, {"priority/basic", "priority/multifactor"},
                     &state.config.priority_type);
}

Status SetSchedulerType(ParseState& state, const Token& token) {
  return ParsePlugin(state, token, {"sched/backfill", "sched/builtin"},
                     &state.config.scheduler_type);
}

template <uint32_t Config::*field>
Status SetWeight(ParseState& state, const Token& token) {
  return ParseUint32(state, token, &(state.config.*field));
}

template <int64_t Config::*field>
Status SetDuration(ParseState& state, const Token& token) {
  return ParseDuration(state, token, &(state.config.*field));
}

// Slurm refuses a calculation period below one minute or without end.
Status SetCalcPeriod(ParseState& state, const Token& token) {
  int64_t seconds = 0;
  BRAMBLE_RETURN_IF_ERROR(ParseDuration(state, token, &seconds));
  if (seconds < 60) return state.Error("bad time for " + token.key + ": '" + token.value + "'");
  state.config.priority_calc_period_s = seconds;
  return Status::Ok();
}

Status SetFavorSmall(ParseState& state, const Token& token) {
  return ParseYesNo(state, token, &state.config.priority_favor_small);
}

Status SetGresTypes(ParseState& state, const Token& token) {
  state.config.gres_types = SplitCommaList(token.value);
  return Status::Ok();
}

// NO, ANY, ALL; YES is Slurm's older spelling of ALL.
Status SetEnforcePartLimits(ParseState& state, const Token& token) {
  static constexpr std::pair<std::string_view, std::string_view> kValues[] = {
      {"no", "NO"}, {"any", "ANY"}, {"all", "ALL"}, {"yes", "ALL"}};
  for (const auto& [spelling, value] : kValues) {
    if (KeyIs(spelling, token.value)) {
      state.config.enforce_part_limits = std::string(value);
      return Status::Ok();
    }
  }
  return state.Error("bad " + token.key + " '" + token.value +
                     "' (expected one of ALL, ANY, NO, YES)");
}

// One SchedulerParameters item Bramble uses, with Slurm's valid range.
struct BackfillItem {
  std::string_view name;
  uint32_t Config::*field;
  uint64_t min;
  uint64_t max;
};

// Ranges from Slurm's backfill plugin: bf_window up to 30 days (in minutes),
// bf_interval up to 3 hours, bf_resolution up to 1 hour.
const BackfillItem kBackfillItems[] = {
    {"bf_window", &Config::bf_window_min, 1, 43200},
    {"bf_max_job_test", &Config::bf_max_job_test, 1, 1000000},
    {"bf_interval", &Config::bf_interval_s, 1, 10800},
    {"bf_resolution", &Config::bf_resolution_s, 1, 3600},
};

Status SetSchedulerParameters(ParseState& state, const Token& token) {
  Config& config = state.config;
  for (const std::string& item : SplitCommaList(token.value)) {
    size_t equals = item.find('=');
    std::string name = Lowercase(std::string_view(item).substr(0, equals));
    const BackfillItem* known = nullptr;
    for (const BackfillItem& candidate : kBackfillItems) {
      if (candidate.name == name) known = &candidate;
    }
    if (known == nullptr) {
      state.Warn(token.key + " item " + item + " is not used by Bramble, ignored");
      continue;
    }
    std::string value = equals == std::string::npos ? "" : item.substr(equals + 1);
    Token sub{token.key + " " + std::string(known->name), name, value};
    uint64_t number = 0;
    Status status = ParseNumber(state, sub, known->max, &number);
    if (!status.ok() || number < known->min) {
      return state.Error("bad value for " + sub.key + ": '" + value + "' (expected " +
                         std::to_string(known->min) + " to " + std::to_string(known->max) + ")");
    }
    config.*(known->field) = static_cast<uint32_t>(number);
  }
  return Status::Ok();
}

const SchedKey kSchedKeys[] = {
    {"PriorityType", SetPriorityType},
    {"PriorityWeightAge", SetWeight<&Config::priority_weight_age>},
    {"PriorityWeightFairshare", SetWeight<&Config::priority_weight_fairshare>},
    {"PriorityWeightJobSize", SetWeight<&Config::priority_weight_job_size>},
    {"PriorityWeightPartition", SetWeight<&Config::priority_weight_partition>},
    {"PriorityWeightQOS", SetWeight<&Config::priority_weight_qos>},
    {"PriorityMaxAge", SetDuration<&Config::priority_max_age_s>},
    {"PriorityDecayHalfLife", SetDuration<&Config::priority_decay_half_life_s>},
    {"PriorityCalcPeriod", SetCalcPeriod},
    {"PriorityFavorSmall", SetFavorSmall},
    {"SchedulerType", SetSchedulerType},
    {"SchedulerParameters", SetSchedulerParameters},
    {"GresTypes", SetGresTypes},
    {"EnforcePartLimits", SetEnforcePartLimits},
};

}  // namespace

std::optional<Status> ApplySchedulingKey(ParseState& state, const Token& token) {
  for (const SchedKey& key : kSchedKeys) {
    if (KeyIs(token.lower_key, key.name)) return key.apply(state, token);
  }
  return std::nullopt;
}

void CheckGresTypes(ParseState& state) {
  int saved = state.line;
  for (const auto& [name, line] : state.gres_name_lines) {
    bool listed = false;
    for (const std::string& type : state.config.gres_types) listed = listed || type == name;
    if (listed) continue;
    state.line = line;
    state.Warn("GRES " + name + " is not listed in GresTypes");
  }
  state.line = saved;
}

}  // namespace bramble::config_internal
