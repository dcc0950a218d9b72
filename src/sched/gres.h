// Generic resources (GPUs) of one node for one job: whether a node has the
// devices a job asks for free, and which devices it gets.
//
// A request without a type takes devices of any type of that name; typed
// requests are served first so that an untyped one never takes the only
// device of the type another request of the same job names. Devices are
// taken lowest index first, so CUDA_VISIBLE_DEVICES is stable and readable.
#pragma once

#include <optional>
#include <vector>

#include "sched/scheduler.h"

namespace bramble::sched {

// The devices of `node` that `requests` take (one grant per entry used), or
// nullopt when the node has too few of them free (NodeGres::used_mask).
std::optional<std::vector<GresGrant>> TakeGres(const Node& node,
                                               const std::vector<GresRequest>& requests);

// `requests` as taken on the index-th of `count` chosen nodes: a whole-job
// count (job_total) gives the first nodes one device more than the last
// ones, never more than per_node.
std::vector<GresRequest> GresShares(const std::vector<GresRequest>& requests, size_t index, size_t count);

// Whether TakeGres would succeed, without building the grants.
bool GresFree(const Node& node, const std::vector<GresRequest>& requests);

// Whether `node` could hold `requests` with every device free.
bool GresPossible(const Node& node, const std::vector<GresRequest>& requests);

// The number of devices in `grants` of entries named `name` on `node`.
uint32_t GrantedCount(const Node& node, const std::vector<GresGrant>& grants, const char* name);

// Marks `grants` used (or free, with `release`) on `node`.
void ApplyGrants(Node& node, const std::vector<GresGrant>& grants, bool release = false);

}  // namespace bramble::sched
