// cpuset lists ("0-3,6") and the node daemon's choice of CPUs for its jobs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bramble::cgroup {

// "0-3,6" -> {0, 1, 2, 3, 6}, sorted and unique; nullopt when malformed.
std::optional<std::vector<int>> ParseCpuList(std::string_view text);
// {0, 1, 2, 3, 6} -> "0-3,6".
std::string FormatCpuList(std::vector<int> cpus);

// Hands each job the CPUs of its allocation on this node. The node has
// `slots` CPUs in slurm.conf; slot i is the machine's CPU usable[i % n], so
// several node daemons on one small machine (each claiming more CPUs than
// it has) still get real CPUs, and a real node gets its own CPUs one to one.
class CpuSlots {
 public:
  CpuSlots(uint32_t slots, std::vector<int> usable);

  // The cpuset list for `job`: the slots it already holds (a step of a
  // running job), else the `count` lowest free ones (when too few are free,
  // the lowest slots: every job still gets CPUs).
  std::string Take(uint32_t job_id, uint32_t count);
  void Release(uint32_t job_id);
  // The slots `job` holds (empty when none), to keep across a restart; and
  // giving them back to it after one. Slots beyond this node's are dropped.
  std::vector<uint32_t> SlotsOf(uint32_t job_id) const;
  void Hold(uint32_t job_id, const std::vector<uint32_t>& slots);

 private:
  uint32_t slots_;
  std::vector<int> usable_;
  std::map<uint32_t, std::vector<uint32_t>> held_;  // job -> slots
};

}  // namespace bramble::cgroup
