// A local cluster, as a feature (like `flux start --test-size=N` or kind):
// `bramble up --nodes N --dir DIR` starts one controller and N node daemons
// on 127.0.0.1, each node with its own name, port and spool under DIR, and
// writes DIR/env.sh; `bramble down --dir DIR` stops exactly those processes.
//
// DIR layout: slurm.conf, env.sh, bin/ (links to this binary under the Slurm
// command names), state/ (controller state, 0700), spool/<node>/ (spool is
// a link to a private directory on tmpfs where there is one; `down` removes
// it), log/, run/<daemon>.pid. Running `up` again on the same DIR starts whichever of
// its daemons are not running (a restart after kill -9 keeps all state).
#pragma once

#include <string_view>

namespace bramble::local {

// The name a tmpfs spool directory starts with (/run/bramble-spool-XXXXXX).
inline constexpr std::string_view kTmpfsSpoolPrefix = "bramble-spool-";

int UpMain(int argc, char** argv);
int DownMain(int argc, char** argv);

}  // namespace bramble::local
