// The step ids Slurm reserves for a job's special steps, as the controller
// records them and sacct prints them.
#pragma once

#include <cstdint>

namespace bramble {

// SLURM_BATCH_SCRIPT: "<job>.batch", the batch script.
inline constexpr uint32_t kBatchStepId = 0xFFFFFFFB;
// SLURM_EXTERN_CONT: "<job>.extern", what ran on the job's nodes outside
// its steps (ssh sessions pam_bramble adopted).
inline constexpr uint32_t kExternStepId = 0xFFFFFFFC;

}  // namespace bramble
