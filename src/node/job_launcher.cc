// Launching a stepd; see job_launcher.h.
#include "node/job_launcher.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "stepd/job_dir.h"

namespace bramble::node {
namespace {

Status MakeDir(const std::string& path) {
  if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) return IoError("mkdir " + path + ": " + std::strerror(errno));
  return Status::Ok();
}

// Starts `<self_exe> stepd <dir> <node>` in a new session, stdio on /dev/null,
// no other descriptor, every signal at its default.
//
// posix_spawn rather than fork: glibc's shares the daemon's memory with the
// child until exec (CLONE_VM | CLONE_VFORK), so the daemon neither copies its
// page tables nor takes a copy-on-write fault on every page it touches next;
// it also blocks all signals in between and resets every handler in the
// child (until exec the child would run Asio's, which write into a pipe it
// shares with the daemon). The stepd starts with SIGTERM, SIGINT and SIGCHLD
// blocked: it takes them with sigtimedwait, so a job terminated that early
// still ends through it.
Result<pid_t> StartStepd(const std::string& dir, const std::string& node, const std::string& self_exe) {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawnattr_init(&attributes);
  ::posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDWR, 0);
  ::posix_spawn_file_actions_adddup2(&actions, 0, 1);
  ::posix_spawn_file_actions_adddup2(&actions, 0, 2);
  ::posix_spawn_file_actions_addclosefrom_np(&actions, 3);  // no daemon sockets in the job
  sigset_t all, taken_by_stepd;
  sigfillset(&all);
  sigemptyset(&taken_by_stepd);
  for (int sig : {SIGTERM, SIGINT, SIGCHLD}) sigaddset(&taken_by_stepd, sig);
  ::posix_spawnattr_setsigdefault(&attributes, &all);
  ::posix_spawnattr_setsigmask(&attributes, &taken_by_stepd);
  ::posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  const char* argv[] = {"bramble", "stepd", dir.c_str(), node.c_str(), nullptr};
  pid_t pid = 0;
  int error = ::posix_spawn(&pid, self_exe.c_str(), &actions, &attributes, const_cast<char* const*>(argv), environ);
  ::posix_spawnattr_destroy(&attributes);
  ::posix_spawn_file_actions_destroy(&actions);
  if (error != 0) return IoError("cannot start " + self_exe + " stepd: " + std::strerror(error));
  return pid;
}

}  // namespace

Result<pid_t> LaunchStepd(const proto::LaunchJob& launch, const std::string& spool, const std::string& node,
                          const std::string& self_exe) {
  const proto::JobRecord& job = launch.job();
  stepd::JobDir dir = stepd::JobDir::For(spool, job.job_id());
  BRAMBLE_RETURN_IF_ERROR(MakeDir(dir.path));
  BRAMBLE_RETURN_IF_ERROR(stepd::WriteFileAtomic(dir.launch(), launch.SerializeAsString(), 0600));
  BRAMBLE_RETURN_IF_ERROR(stepd::WriteFileAtomic(dir.script(), job.spec().script(), 0500));
  if (::chown(dir.script().c_str(), job.uid(), job.gid()) != 0 && ::geteuid() == 0) {
    return IoError("chown " + dir.script() + ": " + std::strerror(errno));
  }
  return StartStepd(dir.path, node, self_exe);
}

Result<pid_t> LaunchStepStepd(const proto::LaunchStep& launch, const proto::StepLayout& layout,
                              const std::string& spool, const std::string& node, const std::string& self_exe) {
  stepd::JobDir dir = stepd::JobDir::ForStep(spool, layout.job_id(), layout.step_id());
  BRAMBLE_RETURN_IF_ERROR(MakeDir(dir.path));
  BRAMBLE_RETURN_IF_ERROR(stepd::WriteFileAtomic(dir.launch_step(), launch.SerializeAsString(), 0600));
  return StartStepd(dir.path, node, self_exe);
}

void RemoveJobDir(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

}  // namespace bramble::node
