// One node's share of an srun step (slurmstepd's job for a step).
//
// The supervisor connects back to srun (LaunchStep.srun_host/port), proves
// itself with the step's io key, then starts the node's tasks as the user,
// each a session leader with its own pipes (or files, or a pty for --pty)
// and, with --mpi=pmi1/pmi2, a PMI socketpair served by pmi::NodeServer.
// It streams output to srun as StepIo frames, forwards srun's stdin and
// signals, relays PMI fences, and reports each task's exit after its output.
// On SIGTERM (the job ends), on a PMI abort, or when srun goes away, it sends
// SIGCONT+SIGTERM to every task and SIGKILL after KillWait; when the tasks
// are done it kills whatever is left of their process groups and exits.
#pragma once

#include <string>

#include "stepd/job_dir.h"

namespace bramble::stepd {

// Runs the step described by dir.launch_step() on `node`; returns the
// stepd's exit code (0 when every task was reported to srun).
int RunStep(const JobDir& dir, const std::string& node);

}  // namespace bramble::stepd
