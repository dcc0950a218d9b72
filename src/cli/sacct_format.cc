// sacct's lines and columns; see sacct_format.h.
#include "cli/sacct_format.h"

#include <algorithm>
#include <cstdio>

#include "common/array_spec.h"
#include "common/duration.h"
#include "common/hostlist.h"
#include "proto/job_state.h"
#include "proto/step_ids.h"

namespace bramble::cli {
namespace {

std::string StepSuffix(const proto::StepRecord& step) {
  if (step.step_id() == kBatchStepId) return "batch";
  if (step.step_id() == kExternStepId) return "extern";
  return std::to_string(step.step_id());
}

// sacct's order: batch, extern, then the numbered steps.
int StepRank(const proto::StepRecord& step) {
  if (step.step_id() == kBatchStepId) return 0;
  return step.step_id() == kExternStepId ? 1 : 2;
}

bool SelectorMatchesJob(const SacctSelector& selector, const proto::JobRecord& job) {
  if (selector.array_task) {
    return job.array_job_id() == selector.job_id && job.array_task_id() == *selector.array_task;
  }
  return job.job_id() == selector.job_id || job.array_job_id() == selector.job_id;
}

// Steps sorted as sacct prints them.
std::vector<const proto::StepRecord*> SortedSteps(const proto::JobRecord& job) {
  std::vector<const proto::StepRecord*> steps;
  for (const auto& step : job.steps()) steps.push_back(&step);
  std::stable_sort(steps.begin(), steps.end(), [](const proto::StepRecord* a, const proto::StepRecord* b) {
    if (StepRank(*a) != StepRank(*b)) return StepRank(*a) < StepRank(*b);
    return a->step_id() < b->step_id();
  });
  return steps;
}

std::string JobIdText(const proto::JobRecord& job) {
  if (job.array_job_id() != 0) return FormatArrayTaskId(job.array_job_id(), job.array_task_id());
  return std::to_string(job.job_id());
}

std::string StateText(const SacctLine& line) {
  if (line.step != nullptr) return JobStateName(line.step->state());
  const proto::JobRecord& job = *line.job;
  if (job.completing() && !IsFinished(job.state())) return "COMPLETING";
  std::string state = JobStateName(job.state());
  if (job.state() == proto::CANCELLED && job.cancelled_by() != 0) {
    state += " by " + std::to_string(job.cancelled_by());
  }
  return state;
}

int64_t ElapsedOf(int64_t start, int64_t end, int64_t now) {
  if (start == 0) return 0;
  return std::max<int64_t>(0, (end != 0 ? end : now) - start);
}

uint32_t JobCpus(const proto::JobRecord& job) {
  uint32_t cpus = 0;
  for (uint32_t n : job.cpus_per_node()) cpus += n;
  return cpus;
}

// A job's CPU times: the sum of its steps' (Slurm's TotalCPU of the job).
int64_t JobCpuUs(const proto::JobRecord& job, bool user, bool system) {
  int64_t total = 0;
  for (const auto& step : job.steps()) {
    if (user) total += step.user_cpu_us();
    if (system) total += step.system_cpu_us();
  }
  return total;
}

std::string Fit(const std::string& text, const SacctColumn& column) {
  int width = column.width;
  if (static_cast<int>(text.size()) > width) {
    std::string cut = text.substr(0, static_cast<size_t>(width));
    if (!cut.empty()) cut.back() = '+';
    return cut;
  }
  std::string pad(static_cast<size_t>(width) - text.size(), ' ');
  return column.left ? text + pad : pad + text;
}

std::string JobValue(const proto::JobRecord& job, const std::string& name, int64_t now) {
  const proto::JobSpec& spec = job.spec();
  int64_t elapsed = ElapsedOf(job.start_time(), job.end_time(), now);
  if (name == "Account") return spec.account();
  if (name == "AllocCPUS" || name == "NCPUS") return std::to_string(JobCpus(job));
  if (name == "AllocNodes") return std::to_string(job.nodes_size());
  if (name == "CPUTime") return FormatElapsed(elapsed * JobCpus(job));
  if (name == "CPUTimeRAW") return std::to_string(elapsed * JobCpus(job));
  if (name == "Comment") return spec.comment();
  if (name == "Elapsed") return FormatElapsed(elapsed);
  if (name == "ElapsedRaw") return std::to_string(elapsed);
  if (name == "Eligible") return FormatTimestamp(job.eligible_time());
  if (name == "End") return FormatTimestamp(IsFinished(job.state()) ? job.end_time() : 0);
  if (name == "ExitCode") return std::to_string(job.exit_code()) + ":" + std::to_string(job.exit_signal());
  if (name == "GID") return std::to_string(job.gid());
  if (name == "Group") return job.group();
  if (name == "JobID") return JobIdText(job);
  if (name == "JobIDRaw") return std::to_string(job.job_id());
  if (name == "JobName") return spec.name();
  if (name == "MaxRSS") return "";
  if (name == "NNodes") {
    if (job.nodes_size() > 0) return std::to_string(job.nodes_size());
    return std::to_string(spec.has_nodes_min() ? spec.nodes_min() : 1);
  }
  if (name == "NodeList") {
    if (job.nodes_size() == 0) return "None assigned";
    return CompressHostlist({job.nodes().begin(), job.nodes().end()});
  }
  if (name == "NTasks") return "";
  if (name == "Partition") return job.partition().empty() ? spec.partition() : job.partition();
  if (name == "Reason") return job.reason().empty() ? "None" : job.reason();
  if (name == "ReqMem") return job.mem_per_node_mb() > 0 ? FormatKibibytes(job.mem_per_node_mb() * 1024) : "0";
  if (name == "Start") return FormatTimestamp(job.start_time());
  if (name == "Submit") return FormatTimestamp(job.submit_time());
  if (name == "SystemCPU") return FormatCpuTime(JobCpuUs(job, false, true));
  if (name == "Timelimit") return FormatDurationLong(job.time_limit_s());
  if (name == "TotalCPU") return FormatCpuTime(JobCpuUs(job, true, true));
  if (name == "UID") return std::to_string(job.uid());
  if (name == "User") return job.user();
  if (name == "UserCPU") return FormatCpuTime(JobCpuUs(job, true, false));
  if (name == "WorkDir") return spec.work_dir();
  return "";
}

std::string StepValue(const proto::JobRecord& job, const proto::StepRecord& step, const std::string& name,
                      int64_t now) {
  int64_t elapsed = ElapsedOf(step.start_time(), step.end_time(), now);
  if (name == "AllocCPUS" || name == "NCPUS") return std::to_string(step.cpus());
  if (name == "AllocNodes" || name == "NNodes") return std::to_string(step.nodes_size());
  if (name == "CPUTime") return FormatElapsed(elapsed * step.cpus());
  if (name == "CPUTimeRAW") return std::to_string(elapsed * step.cpus());
  if (name == "Elapsed") return FormatElapsed(elapsed);
  if (name == "ElapsedRaw") return std::to_string(elapsed);
  if (name == "End") return FormatTimestamp(step.end_time());
  if (name == "ExitCode") return std::to_string(step.exit_code()) + ":" + std::to_string(step.exit_signal());
  if (name == "JobID") return JobIdText(job) + "." + StepSuffix(step);
  if (name == "JobIDRaw") return std::to_string(job.job_id()) + "." + StepSuffix(step);
  if (name == "JobName") return step.name();
  if (name == "MaxRSS") return step.end_time() != 0 ? FormatKibibytes(step.max_rss_kb()) : "";
  if (name == "NodeList") return CompressHostlist({step.nodes().begin(), step.nodes().end()});
  if (name == "NTasks") return std::to_string(step.ntasks());
  if (name == "Start") return FormatTimestamp(step.start_time());
  if (name == "SystemCPU") return FormatCpuTime(step.system_cpu_us());
  if (name == "TotalCPU") return FormatCpuTime(step.user_cpu_us() + step.system_cpu_us());
  if (name == "UserCPU") return FormatCpuTime(step.user_cpu_us());
  if (name == "Account" || name == "Cluster" || name == "Submit" || name == "Eligible" || name == "UID" ||
      name == "GID" || name == "Group" || name == "WorkDir") {
    return JobValue(job, name, now);
  }
  return "";  // job-only columns (Partition, User, Reason, ReqMem, Timelimit, Comment)
}

}  // namespace

std::string FormatElapsed(int64_t seconds) {
  if (seconds < 0) seconds = 0;
  char buffer[64];
  int64_t days = seconds / 86400, hours = seconds / 3600 % 24, minutes = seconds / 60 % 60, secs = seconds % 60;
  if (days > 0) {
    std::snprintf(buffer, sizeof buffer, "%lld-%02lld:%02lld:%02lld", static_cast<long long>(days),
                  static_cast<long long>(hours), static_cast<long long>(minutes), static_cast<long long>(secs));
  } else {
    std::snprintf(buffer, sizeof buffer, "%02lld:%02lld:%02lld", static_cast<long long>(hours),
                  static_cast<long long>(minutes), static_cast<long long>(secs));
  }
  return buffer;
}

std::string FormatCpuTime(int64_t microseconds) {
  if (microseconds < 0) microseconds = 0;
  int64_t seconds = microseconds / 1000000;
  if (seconds >= 3600) return FormatElapsed(seconds);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%02lld:%02lld.%03lld", static_cast<long long>(seconds / 60),
                static_cast<long long>(seconds % 60), static_cast<long long>(microseconds / 1000 % 1000));
  return buffer;
}

