// What the PMI server of one node knows about its step.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bramble::pmi {

struct StepInfo {
  // "<jobid>.<stepid>": the PMI-1 kvsname and the PMI-2 jobid (PMI_JOBID).
  std::string kvs_name;
  // Tasks in the whole step (PMI_SIZE); also the universe size.
  uint32_t size = 0;
  // PMI_process_mapping (process_mapping.h); "" when unknown, which makes
  // PMI-1 clients fall back to exchanging hostnames.
  std::string process_mapping;
  // Global ranks of this node's tasks: connection i belongs to local_ranks[i].
  std::vector<uint32_t> local_ranks;
};

}  // namespace bramble::pmi
