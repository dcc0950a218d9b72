// Node usage over time; see timeline.h.
#include "sched/timeline.h"

#include <algorithm>
#include <bit>

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
      cpus_now_(nodes.size()),
      changes_(nodes.size()),
      has_booking_(nodes.size(), false),
      usable_(nodes.size(), 0) {
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Node& node = nodes[i];
    base_[i].cpus = node.alloc_cpus;
    cpus_now_[i] = node.alloc_cpus;
    base_[i].memory_mb = node.alloc_memory_mb;
    for (size_t e = 0; e < node.gres.size() && e < kTrackedGres; ++e) {
      base_[i].devices[e] = std::popcount(node.gres[e].used_mask);
    }
    usable_[i] = node.usable;
    node_cpus_.push_back(node.cpus);
    if (node.usable && node.cpus > node.alloc_cpus) free_cpus_now_ += node.cpus - node.alloc_cpus;
  }
  // The running jobs' ends: collected, then sorted once by time (then as
  // given, the order AddChange would keep) rather than inserted one by one.
  struct End {
    int64_t time;
    int index;
    Usage delta;
  };
  std::vector<End> ends;
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
      ends.push_back({end, index, delta});
    }
  }
  std::vector<std::pair<int64_t, size_t>> by_time(ends.size());  // (time, index into ends)
  std::vector<size_t> per_node(nodes.size(), 0);
  for (size_t i = 0; i < ends.size(); ++i) {
    by_time[i] = {ends[i].time, i};
    ++per_node[ends[i].index];
  }
  std::sort(by_time.begin(), by_time.end());
  for (size_t n = 0; n < nodes.size(); ++n) changes_[n].reserve(per_node[n] + 2);  // and a booking
  for (auto [time, i] : by_time) {
    const End& end = ends[i];
    changes_[end.index].push_back(Change{time, end.delta});
    if (moments_.empty() || moments_.back().time != time) moments_.push_back(Moment{time, 0, {}});
    if (usable_[end.index]) moments_.back().cpus += end.delta.cpus;
    moments_.back().nodes.push_back({end.index, end.delta.cpus});
  }
}

int64_t Timeline::RoundEnd(int64_t end) const {
  if (end == kForever) return kForever;
  int64_t rest = end % resolution_s_;
  if (rest == 0) return end;
  if (end > kForever - resolution_s_) return kForever;
  return end + (resolution_s_ - rest);
}

void Timeline::Usage::Add(const Usage& delta) {
  cpus += delta.cpus;
  memory_mb += delta.memory_mb;
  for (size_t e = 0; e < kTrackedGres; ++e) devices[e] += delta.devices[e];
}

void Timeline::AddChange(int index, int64_t time, const Usage& delta) {
  std::vector<Change>& list = changes_[index];
  auto at = std::upper_bound(list.begin(), list.end(), time,
                             [](int64_t t, const Change& c) { return t < c.time; });
  list.insert(at, Change{time, delta});
  bool increase = delta.cpus > 0 || delta.memory_mb > 0 ||
                  std::any_of(delta.devices.begin(), delta.devices.end(), [](int32_t d) { return d > 0; });
  if (increase && time > now_) has_booking_[index] = true;
  auto at_time = std::lower_bound(moments_.begin(), moments_.end(), time,
                                  [](const Moment& m, int64_t t) { return m.time < t; });
  if (at_time == moments_.end() || at_time->time != time) {
    at_time = moments_.insert(at_time, Moment{time, 0, {}});
  }
  Moment& moment = *at_time;
  if (usable_[index]) moment.cpus += delta.cpus;
  moment.nodes.push_back({index, delta.cpus});
  // A search replays changes after now only.
  if (time > now_) checkpoints_.Change(index, time, delta.cpus);
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
      base_[index].Add(usage);
      cpus_now_[index] += usage.cpus;
      checkpoints_.ChangeNow(index, usage.cpus);
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
  for (; c < list.size() && list[c].time <= start; ++c) usage.Add(list[c].delta);
  Usage peak = usage;
  for (; c < list.size() && list[c].time < end; ++c) {
    usage.Add(list[c].delta);
    peak.cpus = std::max(peak.cpus, usage.cpus);
    peak.memory_mb = std::max(peak.memory_mb, usage.memory_mb);
    for (size_t e = 0; e < kTrackedGres; ++e) peak.devices[e] = std::max(peak.devices[e], usage.devices[e]);
  }
  return peak;
}

bool Timeline::Patch(int index, int64_t start, int64_t end, std::vector<Node>& view,
                     Saved& saved) const {
  // The view is now: a window from now differs only on nodes booked for
  // later, a later window only on nodes with some change.
  if (start <= now_ ? !has_booking_[index] : changes_[index].empty()) return false;
  Usage peak = PeakOver(index, start, end);
  Node& node = view[index];
  bool same = peak.cpus == node.alloc_cpus && peak.memory_mb == node.alloc_memory_mb;
  size_t tracked = std::min(node.gres.size(), kTrackedGres);
  for (size_t e = 0; same && e < tracked; ++e) {
    same = peak.devices[e] == std::popcount(node.gres[e].used_mask);
  }
  if (same) return false;
  saved = Saved{index, node.alloc_cpus, node.alloc_memory_mb, {}};
  for (size_t e = 0; e < tracked; ++e) saved.used_masks[e] = node.gres[e].used_mask;
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
  return true;
}

void Timeline::RestoreView(const std::vector<Saved>& saved, std::vector<Node>& view) {
  for (const Saved& entry : saved) {
    Node& node = view[entry.index];
    node.alloc_cpus = entry.alloc_cpus;
    node.alloc_memory_mb = entry.alloc_memory_mb;
    for (size_t e = 0; e < node.gres.size() && e < kTrackedGres; ++e) {
      node.gres[e].used_mask = entry.used_masks[e];
    }
  }
}

}  // namespace bramble::sched
