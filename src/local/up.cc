// `bramble up`: write a local cluster's configuration and start its daemons;
// see local_cluster.h.
#include <getopt.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "commands/client.h"
#include "common/config.h"
#include "common/size.h"
#include "local/daemon_process.h"
#include "local/listen_ports.h"
#include "local/local_cluster.h"

namespace bramble::local {
namespace {

namespace fs = std::filesystem;

struct UpOptions {
  uint32_t nodes = 2;
  uint32_t cpus = 0;          // 0 = this machine's
  int64_t memory_mb = 4096;
  std::string dir;
  uint32_t slurmd_timeout_s = 30;
  uint32_t kill_wait_s = 5;
};

const char* const kCommandLinks[] = {"sbatch", "squeue", "sinfo", "scancel", "scontrol", "srun",
                                     "salloc", "sacct",  "sprio", "sshare",  "sdiag", "bramble"};

Result<UpOptions> ParseUp(int argc, char** argv) {
  UpOptions o;
  static const struct option kLong[] = {{"nodes", required_argument, nullptr, 'n'},
                                        {"cpus-per-node", required_argument, nullptr, 'c'},
                                        {"mem-per-node", required_argument, nullptr, 'm'},
                                        {"dir", required_argument, nullptr, 'd'},
                                        {"slurmd-timeout", required_argument, nullptr, 't'},
                                        {"kill-wait", required_argument, nullptr, 'k'},
                                        {nullptr, 0, nullptr, 0}};
  optind = 1;
  int c;
  while ((c = getopt_long(argc, argv, "n:c:m:d:", kLong, nullptr)) != -1) {
    switch (c) {
      case 'n': o.nodes = static_cast<uint32_t>(std::strtoul(optarg, nullptr, 10)); break;
      case 'c': o.cpus = static_cast<uint32_t>(std::strtoul(optarg, nullptr, 10)); break;
      case 'm': {
        auto mb = ParseMegabytes(optarg);
        if (!mb) return InvalidArgument(std::string("bad --mem-per-node: ") + optarg);
        o.memory_mb = *mb;
        break;
      }
      case 'd': o.dir = optarg; break;
      case 't': o.slurmd_timeout_s = static_cast<uint32_t>(std::strtoul(optarg, nullptr, 10)); break;
      case 'k': o.kill_wait_s = static_cast<uint32_t>(std::strtoul(optarg, nullptr, 10)); break;
      default: return InvalidArgument("");
    }
  }
  if (o.dir.empty() || o.nodes == 0 || o.nodes > 999) {
    return InvalidArgument("usage: bramble up --nodes N [--cpus-per-node C] [--mem-per-node M] --dir DIR");
  }
  if (o.cpus == 0) o.cpus = std::max(1u, std::thread::hardware_concurrency());
  o.dir = fs::absolute(o.dir).lexically_normal().string();
  if (o.dir.size() > 1 && o.dir.back() == '/') o.dir.pop_back();
  return o;
}

std::string NodeName(uint32_t index, uint32_t count) {
  char name[32];
  std::snprintf(name, sizeof name, "node%0*u", count >= 100 ? 3 : 2, index);
  return name;
}

// ports: the controller's, then one per node.
std::string MakeConfig(const UpOptions& o, const std::vector<uint16_t>& ports) {
  std::string last = NodeName(o.nodes, o.nodes);
  std::string first = NodeName(1, o.nodes);
  std::string prefix_width = first.substr(4);
  std::string text;
  text += "# Written by `bramble up`: a local cluster on 127.0.0.1.\n";
  text += "ClusterName=bramble\n";
  text += "SlurmctldHost=localhost(127.0.0.1)\n";
  text += "SlurmctldPort=" + std::to_string(ports[0]) + "\n";
  text += "StateSaveLocation=" + o.dir + "/state\n";
  text += "SlurmdSpoolDir=" + o.dir + "/spool/%n\n";
  text += "AuthSocket=" + o.dir + "/auth.sock\n";
  // One socket per node daemon for pam_bramble (docs/pam.md), removed by `down`.
  text += "NodeSocket=" + o.dir + "/run/%n.sock\n";
  // Commands here reach the controller without a credential (common/config.h).
  text += "ControllerSocket=" + o.dir + "/run/controller.sock\n";
  text += "KillWait=" + std::to_string(o.kill_wait_s) + "\n";
  text += "SlurmdTimeout=" + std::to_string(o.slurmd_timeout_s) + "\n";
  text += "ReturnToService=1\n";
  text += "MinJobAge=300\n";
  // MPICH built with its own PMI starts under plain `srun` (COMPAT 3.4).
  text += "MpiDefault=pmi2\n";
  // Each node's jobs see its name as their hostname, so that MPI takes the
  // nodes for separate hosts; it needs root (a UTS namespace per job).
  if (::geteuid() == 0) text += "JobHostname=node\n";
  for (uint32_t i = 1; i <= o.nodes; ++i) {
    text += "NodeName=" + NodeName(i, o.nodes) + " NodeAddr=127.0.0.1 Port=" + std::to_string(ports[i]) +
            " CPUs=" + std::to_string(o.cpus) + " RealMemory=" + std::to_string(o.memory_mb) + " State=UNKNOWN\n";
  }
  std::string nodes = o.nodes == 1 ? first : "node[" + first.substr(4) + "-" + last.substr(4) + "]";
  text += "PartitionName=debug Nodes=" + nodes + " Default=YES MaxTime=INFINITE State=UP\n";
  return text;
}

Status WriteText(const std::string& path, const std::string& text, mode_t mode) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) return IoError("cannot write " + path);
  ::chmod(path.c_str(), mode);
  return Status::Ok();
}

