// Launching a stepd; see job_launcher.h.
#include "node/job_launcher.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "stepd/job_dir.h"

namespace bramble::node {

Result<pid_t> LaunchStepd(const proto::LaunchJob& launch, const std::string& spool, const std::string& node,
                          const std::string& self_exe) {
  const proto::JobRecord& job = launch.job();
  stepd::JobDir dir = stepd::JobDir::For(spool, job.job_id());
  if (::mkdir(dir.path.c_str(), 0755) != 0 && errno != EEXIST) {
    return IoError("mkdir " + dir.path + ": " + std::strerror(errno));
  }
  BRAMBLE_RETURN_IF_ERROR(stepd::WriteFileAtomic(dir.launch(), launch.SerializeAsString(), 0600));
  BRAMBLE_RETURN_IF_ERROR(stepd::WriteFileAtomic(dir.script(), job.spec().script(), 0500));
  if (::chown(dir.script().c_str(), job.uid(), job.gid()) != 0 && ::geteuid() == 0) {
    return IoError("chown " + dir.script() + ": " + std::strerror(errno));
  }
  pid_t pid = ::fork();
  if (pid < 0) return IoError(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::setsid();
    int null_fd = ::open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
      ::dup2(null_fd, 0);
      ::dup2(null_fd, 1);
      ::dup2(null_fd, 2);
    }
    for (int fd = 3; fd < 1024; ++fd) ::close(fd);  // no daemon sockets in the job
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    const char* argv[] = {"bramble", "stepd", dir.path.c_str(), node.c_str(), nullptr};
    ::execv(self_exe.c_str(), const_cast<char* const*>(argv));
    ::_exit(127);
  }
  return pid;
}

void RemoveJobDir(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

}  // namespace bramble::node
