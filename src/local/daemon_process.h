// Starting and stopping the local cluster's daemons by pid file.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "base/status.h"

namespace bramble::local {

// The pid recorded in pid_file if that process is alive and is this
// program's binary, or the bramble-node beside it (common/node_binary.h);
// 0 otherwise (no file, stale pid, recycled pid).
pid_t LivePid(const std::string& pid_file, const std::string& self_exe);

// Starts `self_exe args...` in a new session, stdout/stderr appended to
// out_file, and records its pid in pid_file.
Result<pid_t> StartDaemon(const std::string& self_exe, const std::vector<std::string>& args,
                          const std::string& out_file, const std::string& pid_file);

// SIGTERM, then SIGKILL for those still alive after grace. Returns how many
// processes were signalled.
int StopProcesses(const std::vector<pid_t>& pids, std::chrono::milliseconds grace);

}  // namespace bramble::local
