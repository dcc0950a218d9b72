// What the node daemon answers pam_bramble (LocalJobsReply), as plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bramble::pam {

struct LocalJobs {
  std::vector<uint32_t> job_ids;  // the user's jobs on this node, ascending
  uint32_t adopted_job = 0;       // adopt: the job the session was moved into; 0 = not moved
  std::string adopt_error;        // adopt: why it was not
};

}  // namespace bramble::pam
