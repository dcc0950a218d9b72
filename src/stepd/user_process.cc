// The child side of starting a batch script; see user_process.h.
#include "stepd/user_process.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace bramble::stepd {
namespace {

[[noreturn]] void Fail(int error_fd, const std::string& what) {
  std::string text = what + ": " + std::strerror(errno);
  ssize_t ignored = ::write(error_fd, text.data(), text.size());
  (void)ignored;
  ::_exit(127);
}

void ResetSignals() {
  sigset_t all;
  sigemptyset(&all);
  sigprocmask(SIG_SETMASK, &all, nullptr);
  for (int sig = 1; sig < NSIG; ++sig) signal(sig, SIG_DFL);
}

void DropPrivileges(const LaunchPlan& plan, int error_fd) {
  if (::getuid() != 0) return;  // not root: we can only run as ourselves
  if (::initgroups(plan.user.c_str(), plan.gid) != 0) Fail(error_fd, "initgroups(" + plan.user + ")");
  if (::setgid(plan.gid) != 0) Fail(error_fd, "setgid");
  if (::setuid(plan.uid) != 0) Fail(error_fd, "setuid");
  if (plan.uid != 0 && ::setuid(0) == 0) {
    errno = EPERM;
    Fail(error_fd, "could regain root after setuid");
  }
}

void OpenOnto(int target, const std::string& path, int flags, int error_fd) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0666);
  if (fd < 0) Fail(error_fd, "open " + path);
  if (::dup2(fd, target) < 0) Fail(error_fd, "dup2");
  ::close(fd);
}

}  // namespace

pid_t SpawnUserProcess(const LaunchPlan& plan, int error_fd) {
  std::vector<char*> argv;
  for (const auto& arg : plan.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> env;
  for (const auto& entry : plan.env) env.push_back(const_cast<char*>(entry.c_str()));
  env.push_back(nullptr);

  pid_t pid = ::fork();
  if (pid != 0) return pid;

  ResetSignals();
  ::setsid();
  DropPrivileges(plan, error_fd);
  ::umask(plan.umask);
  if (::chdir(plan.work_dir.c_str()) != 0) {
    // As slurmstepd does: say so in the output and carry on in /tmp.
    if (::chdir("/tmp") != 0) Fail(error_fd, "chdir /tmp");
  }
  int out_flags = O_WRONLY | O_CREAT | (plan.append ? O_APPEND : O_TRUNC);
  OpenOnto(STDIN_FILENO, plan.stdin_path, O_RDONLY, error_fd);
  OpenOnto(STDOUT_FILENO, plan.stdout_path, out_flags, error_fd);
  if (plan.stderr_path == plan.stdout_path) {
    if (::dup2(STDOUT_FILENO, STDERR_FILENO) < 0) Fail(error_fd, "dup2");
  } else {
    OpenOnto(STDERR_FILENO, plan.stderr_path, out_flags, error_fd);
  }
  ::execve(plan.program.c_str(), argv.data(), env.data());
  Fail(error_fd, "execve " + plan.program);
}

}  // namespace bramble::stepd
