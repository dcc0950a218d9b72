// Starting the user's batch script: the part that runs in the forked child,
// between fork() and execve(). Everything here must be async-signal-safe in
// spirit: no locks, no allocation after the plan is built.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace bramble::stepd {

// Everything the child needs, prepared before fork().
struct LaunchPlan {
  uid_t uid = 0;
  gid_t gid = 0;
  std::string user;
  mode_t umask = 022;
  std::string work_dir;
  std::string stdin_path;    // "/dev/null" when none
  std::string stdout_path;
  std::string stderr_path;   // == stdout_path when not given separately
  bool append = false;
  std::string program;       // the script
  std::vector<std::string> argv;
  std::vector<std::string> env;
};

// Forks the child. The child becomes a session leader, drops to the user
// (initgroups, setgid, setuid), changes directory, opens its files as that
// user and execs. A failure before exec is written to error_fd (the write end
// of a close-on-exec pipe) and the child exits 127. Returns the child's pid,
// or -1 if fork failed.
pid_t SpawnUserProcess(const LaunchPlan& plan, int error_fd);

}  // namespace bramble::stepd
