// What srun prints while its tasks run and when they end (pure).
//
// LineAssembler turns the chunks of output each task's stepd forwards
// into what srun writes: whole lines per task, so two tasks never share a
// line, optionally labelled "3: " (-l). It follows Slurm's two halves: the
// stepd's line buffering (src/slurmd/slurmstepd/io.c: a message is
// complete lines, or a partial line at end of file or once 1 KiB has
// piled up) and srun's write_labelled_message (src/common/
// write_labelled_message.c: a label in front of every line, and in label
// mode a newline after a trailing partial line). With -u the stepd does no
// buffering, so each chunk is one message.
//
// ExitReport keeps srun's account of task exits: the lines Slurm's
// _task_finish prints on stderr (src/srun/libsrun/launch.c, Slurm 22.05)
// and srun's exit code (fini_srun in src/srun/libsrun/srun_job.c).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bramble::cli {

// The width of srun's task labels: the digits of the largest task id,
// ntasks - 1 (_wid in src/api/step_io.c).
int LabelWidth(uint32_t ntasks);

// The label of `task` in a step of `ntasks` tasks: the id right-aligned to
// LabelWidth, then ": " ("%*d: "), e.g. " 3: " among 12 tasks.
std::string TaskLabel(uint32_t task, uint32_t ntasks);

// Text for srun's standard output and standard error.
struct OutputText {
  std::string out;
  std::string err;
};

class LineAssembler {
 public:
  // A partial line this long is written without waiting for its newline
  // (slurmstepd's message size, SLURM_IO_MAX_MSG_LEN in src/common/io_hdr.h). It
  // also bounds what one task can make srun hold.
  static constexpr size_t kMaxMessageBytes = 1024;

  LineAssembler(uint32_t ntasks, bool label, bool unbuffered);

  // Takes `data` from `task` on `stream` (1 stdout, 2 stderr; anything
  // else counts as stdout). Returns what srun writes now to that stream.
  std::string Add(uint32_t task, uint32_t stream, std::string_view data);

  // End of that task's stream: returns its held partial line, labelled and
  // newline-terminated in label mode, as it is otherwise.
  std::string Finish(uint32_t task, uint32_t stream);

  // Every held partial line (srun is ending), in task order.
  OutputText FinishAll();

 private:
  // One message as write_labelled_message writes it.
  std::string Write(uint32_t task, std::string_view message) const;

  uint32_t ntasks_;
  bool label_;
  bool unbuffered_;
  std::map<std::pair<uint32_t, uint32_t>, std::string> held_;  // (task, stream) -> partial line
};

// How some tasks of a step ended, as one node reports them.
struct TaskExit {
  uint32_t task = 0;
  std::string node;
  int exit_code = 0;           // when signal is 0
  int signal = 0;              // terminating signal, 0 = exited
  bool core_dumped = false;
  bool out_of_memory = false;  // the OOM killer ended it (Slurm's SIG_OOM)
};

class ExitReport {
 public:
  // Records exits that arrived together and returns the lines srun prints
  // on stderr for them, each ending in a newline: one line per node and
  // outcome, tasks as a range list, e.g.
  //   "srun: error: node01: tasks 0-3,5: Exited with exit code 1"
  //   "srun: error: node02: task 1: Killed"
  //   "srun: error: node02: task 4: Segmentation fault (core dumped)"
  //   "srun: error: node02: task 6: Out Of Memory" (once per srun)
  // Clean exits print nothing (Slurm logs them at verbose level), and
  // neither do signal deaths after MarkCancelled.
  std::string Add(const std::vector<TaskExit>& exits);

  // srun itself is ending the step (Ctrl-C twice, SIGTERM): from now on
  // tasks killed by a signal are expected and not reported.
  void MarkCancelled() { cancelled_ = true; }

  // Whether some task ended badly (non-zero, signal, OOM): the trigger for
  // --kill-on-bad-exit.
  bool AnyAbnormal() const { return abnormal_; }

  // srun's exit code: the highest exit code; but any signal death outranks
  // exit codes and gives 128 + the highest signal number; an OOM kill
  // outranks both and gives 253 (SIG_OOM read as a wait status by
  // fini_srun). 0 when every task exited 0; 1 when no exit was recorded.
  int ExitCode() const;

 private:
  enum class Outcome { kNone, kExited, kSignaled, kOutOfMemory };
  Outcome worst_ = Outcome::kNone;
  int worst_value_ = 0;  // exit code or signal number
  bool cancelled_ = false;
  bool abnormal_ = false;
  bool oom_printed_ = false;
};

// The line srun prints when a node could not start its tasks, ending in a
// newline: "srun: error: Task launch for StepId=12.0 failed on node
// node02: <why>" (_launch_tasks in src/api/step_launch.c).
std::string TaskLaunchFailedLine(uint32_t job_id, uint32_t step_id, const std::string& node, const std::string& why);

// Task ids as Slurm's bit_fmt writes a set: ascending, runs as ranges,
// "0-3,5,7-8".
std::string TaskRanges(std::vector<uint32_t> tasks);

}  // namespace bramble::cli
