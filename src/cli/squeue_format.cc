// squeue's job fields; see squeue_format.h. Header names and the
// cut/no-cut choice per field follow Slurm's src/squeue/print.c.
#include "cli/squeue_format.h"

#include <algorithm>
#include <cstdio>

#include "cli/format_engine.h"
#include "common/array_spec.h"
#include "common/duration.h"
#include "common/hostlist.h"
#include "proto/job_state.h"

namespace bramble::cli {
namespace {

std::string NodeList(const proto::JobRecord& job) {
  return CompressHostlist(std::vector<std::string>(job.nodes().begin(), job.nodes().end()));
}

// squeue prints "N/A" for a time it does not know.
std::string TimeOrNa(int64_t unix_seconds) {
  return unix_seconds == 0 ? "N/A" : FormatTimestamp(unix_seconds);
}

std::string OrNull(const std::string& text) { return text.empty() ? "(null)" : text; }

uint32_t NodeCount(const proto::JobRecord& job) {
  if (job.nodes_size() > 0) return static_cast<uint32_t>(job.nodes_size());
  return job.spec().has_nodes_min() && job.spec().nodes_min() > 0 ? job.spec().nodes_min() : 1;
}

// CPUs allocated, or for a job without an allocation the CPUs it asks for.
uint32_t CpuCount(const proto::JobRecord& job) {
  uint32_t total = 0;
  for (uint32_t cpus : job.cpus_per_node()) total += cpus;
  if (total > 0) return total;
  const proto::JobSpec& spec = job.spec();
  uint32_t per_task = spec.has_cpus_per_task() && spec.cpus_per_task() > 0 ? spec.cpus_per_task() : 1;
  uint32_t tasks = 1;
  if (spec.has_ntasks() && spec.ntasks() > 0) {
    tasks = spec.ntasks();
  } else if (spec.has_ntasks_per_node() && spec.ntasks_per_node() > 0) {
    tasks = spec.ntasks_per_node() * NodeCount(job);
  }
  return std::max(tasks * per_task, NodeCount(job));
}

std::string Reason(const proto::JobRecord& job) {
  return job.reason().empty() ? "None" : job.reason();
}

// %R: "(reason)" for jobs that are pending or ended without running to
// completion (Slurm: pending, timeout, failed, not completing), else nodes.
std::string ReasonOrNodes(const proto::JobRecord& job) {
  proto::JobState state = BaseState(job);
  bool show_reason = state == proto::PENDING || state == proto::TIMEOUT || state == proto::FAILED;
  if (show_reason && !job.completing()) return "(" + Reason(job) + ")";
  return NodeList(job);
}

std::string BatchHost(const proto::JobRecord& job) {
  if (job.state() == proto::PENDING) return "n/a";
  if (!job.batch_host().empty()) return job.batch_host();
  return job.nodes_size() > 0 ? job.nodes(0) : "n/a";
}

// %e: the end time, or while running the time the limit ends it ("NONE"
// without a limit).
std::string EndTime(const proto::JobRecord& job) {
  if (job.end_time() != 0) return FormatTimestamp(job.end_time());
  if (BaseState(job) != proto::RUNNING || job.start_time() == 0) return "N/A";
  if (job.time_limit_s() < 0) return "NONE";
  return FormatTimestamp(job.start_time() + job.time_limit_s());
}

std::string TimeLeft(const proto::JobRecord& job, int64_t now) {
  if (job.time_limit_s() < 0) return "UNLIMITED";
  return FormatDuration(std::max<int64_t>(0, job.time_limit_s() - JobTimeUsed(job, now)));
}

std::string PriorityFraction(uint32_t priority) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%16.14f", static_cast<double>(priority) / 4294967295.0);
  return buffer;
}

std::string MinMemory(const proto::JobRecord& job) {
  return job.mem_per_node_mb() > 0 ? std::to_string(job.mem_per_node_mb()) + "M" : "0";
}

struct FieldInfo {
  char type;
  const char* header;
  bool cut_value;   // whether a value is cut to the field width
  bool cut_header;  // whether the header is
};

// Times are never cut, node lists and their headers neither (print.c).
constexpr FieldInfo kFields[] = {
    {'a', "ACCOUNT", true, true},         {'A', "JOBID", true, true},
    {'B', "EXEC_HOST", true, true},       {'c', "MIN_CPUS", true, true},
    {'C', "CPUS", true, true},            {'D', "NODES", true, true},
    {'e', "END_TIME", true, true},        {'E', "DEPENDENCY", true, true},
    {'F', "ARRAY_JOB_ID", true, true},    {'g', "GROUP", true, true},
    {'G', "GROUP", true, true},           {'i', "JOBID", true, true},
    {'j', "NAME", true, true},            {'k', "COMMENT", true, true},
    {'K', "ARRAY_TASK_ID", true, true},   {'l', "TIME_LIMIT", false, true},
    {'L', "TIME_LEFT", false, true},      {'m', "MIN_MEMORY", true, true},
    {'M', "TIME", false, true},           {'n', "REQ_NODES", true, true},
    {'N', "NODELIST", false, false},      {'o', "COMMAND", true, true},
    {'p', "PRIORITY", true, true},        {'P', "PARTITION", true, true},
    {'q', "QOS", true, true},             {'Q', "PRIORITY", true, true},
    {'r', "REASON", true, true},          {'R', "NODELIST(REASON)", false, false},
    {'S', "START_TIME", true, true},      {'t', "ST", true, true},
    {'T', "STATE", true, true},           {'u', "USER", true, true},
    {'U', "UID", true, true},             {'V', "SUBMIT_TIME", true, true},
    {'Y', "SCHEDNODES", false, false},    {'Z', "WORK_DIR", true, true},
};

const FieldInfo* FindField(char type) {
  for (const FieldInfo& info : kFields) {
    if (info.type == type) return &info;
  }
  return nullptr;
}

bool IsArrayTask(const proto::JobRecord& job) { return job.array_job_id() != 0; }

// %K of a combined line: the index ranges with the throttle, as the
// controller's array_task_str reads ("3-99%4").
std::string PendingTaskRanges(const SqueueLine& line) {
  std::string ranges = FormatIndexRanges(line.pending_tasks);
  if (line.job->array_throttle() > 0) ranges += "%" + std::to_string(line.job->array_throttle());
  return ranges;
}

// The identity fields %i %A %F %K.
std::string IdValue(const SqueueLine& line, char type) {
  const proto::JobRecord& job = *line.job;
  bool combined = !line.pending_tasks.empty();
  switch (type) {
    case 'i':
      if (combined) return FormatPendingArray(job.array_job_id(), line.pending_tasks, job.array_throttle());
      if (IsArrayTask(job)) return FormatArrayTaskId(job.array_job_id(), job.array_task_id());
      return std::to_string(job.job_id());
    case 'F': return std::to_string(IsArrayTask(job) ? job.array_job_id() : job.job_id());
    case 'K':
      if (combined) return PendingTaskRanges(line);
      return IsArrayTask(job) ? std::to_string(job.array_task_id()) : "N/A";
    default: return std::to_string(job.job_id());  // 'A'
  }
}

// The text of one field; `type` is known to be in kFields.
std::string JobValue(const SqueueLine& line, char type, int64_t now) {
  const proto::JobRecord& job = *line.job;
  const proto::JobSpec& spec = job.spec();
  switch (type) {
    case 'a': return OrNull(spec.account());
    case 'A':
    case 'F':
    case 'i':
    case 'K': return IdValue(line, type);
    case 'B': return BatchHost(job);
    case 'c': return std::to_string(spec.has_cpus_per_task() ? spec.cpus_per_task() : 1);
    case 'C': return std::to_string(CpuCount(job));
    case 'D': return std::to_string(NodeCount(job));
    case 'e': return EndTime(job);
    case 'E': return OrNull(job.dependency_text());
    case 'g': return job.group().empty() ? std::to_string(job.gid()) : job.group();
    case 'G': return std::to_string(job.gid());
    case 'j': return spec.name();
    case 'k': return OrNull(spec.comment());
    case 'l': return FormatDuration(job.time_limit_s());
    case 'L': return TimeLeft(job, now);
    case 'm': return MinMemory(job);
    case 'M': return FormatDuration(JobTimeUsed(job, now));
    case 'n': return spec.nodelist();
    case 'N': return NodeList(job);
    // JobSpec keeps no script path; sbatch names a job after its script.
    case 'o': return spec.name();
    case 'p': return PriorityFraction(job.priority());
    case 'P': return job.partition().empty() ? spec.partition() : job.partition();  // the one it runs in, once started
    case 'q': return "normal";
    case 'Q': return std::to_string(job.priority());
    case 'r': return Reason(job);
    case 'R': return ReasonOrNodes(job);
    case 'S': return TimeOrNa(DisplayStartTime(job));
    case 't': return DisplayStateCode(job);
    case 'T': return DisplayStateName(job);
    case 'u': return job.user().empty() ? std::to_string(job.uid()) : job.user();
    case 'U': return std::to_string(job.uid());
    case 'V': return TimeOrNa(job.submit_time());
    case 'Y': return OrNull(job.scheduled_nodes());
    case 'Z': return spec.work_dir();
  }
  return "";
}

// Slurm's numbering of the base job states (enum job_states), for sorting.
int SlurmStateNumber(proto::JobState state) {
  switch (state) {
    case proto::PENDING: return 0;
    case proto::RUNNING: return 1;
    case proto::COMPLETED: return 3;
    case proto::CANCELLED: return 4;
    case proto::FAILED: return 5;
    case proto::TIMEOUT: return 6;
    case proto::NODE_FAIL: return 7;
    case proto::OUT_OF_MEMORY: return 11;
    default: return 100;
  }
}

}  // namespace

