// cgroup.conf, read from slurm.conf's directory: which cgroup backend the
// node daemons use and what they constrain. The keys are Slurm's; what
// differs is the defaults: Bramble constrains memory and cores whenever
// the backend can (Slurm needs TaskPlugin=task/cgroup plus
// ConstrainRAMSpace=yes and ConstrainCores=yes for that).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bramble {

struct CgroupConfig {
  // autodetect, cgroup/v1, cgroup/v2, or disabled (process groups only).
  std::string plugin = "autodetect";
  std::string mountpoint = "/sys/fs/cgroup";
  bool constrain_ram_space = true;
  bool constrain_cores = true;
  double allowed_ram_space = 100.0;  // percent of the job's memory
  std::vector<std::string> warnings;  // "cgroup.conf:3: ... ignored"
};

// Parses cgroup.conf text; `origin` names the source in messages. Unknown
// keys are warnings; a bad value for a known key is an error naming the line.
Result<CgroupConfig> ParseCgroupConfig(std::string_view text, std::string_view origin);

}  // namespace bramble
