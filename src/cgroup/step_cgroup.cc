// See step_cgroup.h.
#include "cgroup/step_cgroup.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "cgroup/cgroup_files.h"

namespace bramble::cgroup {
namespace {

std::string Basename(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// v1 hierarchies are named after their controller; v2 has them all.
bool Holds(const std::string& backend, const std::string& hierarchy, const char* controller) {
  return backend == "v2" || Basename(hierarchy) == controller;
}

Status SetLimits(const std::string& backend, const std::string& hierarchy, const std::string& group,
                 const std::string& parent, const proto::CgroupPlacement& placement) {
  if (Holds(backend, hierarchy, "cpuset")) {
    bool v1 = backend == "v1";
    if (v1) {
      StopLoadBalanceRebuilds(group);
      // A v1 cpuset group takes no task until it has cpus and mems.
      Result<std::string> mems = ReadValue(parent + "/cpuset.mems");
      if (mems) BRAMBLE_RETURN_IF_ERROR(WriteValue(group + "/cpuset.mems", *mems));
    }
    std::string cpus = placement.cpus();
    if (cpus.empty() && v1) {
      Result<std::string> inherited = ReadValue(parent + "/cpuset.cpus");
      if (inherited) cpus = *inherited;
    }
    if (!cpus.empty()) {
      BRAMBLE_RETURN_IF_ERROR(WriteValue(group + "/cpuset.cpus", cpus));
    }
  }
  if (placement.memory_bytes() > 0 && Holds(backend, hierarchy, "memory")) {
    std::string bytes = std::to_string(placement.memory_bytes());
    if (backend == "v1") {
      BRAMBLE_RETURN_IF_ERROR(WriteValue(group + "/memory.limit_in_bytes", bytes));
      // The limit covers swap too: a job over it is killed, not swapped out.
      if (Exists(group + "/memory.memsw.limit_in_bytes")) (void)WriteValue(group + "/memory.memsw.limit_in_bytes", bytes);
    } else {
      BRAMBLE_RETURN_IF_ERROR(WriteValue(group + "/memory.max", bytes));
      if (Exists(group + "/memory.swap.max")) (void)WriteValue(group + "/memory.swap.max", "0");
    }
  }
  return Status::Ok();
}

// v2: lets the job's steps have the controllers the job's group has.
void EnableForSteps(const std::string& job_dir) {
  Result<std::string> offered = ReadValue(job_dir + "/cgroup.controllers");
  if (!offered) return;
  for (const char* controller : {"memory", "cpuset", "pids"}) {
    if (offered->find(controller) != std::string::npos) {
      (void)WriteValue(job_dir + "/cgroup.subtree_control", std::string("+") + controller);
    }
  }
}

void Pause() { std::this_thread::sleep_for(std::chrono::milliseconds(10)); }

// `total` split in the proportion of the user and system samples: the
// kernel's total is exact, its user/system split comes from clock ticks
// (v1) and alone can miss a sizeable part of a short burst.
StepCgroup::CpuTimes Split(int64_t total_us, int64_t user, int64_t system) {
  StepCgroup::CpuTimes used;
  if (user + system <= 0) {
    used.user_us = total_us;
    return used;
  }
  used.system_us = static_cast<int64_t>(static_cast<double>(total_us) * system / (user + system));
  used.user_us = total_us - used.system_us;
  return used;
}

// A control file holding one integer; -1 when unreadable or not a number.
int64_t ReadNumber(const std::string& path) {
  Result<std::string> text = ReadValue(path);
  if (!text) return -1;
  try {
    return std::stoll(*text);
  } catch (...) {
    return -1;
  }
}

// The hierarchies a step (or its job's group) lives in.
std::vector<std::string> HierarchiesFor(const proto::CgroupPlacement& placement, StepCgroup::CpuCount cpu_count) {
  std::vector<std::string> used;
  for (const std::string& hierarchy : placement.hierarchies()) {
    bool only_counts_cpu = placement.backend() == "v1" && Basename(hierarchy) == "cpuacct";
    if (!only_counts_cpu || cpu_count == StepCgroup::CpuCount::kByCgroup) used.push_back(hierarchy);
  }
  return used;
}

Status CheckBackend(const proto::CgroupPlacement& placement) {
  if (placement.backend() != "v1" && placement.backend() != "v2") {
    return InvalidArgument("unknown cgroup backend '" + placement.backend() + "'");
  }
  return Status::Ok();
}

std::string JobGroupName(uint32_t job_id) { return "job_" + std::to_string(job_id); }

// The job's group in `hierarchy`, made if missing, with the job's limits.
Status MakeJobGroup(const proto::CgroupPlacement& placement, const std::string& hierarchy, uint32_t job_id) {
  std::string root = hierarchy + "/" + placement.root();
  std::string job_dir = root + "/" + JobGroupName(job_id);
  BRAMBLE_RETURN_IF_ERROR(MakeGroups(root, JobGroupName(job_id)));
  if (placement.backend() == "v2") EnableForSteps(job_dir);
  return SetLimits(placement.backend(), hierarchy, job_dir, root, placement);
}

}  // namespace

Status StepCgroup::CreateJobGroups(const proto::CgroupPlacement& placement, uint32_t job_id) {
  if (placement.backend().empty()) return Status::Ok();
  BRAMBLE_RETURN_IF_ERROR(CheckBackend(placement));
  for (const std::string& hierarchy : HierarchiesFor(placement, CpuCount::kByReaping)) {
    BRAMBLE_RETURN_IF_ERROR(MakeJobGroup(placement, hierarchy, job_id));
  }
  return Status::Ok();
}

void StepCgroup::RemoveJobGroups(const proto::CgroupPlacement& placement, uint32_t job_id) {
  if (placement.backend().empty()) return;
  for (const std::string& hierarchy : placement.hierarchies()) {
    ::rmdir((hierarchy + "/" + placement.root() + "/" + JobGroupName(job_id)).c_str());  // fails while a step is in it
  }
}

Result<StepCgroup> StepCgroup::Create(const proto::CgroupPlacement& placement, uint32_t job_id,
                                      const std::string& step_name, CpuCount cpu_count) {
  StepCgroup cg;
  if (placement.backend().empty()) return cg;
  BRAMBLE_RETURN_IF_ERROR(CheckBackend(placement));
  cg.backend_ = placement.backend();
  std::string step = "step_" + step_name;
  for (const std::string& hierarchy : HierarchiesFor(placement, cpu_count)) {
    std::string job_dir = hierarchy + "/" + placement.root() + "/" + JobGroupName(job_id);
    std::string step_dir = job_dir + "/" + step;
    // Usually there already (CreateJobGroups); the limits are written again
    // all the same, in case the node daemon could not.
    BRAMBLE_RETURN_IF_ERROR(MakeJobGroup(placement, hierarchy, job_id));
    BRAMBLE_RETURN_IF_ERROR(MakeGroups(job_dir, step));
    BRAMBLE_RETURN_IF_ERROR(SetLimits(cg.backend_, hierarchy, step_dir, job_dir, placement));
    cg.job_dirs_.push_back(job_dir);
    cg.step_dirs_.push_back(step_dir);
    cg.procs_files_.push_back(step_dir + "/cgroup.procs");
    cg.join_files_.push_back(step_dir + (cg.backend_ == "v1" ? "/tasks" : "/cgroup.procs"));
    if (Holds(cg.backend_, hierarchy, "memory")) cg.memory_dir_ = step_dir;
    if (Holds(cg.backend_, hierarchy, "freezer")) cg.freezer_dir_ = step_dir;
    if (Holds(cg.backend_, hierarchy, "cpuacct")) cg.cpuacct_dir_ = step_dir;
  }
  if (cg.step_dirs_.empty()) return InvalidArgument("cgroup placement without a hierarchy");
  return cg;
}

std::vector<pid_t> StepCgroup::Pids() const {
  if (!enabled()) return {};
  // Every hierarchy holds the same processes; the freezer's is the one
  // the kill goes by.
  return ReadPids((freezer_dir_.empty() ? step_dirs_[0] : freezer_dir_) + "/cgroup.procs");
}

void StepCgroup::Signal(int signal) const {
  for (pid_t pid : Pids()) ::kill(pid, signal);
}

void StepCgroup::KillAll() const {
  if (!enabled()) return;
  bool v2_kill = backend_ == "v2" && Exists(step_dirs_[0] + "/cgroup.kill");
  for (int round = 0; round < 300; ++round) {
    std::vector<pid_t> pids = Pids();
    if (pids.empty()) return;
    if (v2_kill) {
      (void)WriteValue(step_dirs_[0] + "/cgroup.kill", "1");
    } else {
      // Frozen, nothing can fork between reading the list and the kills.
      bool frozen = Freeze(true);
      for (pid_t pid : Pids()) ::kill(pid, SIGKILL);
      if (frozen) Freeze(false);
    }
    Pause();
  }
}

bool StepCgroup::Freeze(bool frozen) const {
  if (freezer_dir_.empty()) return false;
  if (backend_ == "v1") return WriteValue(freezer_dir_ + "/freezer.state", frozen ? "FROZEN" : "THAWED").ok();
  return WriteValue(freezer_dir_ + "/cgroup.freeze", frozen ? "1" : "0").ok();
}

bool StepCgroup::OomKilled() const {
  if (memory_dir_.empty()) return false;
  if (backend_ == "v1") return ReadKeyed(memory_dir_ + "/memory.oom_control", "oom_kill") > 0;
  return ReadKeyed(memory_dir_ + "/memory.events", "oom_kill") > 0;
}

int64_t StepCgroup::PeakMemoryBytes() const {
  if (memory_dir_.empty()) return 0;
  return std::max<int64_t>(0, ReadNumber(memory_dir_ + (backend_ == "v1" ? "/memory.max_usage_in_bytes" : "/memory.peak")));
}

StepCgroup::CpuTimes StepCgroup::CpuUsed() const {
  if (cpuacct_dir_.empty()) return {};
  if (backend_ == "v2") {
    // cpu.stat's usage keys are there whether or not the cpu controller is enabled.
    std::string stat = cpuacct_dir_ + "/cpu.stat";
    return Split(std::max<int64_t>(0, ReadKeyed(stat, "usage_usec")), std::max<int64_t>(0, ReadKeyed(stat, "user_usec")),
                 std::max<int64_t>(0, ReadKeyed(stat, "system_usec")));
  }
  int64_t total_ns = ReadNumber(cpuacct_dir_ + "/cpuacct.usage");
  int64_t user = ReadNumber(cpuacct_dir_ + "/cpuacct.usage_user"), system = ReadNumber(cpuacct_dir_ + "/cpuacct.usage_sys");
  if (user < 0 || system < 0) {
    // Kernels before 4.7 have only cpuacct.stat, in clock ticks.
    user = std::max<int64_t>(0, ReadKeyed(cpuacct_dir_ + "/cpuacct.stat", "user"));
    system = std::max<int64_t>(0, ReadKeyed(cpuacct_dir_ + "/cpuacct.stat", "system"));
    if (total_ns < 0) {
      int64_t hz = ::sysconf(_SC_CLK_TCK);
      return hz > 0 ? CpuTimes{user * 1000000 / hz, system * 1000000 / hz} : CpuTimes{};
    }
  } else if (total_ns < 0) {
    total_ns = user + system;
  }
  return Split(std::max<int64_t>(0, total_ns) / 1000, user, system);
}

void StepCgroup::Remove() const {
  for (const std::string& dir : step_dirs_) ::rmdir(dir.c_str());
  for (const std::string& dir : job_dirs_) ::rmdir(dir.c_str());  // fails while other steps remain
}

}  // namespace bramble::cgroup
