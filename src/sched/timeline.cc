// Node usage over time; see timeline.h.
#include "sched/timeline.h"

#include <algorithm>
#include <bit>
#include <deque>

namespace bramble::sched {
namespace {

uint64_t LowestFree(uint64_t used, int64_t count, uint32_t devices) {
  uint64_t mask = used;
  for (uint32_t bit = 0; bit < std::min<uint32_t>(devices, 64) && count > 0; ++bit) {
    uint64_t b = uint64_t{1} << bit;
    if (mask & b) continue;
    mask |= b;
    --count;
  }
  return mask;
}

}  // namespace

Timeline::Timeline(const std::vector<Node>& nodes, const std::vector<RunningJob>& running,
                   int64_t now, int64_t resolution_s)
    : now_(now),
      resolution_s_(std::max<int64_t>(resolution_s, 1)),
      base_(nodes.size()),
      changes_(nodes.size()),
      has_booking_(nodes.size(), false),
      usable_(nodes.size(), false) {
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Node& node = nodes[i];
    base_[i].cpus = node.alloc_cpus;
    base_[i].memory_mb = node.alloc_memory_mb;
    for (size_t e = 0; e < node.gres.size() && e < kTrackedGres; ++e) {
      base_[i].devices[e] = std::popcount(node.gres[e].used_mask);
    }
    usable_[i] = node.usable;
    node_cpus_.push_back(node.cpus);
    if (node.usable && node.cpus > node.alloc_cpus) free_cpus_now_ += node.cpus - node.alloc_cpus;
  }
  for (const RunningJob& job : running) {
    if (job.end_time == kForever) continue;
    int64_t end = RoundEnd(std::max(job.end_time, now_ + 1));
    for (size_t k = 0; k < job.nodes.size(); ++k) {
      int index = job.nodes[k];
      if (index < 0 || static_cast<size_t>(index) >= nodes.size()) continue;
      Usage delta;
      delta.cpus = -static_cast<int64_t>(k < job.cpus_per_node.size() ? job.cpus_per_node[k] : 0);
      delta.memory_mb = -job.mem_per_node_mb;
      if (k < job.gres_per_node.size()) {
        for (const GresGrant& grant : job.gres_per_node[k]) {
          if (grant.entry >= 0 && static_cast<size_t>(grant.entry) < kTrackedGres) {
            delta.devices[grant.entry] -= std::popcount(grant.mask);
          }
        }
      }
      AddChange(index, end, delta);
    }
  }
}

int64_t Timeline::RoundEnd(int64_t end) const {
  if (end == kForever) return kForever;
  int64_t rest = end % resolution_s_;
  if (rest == 0) return end;
  if (end > kForever - resolution_s_) return kForever;
  return end + (resolution_s_ - rest);
}

void Timeline::AddChange(int index, int64_t time, const Usage& delta) {
  std::vector<Change>& list = changes_[index];
  if (list.empty()) changed_nodes_.push_back(index);
  auto at = std::upper_bound(list.begin(), list.end(), time,
                             [](int64_t t, const Change& c) { return t < c.time; });
  list.insert(at, Change{time, delta});
  bool increase = delta.cpus > 0 || delta.memory_mb > 0 ||
                  std::any_of(delta.devices.begin(), delta.devices.end(), [](int32_t d) { return d > 0; });
  if (increase && time > now_ && !has_booking_[index]) {
    has_booking_[index] = true;
    booked_nodes_.push_back(index);
  }
  Moment& moment = moments_[time];
  if (usable_[index]) moment.cpus += delta.cpus;
  moment.nodes.push_back({index, delta.cpus});
}

Timeline::Usage Timeline::UsageOf(const Placement& placement, size_t i, const Node& node) const {
  Usage usage;
  usage.cpus = placement.cpus_per_node[i];
  usage.memory_mb = placement.mem_per_node_mb;
  (void)node;
  if (i < placement.gres_per_node.size()) {
    for (const GresGrant& grant : placement.gres_per_node[i]) {
      if (grant.entry >= 0 && static_cast<size_t>(grant.entry) < kTrackedGres) {
        usage.devices[grant.entry] += std::popcount(grant.mask);
      }
    }
  }
  return usage;
}

