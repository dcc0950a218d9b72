// `scontrol show job` layout; see scontrol_show_job.h.
#include "cli/scontrol_show_job.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "cli/show_block.h"
#include "cli/squeue_format.h"
#include "common/duration.h"
#include "common/hostlist.h"
#include "common/output_pattern.h"
#include "common/split.h"
#include "proto/job_state.h"

namespace bramble::cli {
namespace {

std::string OrNull(const std::string& text) { return text.empty() ? "(null)" : text; }

// sbatch's file-name patterns as scontrol shows them: %j %J %x %u %N %A %a
// %% expanded, made absolute against the work dir.
std::string ExpandPattern(const std::string& pattern, const proto::JobRecord& job) {
  PatternValues values;
  values.job_id = job.job_id();
  values.job_name = job.spec().name();
  values.user = job.user();
  values.node = job.nodes_size() > 0 ? job.nodes(0) : job.batch_host();
  if (job.array_job_id() != 0) {
    values.array_job_id = job.array_job_id();
    values.array_task_id = job.array_task_id();
  }
  return ExpandOutputPattern(pattern, values, job.spec().work_dir());
}

std::string StdOut(const proto::JobRecord& job) {
  const std::string& output = job.spec().output();
  if (!output.empty()) return ExpandPattern(output, job);
  return ExpandPattern(job.array_job_id() != 0 ? "slurm-%A_%a.out" : "slurm-%j.out", job);
}

std::string NumNodes(const proto::JobRecord& job) {
  if (job.nodes_size() > 0) return std::to_string(job.nodes_size());
  const proto::JobSpec& spec = job.spec();
  uint32_t lo = spec.has_nodes_min() && spec.nodes_min() > 0 ? spec.nodes_min() : 1;
  if (spec.has_nodes_max() && spec.nodes_max() > lo) return std::to_string(lo) + "-" + std::to_string(spec.nodes_max());
  return std::to_string(lo);
}

uint32_t TaskCount(const proto::JobRecord& job) {
  uint32_t total = 0;
  for (uint32_t t : job.tasks_per_node()) total += t;
  if (total > 0) return total;
  return job.spec().has_ntasks() ? job.spec().ntasks() : 1;
}

// "gpu:1,mps:100" as Slurm's TresPerNode shows it: "gres/gpu:1,gres/mps:100".
std::string GresTres(const std::string& gres) {
  std::string text;
  for (const std::string& item : SplitCommaList(gres)) text += (text.empty() ? "gres/" : ",gres/") + item;
  return text;
}

// When the job may start: when it became eligible, else a future --begin,
// else Unknown while it waits (a dependency), else its submit time.
std::string EligibleTime(const proto::JobRecord& job, bool pending) {
  if (job.eligible_time() != 0) return FormatTimestamp(job.eligible_time());
  if (job.spec().begin_time() > job.submit_time()) return FormatTimestamp(job.spec().begin_time());
  return pending ? "Unknown" : FormatTimestamp(job.submit_time());
}

// StartTime and EndTime: a pending job's expected start (from the last
// scheduling pass) and the end it implies; a started job's start and its
// end, or its expected end under a time limit.
std::pair<std::string, std::string> StartAndEnd(const proto::JobRecord& job, bool pending) {
  int64_t start = pending ? job.expected_start() : job.start_time();
  int64_t end = pending ? 0 : job.end_time();
  if (end == 0 && start != 0 && job.time_limit_s() >= 0) end = start + job.time_limit_s();
  return {FormatTimestamp(start), FormatTimestamp(end)};
}

// The lines from JobId= to Deadline=.
void StateLines(const proto::JobRecord& job, int64_t now, bool pending, ShowBlock* b) {
  const proto::JobSpec& spec = job.spec();
  auto named = [](const std::string& name, uint32_t id) {
    return (name.empty() ? std::to_string(id) : name) + "(" + std::to_string(id) + ")";
  };
  std::string user = named(job.user(), job.uid());
  std::string group = named(job.group(), job.gid());
  bool array_task = job.array_job_id() != 0;
  b->Line({KV("JobId", std::to_string(job.job_id())),
           array_task ? KV("ArrayJobId", std::to_string(job.array_job_id())) : "",
           array_task ? KV("ArrayTaskId", std::to_string(job.array_task_id())) : "", KV("JobName", spec.name())});
  b->Line({KV("UserId", user), KV("GroupId", group), "MCS_label=N/A"});
  b->Line({KV("Priority", std::to_string(job.priority())), KV("Nice", std::to_string(spec.nice())),
           KV("Account", OrNull(spec.account())), "QOS=normal"});
  b->Line({KV("JobState", DisplayStateName(job)), KV("Reason", job.reason().empty() ? "None" : job.reason()),
           KV("Dependency", OrNull(job.dependency_text()))});
  b->Line({KV("Requeue", spec.requeue() ? "1" : "0"), KV("Restarts", std::to_string(job.restart_count())),
           KV("BatchFlag", spec.interactive() ? "0" : "1"), "Reboot=0",
           KV("ExitCode", std::to_string(job.exit_code()) + ":" + std::to_string(job.exit_signal()))});
  b->Line({KV("RunTime", FormatDurationLong(JobTimeUsed(job, now))),
           KV("TimeLimit", FormatDurationLong(job.time_limit_s())), "TimeMin=N/A"});
  b->Line({KV("SubmitTime", FormatTimestamp(job.submit_time())), KV("EligibleTime", EligibleTime(job, pending))});
  b->Line({KV("AccrueTime", FormatTimestamp(job.submit_time()))});
  auto [start, end] = StartAndEnd(job, pending);
  b->Line({KV("StartTime", start), KV("EndTime", end), "Deadline=N/A"});
}

// The lines from Partition= to Network=.
void ResourceLines(const proto::JobRecord& job, bool pending, ShowBlock* b) {
  const proto::JobSpec& spec = job.spec();
  uint32_t cpus = 0;
  for (uint32_t c : job.cpus_per_node()) cpus += c;
  uint32_t cpus_per_task = spec.has_cpus_per_task() && spec.cpus_per_task() > 0 ? spec.cpus_per_task() : 1;
  if (cpus == 0) cpus = std::max<uint32_t>(TaskCount(job) * cpus_per_task, 1);
  b->Line({KV("Partition", job.partition().empty() ? spec.partition() : job.partition()),
           KV("AllocNode:Sid", (spec.submit_host().empty() ? "(null)" : spec.submit_host()) + ":0")});
  b->Line({KV("ReqNodeList", OrNull(spec.nodelist())), KV("ExcNodeList", OrNull(spec.exclude()))});
  std::vector<std::string> nodes(job.nodes().begin(), job.nodes().end());
  b->Line({KV("NodeList", nodes.empty() ? "(null)" : CompressHostlist(nodes)),
           pending && !job.scheduled_nodes().empty() ? KV("SchedNodeList", job.scheduled_nodes()) : ""});
  if (!pending && !job.batch_host().empty()) b->Line({KV("BatchHost", job.batch_host())});
  b->Line({KV("NumNodes", NumNodes(job)), KV("NumCPUs", std::to_string(cpus)),
           KV("NumTasks", std::to_string(TaskCount(job))), KV("CPUs/Task", std::to_string(cpus_per_task)),
           "ReqB:S:C:T=0:0:*:*"});
  size_t node_count = nodes.empty() ? 1 : nodes.size();
  std::string tres = Tres(cpus, job.mem_per_node_mb() * static_cast<int64_t>(node_count), node_count);
  b->Line({KV("ReqTRES", tres)});
  b->Line({KV("AllocTRES", pending ? "(null)" : tres)});
  std::string per_node = spec.has_ntasks_per_node() ? std::to_string(spec.ntasks_per_node()) : "0";
  b->Line({"Socks/Node=*", KV("NtasksPerN:B:S:C", per_node + ":0:*:*"), "CoreSpec=*"});
  b->Line({KV("MinCPUsNode", std::to_string(cpus_per_task)), KV("MinMemoryNode", MemoryText(job.mem_per_node_mb())),
           "MinTmpDiskNode=0"});
  b->Line({KV("Features", OrNull(spec.constraint())), "DelayBoot=00:00:00"});
  b->Line({KV("OverSubscribe", spec.exclusive() ? "NO" : "OK"), "Contiguous=0", "Licenses=(null)", "Network=(null)"});
}

// The lines from Command= to the end.
void FileLines(const proto::JobRecord& job, ShowBlock* b) {
  const proto::JobSpec& spec = job.spec();
  b->Line({KV("Command", OrNull(spec.name()))});
  b->Line({KV("WorkDir", spec.work_dir())});
  if (!spec.comment().empty()) b->Line({KV("Comment", spec.comment())});
  b->Line({KV("StdErr", spec.error().empty() ? StdOut(job) : ExpandPattern(spec.error(), job))});
  b->Line({KV("StdIn", spec.input().empty() ? "/dev/null" : ExpandPattern(spec.input(), job))});
  b->Line({KV("StdOut", StdOut(job))});
  if (spec.has_gpus() && spec.gpus() > 0) b->Line({KV("TresPerJob", "gres/gpu:" + std::to_string(spec.gpus()))});
  if (!spec.gres().empty()) b->Line({KV("TresPerNode", GresTres(spec.gres()))});
}

}  // namespace

std::string ShowJobRecord(const proto::JobRecord& job, int64_t now) {
  bool pending = BaseState(job) == proto::PENDING;
  ShowBlock b;
  StateLines(job, now, pending, &b);
  ResourceLines(job, pending, &b);
  FileLines(job, &b);
  return b.Text();
}

}  // namespace bramble::cli
