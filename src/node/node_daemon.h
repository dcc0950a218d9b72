// The node daemon (slurmd's job): `bramble node -N <name>`.
//
// Registers with the controller and heartbeats; on LaunchJob writes the job
// directory and starts a step supervisor (stepd) in its own session; on
// SignalJob/TerminateJob signals the job's process group or its stepd;
// watches job directories for results and reports each to the controller
// until acknowledged; answers pam_bramble (as root, on NodeSocket) which of
// a user's jobs run here. All state lives on one event-loop thread; calls to
// the controller run on one worker thread. Jobs survive a restart of the
// node daemon: on start it re-adopts every job directory in its spool.
#pragma once

namespace bramble::node {

int NodeMain(int argc, char** argv);

}  // namespace bramble::node
