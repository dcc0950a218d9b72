// --constraint parsing and matching; see constraint.h.
#include "sched/constraint.h"

#include <algorithm>

namespace bramble::sched {
namespace {

bool FeatureChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-' || c == '.' || c == ':' || c == '+';
}

}  // namespace

Result<std::vector<std::vector<std::string>>> ParseConstraint(std::string_view text) {
  std::vector<std::vector<std::string>> alternatives;
  if (text.empty()) return alternatives;
  alternatives.emplace_back();
  std::string feature;
  auto finish = [&]() -> bool {
    if (feature.empty()) return false;
    alternatives.back().push_back(feature);
    feature.clear();
    return true;
  };
  for (char c : text) {
    if (c == '&' || c == ',') {  // Slurm reads ',' as AND too
      if (!finish()) return InvalidArgument("Invalid feature specification");
    } else if (c == '|') {
      if (!finish()) return InvalidArgument("Invalid feature specification");
      alternatives.emplace_back();
    } else if (FeatureChar(c)) {
      feature += c;
    } else {
      return InvalidArgument("Invalid feature specification");
    }
  }
  if (!finish()) return InvalidArgument("Invalid feature specification");
  return alternatives;
}

bool MatchesConstraint(const std::vector<std::string>& features,
                       const std::vector<std::vector<std::string>>& constraint) {
  if (constraint.empty()) return true;
  for (const auto& all_of : constraint) {
    bool ok = std::all_of(all_of.begin(), all_of.end(), [&](const std::string& feature) {
      return std::find(features.begin(), features.end(), feature) != features.end();
    });
    if (ok) return true;
  }
  return false;
}

}  // namespace bramble::sched
