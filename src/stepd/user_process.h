// Starting a user's process (a batch script or a step's task): the part
// that runs in the forked child, between fork() and execve(). Everything
// here must be async-signal-safe in spirit: no locks, no allocation after
// the plan is built.
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
  std::vector<gid_t> groups;     // supplementary groups, as the controller sent them; {gid} when empty
  mode_t umask = 022;
  std::string work_dir;
  // Each standard stream is an already-open descriptor (a step's pipe or
  // pty) when >= 0, else a file opened as the user (a batch script's, or a
  // task's -o/-e/-i file).
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
  std::string stdin_path;    // "/dev/null" when none
  std::string stdout_path;
  std::string stderr_path;   // == stdout_path when not given separately
  bool append = false;
  bool controlling_tty = false;  // stdin_fd is a pty: make it the session's terminal
  std::vector<int> keep_fds;     // stay open across exec (a task's PMI_FD)
  std::string program;           // a path, or a name looked up in env's PATH
  std::vector<std::string> argv;
  std::vector<std::string> env;
  std::string hostname;          // set in a new UTS namespace when not empty
  std::string hosts_file;        // bind-mounted on /etc/hosts in a new mount namespace when not empty
  std::vector<std::string> cgroup_join_files;  // StepCgroup::join_files: joined before anything else
};

// Forks the child. The child becomes a session leader, drops to the user
// (setgroups, setgid, setuid), changes directory, sets up its streams and
// execs. A failure before exec is reported and the child exits:
//  - error_fd >= 0 (a batch script): the text goes to error_fd (the write
//    end of a close-on-exec pipe) and the exit code is 127;
//  - error_fd < 0 (a task): "slurmstepd: error: ..." goes to the task's
//    stderr and the exit code is the errno, as slurmstepd does (a missing
//    program exits 2).
// Returns the child's pid, or -1 if fork failed.
pid_t SpawnUserProcess(const LaunchPlan& plan, int error_fd);

}  // namespace bramble::stepd
