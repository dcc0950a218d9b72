// srun's side of a running step: launch it on its nodes, then serve the
// stepds that connect back — print their tasks' output, feed stdin, forward
// signals, join PMI fences across nodes — and return srun's exit code.
#pragma once

#include <string>

#include "proto/bramble.pb.h"

namespace bramble::commands {

struct StepRun {
  proto::StepGrant grant;       // as the controller signed it
  proto::StepLayout layout;     // parsed from the grant
  proto::LaunchStep launch;     // everything but grant, srun address and io key
  bool label = false;           // -l
  bool unbuffered = false;      // -u
  bool kill_on_bad_exit = false;  // -K
  int wait_s = 0;               // -W: after the first task ends, end the rest this much later (0 = never)
  bool quiet = false;
  std::string controller_host;  // to pick the address stepds can reach us at
};

// Runs the step to its end; returns srun's exit code. When `summary` is
// given it receives the step's end as its tasks reported it (highest exit
// code, summed CPU times, largest MaxRSS), for StepComplete.
int RunStepClient(const StepRun& run, proto::StepComplete* summary = nullptr);

}  // namespace bramble::commands