proto::JobState BaseState(const proto::JobRecord& job) {
  bool active = job.state() == proto::PENDING || job.state() == proto::RUNNING;
  return job.completing() && active ? job.end_state() : job.state();
}

int64_t JobTimeUsed(const proto::JobRecord& job, int64_t now) {
  if (job.start_time() == 0 || BaseState(job) == proto::PENDING) return 0;
  int64_t end = (BaseState(job) == proto::RUNNING || job.end_time() == 0) ? now : job.end_time();
  return std::max<int64_t>(0, end - job.start_time());
}

int64_t DisplayStartTime(const proto::JobRecord& job) {
  return job.state() == proto::PENDING ? job.expected_start() : job.start_time();
}

std::string FormatSqueueLines(const std::vector<SqueueLine>& lines, const std::string& format, bool header,
                              int64_t now) {
  ParsedFormat parsed = ParseFormat(format);
  auto lookup = [&lines, now](size_t row, const FormatField& field) -> std::optional<Cell> {
    char type = field.type;
    const FieldInfo* info = FindField(type);
    if (info == nullptr) return std::nullopt;
    if (row == kHeaderRow) return Cell{info->header, info->cut_header};
    return Cell{JobValue(lines[row], type, now), info->cut_value};
  };
  return RenderTable(parsed, lines.size(), header, lookup);
}

std::string FormatSqueue(const std::vector<proto::JobRecord>& jobs, const std::string& format,
                         bool header, int64_t now) {
  std::vector<SqueueLine> lines;
  lines.reserve(jobs.size());
  for (const proto::JobRecord& job : jobs) lines.push_back({&job, {}, nullptr});
  return FormatSqueueLines(lines, format, header, now);
}

std::vector<char> InvalidSqueueFields(const std::string& format) {
  return UnknownFieldTypes(ParseFormat(format), kSqueueFieldTypes);
}

bool DisplayOrderLess(const proto::JobRecord& a, const proto::JobRecord& b) {
  if (a.spec().partition() != b.spec().partition()) return a.spec().partition() < b.spec().partition();
  int sa = SlurmStateNumber(BaseState(a));
  int sb = SlurmStateNumber(BaseState(b));
  if (sa != sb) return sa < sb;
  if (a.priority() != b.priority()) return a.priority() > b.priority();
  return a.job_id() < b.job_id();
}

void SortJobsForDisplay(std::vector<proto::JobRecord>& jobs) {
  std::stable_sort(jobs.begin(), jobs.end(), DisplayOrderLess);
}

}  // namespace bramble::cli
