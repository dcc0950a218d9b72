// `bramble down`: stop exactly the processes of one local cluster: its
// daemons by their pid files, then any step supervisors (and so their jobs)
// left in its spool.
#include <getopt.h>

#include <cstdio>
#include <filesystem>

#include "local/daemon_process.h"
#include "local/local_cluster.h"

namespace bramble::local {

namespace fs = std::filesystem;

int DownMain(int argc, char** argv) {
  static const struct option kLong[] = {{"dir", required_argument, nullptr, 'd'}, {nullptr, 0, nullptr, 0}};
  std::string dir;
  optind = 1;
  int c;
  while ((c = getopt_long(argc, argv, "d:", kLong, nullptr)) != -1) {
    if (c == 'd') dir = optarg;
    else return std::fprintf(stderr, "usage: bramble down --dir DIR\n"), 1;
  }
  if (dir.empty() || !fs::exists(dir + "/run")) {
    std::fprintf(stderr, "bramble down: %s is not a local cluster directory\n", dir.empty() ? "(none)" : dir.c_str());
    return 1;
  }
  std::error_code ec;
  std::string self = fs::read_symlink("/proc/self/exe", ec).string();
  std::vector<pid_t> daemons;
  for (const auto& entry : fs::directory_iterator(dir + "/run", ec)) {
    if (entry.path().extension() != ".pid") continue;
    if (pid_t pid = LivePid(entry.path().string(), self)) daemons.push_back(pid);
  }
  int stopped = StopProcesses(daemons, std::chrono::seconds(10));
  std::vector<pid_t> stepds;
  for (const auto& node : fs::directory_iterator(dir + "/spool", ec)) {
    std::error_code ec2;
    for (const auto& job : fs::directory_iterator(node.path(), ec2)) {
      if (pid_t pid = LivePid(job.path().string() + "/stepd.pid", self)) stepds.push_back(pid);
    }
  }
  stopped += StopProcesses(stepds, std::chrono::seconds(15));
  for (const auto& entry : fs::directory_iterator(dir + "/run", ec)) fs::remove(entry.path(), ec);
  // A spool on tmpfs (see local_cluster.h) would outlive DIR: it goes now,
  // its jobs with it. One on disk stays with DIR, as before.
  std::string spool = dir + "/spool";
  if (fs::is_symlink(spool, ec)) {
    fs::path target = fs::read_symlink(spool, ec);
    if (!ec && target.filename().string().starts_with(kTmpfsSpoolPrefix)) fs::remove_all(target, ec);
    fs::remove(spool, ec);
  }
  std::printf("Stopped %d processes of the local cluster in %s.\n", stopped, dir.c_str());
  return 0;
}

}  // namespace bramble::local
