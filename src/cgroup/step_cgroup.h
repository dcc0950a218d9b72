// One step's cgroup, as its stepd uses it: <root>/job_<id>/step_<name> in
// every hierarchy of the node's backend (node_cgroups.h), with the job's
// memory limit and cpuset on both the job and the step group.
//
// The stepd itself stays outside: each user process joins the step group
// between fork and exec (LaunchPlan::cgroup_procs_fds), so everything it
// ever forks is in the group, whatever setsid() or double forks it tries,
// and freezing or killing the group never touches the stepd. With no
// backend every call is a no-op and process groups plus the stepd's
// subreaper do the tracking.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::cgroup {

class StepCgroup {
 public:
  StepCgroup() = default;  // none: every call is a no-op

  // Whether the kernel must count the step's CPU time (CpuUsed). Only the
  // extern step needs it: its processes (adopted ssh sessions) are nobody's
  // children, while a stepd reaps everything of its own step and has the
  // kernel's sums from that. On v1 the count is a hierarchy of its own
  // (cpuacct), so leaving it out saves two mkdirs and two rmdirs a step.
  enum class CpuCount { kByReaping, kByCgroup };

  // The job's group in every hierarchy a step uses, with the job's limits.
  // The node daemon makes it when the job is allocated there, before any
  // step is sent, so a stepd mostly finds it and makes only its own group.
  static Status CreateJobGroups(const proto::CgroupPlacement& placement, uint32_t job_id);
  // Removes the job's groups; one still holding a step's group stays.
  static void RemoveJobGroups(const proto::CgroupPlacement& placement, uint32_t job_id);

  // Creates the job's (when missing) and the step's groups and sets their limits.
  static Result<StepCgroup> Create(const proto::CgroupPlacement& placement, uint32_t job_id,
                                   const std::string& step_name, CpuCount cpu_count = CpuCount::kByReaping);

  bool enabled() const { return !backend_.empty(); }
  // The step's cgroup.procs in each hierarchy, to move another process in.
  const std::vector<std::string>& procs_files() const { return procs_files_; }
  // What a single-threaded child writes "0" to, in each hierarchy, to join
  // the step itself: v1's `tasks`, v2's cgroup.procs. A v1 cgroup.procs
  // write takes the kernel's global threadgroup lock, which waits for an
  // RCU grace period (7-15 ms here, on every step's path); moving only the
  // calling thread skips that lock, and a child just forked has one thread.
  const std::vector<std::string>& join_files() const { return join_files_; }
  // Every process in the step now.
  std::vector<pid_t> Pids() const;
  // Sends `signal` to every process in the step.
  void Signal(int signal) const;
  // SIGKILLs everything in the step (v2 cgroup.kill, else freeze, kill,
  // thaw) until nothing is left; bounded to a few seconds.
  void KillAll() const;
  // Freezes (or thaws) every process of the step; false when the backend
  // has no freezer. Frozen, nothing in the step can fork or run.
  bool Freeze(bool frozen) const;
  // Whether the kernel OOM-killed a process of the step.
  bool OomKilled() const;
  // The step's peak memory use in bytes (0 when the backend does not say).
  int64_t PeakMemoryBytes() const;
  // CPU time used by everything that ever ran in the step, dead processes
  // included (v1 cpuacct, v2 cpu.stat); zeros when the backend does not say.
  struct CpuTimes {
    int64_t user_us = 0;
    int64_t system_us = 0;
  };
  CpuTimes CpuUsed() const;
  // Removes the step's group, then the job's group once no step is left.
  void Remove() const;

 private:
  std::string backend_;
  std::vector<std::string> step_dirs_;  // one per hierarchy
  std::vector<std::string> job_dirs_;
  std::vector<std::string> procs_files_;
  std::vector<std::string> join_files_;
  std::string memory_dir_;   // the step's group in the memory hierarchy
  std::string freezer_dir_;  // v1: in the freezer hierarchy; v2: the step's group
  std::string cpuacct_dir_;  // v1: in the cpuacct hierarchy; v2: the step's group
};

}  // namespace bramble::cgroup
