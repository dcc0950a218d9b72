// Job shapes; see job_shape.h.
#include "sched/job_shape.h"

namespace bramble::sched {

std::optional<JobShape> ShapeOf(const JobRequest& job) {
  if (!job.required_nodes.empty() || !job.excluded_nodes.empty() || !job.constraint.empty()) {
    return std::nullopt;
  }
  JobShape shape;
  shape.ntasks = job.ntasks;
  shape.cpus_per_task = job.cpus_per_task;
  shape.nodes_min = job.nodes_min;
  shape.nodes_max = job.nodes_max;
  shape.ntasks_per_node = job.ntasks_per_node;
  shape.mem_per_node_mb = job.mem_per_node_mb;
  shape.mem_per_cpu_mb = job.mem_per_cpu_mb;
  shape.exclusive = job.exclusive;
  for (const GresRequest& g : job.gres) shape.gres.emplace_back(g.name, g.type, g.per_node);
  return shape;
}

}  // namespace bramble::sched
