// The rules of `scontrol update`, hold, release and requeue for one job
// record, as Slurm's slurmctld applies them (job_mgr.c _update_job and
// _job_requeue_op): what may change in which state and by whom, and the
// error Slurm gives otherwise (its slurm_strerror text, which scontrol
// prints). No I/O and no clock: the controller checks that the caller owns
// the job (or is an operator) before, validates a changed shape as at
// submission after, and commits.
#pragma once

#include "base/status.h"
#include "common/config.h"
#include "proto/bramble.pb.h"

namespace bramble::controller {

inline constexpr char kAccessDenied[] = "Access/permission denied";           // ESLURM_ACCESS_DENIED
inline constexpr char kJobNotPending[] = "Job is no longer pending execution";  // ESLURM_JOB_NOT_PENDING
inline constexpr char kJobPending[] = "Job is pending execution";              // ESLURM_JOB_PENDING
inline constexpr char kJobFinished[] = "Job has already finished";             // ESLURM_JOB_FINISHED
inline constexpr char kNotSupported[] = "Requested operation not supported on this system";  // ESLURM_NOT_SUPPORTED
inline constexpr char kDisabled[] = "Requested operation is presently disabled";  // ESLURM_DISABLED
inline constexpr char kBatchOnly[] = "Only batch jobs are accepted or processed";  // ESLURM_BATCH_ONLY

// Applies the fields of `request` other than requeue to `job`, on behalf
// of an operator (`op`) or of the job's owner. On failure returns Slurm's
// error and `job` may be partly changed (the caller works on a copy).
//   Partition=, NumCPUs=   pending jobs only.
//   NumNodes=              pending jobs only; a running job's size cannot
//                          change ("not supported", as Slurm without
//                          permit_job_expansion, and Bramble never shrinks).
//   TimeLimit=             an operator sets any; the owner may lower it
//                          (running jobs too) or, while the job is pending,
//                          raise it up to its partition's MaxTime.
//   hold                   pending jobs only: an operator's hold is an admin
//                          hold (JobHeldAdmin), the owner's a user hold; the
//                          owner cannot turn an admin hold into a user hold.
//   release                an admin hold only by an operator.
//   Nice=                  a negative value only by an operator.
// Finished jobs refuse every change ("Job has already finished").
Status ApplyJobUpdate(const proto::UpdateJob& request, bool op, const Config& config, proto::JobRecord* job);

// Slurm's pending reason for a held job, JobHeldAdmin or JobHeldUser;
// nullptr when it is not held.
const char* HoldReason(const proto::JobRecord& job);

// Whether `request` changes what the job asks for (Partition=, NumNodes=,
// NumCPUs=): the job must then be validated again.
bool ChangesShape(const proto::UpdateJob& request);

// Why `scontrol requeue` refuses `job`, checked in Slurm's order: --no-requeue
// ("presently disabled"), not a batch job, still pending. OK when it may be
// requeued: running, completing, or finished.
Status CheckRequeue(const proto::JobRecord& job);

}  // namespace bramble::controller
