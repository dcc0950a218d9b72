// The arguments of pam_bramble's line in /etc/pam.d (docs/pam.md):
//
//   account required pam_bramble.so [socket=/run/bramble/node.sock] [adopt]
//
// socket= names the node daemon's NodeSocket; adopt asks for the session to
// be moved into the job's cgroup (not available yet: it is logged and
// otherwise ignored). Like other PAM modules, pam_bramble logs arguments it
// does not know and goes on without them; a malformed socket= is kept, so
// that the query fails and access is denied (fail closed).
#pragma once

#include <string>
#include <vector>

namespace bramble::pam {

// The node daemon's default NodeSocket (common/config.h).
inline constexpr const char* kDefaultNodeSocket = "/run/bramble/node.sock";

struct ModuleArgs {
  std::string socket_path = kDefaultNodeSocket;
  bool adopt = false;
  std::vector<std::string> warnings;  // for the log: "unknown argument 'x' ignored"
};

// Reads PAM's argv (argc entries). Never fails: problems land in `warnings`.
ModuleArgs ParseModuleArgs(int argc, const char* const* argv);

}  // namespace bramble::pam
