// bramble: one binary, many names (DESIGN.md "One binary, many names").
// Dispatches on the name it was called by (sbatch, squeue, ... are links to
// it) and otherwise on its first argument (`bramble controller`).
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "commands/client.h"
#include "commands/commands.h"
#include "common/node_binary.h"
#include "controller/controller.h"
#include "local/local_cluster.h"
#include "node/node_daemon.h"
#include "stepd/stepd.h"

namespace {

struct Tool {
  const char* name;
  int (*main)(int argc, char** argv);
  const char* help;
};

constexpr Tool kTools[] = {
    {"controller", bramble::controller::ControllerMain, "run the controller (slurmctld)"},
    {"node", bramble::node::NodeMain, "run a node daemon (slurmd)"},
    {"stepd", bramble::stepd::StepdMain, "step supervisor (started by the node daemon)"},
    {"up", bramble::local::UpMain, "start a local cluster: up --nodes N --dir DIR"},
    {"down", bramble::local::DownMain, "stop a local cluster: down --dir DIR"},
    {"sbatch", bramble::commands::SbatchMain, "submit a batch script"},
    {"squeue", bramble::commands::SqueueMain, "show the job queue"},
    {"sinfo", bramble::commands::SinfoMain, "show partitions and nodes"},
    {"scancel", bramble::commands::ScancelMain, "cancel or signal jobs"},
    {"scontrol", bramble::commands::ScontrolMain, "show and change cluster state"},
    {"srun", bramble::commands::SrunMain, "run a parallel step"},
    {"salloc", bramble::commands::SallocMain, "get an allocation and run a command in it"},
    {"sprio", bramble::commands::SprioMain, "show the priority factors of pending jobs"},
    {"sshare", bramble::commands::SshareMain, "show fair-share usage"},
    {"sacct", bramble::commands::SacctMain, "show accounting data of jobs and steps"},
    {"sdiag", bramble::commands::SdiagMain, "show the controller's counters and scheduling times"},
};

const Tool* Find(const std::string& name) {
  for (const auto& tool : kTools) {
    if (name == tool.name) return &tool;
  }
  return nullptr;
}

int Usage(FILE* out) {
  std::fprintf(out, "usage: bramble <command> [args...]\n\ncommands:\n");
  for (const auto& tool : kTools) std::fprintf(out, "  %-11s %s\n", tool.name, tool.help);
  return out == stderr ? 1 : 0;
}

// `bramble node ...` runs as bramble-node when that lies beside this binary
// (common/node_binary.h); returns only when there is none or it cannot run.
void HandOverToNodeBinary(char** argv) {
  std::error_code ec;
  std::string node_binary = bramble::NodeBinaryBeside(std::filesystem::read_symlink("/proc/self/exe", ec).string());
  if (node_binary.empty()) return;
  ::execv(node_binary.c_str(), argv);
  std::fprintf(stderr, "bramble: cannot run %s (%s); running the node daemon in bramble\n", node_binary.c_str(),
               std::strerror(errno));
}

}  // namespace

int main(int argc, char** argv) {
  bramble::commands::SetProgramPath(argv[0]);
  std::string self = argv[0];
  std::string base = self.substr(self.rfind('/') == std::string::npos ? 0 : self.rfind('/') + 1);
  if (const Tool* tool = Find(base)) return tool->main(argc, argv);
  if (argc < 2) return Usage(stderr);
  std::string command = argv[1];
  if (command == "-h" || command == "--help" || command == "help") return Usage(stdout);
  if (command == "-V" || command == "--version") {
    std::printf("bramble %s (interface of %s)\n", BRAMBLE_VERSION, bramble::commands::kVersion);
    return 0;
  }
  if (command == "node") HandOverToNodeBinary(argv);
  if (const Tool* tool = Find(command)) {
    // `bramble sbatch x` behaves as `sbatch x`: argv[0] becomes the command.
    argv[1] = argv[0];
    return tool->main(argc - 1, argv + 1);
  }
  std::fprintf(stderr, "bramble: unknown command '%s'\n", command.c_str());
  return Usage(stderr);
}
