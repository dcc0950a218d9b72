// Helpers shared by the slurm.conf parser's files; see config_parser.h.
#include "common/config_parser.h"

#include <algorithm>

namespace bramble::config_internal {

Status ParseState::Error(const std::string& what) const {
  return InvalidArgument(origin + ":" + std::to_string(line) + ": " + what);
}

void ParseState::Warn(const std::string& what) {
  config.warnings.push_back(origin + ":" + std::to_string(line) + ": " + what);
}

void ParseState::WarnIgnored(const Token& token, bool known) {
  Warn(known ? token.key + " is not used by Bramble, ignored"
             : "unknown key " + token.key + ", ignored");
}

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

bool KeyIs(std::string_view lower_key, std::string_view name) {
  if (lower_key.size() != name.size()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i] >= 'A' && name[i] <= 'Z' ? static_cast<char>(name[i] - 'A' + 'a') : name[i];
    if (lower_key[i] != c) return false;
  }
  return true;
}

bool KeyIn(std::string_view lower_key, const std::vector<std::string_view>& keys) {
  for (std::string_view key : keys) {
    if (KeyIs(lower_key, key)) return true;
  }
  return false;
}

Status ParseNumber(const ParseState& state, const Token& token, uint64_t max, uint64_t* out) {
  Status bad = state.Error("bad number for " + token.key + ": '" + token.value + "'");
  if (token.value.empty() || token.value.size() > 18) return bad;  // 18 digits fit in uint64_t
  uint64_t value = 0;
  for (char c : token.value) {
    if (c < '0' || c > '9') return bad;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (value > max) return bad;
  *out = value;
  return Status::Ok();
}

Status ParseUint32(const ParseState& state, const Token& token, uint32_t* out) {
  uint64_t value = 0;
  BRAMBLE_RETURN_IF_ERROR(ParseNumber(state, token, UINT32_MAX, &value));
  *out = static_cast<uint32_t>(value);
  return Status::Ok();
}

Status ParseYesNo(const ParseState& state, const Token& token, bool* out) {
  std::string value = Lowercase(token.value);
  if (value != "yes" && value != "no") {
    return state.Error("bad " + token.key + " '" + token.value + "' (expected YES or NO)");
  }
  *out = value == "yes";
  return Status::Ok();
}

}  // namespace bramble::config_internal
