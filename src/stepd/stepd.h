// The step supervisor (slurmstepd's job): `bramble stepd <job dir> <node>`.
// Started by the node daemon in its own session, it runs the batch script as
// the submitting user, forwards cancel/timeout as SIGCONT+SIGTERM then
// SIGKILL after KillWait to the job's whole process group, kills whatever
// is left of that group when the script ends, and writes the result into the
// job directory for whichever node daemon is running then.
#pragma once

namespace bramble::stepd {

// Returns the supervisor's own exit code (0 when a result was written).
int StepdMain(int argc, char** argv);

}  // namespace bramble::stepd
