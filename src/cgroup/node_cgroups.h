// A node daemon's cgroups: which backend this machine offers (v2, v1 or
// none), chosen once at start-up, and the daemon's own root group under it
// (<hierarchy>/bramble/<node>_<hash of its spool directory>), so that
// several node daemons on one machine never share a group, even two
// clusters' node01s. Jobs go below it, as job_<id>/step_<name>
// (step_cgroup.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/cgroup_config.h"
#include "proto/bramble.pb.h"

namespace bramble::cgroup {

struct NodeCgroups {
  std::string backend;                   // "v2", "v1", or "" (none)
  std::vector<std::string> hierarchies;  // v1: one directory per controller; v2: the mount
  std::string root;                      // "bramble/node01_1a2b3c4d", relative to each hierarchy
  std::vector<std::string> controllers;  // those in use: memory, cpuset, pids, freezer, cpuacct
  bool limit_memory = false;             // a memory controller is there and ConstrainRAMSpace=yes
  bool limit_cores = false;              // a cpuset controller is there and ConstrainCores=yes
  double allowed_ram_percent = 100.0;
  std::vector<int> usable_cpus;          // the CPUs the root group may use
  std::vector<std::string> warnings;     // for the log

  bool enabled() const { return !backend.empty(); }
  // "cgroup v1 (memory, cpuset, pids, freezer) under /sys/fs/cgroup/<controller>/bramble/node01".
  std::string Describe() const;
  // What a stepd needs for one job: `memory_mb` 0 = no limit, `cpus` "" = any.
  proto::CgroupPlacement Placement(int64_t memory_mb, const std::string& cpus) const;
  // On a clean stop: removes the root group unless jobs still run in it
  // (they outlive the daemon, and the next one finds them there).
  void RemoveRootIfEmpty() const;
};

// Chooses the backend (cgroup.conf CgroupPlugin= and what is mounted under
// CgroupMountpoint=) and creates the node's root group. Never fails: what
// cannot be used is a warning, and the fallback is process-group tracking.
NodeCgroups SetUpNodeCgroups(const CgroupConfig& config, const std::string& node_name, const std::string& spool);

// The root group's name for a node: "bramble/<node>_<8 hex digits of the
// spool directory's FNV-1a hash>".
std::string RootName(const std::string& node_name, const std::string& spool);

}  // namespace bramble::cgroup
