// See allocation.h.
#include "proto/allocation.h"

namespace bramble {

proto::AllocateJob AllocationOf(const proto::JobRecord& job) {
  proto::AllocateJob allocate;
  allocate.set_job_id(job.job_id());
  allocate.set_uid(job.uid());
  allocate.set_mem_per_node_mb(job.mem_per_node_mb());
  *allocate.mutable_nodes() = job.nodes();
  *allocate.mutable_cpus_per_node() = job.cpus_per_node();
  allocate.set_restart_count(job.restart_count());
  return allocate;
}

}  // namespace bramble
