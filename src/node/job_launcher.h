// Turning a LaunchJob into a running stepd (see stepd/job_dir.h).
#pragma once

#include <sys/types.h>

#include <string>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::node {

// Writes the job directory (launch spec 0600, script owned by the user) and
// starts `<self_exe> stepd <dir> <node>` in a new session with stdio on
// /dev/null. Returns the stepd's pid.
Result<pid_t> LaunchStepd(const proto::LaunchJob& launch, const std::string& spool, const std::string& node,
                          const std::string& self_exe);

// Writes a step's directory (the LaunchStep, root 0600) and starts its stepd
// the same way. The layout has been verified by the caller.
Result<pid_t> LaunchStepStepd(const proto::LaunchStep& launch, const proto::StepLayout& layout,
                              const std::string& spool, const std::string& node, const std::string& self_exe);

// Removes a job directory and everything in it.
void RemoveJobDir(const std::string& path);

}  // namespace bramble::node