// A tmpfs to keep the node spools in: /run, else /dev/shm; "" when neither is.
std::string RuntimeFilesystem() {
  for (const char* base : {"/run", "/dev/shm"}) {
    struct statfs info = {};
    if (::statfs(base, &info) == 0 && info.f_type == TMPFS_MAGIC && ::access(base, W_OK) == 0) return base;
  }
  return "";
}

// DIR/spool: a link to a fresh private directory on tmpfs where there is one,
// else a plain directory. A spool holds only what lives as long as its jobs'
// processes (launches, pids, the hosts file), and every step creates and
// deletes several files there: on ext4 each costs an inode allocation that
// skips over every recently deleted one, and journal writes (on a Pi, the SD
// card's). A link whose target went with a reboot is made anew.
Status PrepareSpool(const std::string& spool) {
  std::error_code ec;
  if (fs::exists(spool, ec)) return Status::Ok();
  fs::remove(spool, ec);  // a dangling link
  std::string base = RuntimeFilesystem();
  if (base.empty()) {
    fs::create_directories(spool, ec);
    return ec ? IoError("cannot create " + spool + ": " + ec.message()) : Status::Ok();
  }
  std::string target = base + "/" + std::string(kTmpfsSpoolPrefix) + "XXXXXX";
  if (::mkdtemp(target.data()) == nullptr) return IoError("cannot create a spool in " + base);
  ::chmod(target.c_str(), 0755);
  fs::create_symlink(target, spool, ec);
  if (ec) return IoError("cannot link " + spool + ": " + ec.message());
  return Status::Ok();
}

Status Prepare(const UpOptions& o, const std::string& self_exe, bool& fresh) {
  std::error_code ec;
  // Not "/state": the controller makes that itself, private, and refuses one
  // others could have written to (auth/state_dir.h); up must not hide that.
  for (const char* sub : {"", "/bin", "/log", "/run"}) {
    fs::create_directories(o.dir + sub, ec);
    if (ec) return IoError("cannot create " + o.dir + sub + ": " + ec.message());
  }
  ::chmod(o.dir.c_str(), 0755);
  BRAMBLE_RETURN_IF_ERROR(PrepareSpool(o.dir + "/spool"));
  for (const char* name : kCommandLinks) {
    std::string link = o.dir + "/bin/" + name;
    fs::remove(link, ec);
    fs::create_symlink(self_exe, link, ec);
    if (ec) return IoError("cannot link " + link + ": " + ec.message());
  }
  std::string conf = o.dir + "/slurm.conf";
  fresh = !fs::exists(conf);
  if (fresh) {
    Result<std::vector<uint16_t>> ports = PickListenPorts(o.nodes + 1);
    if (!ports) return ports.error();
    BRAMBLE_RETURN_IF_ERROR(WriteText(conf, MakeConfig(o, *ports), 0644));
  }
  return WriteText(o.dir + "/env.sh",
                   "# Source me: . " + o.dir + "/env.sh\nexport PATH=\"" + o.dir + "/bin:$PATH\"\nexport SLURM_CONF=\"" +
                       conf + "\"\n",
                   0644);
}

