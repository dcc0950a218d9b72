// Getting and giving back an interactive allocation (salloc, and srun when
// it runs outside a job): submit a job without a batch script and wait
// until it runs, printing Slurm's progress lines; release it at the end.
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::commands {

// Set from a signal handler to stop waiting: the job is then given back.
extern std::atomic<bool> g_stop_waiting;

// srun's step, asked for with its allocation: when the allocation starts at
// once the controller grants the step in the same reply, saving a call.
struct FirstStep {
  proto::StepRequest request;
  std::optional<proto::StepGrant> grant;  // set by Allocate when granted
};

// Submits `spec` (interactive) and waits until it runs. `program` prefixes
// the lines printed on stderr ("srun", "salloc"); with `chatty` (salloc)
// it also prints "Pending job allocation N" and "Granted job allocation N".
// A refusal or a failure is printed in the program's wording, and an error
// Status returned (the caller exits 1).
Result<proto::JobRecord> Allocate(const proto::JobSpec& spec, const std::string& program, bool chatty,
                                  bool quiet, FirstStep* first_step = nullptr);

// Ends the allocation with the given outcome (srun's or the command's);
// `last_step`, if given, is how srun's step ended (recorded first, in the
// same call).
void ReleaseAllocation(uint32_t job_id, int exit_code, int exit_signal,
                       const proto::StepComplete* last_step = nullptr);

// The job's current record, if the controller answers.
Result<proto::JobRecord> LoadJob(uint32_t job_id);

}  // namespace bramble::commands