std::string FormatKibibytes(int64_t kib) {
  static constexpr char kUnits[] = {'K', 'M', 'G', 'T', 'P'};
  if (kib <= 0) return "0";
  size_t unit = 0;
  while (kib % 1024 == 0 && unit + 1 < sizeof kUnits) {
    kib /= 1024;
    ++unit;
  }
  return std::to_string(kib) + kUnits[unit];
}

std::vector<SacctLine> SacctLines(const std::vector<proto::JobRecord>& jobs, const SacctOptions& options) {
  std::vector<SacctLine> lines;
  for (const proto::JobRecord& job : jobs) {
    bool whole = options.selectors.empty();
    std::vector<std::string> steps_named;
    for (const SacctSelector& selector : options.selectors) {
      if (!SelectorMatchesJob(selector, job)) continue;
      if (selector.step) {
        steps_named.push_back(*selector.step);
      } else {
        whole = true;
      }
    }
    if (!whole && steps_named.empty()) continue;
    if (whole) lines.push_back({&job, nullptr});
    for (const proto::StepRecord* step : SortedSteps(job)) {
      bool named = std::find(steps_named.begin(), steps_named.end(), StepSuffix(*step)) != steps_named.end();
      if (named || (whole && !options.allocations)) lines.push_back({&job, step});
    }
  }
  return lines;
}

