// Job dependencies (sbatch --dependency): parsing, checking at submit time,
// evaluation against a snapshot of the job table, and squeue's %E rendering.
//
// Pure logic: the controller builds a DependencyIndex from its job table once
// per scheduling pass and calls Evaluate for each pending job that has a
// dependency; what to do with a dependency that can never be satisfied
// (keep the job with reason DependencyNeverSatisfied, or cancel it under
// --kill-on-invalid-dep) is the controller's decision.
//
// Invariants, as in Slurm:
// - A term that has been satisfied or found never satisfiable keeps that
//   state; Evaluate records it in the term. So a requeued job that later
//   completes cannot revive an afterok that its failure broke, and a
//   dependency that is never satisfied stays so.
// - Terms are joined by "," (all must hold) or "?" (any may hold), never both.
// - A job that is no longer in the table (purged after MinJobAge) no longer
//   holds anyone back: its terms count as satisfied. At submit time
//   afterok/afternotok on an unknown job are refused instead
//   (ResolveDependency), since their outcome can no longer be known.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bramble::sched {

// Slurm's text for every rejected dependency (ESLURM_DEPENDENCY).
inline constexpr const char* kDependencyErrorText = "Job dependency problem";

// Most terms one dependency may hold: a dependency on every job of a
// 10 000-job queue fits, an accidental "afterok:12_[0-3999999]" does not.
inline constexpr size_t kMaxDependencyTerms = 65536;

enum class DependencyType { kAfter, kAfterAny, kAfterOk, kAfterNotOk, kAfterCorr, kSingleton };

enum class DependencyState { kSatisfied, kPending, kNeverSatisfied };

// DependencyTerm::array_task_id values other than a task index.
inline constexpr int64_t kNoArrayTask = -1;  // "12": the job with that id
inline constexpr int64_t kWholeArray = -2;   // "12_*": every task of array 12

struct DependencyTerm {
  DependencyType type = DependencyType::kAfterAny;
  uint32_t job_id = 0;                   // 0 for singleton
  int64_t array_task_id = kNoArrayTask;  // a task index, kNoArrayTask or kWholeArray
  uint32_t delay_minutes = 0;            // "+N" (Slurm honours it for after only)
  DependencyState state = DependencyState::kPending;  // recorded outcome, final once not kPending
};

struct Dependency {
  std::vector<DependencyTerm> terms;  // empty = no dependency
  bool any = false;                   // "?": any term may hold; else all must
};

// Job states as dependencies see them (Slurm's base states).
enum class JobState {
  kPending,
  kRunning,
  kSuspended,
  kCompleted,
  kCancelled,
  kFailed,
  kTimeout,
  kNodeFail,
  kPreempted,
  kBootFail,
  kDeadline,
  kOutOfMemory,
};

// One record of the job table. An array is one record per task; a task still
// in the array's pending remainder has no id of its own yet (job_id 0).
struct DependencyJob {
  uint32_t job_id = 0;
  uint32_t array_job_id = 0;   // 0 when not an array task
  int64_t array_task_id = -1;  // -1 when not an array task
  JobState state = JobState::kPending;
  int32_t exit_code = 0;
  // When it started; 0 if it never did. For a job cancelled while pending
  // the controller records the cancel time here, as Slurm does, so that
  // "after:ID+N" counts from the cancellation.
  int64_t start_time = 0;
  std::string user;
  std::string name;
};

// Whether the job has ended (any state after RUNNING and SUSPENDED).
bool IsEnded(JobState state);
// Whether it ended the way afterok wants: COMPLETED with exit code 0.
bool EndedOk(const DependencyJob& job);

// The job table, indexed for evaluation: built once per pass in O(n), then
// every lookup is O(1), so 10 000 pending jobs evaluate in O(terms).
class DependencyIndex {
 public:
  explicit DependencyIndex(std::vector<DependencyJob> jobs);
  ~DependencyIndex();
  DependencyIndex(const DependencyIndex&) = delete;
  DependencyIndex& operator=(const DependencyIndex&) = delete;

  // The record with this job id (not 0), or null.
  const DependencyJob* FindJob(uint32_t job_id) const;
  // The record of one array task, or null.
  const DependencyJob* FindTask(uint32_t array_job_id, uint32_t task_id) const;

  // What the dependency rules need to know about all tasks of one array.
  struct ArraySummary {
    size_t tasks = 0;
    size_t pending = 0;            // tasks not yet started
    size_t ended = 0;              // tasks that have ended
    size_t ended_ok = 0;           // tasks that completed with exit code 0
    int64_t latest_start = 0;      // latest start_time of a task that is not pending
    bool started_without_time = false;  // a task not pending has start_time 0
  };
  // The summary of array `array_job_id`, or null when no task is known.
  const ArraySummary* FindArray(uint32_t array_job_id) const;

  // Whether another job of self's user and name holds a singleton back:
  // one RUNNING or SUSPENDED, or one PENDING submitted earlier (lower id).
  bool SingletonBlocked(const DependencyJob& self) const;

 private:
  struct Tables;
  std::vector<DependencyJob> jobs_;
  std::unique_ptr<Tables> tables_;
};

// Parses a --dependency value: items "TYPE:ID[:ID...]" with TYPE after,
// afterany, afterok, afternotok or aftercorr (any case), "singleton", or a bare
// ID (afterany, Slurm's old form), joined by "," or by "?". An ID is "123",
// "123_4" (one array task), "123_*" (the whole array) or "123_[1-3,5]" (those
// tasks), optionally followed by "+MINUTES" and by a state as squeue prints
// it ("(unfulfilled)", "(failed)"; "(fulfilled)" reads as unfulfilled, as in
// Slurm), so FormatDependency's output parses back. Repeated terms are kept
// once. "" and "0" give no dependency. Fails with
// InvalidArgument(kDependencyErrorText) on anything else, on mixing "," and
// "?", on job id 0, on a zero delay, and past kMaxDependencyTerms.
Result<Dependency> ParseDependency(std::string_view text);

// Checks a parsed dependency at submit (or update) time against the jobs the
// controller knows, as Slurm does, and returns it with every plain ID that
// names an array turned into a whole-array term (shown "12_*"). Fails with
// InvalidArgument(kDependencyErrorText) when a term names `self` (its own
// array included), or when afterok/afternotok names a job the table does not
// hold.
Result<Dependency> ResolveDependency(Dependency dependency, const DependencyJob& self,
                                     const DependencyIndex& jobs);

// The state one term has now, from the table alone (its recorded state is
// ignored). `now` is in seconds, like start_time.
DependencyState EvaluateTerm(const DependencyTerm& term, const DependencyJob& self,
                             const DependencyIndex& jobs, int64_t now);

// The state of the whole dependency from its terms' recorded states: with
// ",", never if a term is never, pending if one is pending, else satisfied;
// with "?", satisfied if a term is satisfied, pending if one is pending, else
// never. No terms: satisfied.
DependencyState CombinedState(const Dependency& dependency);

// Re-tests the terms still pending, records their new states in
// `dependency` (terms already decided keep their state) and returns
// CombinedState.
DependencyState Evaluate(Dependency* dependency, const DependencyJob& self,
                         const DependencyIndex& jobs, int64_t now);

// What squeue's %E shows (Slurm 20.11 and later): the terms not yet
// satisfied, each as "afterok:12(unfulfilled)", "afterany:12_*(failed)",
// "after:12+5(unfulfilled)" or "singleton(unfulfilled)", joined by the
// dependency's separator. "(null)" when there is no dependency or it is
// satisfied (Slurm then clears it).
std::string FormatDependency(const Dependency& dependency);

}  // namespace bramble::sched
