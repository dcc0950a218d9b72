// Launching a stepd; see job_launcher.h.
#include "node/job_launcher.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
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

// Starts `<self_exe> stepd <dir> <node>` in a new session, stdio on /dev/null.
//
// Signals are blocked across the fork: until exec the child still has the
// node daemon's handlers (Asio's, which write into a pipe the child shares
// with the daemon), so a SIGTERM for the new stepd arriving there would
// stop the node daemon instead. The child resets every handler, then execs
// with SIGTERM, SIGINT and SIGCHLD still blocked: the stepd takes them with
// sigtimedwait, so a job terminated that early still ends through it.
Result<pid_t> StartStepd(const std::string& dir, const std::string& node, const std::string& self_exe) {
  sigset_t all, previous;
  sigfillset(&all);
  ::pthread_sigmask(SIG_BLOCK, &all, &previous);
  pid_t pid = ::fork();
  if (pid != 0) {
    int saved = errno;
    ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    if (pid < 0) return IoError(std::string("fork: ") + std::strerror(saved));
    return pid;
  }
  for (int sig = 1; sig < NSIG; ++sig) ::signal(sig, SIG_DFL);
  ::setsid();
  int null_fd = ::open("/dev/null", O_RDWR);
  if (null_fd >= 0) {
    ::dup2(null_fd, 0);
    ::dup2(null_fd, 1);
    ::dup2(null_fd, 2);
  }
  // No daemon sockets in the job; one call rather than a close per possible fd.
  if (::close_range(3, ~0U, 0) != 0) {
    for (int fd = 3; fd < 1024; ++fd) ::close(fd);  // kernels before 5.9
  }
  sigset_t taken_by_stepd;
  sigemptyset(&taken_by_stepd);
  for (int sig : {SIGTERM, SIGINT, SIGCHLD}) sigaddset(&taken_by_stepd, sig);
  sigprocmask(SIG_SETMASK, &taken_by_stepd, nullptr);
  const char* argv[] = {"bramble", "stepd", dir.c_str(), node.c_str(), nullptr};
  ::execv(self_exe.c_str(), const_cast<char* const*>(argv));
  ::_exit(127);
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
