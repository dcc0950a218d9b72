// --constraint: node features joined with '&' (all of) and '|' (any of),
// '&' binding tighter, as "intel&ib|amd". Slurm's bracketed matching-OR and
// feature counts (a*2) are refused rather than half supported.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bramble::sched {

// Alternatives, each a set of features a node must all have. An empty text
// gives no alternatives (any node). Errors: Slurm's "Invalid feature
// specification".
Result<std::vector<std::vector<std::string>>> ParseConstraint(std::string_view text);

// Whether a node with `features` satisfies `constraint` (empty = any node).
bool MatchesConstraint(const std::vector<std::string>& features,
                       const std::vector<std::vector<std::string>>& constraint);

}  // namespace bramble::sched