void Timeline::Book(const Placement& placement, const std::vector<Node>& nodes, int64_t start,
                    int64_t end) {
  int64_t rounded_end = RoundEnd(end);
  for (size_t i = 0; i < placement.nodes.size(); ++i) {
    int index = placement.nodes[i];
    Usage usage = UsageOf(placement, i, nodes[index]);
    Usage release = usage;
    release.cpus = -release.cpus;
    release.memory_mb = -release.memory_mb;
    for (int32_t& d : release.devices) d = -d;
    if (start <= now_) {
      base_[index].cpus += usage.cpus;
      base_[index].memory_mb += usage.memory_mb;
      for (size_t e = 0; e < kTrackedGres; ++e) base_[index].devices[e] += usage.devices[e];
      if (usable_[index]) free_cpus_now_ -= usage.cpus;
    } else {
      AddChange(index, start, usage);
    }
    if (rounded_end != kForever) AddChange(index, rounded_end, release);
  }
}

Timeline::Usage Timeline::PeakOver(int index, int64_t start, int64_t end) const {
  Usage usage = base_[index];
  const std::vector<Change>& list = changes_[index];
  size_t c = 0;
  auto add = [&usage](const Usage& delta) {
    usage.cpus += delta.cpus;
    usage.memory_mb += delta.memory_mb;
    for (size_t e = 0; e < kTrackedGres; ++e) usage.devices[e] += delta.devices[e];
  };
  for (; c < list.size() && list[c].time <= start; ++c) add(list[c].delta);
  Usage peak = usage;
  for (; c < list.size() && list[c].time < end; ++c) {
    add(list[c].delta);
    peak.cpus = std::max(peak.cpus, usage.cpus);
    peak.memory_mb = std::max(peak.memory_mb, usage.memory_mb);
    for (size_t e = 0; e < kTrackedGres; ++e) peak.devices[e] = std::max(peak.devices[e], usage.devices[e]);
  }
  return peak;
}

std::vector<Timeline::Saved> Timeline::PatchView(int64_t start, int64_t end,
                                                 std::vector<Node>& view) const {
  return PatchNodes(start, end, start <= now_ ? booked_nodes_ : changed_nodes_, view);
}

std::vector<Timeline::Saved> Timeline::PatchNodes(int64_t start, int64_t end,
                                                  const std::vector<int>& nodes,
                                                  std::vector<Node>& view) const {
  std::vector<Saved> saved;
  for (int index : nodes) {
    Usage peak = PeakOver(index, start, end);
    Node& node = view[index];
    bool same = peak.cpus == node.alloc_cpus && peak.memory_mb == node.alloc_memory_mb;
    size_t tracked = std::min(node.gres.size(), kTrackedGres);
    for (size_t e = 0; same && e < tracked; ++e) {
      same = peak.devices[e] == std::popcount(node.gres[e].used_mask);
    }
    if (same) continue;
    Saved entry{index, node.alloc_cpus, node.alloc_memory_mb, {}};
    for (const NodeGres& g : node.gres) entry.used_masks.push_back(g.used_mask);
    saved.push_back(std::move(entry));
    node.alloc_cpus = static_cast<uint32_t>(std::max<int64_t>(peak.cpus, 0));
    node.alloc_memory_mb = std::max<int64_t>(peak.memory_mb, 0);
    for (size_t e = 0; e < tracked; ++e) {
      NodeGres& g = node.gres[e];
      int64_t now_count = std::popcount(g.used_mask);
      if (peak.devices[e] >= now_count) {
        g.used_mask = LowestFree(g.used_mask, peak.devices[e] - now_count, g.count);
      } else {
        g.used_mask = LowestFree(0, peak.devices[e], g.count);
      }
    }
  }
  return saved;
}

