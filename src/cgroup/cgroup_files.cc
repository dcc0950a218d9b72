// See cgroup_files.h.
#include "cgroup/cgroup_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace bramble::cgroup {

Status WriteValue(const std::string& path, const std::string& value) {
  // O_CREAT: a control file always exists in a real cgroup file system;
  // in a test's fake tree it is created.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("open " + path + ": " + std::strerror(errno));
  ssize_t written = ::write(fd, value.data(), value.size());
  int saved = errno;
  ::close(fd);
  if (written != static_cast<ssize_t>(value.size())) {
    return IoError("write '" + value + "' to " + path + ": " + std::strerror(saved));
  }
  return Status::Ok();
}

Result<std::string> ReadValue(const std::string& path) {
  std::ifstream file(path);
  if (!file) return IoError("cannot read " + path);
  std::stringstream text;
  text << file.rdbuf();
  std::string value = text.str();
  while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.pop_back();
  return value;
}

int64_t ReadKeyed(const std::string& path, const std::string& key) {
  std::ifstream file(path);
  std::string name;
  int64_t value = 0;
  while (file >> name >> value) {
    if (name == key) return value;
  }
  return 0;
}

std::vector<pid_t> ReadPids(const std::string& path) {
  std::vector<pid_t> pids;
  std::ifstream file(path);
  long pid = 0;
  while (file >> pid) {
    if (pid > 0) pids.push_back(static_cast<pid_t>(pid));
  }
  return pids;
}

Status MakeGroups(const std::string& base, const std::string& relative) {
  std::string path = base;
  std::stringstream parts(relative);
  std::string part;
  while (std::getline(parts, part, '/')) {
    if (part.empty()) continue;
    path += "/" + part;
    if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
      return IoError("mkdir " + path + ": " + std::strerror(errno));
    }
  }
  return Status::Ok();
}

bool Exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

void StopLoadBalanceRebuilds(const std::string& group) {
  std::string flag = group + "/cpuset.sched_load_balance";
  Result<std::string> now = ReadValue(flag);
  if (now && *now != "0") (void)WriteValue(flag, "0");
}

}  // namespace bramble::cgroup
