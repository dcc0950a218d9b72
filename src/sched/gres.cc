// Device choice for one node; see gres.h.
#include "sched/gres.h"

#include <algorithm>
#include <array>
#include <bit>
#include <span>

namespace bramble::sched {
namespace {

uint64_t AllDevices(uint32_t count) {
  return count >= 64 ? ~uint64_t{0} : (uint64_t{1} << count) - 1;
}

bool Matches(const NodeGres& entry, const GresRequest& request) {
  return entry.name == request.name && (request.type.empty() || entry.type == request.type);
}

// Takes `wanted` devices from `free` masks of matching entries, lowest entry
// and index first. Returns false when there are too few.
bool Take(const Node& node, const GresRequest& request, std::span<uint64_t> free,
          std::span<uint64_t> taken) {
  uint32_t wanted = request.per_node;
  for (size_t e = 0; e < node.gres.size() && wanted > 0; ++e) {
    if (!Matches(node.gres[e], request)) continue;
    while (wanted > 0 && free[e] != 0) {
      uint64_t lowest = free[e] & (~free[e] + 1);
      free[e] &= ~lowest;
      taken[e] |= lowest;
      --wanted;
    }
  }
  return wanted == 0;
}

// Takes every request from `free`, typed ones first, marking `taken`.
bool TakeAll(const Node& node, const std::vector<GresRequest>& requests, std::span<uint64_t> free,
             std::span<uint64_t> taken) {
  for (int typed = 1; typed >= 0; --typed) {
    for (const GresRequest& request : requests) {
      if (request.type.empty() == (typed == 1)) continue;
      if (!Take(node, request, free, taken)) return false;
    }
  }
  return true;
}

std::optional<std::vector<GresGrant>> TakeFrom(const Node& node,
                                               const std::vector<GresRequest>& requests,
                                               std::vector<uint64_t> free) {
  std::vector<uint64_t> taken(node.gres.size(), 0);
  if (!TakeAll(node, requests, free, taken)) return std::nullopt;
  std::vector<GresGrant> grants;
  for (size_t e = 0; e < taken.size(); ++e) {
    if (taken[e] != 0) grants.push_back({static_cast<int>(e), taken[e]});
  }
  return grants;
}

// Whether `requests` can be taken from the node's entries, with masks on
// the stack; `all_free` ignores what is in use.
bool FitsEntries(const Node& node, const std::vector<GresRequest>& requests, bool all_free) {
  size_t entries = node.gres.size();
  constexpr size_t kOnStack = 8;
  std::vector<uint64_t> free_heap, taken_heap;
  std::array<uint64_t, kOnStack> free_stack{}, taken_stack{};
  std::span<uint64_t> free(free_stack.data(), entries), taken(taken_stack.data(), entries);
  if (entries > kOnStack) {
    free_heap.resize(entries);
    taken_heap.resize(entries);
    free = free_heap;
    taken = taken_heap;
  }
  for (size_t e = 0; e < entries; ++e) {
    free[e] = AllDevices(node.gres[e].count) & (all_free ? ~uint64_t{0} : ~node.gres[e].used_mask);
  }
  return TakeAll(node, requests, free, taken);
}

// FitsEntries, answered at once where it is plain (placement asks this of
// every node it looks at, and most have no devices).
bool Fits(const Node& node, const std::vector<GresRequest>& requests, bool all_free) {
  if (requests.empty()) return true;
  if (node.gres.empty()) {
    return std::all_of(requests.begin(), requests.end(),
                       [](const GresRequest& request) { return request.per_node == 0; });
  }
  return FitsEntries(node, requests, all_free);
}

}  // namespace

std::vector<GresRequest> GresShares(const std::vector<GresRequest>& requests, size_t index, size_t count) {
  std::vector<GresRequest> shares = requests;
  for (GresRequest& share : shares) {
    if (share.job_total == 0 || count == 0) continue;
    uint64_t even = share.job_total / count + (index < share.job_total % count ? 1 : 0);
    share.per_node = static_cast<uint32_t>(std::min<uint64_t>(even, share.per_node));
  }
  return shares;
}

std::optional<std::vector<GresGrant>> TakeGres(const Node& node,
                                               const std::vector<GresRequest>& requests) {
  if (requests.empty()) return std::vector<GresGrant>{};
  std::vector<uint64_t> free;
  free.reserve(node.gres.size());
  for (const NodeGres& entry : node.gres) free.push_back(AllDevices(entry.count) & ~entry.used_mask);
  return TakeFrom(node, requests, std::move(free));
}

bool GresFree(const Node& node, const std::vector<GresRequest>& requests) {
  return Fits(node, requests, false);
}

bool GresPossible(const Node& node, const std::vector<GresRequest>& requests) {
  return Fits(node, requests, true);
}

uint32_t GrantedCount(const Node& node, const std::vector<GresGrant>& grants, const char* name) {
  uint32_t count = 0;
  for (const GresGrant& grant : grants) {
    if (grant.entry >= 0 && static_cast<size_t>(grant.entry) < node.gres.size() &&
        node.gres[grant.entry].name == name) {
      count += static_cast<uint32_t>(std::popcount(grant.mask));
    }
  }
  return count;
}

void ApplyGrants(Node& node, const std::vector<GresGrant>& grants, bool release) {
  for (const GresGrant& grant : grants) {
    if (grant.entry < 0 || static_cast<size_t>(grant.entry) >= node.gres.size()) continue;
    uint64_t& used = node.gres[grant.entry].used_mask;
    used = release ? (used & ~grant.mask) : (used | grant.mask);
  }
}

}  // namespace bramble::sched
