// pam_bramble's one call: ask the node daemon's NodeSocket which of a user's
// jobs run on this node (LocalJobsRequest, docs/pam.md). Plain blocking
// POSIX sockets under one deadline, not Asio: the module is loaded into
// sshd and should bring no event loop and no threads with it. The frame and
// the messages are the daemons' own (net/frame.h, proto/bramble.proto).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "pam/local_jobs.h"

namespace bramble::pam {

// Deadline 5 s: the daemon answers from memory in well under a millisecond;
// the bound only matters when it hangs, and then a login waits this long
// before it is refused.
inline constexpr std::chrono::milliseconds kNodeQueryDeadline{5000};

// The ids of uid's jobs running on the node behind `socket_path`, ascending
// (empty: none). Errors: kInvalidArgument for a path that is not absolute or
// too long, or a malformed answer; kUnavailable when nothing listens there or
// the daemon closes early; kDeadlineExceeded when the exchange overruns
// `deadline`; the daemon's own code and message when it refuses. Every
// message names the socket's path.
Result<std::vector<uint32_t>> AskLocalJobs(const std::string& socket_path, uint32_t uid,
                                           std::chrono::milliseconds deadline = kNodeQueryDeadline);

// The same, and with adopt_pid != 0 the daemon also moves that process into
// the extern step of the user's newest job there (pam_bramble's adopt).
Result<LocalJobs> AskLocalJobsAndAdopt(const std::string& socket_path, uint32_t uid, uint32_t adopt_pid,
                                       std::chrono::milliseconds deadline = kNodeQueryDeadline);

}  // namespace bramble::pam
