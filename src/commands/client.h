// How a command talks to the cluster: find the configuration, get a signed
// credential from the local daemon (or, on the controller's host, use its
// local socket), call the controller with a deadline.
#pragma once

#include <chrono>
#include <string>

#include "base/status.h"
#include "common/config.h"
#include "proto/bramble.pb.h"

namespace bramble::commands {

// The configuration path: $SLURM_CONF, else <dir of argv[0]>/../slurm.conf
// when that exists (the links `bramble up` makes), else
// /etc/bramble/slurm.conf.
std::string FindConfigPath(const char* argv0);

// Loads the configuration found by FindConfigPath (remembered by
// SetProgramPath); prints nothing.
Result<Config> LoadClientConfig();
void SetProgramPath(const char* argv0);

// Sends `request` to the controller and returns its response: through
// ControllerSocket when the controller listens there (its own host; no
// credential needed), else signed over TCP. A transport
// failure returns Code::kUnavailable with "Unable to contact slurm
// controller (connect failure)" or Code::kDeadlineExceeded with "Socket timed
// out on send/recv operation"; an error answered by the controller comes back
// as a Response with code != 0 (not as an error Status).
Result<proto::Response> CallController(const proto::Request& request,
                                       std::chrono::milliseconds deadline = std::chrono::seconds(30));

// The same, to any daemon at host:port (srun launching on node daemons).
Result<proto::Response> CallDaemon(const std::string& host, uint16_t port, const proto::Request& request,
                                   std::chrono::milliseconds deadline);

}  // namespace bramble::commands
