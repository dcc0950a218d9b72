// See cpu_list.h.
#include "cgroup/cpu_list.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "common/array_spec.h"

namespace bramble::cgroup {
namespace {

std::optional<int> Number(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0 || value > 65535) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::vector<int>> ParseCpuList(std::string_view text) {
  std::set<int> cpus;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    size_t dash = item.find('-');
    std::optional<int> first = Number(item.substr(0, dash));
    std::optional<int> last = dash == std::string_view::npos ? first : Number(item.substr(dash + 1));
    if (!first || !last || *last < *first) return std::nullopt;
    for (int cpu = *first; cpu <= *last; ++cpu) cpus.insert(cpu);
  }
  return std::vector<int>(cpus.begin(), cpus.end());
}

std::string FormatCpuList(std::vector<int> cpus) {
  std::sort(cpus.begin(), cpus.end());
  cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
  return FormatIndexRanges(std::vector<uint32_t>(cpus.begin(), cpus.end()));
}

CpuSlots::CpuSlots(uint32_t slots, std::vector<int> usable) : slots_(std::max<uint32_t>(slots, 1)), usable_(std::move(usable)) {
  if (usable_.empty()) usable_.push_back(0);
}

std::string CpuSlots::Take(uint32_t job_id, uint32_t count) {
  auto held = held_.find(job_id);
  if (held == held_.end()) {
    std::vector<bool> used(slots_, false);
    for (const auto& [job, slots] : held_) {
      for (uint32_t slot : slots) used[slot] = true;
    }
    std::vector<uint32_t> chosen;
    count = std::clamp<uint32_t>(count, 1, slots_);
    for (uint32_t slot = 0; slot < slots_ && chosen.size() < count; ++slot) {
      if (!used[slot]) chosen.push_back(slot);
    }
    for (uint32_t slot = 0; chosen.size() < count; ++slot) chosen.push_back(slot);
    held = held_.emplace(job_id, std::move(chosen)).first;
  }
  std::vector<int> cpus;
  for (uint32_t slot : held->second) cpus.push_back(usable_[slot % usable_.size()]);
  return FormatCpuList(std::move(cpus));
}

void CpuSlots::Release(uint32_t job_id) { held_.erase(job_id); }

std::vector<uint32_t> CpuSlots::SlotsOf(uint32_t job_id) const {
  auto held = held_.find(job_id);
  return held == held_.end() ? std::vector<uint32_t>{} : held->second;
}

void CpuSlots::Hold(uint32_t job_id, const std::vector<uint32_t>& slots) {
  std::vector<uint32_t> kept;
  for (uint32_t slot : slots) {
    if (slot < slots_) kept.push_back(slot);
  }
  if (!kept.empty()) held_[job_id] = std::move(kept);
}

}  // namespace bramble::cgroup
