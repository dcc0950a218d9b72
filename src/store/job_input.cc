// Splitting a job's script and environment from its record; see store.h.
#include "store/store.h"

namespace bramble::store {

uint32_t JobInputId(const proto::JobRecord& job) { return JobInputId(job.job_id(), job.array_job_id()); }

uint32_t JobInputId(uint32_t job_id, uint32_t array_job_id) { return array_job_id != 0 ? array_job_id : job_id; }

JobInput TakeJobInput(proto::JobRecord& job) {
  JobInput taken;
  taken.id = JobInputId(job);
  proto::JobSpec* spec = job.mutable_spec();
  taken.input.mutable_script()->swap(*spec->mutable_script());
  taken.input.mutable_environment()->Swap(spec->mutable_environment());
  spec->clear_script();
  spec->clear_environment();
  return taken;
}

}  // namespace bramble::store
