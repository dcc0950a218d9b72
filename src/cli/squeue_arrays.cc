// Job array lines for squeue; see squeue_arrays.h.
#include "cli/squeue_arrays.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "cli/squeue_format.h"

namespace bramble::cli {
namespace {

bool IsPendingArrayTask(const proto::JobRecord& job) {
  return job.array_job_id() != 0 && job.state() == proto::PENDING && !job.completing();
}

std::string ReasonText(const proto::JobRecord& job) { return job.reason().empty() ? "None" : job.reason(); }

// Adds `task`'s reason to the merged text unless it is already in it, as
// Slurm's _merge_job_reason does (a substring test).
void MergeReason(const proto::JobRecord& task, std::string& merged) {
  std::string reason = ReasonText(task);
  if (merged.find(reason) == std::string::npos) merged += "," + reason;
}

using GroupKey = std::tuple<uint32_t, std::string, std::string>;  // array id, name, partition

GroupKey KeyOf(const proto::JobRecord& job) {
  return {job.array_job_id(), job.spec().name(), job.spec().partition()};
}

}  // namespace

std::vector<SqueueLine> CombinePendingArrayTasks(const std::vector<const proto::JobRecord*>& jobs, bool one_per_task) {
  std::vector<SqueueLine> lines;
  lines.reserve(jobs.size());
  if (one_per_task) {
    for (const proto::JobRecord* job : jobs) lines.push_back({job, {}, nullptr});
    return lines;
  }
  // Each group's records by task index; a group's line is placed where its
  // first record stood.
  std::map<GroupKey, std::vector<const proto::JobRecord*>> groups;
  std::vector<const proto::JobRecord*> order;  // null marks a group's place
  std::vector<GroupKey> group_at;
  for (const proto::JobRecord* job : jobs) {
    if (!IsPendingArrayTask(*job)) {
      order.push_back(job);
      continue;
    }
    auto [it, inserted] = groups.try_emplace(KeyOf(*job));
    if (inserted) {
      order.push_back(nullptr);
      group_at.push_back(it->first);
    }
    it->second.push_back(job);
  }
  size_t next_group = 0;
  for (const proto::JobRecord* job : order) {
    if (job != nullptr) {
      lines.push_back({job, {}, nullptr});
      continue;
    }
    std::vector<const proto::JobRecord*>& tasks = groups[group_at[next_group++]];
    std::stable_sort(tasks.begin(), tasks.end(), [](const proto::JobRecord* a, const proto::JobRecord* b) {
      return a->array_task_id() < b->array_task_id();
    });
    SqueueLine line{tasks.front(), {}, nullptr};
    std::string merged = ReasonText(*tasks.front());
    for (const proto::JobRecord* task : tasks) {
      if (line.pending_tasks.empty() || line.pending_tasks.back() != task->array_task_id()) {
        line.pending_tasks.push_back(task->array_task_id());
      }
      MergeReason(*task, merged);
    }
    if (merged != ReasonText(*tasks.front())) {
      auto copy = std::make_shared<proto::JobRecord>(*tasks.front());
      copy->set_reason(merged);
      line.job = copy.get();
      line.merged = std::move(copy);
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

void SortLinesForDisplay(std::vector<SqueueLine>& lines) {
  std::stable_sort(lines.begin(), lines.end(), [](const SqueueLine& a, const SqueueLine& b) {
    return DisplayOrderLess(*a.job, *b.job);
  });
}

void SortLinesByStartTime(std::vector<SqueueLine>& lines, int64_t now) {
  auto key = [now](const SqueueLine& line) {
    int64_t start = DisplayStartTime(*line.job);
    if (start == 0) return now + 100;
    if (line.job->state() == proto::PENDING && start < now) return now;
    return start;
  };
  std::stable_sort(lines.begin(), lines.end(),
                   [&key](const SqueueLine& a, const SqueueLine& b) { return key(a) < key(b); });
}

}  // namespace bramble::cli
