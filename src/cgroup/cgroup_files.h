// Reading and writing cgroup control files: one small text value each.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "base/status.h"

namespace bramble::cgroup {

// Writes `value` into `path` with a single write(2), as the kernel wants.
Status WriteValue(const std::string& path, const std::string& value);

// The file's text with trailing newlines removed; an error when unreadable.
Result<std::string> ReadValue(const std::string& path);

// The value of `key` in a flat keyed file ("oom_kill 3" lines of
// memory.events or memory.oom_control); 0 when absent or unreadable.
int64_t ReadKeyed(const std::string& path, const std::string& key);

// The pids listed in a cgroup.procs (or v1 tasks) file; empty when none or
// unreadable.
std::vector<pid_t> ReadPids(const std::string& path);

// mkdir for each missing directory of `path` below `base` (which exists).
Status MakeGroups(const std::string& base, const std::string& relative);

bool Exists(const std::string& path);

// v1 cpuset: turns off cpuset.sched_load_balance in a new `group`, before
// its cpus are set. With it on (the kernel's default for every new group),
// each write of cpuset.cpus rebuilds the scheduler's domains for the whole
// machine, which cost several milliseconds of CPU per job here. The root
// cpuset still balances over every CPU, so the flag of groups below it
// changes nothing for scheduling (Documentation/admin-guide/cgroup-v1/cpusets).
void StopLoadBalanceRebuilds(const std::string& group);

}  // namespace bramble::cgroup
