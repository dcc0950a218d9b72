// What decides where a job fits, as a value: two jobs of one shape fit in
// the same places at the same moment. The pass caches by shape what it
// learns about one job (does not fit now, fits an idle cluster) for the
// next ones, which on a long queue are mostly of a few shapes.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "sched/scheduler.h"

namespace bramble::sched {

struct JobShape {
  uint32_t ntasks = 0;
  uint32_t cpus_per_task = 0;
  uint32_t nodes_min = 0;
  uint32_t nodes_max = 0;
  uint32_t ntasks_per_node = 0;
  int64_t mem_per_node_mb = 0;
  int64_t mem_per_cpu_mb = 0;
  bool exclusive = false;
  std::vector<std::tuple<std::string, std::string, uint32_t>> gres;  // name, type, per node

  auto operator<=>(const JobShape&) const = default;
};

// The job's shape; none for jobs naming nodes (-w, -x) or features, which
// are rarely alike and not worth caching.
std::optional<JobShape> ShapeOf(const JobRequest& job);

}  // namespace bramble::sched
