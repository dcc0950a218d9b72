// Slurm hostlist expressions: "pi[01-04,07],login1" <-> a list of names.
//
// Expansion accepts several comma items, each a name with bracket groups
// (zero padding taken from the width of each range's first number). Output
// is always the client-safe form (COMPAT.md rule 0.2): at most one bracket
// group per item, at the end.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bramble {

// Expands a hostlist expression into names, in the order written.
// Fails on unbalanced brackets, empty items, reversed ranges, or more than
// kMaxHostlistNames names (a typo like "n[0-99999999]" must not eat memory).
Result<std::vector<std::string>> ExpandHostlist(std::string_view expression);
inline constexpr size_t kMaxHostlistNames = 65536;

// Compresses names into "prefix[a-b,c]" items, keeping the given order and
// merging names that share a prefix and a number width. Names without a
// trailing number are emitted as they are. Empty input gives "".
std::string CompressHostlist(const std::vector<std::string>& names);

// Slurm's hostset order: by prefix, then by numeric suffix value.
bool HostnameLess(const std::string& a, const std::string& b);
void SortHostnames(std::vector<std::string>& names);

}  // namespace bramble
