// See descendants.h.
#include "stepd/descendants.h"

#include <dirent.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace bramble::stepd {
namespace {

// The parent pid from /proc/<pid>/stat; the command name may hold spaces
// and parentheses, so the fields are read after its last ')'.
pid_t ParentOf(pid_t pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(pid));
  FILE* file = std::fopen(path, "re");
  if (file == nullptr) return -1;
  char buffer[1024];
  size_t n = std::fread(buffer, 1, sizeof buffer - 1, file);
  std::fclose(file);
  buffer[n] = '\0';
  const char* close = std::strrchr(buffer, ')');
  if (close == nullptr) return -1;
  char state = 0;
  int ppid = -1;
  if (std::sscanf(close + 1, " %c %d", &state, &ppid) != 2) return -1;
  return ppid;
}

// Every process's parent from /proc: for kernels without the children files.
std::vector<pid_t> ChildrenByScan() {
  std::vector<pid_t> children;
  pid_t self = ::getpid();
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return children;
  while (struct dirent* entry = ::readdir(proc)) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
    pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
    if (ParentOf(pid) == self) children.push_back(pid);
  }
  ::closedir(proc);
  return children;
}

// Appends the pids listed in `path` (a thread's children file); false when
// it cannot be read.
bool ReadChildrenFile(const std::string& path, std::vector<pid_t>& children) {
  FILE* file = std::fopen(path.c_str(), "re");
  if (file == nullptr) return false;
  int pid = 0;
  while (std::fscanf(file, "%d", &pid) == 1) children.push_back(static_cast<pid_t>(pid));
  std::fclose(file);
  return true;
}

// This process's children. The kernel lists each thread's own children in
// /proc/self/task/<tid>/children (CONFIG_PROC_CHILDREN): a few reads, where
// the scan reads the stat of every process on the machine (on the path of
// every step's end, before srun hears that the step is done).
std::vector<pid_t> Children() {
  std::vector<pid_t> children;
  DIR* tasks = ::opendir("/proc/self/task");
  if (tasks == nullptr) return ChildrenByScan();
  bool listed = true;
  while (struct dirent* entry = ::readdir(tasks)) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
    if (!ReadChildrenFile(std::string("/proc/self/task/") + entry->d_name + "/children", children)) {
      listed = false;
      break;
    }
  }
  ::closedir(tasks);
  return listed ? children : ChildrenByScan();
}

}  // namespace

void BecomeSubreaper() { ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); }

void KillAllChildren() {
  // Each round kills the current children; their own children then arrive
  // as new orphans. A tree deeper than this is not worth waiting for.
  for (int round = 0; round < 50; ++round) {
    std::vector<pid_t> children = Children();
    if (children.empty()) return;
    for (pid_t child : children) ::kill(child, SIGKILL);
    for (pid_t child : children) ::waitpid(child, nullptr, 0);
  }
}

}  // namespace bramble::stepd
