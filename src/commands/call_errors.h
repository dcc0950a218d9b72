// How a command reports a failed controller call on stderr, in Slurm's
// wording, so that clients which classify on stderr see what they expect.
//
// A call fails in one of two ways: the transport (CallController returns an
// error Status) or the controller (a Response with code != 0 and its text
// in error()). Both entry points print nothing and return false when the
// call succeeded, so a caller writes
//   if (ReportLoadFailure(response, "slurm_load_jobs error", "squeue")) return 1;
#pragma once

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::commands {

// The way Slurm's slurm_perror(prefix) prints a failed load (squeue,
// sinfo): a transport failure prints "<prefix>: Unable to contact slurm
// controller (connect failure)" or "<prefix>: Socket timed out on send/recv
// operation" (the fixed first line batchspawner's state_unknown_re
// matches), then "<program>: error: <message>" when the message says more;
// a controller error prints "<prefix>: <its text>". Returns whether the
// call failed.
bool ReportLoadFailure(const Result<proto::Response>& response, const char* prefix, const char* program);

// Prints "<prefix>: <text>" for a failed call, the text being the
// transport's message or the controller's (sbatch, scancel, scontrol).
// Returns whether the call failed.
bool ReportCallFailure(const Result<proto::Response>& response, const char* prefix);

}  // namespace bramble::commands
