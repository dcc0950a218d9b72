// The batch script's environment: what the user exported at submission
// (--export), plus the SLURM_* variables of COMPAT.md section 7.1. Never
// SLURM_STEP_ID in the batch step (rule 0.7).
#pragma once

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

}  // namespace bramble::stepd
