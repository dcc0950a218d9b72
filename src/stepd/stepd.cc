// The step supervisor's main loop; see stepd.h.
#include "stepd/stepd.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <string>

#include "cgroup/step_cgroup.h"
#include "proto/bramble.pb.h"
#include "stepd/descendants.h"
#include "stepd/job_dir.h"
#include "stepd/job_env.h"
#include "common/output_pattern.h"
#include "stepd/step_supervisor.h"
#include "stepd/user_process.h"

namespace bramble::stepd {
namespace {

struct UserNames {
  std::string user;
  std::string group;
};

// The controller recorded the names at submission: no lookup here (see
// controller/user_groups.h).
UserNames NamesOf(const proto::JobRecord& job) {
  return {job.user().empty() ? std::to_string(job.uid()) : job.user(),
          job.group().empty() ? std::to_string(job.gid()) : job.group()};
}

LaunchPlan MakePlan(const proto::LaunchJob& launch, const JobDir& dir, const std::string& node,
                    const UserNames& names) {
  const proto::JobRecord& job = launch.job();
  const proto::JobSpec& spec = job.spec();
  LaunchPlan plan;
  plan.uid = job.uid();
  plan.gid = job.gid();
  plan.user = names.user;
  plan.groups.assign(launch.gids().begin(), launch.gids().end());
  plan.umask = spec.umask() & 0777;
  plan.work_dir = spec.work_dir().empty() ? "/tmp" : spec.work_dir();
  PatternValues values{job.job_id(), spec.name(), names.user, node};
  bool array = job.array_job_id() != 0;
  if (array) {
    values.array_job_id = job.array_job_id();
    values.array_task_id = job.array_task_id();
  }
  std::string fallback = array ? "slurm-%A_%a.out" : "slurm-%j.out";
  plan.stdout_path = ExpandOutputPattern(spec.output().empty() ? fallback : spec.output(), values, plan.work_dir);
  plan.stderr_path = spec.error().empty() ? plan.stdout_path : ExpandOutputPattern(spec.error(), values, plan.work_dir);
  plan.stdin_path = spec.input().empty() ? "/dev/null" : ExpandOutputPattern(spec.input(), values, plan.work_dir);
  plan.append = spec.open_mode() == "append";
  plan.program = dir.script();
  plan.argv.push_back(dir.script());
  for (const auto& arg : spec.argv()) plan.argv.push_back(arg);
  NodeFacts facts{node, names.user, names.group, static_cast<int64_t>(::time(nullptr))};
  plan.env = BuildBatchEnvironment(launch, facts);
  if (launch.node_hostname()) {
    plan.hostname = node;
    plan.hosts_file = dir.hosts_file();
  }
  return plan;
}

// Waits for the child, turning SIGTERM into SIGCONT+SIGTERM to the job's
// process group and cgroup, and SIGKILL after kill_wait. Returns the wait
// status.
int Supervise(pid_t child, uint32_t kill_wait_s, const cgroup::StepCgroup& cg) {
  sigset_t wanted;
  sigemptyset(&wanted);
  sigaddset(&wanted, SIGCHLD);
  sigaddset(&wanted, SIGTERM);
  sigaddset(&wanted, SIGINT);
  bool terminating = false;
  auto kill_at = std::chrono::steady_clock::time_point::max();
  for (;;) {
    int status = 0;
    pid_t done = ::waitpid(child, &status, WNOHANG);
    if (done == child) return status;
    auto now = std::chrono::steady_clock::now();
    if (terminating && now >= kill_at) {
      ::kill(-child, SIGKILL);
      cg.Signal(SIGKILL);
      kill_at = std::chrono::steady_clock::time_point::max();
    }
    struct timespec wait = {1, 0};
    if (kill_at != std::chrono::steady_clock::time_point::max()) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(kill_at - now).count();
      wait = {static_cast<time_t>(left / 1000), static_cast<long>(left % 1000) * 1000000L};
    }
    int sig = ::sigtimedwait(&wanted, nullptr, &wait);
    if ((sig == SIGTERM || sig == SIGINT) && !terminating) {
      terminating = true;
      ::kill(-child, SIGCONT);
      ::kill(-child, SIGTERM);
      cg.Signal(SIGCONT);
      cg.Signal(SIGTERM);
      kill_at = std::chrono::steady_clock::now() + std::chrono::seconds(kill_wait_s);
    }
  }
}

// Accounting: the usage of every process of the batch step this stepd has
// reaped (the script, and as subreaper what it left behind), summed by the
// kernel; ru_maxrss is the largest single process's peak, in KiB.
void ReportUsage(proto::JobComplete* result) {
  struct rusage usage = {};
  if (::getrusage(RUSAGE_CHILDREN, &usage) != 0) return;
  result->set_user_cpu_us(static_cast<int64_t>(usage.ru_utime.tv_sec) * 1000000 + usage.ru_utime.tv_usec);
  result->set_system_cpu_us(static_cast<int64_t>(usage.ru_stime.tv_sec) * 1000000 + usage.ru_stime.tv_usec);
  result->set_max_rss_kb(usage.ru_maxrss);
}

proto::JobComplete Run(const proto::LaunchJob& launch, const JobDir& dir, const std::string& node) {
  const proto::JobRecord& job = launch.job();
  proto::JobComplete result;
  result.set_job_id(job.job_id());
  result.set_node(node);
  UserNames names = NamesOf(job);
  LaunchPlan plan = MakePlan(launch, dir, node, names);
  Result<cgroup::StepCgroup> cg = cgroup::StepCgroup::Create(launch.cgroup(), job.job_id(), "batch");
  if (!cg) {
    result.set_launch_failed(true);
    result.set_message("cgroup: " + cg.error().message());
    return result;
  }
  plan.cgroup_join_files = cg->join_files();
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    result.set_launch_failed(true);
    result.set_message("pipe failed");
    return result;
  }
  pid_t child = SpawnUserProcess(plan, pipe_fds[1]);
  ::close(pipe_fds[1]);
  if (child < 0) {
    ::close(pipe_fds[0]);
    result.set_launch_failed(true);
    result.set_message("fork failed");
    return result;
  }
  WriteFileAtomic(dir.pgid(), std::to_string(child), 0644);
  char error_text[512];
  ssize_t n = ::read(pipe_fds[0], error_text, sizeof error_text - 1);  // EOF at exec
  ::close(pipe_fds[0]);
  int status = Supervise(child, launch.kill_wait_s(), *cg);
  ::kill(-child, SIGKILL);  // nothing of the job outlives its batch script,
  cg->KillAll();            // not even what left its process group
  KillAllChildren();
  if (cg->OomKilled()) result.set_out_of_memory(true);
  cg->Remove();
  if (n > 0) {
    result.set_launch_failed(true);
    result.set_message(std::string(error_text, static_cast<size_t>(n)));
  }
  if (WIFEXITED(status)) result.set_exit_code(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) result.set_exit_signal(WTERMSIG(status));
  ReportUsage(&result);
  return result;
}

}  // namespace

int StepdMain(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bramble stepd <job dir> <node name>\n");
    return 2;
  }
  sigset_t blocked;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGCHLD);
  sigaddset(&blocked, SIGTERM);
  sigaddset(&blocked, SIGINT);
  sigprocmask(SIG_BLOCK, &blocked, nullptr);
  signal(SIGHUP, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  BecomeSubreaper();

  JobDir dir{argv[1]};
  std::string node = argv[2];
  if (::access(dir.launch_step().c_str(), F_OK) == 0) {
    WriteFileAtomic(dir.stepd_pid(), std::to_string(::getpid()), 0644);
    return RunStep(dir, node);
  }
  WriteFileAtomic(dir.stepd_pid(), std::to_string(::getpid()), 0644);
  auto data = ReadWholeFile(dir.launch());
  proto::LaunchJob launch;
  proto::JobComplete result;
  if (!data || !launch.ParseFromString(*data)) {
    result.set_launch_failed(true);
    result.set_message("cannot read " + dir.launch());
  } else {
    result = Run(launch, dir, node);
  }
  Status written = WriteFileAtomic(dir.result(), result.SerializeAsString(), 0600);
  return written.ok() ? 0 : 1;
}

}  // namespace bramble::stepd
