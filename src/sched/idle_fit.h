// Whether a job fits an idle cluster (every node usable, nothing in use):
// the test that tells a job that waits from one that can never run. The
// answer is the same for every job of a shape (job_shape.h), so a pass
// keeps it by shape: a long queue asks it of few shapes many times.
#pragma once

#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "sched/job_shape.h"
#include "sched/scheduler.h"

namespace bramble::sched {

class IdleFit {
 public:
  // `partitions` with their nodes in allocation order; both must outlive
  // this object.
  IdleFit(const std::vector<Node>& nodes, const std::vector<Partition>& partitions);

  // Whether `job` fits in one of `partitions` (indices) when every node is
  // idle, within the partitions' MaxNodes when `node_limits`.
  bool Fits(const JobRequest& job, const std::vector<int>& partitions, bool node_limits);

 private:
  bool FitsOnIdle(const JobRequest& job, const std::vector<int>& partitions, bool node_limits);

  const std::vector<Node>& nodes_;
  const std::vector<Partition>& partitions_;
  std::optional<std::vector<Node>> idle_;  // the node table idle, made when first needed
  std::map<std::tuple<JobShape, std::vector<int>, bool>, bool> by_shape_;
};

}  // namespace bramble::sched
