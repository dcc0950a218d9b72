// salloc: get an allocation, run a command (default: the user's shell) with
// its SLURM_* variables, give the allocation back when the command ends,
// and exit with the command's code.
//
// While the command runs salloc ignores the terminal's interrupts (they are
// the command's) and checks every few seconds that the allocation still
// stands; when it was cancelled or reached its time limit the command is
// told with SIGHUP, then killed, as Slurm's salloc does.
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "cli/salloc_options.h"
#include "commands/allocation.h"
#include "commands/client.h"
#include "commands/commands.h"
#include "commands/environment.h"
#include "common/hostlist.h"
#include "proto/job_state.h"
#include "stepd/job_env.h"

extern char** environ;

namespace bramble::commands {
namespace {

constexpr auto kCheckInterval = std::chrono::seconds(2);
constexpr auto kHangupGrace = std::chrono::seconds(2);

void StopWaiting(int) { g_stop_waiting = true; }

std::string UserShell() {
  if (auto shell = GetEnv("SHELL"); shell && !shell->empty()) return *shell;
  if (struct passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_shell && *pw->pw_shell) return pw->pw_shell;
  return "/bin/sh";
}

// The allocation's variables (env_array_for_job in Slurm's env.c): the
// batch environment's job-level part, without what describes a task on a
// node (salloc's command runs where salloc runs).
std::vector<std::string> AllocationEnvironment(const proto::JobRecord& job, const Config& config) {
  proto::LaunchJob launch;
  *launch.mutable_job() = job;
  launch.set_cluster_name(config.cluster_name);
  launch.set_config_path(config.path);
  stepd::NodeFacts facts;
  facts.node_name = job.nodes_size() ? job.nodes(0) : "";
  facts.user_name = job.user();
  facts.group_name = job.group();
  facts.now = ::time(nullptr);
  std::vector<std::string> env = Environment();
  static const char* kNodeLocal[] = {"SLURMD_NODENAME", "SLURM_NODEID", "SLURM_PROCID", "SLURM_LOCALID",
                                     "SLURM_GTIDS", "SLURM_TASK_PID", "SLURM_CPUS_ON_NODE", "HOSTNAME",
                                     "ENVIRONMENT", "SLURM_TOPOLOGY_ADDR", "SLURM_TOPOLOGY_ADDR_PATTERN"};
  for (auto& entry : stepd::BuildBatchEnvironment(launch, facts)) {
    if (entry.rfind("SLURM", 0) != 0) continue;  // the user's own environment stays as it is
    std::string name = entry.substr(0, entry.find('='));
    bool local = false;
    for (const char* skip : kNodeLocal) local = local || name == skip;
    if (!local) env.push_back(entry);
  }
  return env;
}

pid_t StartCommand(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  pid_t pid = ::fork();
  if (pid != 0) return pid;
  for (int sig : {SIGINT, SIGQUIT, SIGTSTP, SIGHUP, SIGTERM}) signal(sig, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  environ = envp.data();
  ::execvp(args[0], args.data());
  std::fprintf(stderr, "salloc: error: %s: %s\n", argv[0].c_str(), std::strerror(errno));
  ::_exit(127);
}

}  // namespace

int SallocMain(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto options =
      cli::ParseSalloc(args, Environment(), CurrentDirectory(), HostName(), CurrentUmask(), cli::SystemClock());
  if (!options) {
    std::fprintf(stderr, "%s\n", options.error().message().c_str());
    return 1;
  }
  for (const auto& line : options->warnings) std::fprintf(stderr, "%s\n", line.c_str());
  switch (options->action) {
    case cli::SallocAction::kHelp:
    case cli::SallocAction::kUsage:
      std::printf("Usage: salloc [OPTIONS...] [command [args...]]\n");
      return 0;
    case cli::SallocAction::kVersion: std::printf("%s\n", kVersion); return 0;
    case cli::SallocAction::kAllocate: break;
  }
  auto config = LoadClientConfig();
  if (!config) {
    std::fprintf(stderr, "salloc: error: %s\n", config.error().message().c_str());
    return 1;
  }
  signal(SIGINT, StopWaiting);
  auto job = Allocate(options->spec, "salloc", true, options->quiet);
  if (!job) return 1;
  uint32_t id = job->job_id();

  // The command owns the terminal's signals now.
  for (int sig : {SIGINT, SIGQUIT, SIGTSTP}) signal(sig, SIG_IGN);
  std::vector<std::string> command = options->argv;
  if (command.empty()) command.push_back(UserShell());
  sigset_t child_ended;
  sigemptyset(&child_ended);
  sigaddset(&child_ended, SIGCHLD);
  sigprocmask(SIG_BLOCK, &child_ended, nullptr);
  pid_t child = StartCommand(command, AllocationEnvironment(*job, *config));
  int status = 0;
  auto next_check = std::chrono::steady_clock::now() + kCheckInterval;
  // GCC 12 misreads std::optional<time_point> here; max() means "not armed".
  auto kill_at = std::chrono::steady_clock::time_point::max();
  for (;;) {
    pid_t done = ::waitpid(child, &status, WNOHANG);
    if (done == child) break;
    auto now = std::chrono::steady_clock::now();
    bool armed = kill_at != std::chrono::steady_clock::time_point::max();
    if (armed && now >= kill_at) ::kill(child, SIGKILL);
    if (now >= next_check && !armed) {
      next_check = now + kCheckInterval;
      auto current = LoadJob(id);
      if (current && current->state() != proto::RUNNING) {
        std::fprintf(stderr, "salloc: Job allocation %u has been revoked.\n", id);
        ::kill(child, SIGHUP);
        kill_at = now + kHangupGrace;
      }
    }
    struct timespec wait = {0, 200'000'000};  // wakes at once when the command ends (SIGCHLD)
    ::sigtimedwait(&child_ended, nullptr, &wait);
  }
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (!options->quiet) std::fprintf(stderr, "salloc: Relinquishing job allocation %u\n", id);
  ReleaseAllocation(id, WIFEXITED(status) ? WEXITSTATUS(status) : 0, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return code;
}

}  // namespace bramble::commands
