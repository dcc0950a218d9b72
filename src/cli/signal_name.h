// Signal names as scancel --signal, sbatch --signal and srun take them.
//
// Slurm's sig_name2num accepts a name with or without the "SIG" prefix, in
// any case ("TERM", "SIGTERM", "usr1"), or a number ("15").
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace bramble::cli {

// Returns the signal number for `text`. Fails (kInvalidArgument, message
// naming the text) on an unknown name, an empty string, or a number outside
// 1..64 (Linux's SIGRTMAX).
Result<int> ParseSignal(std::string_view text);

// The name without "SIG" ("TERM") for a standard signal, else the number as
// text ("34").
std::string SignalName(int signal);

}  // namespace bramble::cli
