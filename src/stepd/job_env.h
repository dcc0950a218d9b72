// The batch script's environment: what the user exported at submission
// (--export), plus the SLURM_* variables of COMPAT.md section 7.1. Never
// SLURM_STEP_ID in the batch step (rule 0.7).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "proto/bramble.pb.h"

namespace bramble::stepd {

// Facts known only on the node when the job starts.
struct NodeFacts {
  std::string node_name;
  std::string user_name;
  std::string group_name;
  int64_t now = 0;
};

// "K=V" entries; later entries of the same name replace earlier ones.
std::vector<std::string> BuildBatchEnvironment(const proto::LaunchJob& launch, const NodeFacts& facts);

// Slurm's compact list form: {2,2,2,1} -> "2(x3),1".
std::string CompressCounts(const std::vector<uint32_t>& counts);

// A umask as Slurm exports it in SLURM_UMASK: 022 -> "0022".
std::string UmaskText(uint32_t umask);

// An environment under construction, shared by the batch script's and the
// tasks' environments. Setting a name again replaces its value but keeps
// the place of its first appearance; Take() returns "K=V" entries without
// duplicates, in that order.
class EnvBuilder {
 public:
  void Set(const std::string& name, const std::string& value);
  void Set(const std::string& name, int64_t value) { Set(name, std::to_string(value)); }
  // Adds a "K=V" entry; an entry without '=' is ignored.
  void Add(const std::string& entry);
  void Unset(const std::string& name) { vars_.erase(name); }
  std::vector<std::string> Take();

 private:
  std::map<std::string, std::string> vars_;
  std::vector<std::string> order_;  // names as first set (repeats skipped by Take)
};

}  // namespace bramble::stepd