// Polls until the controller answers (bounded); the caller goes on anyway:
// WaitForCluster reports what is wrong.
void WaitForController(std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    proto::Request request;
    request.mutable_ping();
    auto response = commands::CallController(request, std::chrono::seconds(1));
    if (response && response->code() == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Polls the controller until every node has registered (bounded).
Status WaitForCluster(size_t node_count, std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  std::string last = "controller not answering";
  while (std::chrono::steady_clock::now() < deadline) {
    proto::Request request;
    request.mutable_query_nodes();
    auto response = commands::CallController(request, std::chrono::seconds(2));
    if (response && response->code() == 0) {
      size_t up = 0;
      for (const auto& node : response->nodes().nodes()) up += node.not_responding() ? 0 : 1;
      if (up == node_count) return Status::Ok();
      last = std::to_string(up) + " of " + std::to_string(node_count) + " nodes registered";
    } else if (response) {
      last = response->error();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Unavailable("cluster not ready after " + std::to_string(limit.count()) + " s: " + last);
}

}  // namespace

int UpMain(int argc, char** argv) {
  auto options = ParseUp(argc, argv);
  if (!options) {
    std::fprintf(stderr, "%s\n", options.error().message().c_str());
    return 1;
  }
  std::error_code ec;
  std::string self = fs::read_symlink("/proc/self/exe", ec).string();
  bool fresh = false;
  Status prepared = Prepare(*options, self, fresh);
  if (!prepared.ok()) {
    std::fprintf(stderr, "bramble up: %s\n", prepared.message().c_str());
    return 1;
  }
  const std::string& dir = options->dir;
  std::string conf = dir + "/slurm.conf";
  auto config = LoadConfig(conf);
  if (!config) {
    std::fprintf(stderr, "bramble up: %s\n", config.error().message().c_str());
    return 1;
  }
  ::setenv("SLURM_CONF", conf.c_str(), 1);
  std::vector<std::pair<std::string, std::vector<std::string>>> daemons;
  daemons.push_back({"controller", {"controller", "-f", conf, "-L", dir + "/log/controller.log"}});
  for (const auto& node : config->nodes) {
    daemons.push_back({node.name, {"node", "-N", node.name, "-f", conf, "-L", dir + "/log/" + node.name + ".log"}});
  }
  int started = 0;
  for (const auto& [name, args] : daemons) {
    std::string pid_file = dir + "/run/" + name + ".pid";
    if (LivePid(pid_file, self) != 0) continue;
    auto pid = StartDaemon(self, args, dir + "/log/" + name + ".out", pid_file);
    if (!pid) {
      std::fprintf(stderr, "bramble up: starting %s: %s\n", name.c_str(), pid.error().message().c_str());
      return 1;
    }
    ++started;
    if (name == "controller") {
      // Nodes need the secret the controller creates on first start, and a
      // node that finds nobody listening retries only a second later.
      for (int i = 0; i < 500 && !fs::exists(config->state_save_location + "/cluster.key"); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      WaitForController(std::chrono::seconds(5));
    }
  }
  Status ready = WaitForCluster(config->nodes.size(), std::chrono::seconds(30));
  if (!ready.ok()) {
    std::fprintf(stderr, "bramble up: %s (logs in %s/log)\n", ready.message().c_str(), dir.c_str());
    return 1;
  }
  std::printf("Local cluster '%s' is up in %s: 1 controller and %zu nodes (%d daemons started).\n",
              config->cluster_name.c_str(), dir.c_str(), config->nodes.size(), started);
  std::printf("Use it:   . %s/env.sh && sinfo\nStop it:  %s down --dir %s\n", dir.c_str(), (dir + "/bin/bramble").c_str(),
              dir.c_str());
  return 0;
}

}  // namespace bramble::local
