// The child side of starting a user's process; see user_process.h.
#include "stepd/user_process.h"

#include <fcntl.h>
#include <grp.h>  // setgroups
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace bramble::stepd {
namespace {

[[noreturn]] void Fail(int error_fd, const std::string& what) {
  int saved = errno;
  if (error_fd >= 0) {
    std::string text = what + ": " + std::strerror(saved);
    ssize_t ignored = ::write(error_fd, text.data(), text.size());
    (void)ignored;
    ::_exit(127);
  }
  std::string text = "slurmstepd: error: " + what + ": " + std::strerror(saved) + "\n";
  ssize_t ignored = ::write(STDERR_FILENO, text.data(), text.size());
  (void)ignored;
  ::_exit(saved > 0 && saved < 256 ? saved : 1);
}

// Handlers first, then the mask: a signal let through while the stepd's
// (Asio's) handlers were still in place would be taken for the stepd's own.
void ResetSignals() {
  for (int sig = 1; sig < NSIG; ++sig) signal(sig, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
}

void DropPrivileges(const LaunchPlan& plan, int error_fd) {
  if (::getuid() != 0) return;  // not root: we can only run as ourselves
  // The controller looked the groups up (controller/user_groups.h). With
  // none sent (a controller of an older version) only the primary group.
  std::vector<gid_t> groups = plan.groups.empty() ? std::vector<gid_t>{plan.gid} : plan.groups;
  if (::setgroups(groups.size(), groups.data()) != 0) Fail(error_fd, "setgroups for " + plan.user);
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

// Puts the given descriptors on 0, 1, 2 (dup2 clears close-on-exec).
void UseDescriptors(const LaunchPlan& plan, int error_fd) {
  if ((plan.stdin_fd >= 0 && ::dup2(plan.stdin_fd, STDIN_FILENO) < 0) ||
      (plan.stdout_fd >= 0 && ::dup2(plan.stdout_fd, STDOUT_FILENO) < 0) ||
      (plan.stderr_fd >= 0 && ::dup2(plan.stderr_fd, STDERR_FILENO) < 0)) {
    Fail(error_fd, "dup2");
  }
  if (plan.controlling_tty && ::ioctl(STDIN_FILENO, TIOCSCTTY, 0) != 0) Fail(error_fd, "TIOCSCTTY");
}

// The streams that are files, opened as the user.
void OpenFiles(const LaunchPlan& plan, int error_fd) {
  int out_flags = O_WRONLY | O_CREAT | (plan.append ? O_APPEND : O_TRUNC);
  if (plan.stdin_fd < 0) OpenOnto(STDIN_FILENO, plan.stdin_path, O_RDONLY, error_fd);
  if (plan.stdout_fd < 0) OpenOnto(STDOUT_FILENO, plan.stdout_path, out_flags, error_fd);
  if (plan.stderr_fd >= 0) return;
  if (plan.stderr_path == plan.stdout_path) {
    if (::dup2(STDOUT_FILENO, STDERR_FILENO) < 0) Fail(error_fd, "dup2");
  } else {
    OpenOnto(STDERR_FILENO, plan.stderr_path, out_flags, error_fd);
  }
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
  // A task's streams first: then every later failure is reported on its stderr.
  UseDescriptors(plan, error_fd);
  // Into the step's cgroup before the user's code runs: all it ever forks
  // is then tracked, limited, and killed with the step.
  for (const std::string& join : plan.cgroup_join_files) {
    int fd = ::open(join.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0 || ::write(fd, "0", 1) != 1) Fail(error_fd, "join cgroup " + join);
    ::close(fd);
  }
  if (!plan.hostname.empty()) {
    // Several nodes of a one-machine cluster each show their own name.
    if (::unshare(CLONE_NEWUTS) != 0) Fail(error_fd, "unshare(CLONE_NEWUTS)");
    if (::sethostname(plan.hostname.data(), plan.hostname.size()) != 0) Fail(error_fd, "sethostname");
  }
  if (!plan.hosts_file.empty()) {
    // ... and whose names resolve, in a private view of /etc/hosts.
    if (::unshare(CLONE_NEWNS) != 0) Fail(error_fd, "unshare(CLONE_NEWNS)");
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) Fail(error_fd, "mount --make-rprivate /");
    if (::mount(plan.hosts_file.c_str(), "/etc/hosts", nullptr, MS_BIND, nullptr) != 0) {
      Fail(error_fd, "bind mount " + plan.hosts_file + " on /etc/hosts");
    }
  }
  DropPrivileges(plan, error_fd);
  ::umask(plan.umask);
  if (::chdir(plan.work_dir.c_str()) != 0) {
    // As slurmstepd does: carry on in /tmp.
    if (::chdir("/tmp") != 0) Fail(error_fd, "chdir /tmp");
  }
  OpenFiles(plan, error_fd);
  for (int fd : plan.keep_fds) {
    int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0) ::fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
  }
  if (plan.program.find('/') != std::string::npos) {
    ::execve(plan.program.c_str(), argv.data(), env.data());
  } else {
    environ = env.data();  // execvp searches the task's own PATH
    ::execvp(plan.program.c_str(), argv.data());
  }
  Fail(error_fd, error_fd >= 0 ? "execve " + plan.program : "execve(): " + plan.program);
}

}  // namespace bramble::stepd
