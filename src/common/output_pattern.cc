// File name patterns; see output_pattern.h.
#include "common/output_pattern.h"

#include <cctype>
#include <cstdio>

namespace bramble {
namespace {

std::string Padded(uint64_t value, int width) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%0*llu", width, static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace

std::string ExpandOutputPattern(const std::string& pattern, const PatternValues& v, const std::string& work_dir) {
  // Not an array job: %A is the job id, %a and %b are Slurm's NO_VAL.
  constexpr uint64_t kNoArrayTask = 4294967294ULL;
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%' || i + 1 >= pattern.size()) {
      out += pattern[i];
      continue;
    }
    size_t j = i + 1;
    int width = 0;
    while (j < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[j]))) {
      width = width * 10 + (pattern[j] - '0');
      ++j;
    }
    if (j >= pattern.size()) {
      out += pattern.substr(i);
      break;
    }
    width = std::min(width, 10);
    switch (pattern[j]) {
      case '%': out += '%'; break;
      case 'j': case 'J': out += Padded(v.job_id, width); break;
      case 'A': out += Padded(v.array_job_id != 0 ? v.array_job_id : v.job_id, width); break;
      case 'a': out += Padded(v.array_task_id >= 0 ? static_cast<uint64_t>(v.array_task_id) : kNoArrayTask, width); break;
      case 'b': out += Padded((v.array_task_id >= 0 ? static_cast<uint64_t>(v.array_task_id) : kNoArrayTask) % 10, width); break;
      case 'N': out += v.node; break;
      case 'n': out += Padded(v.node_id, width); break;
      case 's': out += v.step; break;
      case 't': out += Padded(v.task_id, width); break;
      case 'u': out += v.user; break;
      case 'x': out += v.job_name; break;
      default: out += pattern.substr(i, j - i + 1); break;
    }
    i = j;
  }
  if (!out.empty() && out[0] != '/' && !work_dir.empty()) {
    out = work_dir + (work_dir.back() == '/' ? "" : "/") + out;
  }
  return out;
}

}  // namespace bramble
