// srun's task output and exit report; see task_output.h.
#include "cli/task_output.h"

#include <algorithm>
#include <cstring>
#include <tuple>

#include "common/array_spec.h"

namespace bramble::cli {
namespace {

// Slurm's SIG_OOM (slurm.h): the status slurmstepd reports for an OOM kill.
constexpr int kSigOom = 253;

// strsignal's text, as _task_finish prints it ("Killed", "Terminated",
// "Segmentation fault").
std::string SignalText(int signal) { return ::strsignal(signal); }

// The outcome a group of exits shares.
using GroupKey = std::tuple<std::string, int, int, bool, bool>;  // node, code, signal, core, oom

}  // namespace

int LabelWidth(uint32_t ntasks) {
  int width = 1;
  uint32_t n = ntasks > 0 ? ntasks - 1 : 0;
  while (n /= 10) ++width;
  return width;
}

std::string TaskLabel(uint32_t task, uint32_t ntasks) {
  std::string id = std::to_string(task);
  size_t width = static_cast<size_t>(LabelWidth(ntasks));
  if (id.size() < width) id.insert(0, width - id.size(), ' ');
  return id + ": ";
}

LineAssembler::LineAssembler(uint32_t ntasks, bool label, bool unbuffered)
    : ntasks_(ntasks), label_(label), unbuffered_(unbuffered) {}

std::string LineAssembler::Write(uint32_t task, std::string_view message) const {
  if (!label_) return std::string(message);
  std::string out;
  const std::string label = TaskLabel(task, ntasks_);
  while (!message.empty()) {
    size_t newline = message.find('\n');
    out += label;
    if (newline == std::string_view::npos) {
      out.append(message);
      out += '\n';  // a partial line ends here in label mode
      break;
    }
    out.append(message.substr(0, newline + 1));
    message.remove_prefix(newline + 1);
  }
  return out;
}

std::string LineAssembler::Add(uint32_t task, uint32_t stream, std::string_view data) {
  if (stream != 2) stream = 1;
  if (unbuffered_) return Write(task, data);
  std::string& held = held_[{task, stream}];
  held.append(data);
  std::string out;
  size_t last_newline = held.rfind('\n');
  if (last_newline != std::string::npos) {
    out += Write(task, std::string_view(held).substr(0, last_newline + 1));
    held.erase(0, last_newline + 1);
  }
  while (held.size() >= kMaxMessageBytes) {
    out += Write(task, std::string_view(held).substr(0, kMaxMessageBytes));
    held.erase(0, kMaxMessageBytes);
  }
  if (held.empty()) held_.erase({task, stream});
  return out;
}

std::string LineAssembler::Finish(uint32_t task, uint32_t stream) {
  if (stream != 2) stream = 1;
  auto it = held_.find({task, stream});
  if (it == held_.end()) return "";
  std::string out = Write(task, it->second);
  held_.erase(it);
  return out;
}

OutputText LineAssembler::FinishAll() {
  OutputText text;
  for (const auto& [key, held] : held_) {
    (key.second == 2 ? text.err : text.out) += Write(key.first, held);
  }
  held_.clear();
  return text;
}

std::string TaskRanges(std::vector<uint32_t> tasks) {
  std::sort(tasks.begin(), tasks.end());
  tasks.erase(std::unique(tasks.begin(), tasks.end()), tasks.end());
  return FormatIndexRanges(tasks);
}

std::string ExitReport::Add(const std::vector<TaskExit>& exits) {
  // One group per node and outcome, as slurmstepd sends one task-exit
  // message per status; groups in the order of their lowest task.
  std::map<GroupKey, std::vector<uint32_t>> groups;
  for (const TaskExit& exit : exits) {
    GroupKey key{exit.node, exit.signal == 0 ? exit.exit_code : 0, exit.signal, exit.signal != 0 && exit.core_dumped,
                 exit.out_of_memory};
    groups[key].push_back(exit.task);
  }
  std::vector<std::pair<GroupKey, std::vector<uint32_t>>> ordered(groups.begin(), groups.end());
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    return *std::min_element(a.second.begin(), a.second.end()) < *std::min_element(b.second.begin(), b.second.end());
  });

  std::string out;
  for (const auto& [key, tasks] : ordered) {
    const auto& [node, code, signal, core, oom] = key;
    std::string who =
        "srun: error: " + node + ": " + (tasks.size() == 1 ? "task " : "tasks ") + TaskRanges(tasks) + ": ";
    if (oom) {
      if (!oom_printed_) out += who + "Out Of Memory\n";
      oom_printed_ = true;
      abnormal_ = true;
      worst_ = Outcome::kOutOfMemory;
      worst_value_ = kSigOom;
    } else if (signal == 0) {
      if (code == 0) continue;  // "Completed", at verbose level
      out += who + "Exited with exit code " + std::to_string(code) + "\n";
      abnormal_ = true;
      if (worst_ == Outcome::kNone || (worst_ == Outcome::kExited && code > worst_value_)) {
        worst_ = Outcome::kExited;
        worst_value_ = code;
      }
    } else {
      if (!cancelled_) out += who + SignalText(signal) + (core ? " (core dumped)" : "") + "\n";
      abnormal_ = true;
      // "Even though lower numbered signals can be stronger than higher
      // numbered signals, keep the highest signal" (_task_finish).
      if (worst_ != Outcome::kOutOfMemory && (worst_ != Outcome::kSignaled || signal > worst_value_)) {
        worst_ = Outcome::kSignaled;
        worst_value_ = signal;
      }
    }
  }
  // A clean exit still counts: it is the exit code when nothing worse came.
  for (const TaskExit& exit : exits) {
    if (exit.signal == 0 && !exit.out_of_memory && exit.exit_code == 0 && worst_ == Outcome::kNone) {
      worst_ = Outcome::kExited;
      worst_value_ = 0;
    }
  }
  return out;
}

int ExitReport::ExitCode() const {
  switch (worst_) {
    case Outcome::kNone: return 1;
    case Outcome::kExited: return worst_value_;
    case Outcome::kSignaled: return 128 + worst_value_;
    case Outcome::kOutOfMemory: return kSigOom;
  }
  return 1;
}

std::string TaskLaunchFailedLine(uint32_t job_id, uint32_t step_id, const std::string& node, const std::string& why) {
  return "srun: error: Task launch for StepId=" + std::to_string(job_id) + "." + std::to_string(step_id) +
         " failed on node " + node + ": " + why + "\n";
}

}  // namespace bramble::cli
