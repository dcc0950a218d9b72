// The cgroup.conf parser; see cgroup_config.h.
#include "common/cgroup_config.h"

#include <cstdlib>

#include "common/config_parser.h"

namespace bramble {

using config_internal::KeyIs;
using config_internal::KeyIn;
using config_internal::ParseState;
using config_internal::Token;

namespace {

Status ApplyKey(ParseState& state, const Token& token, CgroupConfig& config) {
  const std::string& key = token.lower_key;
  if (KeyIs(key, "CgroupPlugin")) {
    std::string value = config_internal::Lowercase(token.value);
    if (value != "autodetect" && value != "cgroup/v1" && value != "cgroup/v2" && value != "disabled") {
      return state.Error("bad CgroupPlugin '" + token.value +
                         "' (expected autodetect, cgroup/v1, cgroup/v2 or disabled)");
    }
    config.plugin = value;
  } else if (KeyIs(key, "CgroupMountpoint")) {
    if (token.value.empty() || token.value[0] != '/') {
      return state.Error("bad CgroupMountpoint '" + token.value + "' (expected an absolute path)");
    }
    config.mountpoint = token.value;
    while (config.mountpoint.size() > 1 && config.mountpoint.back() == '/') config.mountpoint.pop_back();
  } else if (KeyIs(key, "ConstrainRAMSpace")) {
    return config_internal::ParseYesNo(state, token, &config.constrain_ram_space);
  } else if (KeyIs(key, "ConstrainCores")) {
    return config_internal::ParseYesNo(state, token, &config.constrain_cores);
  } else if (KeyIs(key, "AllowedRAMSpace")) {
    char* end = nullptr;
    double percent = std::strtod(token.value.c_str(), &end);
    if (token.value.empty() || *end != '\0' || !(percent > 0) || percent > 100000) {
      return state.Error("bad AllowedRAMSpace '" + token.value + "' (expected a percentage)");
    }
    config.allowed_ram_space = percent;
  } else {
    state.WarnIgnored(token, KeyIn(key, {"cgroupautomount", "constrainswapspace", "allowedswapspace",
                                         "constraindevices", "constrainkmemspace", "allowedkmemspace",
                                         "maxrampercent", "maxswappercent", "minramspace",
                                         "memoryswappiness", "ignoresystemd", "ignoresystemdonfailure",
                                         "enablecontrollers", "cgroupreleaseagentdir"}));
  }
  return Status::Ok();
}

}  // namespace

Result<CgroupConfig> ParseCgroupConfig(std::string_view text, std::string_view origin) {
  ParseState state;
  state.origin = std::string(origin);
  CgroupConfig config;
  for (const auto& [number, line] : config_internal::LogicalLines(text)) {
    state.line = number;
    Result<std::vector<Token>> tokens = config_internal::Tokenize(state, line);
    if (!tokens) return tokens.error();
    for (const Token& token : *tokens) BRAMBLE_RETURN_IF_ERROR(ApplyKey(state, token, config));
  }
  config.warnings = std::move(state.config.warnings);
  return config;
}

}  // namespace bramble
