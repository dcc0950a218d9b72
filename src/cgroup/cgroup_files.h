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

}  // namespace bramble::cgroup