void Timeline::RestoreView(const std::vector<Saved>& saved, std::vector<Node>& view) {
  for (const Saved& entry : saved) {
    Node& node = view[entry.index];
    node.alloc_cpus = entry.alloc_cpus;
    node.alloc_memory_mb = entry.alloc_memory_mb;
    for (size_t e = 0; e < node.gres.size() && e < entry.used_masks.size(); ++e) {
      node.gres[e].used_mask = entry.used_masks[e];
    }
  }
}

std::vector<std::pair<int64_t, int64_t>> Timeline::ReleaseTimes(int64_t until) const {
  std::vector<std::pair<int64_t, int64_t>> times;
  int64_t free = free_cpus_now_;
  for (const auto& [time, moment] : moments_) {
    int64_t delta = moment.cpus;
    if (time > until) break;
    free -= delta;
    if (time > now_) times.push_back({time, free});
  }
  return times;
}

void Timeline::Sweep(
    int64_t until, int64_t duration, int64_t min_cpus, uint32_t cpus_per_task,
    const std::vector<int>& position,
    const std::function<bool(int64_t, int64_t, const std::vector<int>&)>& try_at) const {
  std::vector<int64_t> used(base_.size());
  std::vector<char> listed(base_.size(), 0);
  std::vector<int> free_nodes;  // a superset of the nodes free now, each once, by position
  auto free_enough = [&](int n) {
    return usable_[n] && position[n] >= 0 && node_cpus_[n] - used[n] >= int64_t{cpus_per_task};
  };
  auto by_position = [&](int a, int b) { return position[a] < position[b]; };
  for (size_t n = 0; n < base_.size(); ++n) {
    used[n] = base_[n].cpus;
    if (free_enough(static_cast<int>(n))) {
      listed[n] = 1;
      free_nodes.push_back(static_cast<int>(n));
    }
  }
  if (!std::is_sorted(free_nodes.begin(), free_nodes.end(), by_position)) {
    std::sort(free_nodes.begin(), free_nodes.end(), by_position);
  }
  // Free CPUs of all usable nodes after each moment, and their least over
  // the window of the moment tried (a sliding minimum): a window that lacks
  // the CPUs in total is skipped without looking at nodes.
  std::deque<std::pair<int64_t, int64_t>> minimum;  // (time, free), free increasing
  auto ahead = moments_.upper_bound(now_);
  int64_t free_ahead = free_cpus_now_;
  for (auto it = moments_.begin(); it != moments_.end() && it->first <= now_; ++it) free_ahead -= it->second.cpus;
  for (auto it = moments_.upper_bound(now_); it != moments_.end() && it->first <= until; ++it) {
    int64_t time = it->first;
    size_t sorted = free_nodes.size();
    for (const auto& [n, cpus] : it->second.nodes) {
      used[n] += cpus;
      if (!listed[n] && free_enough(n)) {
        listed[n] = 1;
        free_nodes.push_back(n);
      }
    }
    if (free_nodes.size() != sorted) {
      std::sort(free_nodes.begin() + sorted, free_nodes.end(), by_position);
      std::inplace_merge(free_nodes.begin(), free_nodes.begin() + sorted, free_nodes.end(), by_position);
    }
    int64_t end = time > kForever - duration ? kForever : time + duration;
    for (; ahead != moments_.end() && ahead->first < end; ++ahead) {
      free_ahead -= ahead->second.cpus;
      while (!minimum.empty() && minimum.back().second >= free_ahead) minimum.pop_back();
      minimum.push_back({ahead->first, free_ahead});
    }
    while (!minimum.empty() && minimum.front().first < time) minimum.pop_front();
    if (minimum.empty() || minimum.front().second < min_cpus) continue;
    std::erase_if(free_nodes, [&](int n) {
      if (free_enough(n)) return false;
      listed[n] = 0;
      return true;
    });
    if (try_at(time, end, free_nodes)) return;
  }
}

}  // namespace bramble::sched
