// sbatch's file name patterns for --output/--error/--input (sbatch man page,
// "FILENAME PATTERN"): %% %A %a %b %J %j %N %n %s %t %u %x, each with an
// optional zero-padding width ("%4j" -> "0012").
#pragma once

#include <cstdint>
#include <string>

namespace bramble {

struct PatternValues {
  uint32_t job_id = 0;
  std::string job_name;
  std::string user;
  std::string node;        // first node of the job (%N)
  std::string step = "batch";
  uint32_t node_id = 0;
  uint32_t task_id = 0;
  uint32_t array_job_id = 0;   // %A; 0 = not an array task (%A is the job id)
  int64_t array_task_id = -1;  // %a; -1 = not an array task
};

// Expands the pattern; a relative result is made absolute against work_dir
// (left relative when work_dir is empty).
// Unknown %-codes are kept literally, as Slurm does.
std::string ExpandOutputPattern(const std::string& pattern, const PatternValues& values,
                                const std::string& work_dir);

}  // namespace bramble