std::string SacctValue(const SacctLine& line, const std::string& name, int64_t now, const TimeZone& zone) {
  (void)zone;  // FormatTimestamp uses the process's zone, which is the zone sacct runs in
  if (name == "State") return StateText(line);
  if (line.step != nullptr) return StepValue(*line.job, *line.step, name, now);
  return JobValue(*line.job, name, now);
}

std::string RenderSacct(const std::vector<SacctLine>& lines, const SacctOptions& options, int64_t now,
                        const TimeZone& zone) {
  bool parsable = options.parsable || options.parsable2;
  std::string out;
  auto emit = [&](const std::vector<std::string>& values) {
    for (size_t i = 0; i < values.size(); ++i) {
      if (parsable) {
        out += values[i];
        if (options.parsable || i + 1 < values.size()) out += '|';
      } else {
        out += Fit(values[i], options.columns[i]) + " ";
      }
    }
    out += '\n';
  };
  if (!options.no_header) {
    std::vector<std::string> names, dashes;
    for (const SacctColumn& column : options.columns) {
      names.push_back(column.name);
      dashes.push_back(std::string(static_cast<size_t>(column.width), '-'));
    }
    emit(names);
    if (!parsable) emit(dashes);
  }
  for (const SacctLine& line : lines) {
    std::vector<std::string> values;
    for (const SacctColumn& column : options.columns) values.push_back(SacctValue(line, column.name, now, zone));
    emit(values);
  }
  return out;
}

}  // namespace bramble::cli
