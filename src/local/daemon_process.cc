// Daemon processes by pid file; see daemon_process.h.
#include "local/daemon_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/node_binary.h"

namespace bramble::local {
namespace {

// A zombie still answers kill(pid, 0); /proc/PID/stat says 'Z'.
bool IsZombie(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  size_t close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

}  // namespace

pid_t LivePid(const std::string& pid_file, const std::string& self_exe) {
  std::ifstream in(pid_file);
  pid_t pid = 0;
  if (!(in >> pid) || pid <= 1) return 0;
  if (::kill(pid, 0) != 0) return 0;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/exe", ec);
  if (ec) return 0;
  bool ours = false;
  for (const std::string& path : {self_exe, NodeBinaryPath(self_exe)}) {
    // A binary rebuilt since the daemon started shows as "PATH (deleted)":
    // still this cluster's daemon, which `down` must stop.
    ours = ours || exe.string() == path || exe.string() == path + " (deleted)";
  }
  if (!ours) return 0;
  return IsZombie(pid) ? 0 : pid;
}

Result<pid_t> StartDaemon(const std::string& self_exe, const std::vector<std::string>& args,
                          const std::string& out_file, const std::string& pid_file) {
  pid_t pid = ::fork();
  if (pid < 0) return IoError(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::setsid();
    // Double fork: the daemon is nobody's child, so `up` can exit at once.
    if (::fork() != 0) ::_exit(0);
    int null_fd = ::open("/dev/null", O_RDONLY);
    int out_fd = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (null_fd >= 0) ::dup2(null_fd, 0);
    if (out_fd >= 0) {
      ::dup2(out_fd, 1);
      ::dup2(out_fd, 2);
    }
    for (int fd = 3; fd < 1024; ++fd) ::close(fd);
    std::string pid_text = std::to_string(::getpid()) + "\n";
    int pid_fd = ::open(pid_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (pid_fd >= 0) {
      ssize_t ignored = ::write(pid_fd, pid_text.data(), pid_text.size());
      (void)ignored;
      ::close(pid_fd);
    }
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>("bramble"));
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    ::execv(self_exe.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  // The grandchild wrote its pid before exec; wait for the file (bounded).
  for (int i = 0; i < 200; ++i) {
    std::ifstream in(pid_file);
    pid_t daemon = 0;
    if (in >> daemon && daemon > 1) return daemon;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return IoError("daemon did not record its pid in " + pid_file);
}

int StopProcesses(const std::vector<pid_t>& pids, std::chrono::milliseconds grace) {
  int signalled = 0;
  for (pid_t pid : pids) {
    if (pid > 1 && ::kill(pid, SIGTERM) == 0) ++signalled;
  }
  auto deadline = std::chrono::steady_clock::now() + grace;
  for (;;) {
    bool any = false;
    for (pid_t pid : pids) {
      if (pid > 1 && ::kill(pid, 0) == 0 && !IsZombie(pid)) any = true;
    }
    if (!any) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      for (pid_t pid : pids) {
        if (pid > 1) ::kill(pid, SIGKILL);
      }
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return signalled;
}

}  // namespace bramble::local
