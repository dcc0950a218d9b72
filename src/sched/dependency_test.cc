// Tests for job dependencies: every --dependency form and error, the rules of
// each type against small job tables, submit-time checks, squeue's %E text,
// and generated cases (fixed seed): evaluation agrees with a brute-force
// reference that scans the table, and a dependency never satisfied stays so
// whatever happens to the other jobs.
#include "sched/dependency.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace bramble::sched {
namespace {

using S = DependencyState;
using T = DependencyType;

Dependency Parse(std::string_view text) {
  Result<Dependency> dependency = ParseDependency(text);
  EXPECT_TRUE(dependency.has_value()) << text;
  return dependency ? *dependency : Dependency();
}

DependencyTerm Term(T type, uint32_t job_id, int64_t task = kNoArrayTask, uint32_t delay = 0) {
  DependencyTerm term;
  term.type = type;
  term.job_id = job_id;
  term.array_task_id = task;
  term.delay_minutes = delay;
  return term;
}

bool SameTerms(const std::vector<DependencyTerm>& a, const std::vector<DependencyTerm>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].type != b[i].type || a[i].job_id != b[i].job_id || a[i].array_task_id != b[i].array_task_id ||
        a[i].delay_minutes != b[i].delay_minutes || a[i].state != b[i].state) {
      return false;
    }
  }
  return true;
}

void ExpectTerms(std::string_view text, const std::vector<DependencyTerm>& terms, bool any = false) {
  Dependency d = Parse(text);
  EXPECT_TRUE(SameTerms(d.terms, terms)) << text << " -> " << FormatDependency(d);
  EXPECT_EQ(d.any, any) << text;
}

void ExpectRejected(std::string_view text) {
  Result<Dependency> d = ParseDependency(text);
  ASSERT_FALSE(d.has_value()) << "accepted '" << text << "'";
  EXPECT_EQ(d.error().code(), Code::kInvalidArgument);
  EXPECT_EQ(d.error().message(), "Job dependency problem") << text;
}

// ---------------------------------------------------------------------------
// Parsing

TEST(ParseDependency, EachType) {
  ExpectTerms("after:12", {Term(T::kAfter, 12)});
  ExpectTerms("afterany:12", {Term(T::kAfterAny, 12)});
  ExpectTerms("afterok:12", {Term(T::kAfterOk, 12)});
  ExpectTerms("afternotok:12", {Term(T::kAfterNotOk, 12)});
  ExpectTerms("aftercorr:12", {Term(T::kAfterCorr, 12)});
  ExpectTerms("singleton", {Term(T::kSingleton, 0)});
}

TEST(ParseDependency, TypeNamesIgnoreCase) {
  ExpectTerms("AfterOK:12", {Term(T::kAfterOk, 12)});
  ExpectTerms("SINGLETON", {Term(T::kSingleton, 0)});
}

TEST(ParseDependency, SeveralIdsPerType) {
  ExpectTerms("afterok:20:21", {Term(T::kAfterOk, 20), Term(T::kAfterOk, 21)});
  ExpectTerms("after:1:2:3", {Term(T::kAfter, 1), Term(T::kAfter, 2), Term(T::kAfter, 3)});
}

TEST(ParseDependency, DelayMinutes) {
  ExpectTerms("after:12+5", {Term(T::kAfter, 12, kNoArrayTask, 5)});
  ExpectTerms("after:12+5:13", {Term(T::kAfter, 12, kNoArrayTask, 5), Term(T::kAfter, 13)});
  ExpectTerms("after:12:13+10", {Term(T::kAfter, 12), Term(T::kAfter, 13, kNoArrayTask, 10)});
  ExpectTerms("after:12_3+2", {Term(T::kAfter, 12, 3, 2)});
}

TEST(ParseDependency, ArrayTaskIds) {
  ExpectTerms("afterok:12_4", {Term(T::kAfterOk, 12, 4)});
  ExpectTerms("afterok:12_0", {Term(T::kAfterOk, 12, 0)});
  ExpectTerms("afternotok:12_*", {Term(T::kAfterNotOk, 12, kWholeArray)});
  ExpectTerms("afterok:12_[1-3,5]",
              {Term(T::kAfterOk, 12, 1), Term(T::kAfterOk, 12, 2), Term(T::kAfterOk, 12, 3), Term(T::kAfterOk, 12, 5)});
  ExpectTerms("afterok:12_[4]:13", {Term(T::kAfterOk, 12, 4), Term(T::kAfterOk, 13)});
}

TEST(ParseDependency, CommaMeansAll) {
  ExpectTerms("afterok:20:21,afterany:23",
              {Term(T::kAfterOk, 20), Term(T::kAfterOk, 21), Term(T::kAfterAny, 23)});
  ExpectTerms("afterok:12,singleton", {Term(T::kAfterOk, 12), Term(T::kSingleton, 0)});
}

TEST(ParseDependency, QuestionMarkMeansAny) {
  ExpectTerms("afterok:20:21?afterany:23",
              {Term(T::kAfterOk, 20), Term(T::kAfterOk, 21), Term(T::kAfterAny, 23)}, /*any=*/true);
  ExpectTerms("afterok:12_[1-2]?singleton",
              {Term(T::kAfterOk, 12, 1), Term(T::kAfterOk, 12, 2), Term(T::kSingleton, 0)}, /*any=*/true);
}

TEST(ParseDependency, BareIdsAreAfterany) {
  ExpectTerms("12", {Term(T::kAfterAny, 12)});
  ExpectTerms("12,13", {Term(T::kAfterAny, 12), Term(T::kAfterAny, 13)});
  ExpectTerms("12_3", {Term(T::kAfterAny, 12, 3)});
  ExpectTerms("afterok:12,13", {Term(T::kAfterOk, 12), Term(T::kAfterAny, 13)});
}

TEST(ParseDependency, RepeatsKeptOnce) {
  ExpectTerms("afterok:12:12", {Term(T::kAfterOk, 12)});
  ExpectTerms("afterok:12,afterok:12+3", {Term(T::kAfterOk, 12)});
  ExpectTerms("afterok:12,afterany:12", {Term(T::kAfterOk, 12), Term(T::kAfterAny, 12)});
  ExpectTerms("afterok:12,afterok:12_1", {Term(T::kAfterOk, 12), Term(T::kAfterOk, 12, 1)});
  ExpectTerms("singleton,singleton", {Term(T::kSingleton, 0)});
}

TEST(ParseDependency, StateSuffixes) {
  DependencyTerm failed = Term(T::kAfterOk, 12);
  failed.state = S::kNeverSatisfied;
  ExpectTerms("afterok:12(failed)", {failed});
  ExpectTerms("afterok:12(unfulfilled)", {Term(T::kAfterOk, 12)});
  ExpectTerms("afterok:12(fulfilled)", {Term(T::kAfterOk, 12)});  // Slurm reads it as unfulfilled
  ExpectTerms("after:12+5(unfulfilled)", {Term(T::kAfter, 12, kNoArrayTask, 5)});
  ExpectTerms("singleton(unfulfilled)", {Term(T::kSingleton, 0)});
}

TEST(ParseDependency, EmptyAndZeroMeanNone) {
  EXPECT_TRUE(Parse("").terms.empty());
  EXPECT_TRUE(Parse("0").terms.empty());
  EXPECT_EQ(FormatDependency(Parse("")), "(null)");
}

TEST(ParseDependency, Rejects) {
  for (const char* text :
       {"afterok:12,afterany:13?after:14", "afterok:12?afterany:13,after:14", "12?13,14", "afterok", "afterok:",
        "afterok:0", "afterok:abc", "afterok:12+0", "afterok:12+", "afterok:12+x", "afterok:12x", "afterok:12_",
        "afterok:12_x", "afterok:12_[", "afterok:12_[]", "afterok:12_[3-1]", "afterok:12_*5", "afterok:12(weird)",
        "afterok:12(failed", "afterok:12(failed)x", "afterok:1::2", "afterok:-1", "afterok:99999999999",
        "afterok:4294967296", "afterok: 12", "bogus:12", "expand:12", "afterburstbuffer:12", "singleton:1",
        "singletons", "12+5", "12(failed)", "12x", ",", "afterok:12,", ",afterok:12", "afterok:12?", "?",
        "afterok:12_[0-3999999]", "after", ":12", "afterok;12", "afterok:12_4000001"}) {
    ExpectRejected(text);
  }
}

TEST(ParseDependency, TermCap) {
  std::string text = "afterok:1";
  for (uint32_t id = 2; id <= kMaxDependencyTerms; ++id) text += ":" + std::to_string(id);
  EXPECT_EQ(Parse(text).terms.size(), kMaxDependencyTerms);
  ExpectRejected(text + ":" + std::to_string(kMaxDependencyTerms + 1));
  ExpectRejected(text + ",afterany:1");
  EXPECT_EQ(Parse(text + ":1").terms.size(), kMaxDependencyTerms);  // a repeat is no new term
}

// ---------------------------------------------------------------------------
// A small job table builder.

DependencyJob Job(uint32_t id, JobState state, int32_t exit_code = 0, int64_t start = 0) {
  DependencyJob job;
  job.job_id = id;
  job.state = state;
  job.exit_code = exit_code;
  job.start_time = start;
  job.user = "alice";
  job.name = "job" + std::to_string(id);
  return job;
}

DependencyJob Task(uint32_t id, uint32_t array, int64_t task, JobState state, int32_t exit_code = 0,
                   int64_t start = 0) {
  DependencyJob job = Job(id, state, exit_code, start);
  job.array_job_id = array;
  job.array_task_id = task;
  job.name = "array" + std::to_string(array);
  return job;
}

DependencyJob Self() { return Job(1000, JobState::kPending); }

S Eval(const DependencyTerm& term, const std::vector<DependencyJob>& jobs, int64_t now = 100000,
       const DependencyJob& self = Self()) {
  DependencyIndex index(jobs);
  return EvaluateTerm(term, self, index, now);
}

constexpr JobState kEndedStates[] = {JobState::kCompleted, JobState::kCancelled, JobState::kFailed,
                                     JobState::kTimeout,   JobState::kNodeFail,  JobState::kPreempted,
                                     JobState::kBootFail,  JobState::kDeadline,  JobState::kOutOfMemory};

// ---------------------------------------------------------------------------
// Rules, one job

TEST(EvaluateTerm, After) {
  DependencyTerm after = Term(T::kAfter, 5);
  EXPECT_EQ(Eval(after, {Job(5, JobState::kPending)}), S::kPending);
  EXPECT_EQ(Eval(after, {Job(5, JobState::kRunning, 0, 50)}), S::kSatisfied);
  EXPECT_EQ(Eval(after, {Job(5, JobState::kSuspended, 0, 50)}), S::kSatisfied);
  for (JobState state : kEndedStates) {
    EXPECT_EQ(Eval(after, {Job(5, state, 1, 50)}), S::kSatisfied);  // started or cancelled
  }
}

TEST(EvaluateTerm, AfterWithDelayCountsFromStart) {
  DependencyTerm after = Term(T::kAfter, 5, kNoArrayTask, 10);  // +10 minutes
  EXPECT_EQ(Eval(after, {Job(5, JobState::kPending)}, 100000), S::kPending);
  EXPECT_EQ(Eval(after, {Job(5, JobState::kRunning, 0, 1000)}, 1000 + 599), S::kPending);
  EXPECT_EQ(Eval(after, {Job(5, JobState::kRunning, 0, 1000)}, 1000 + 600), S::kSatisfied);
  EXPECT_EQ(Eval(after, {Job(5, JobState::kCancelled, 0, 1000)}, 1000 + 600), S::kSatisfied);
  // No start time recorded: wait, as Slurm does.
  EXPECT_EQ(Eval(after, {Job(5, JobState::kCancelled, 0, 0)}, 100000), S::kPending);
}

TEST(EvaluateTerm, AfterAny) {
  DependencyTerm term = Term(T::kAfterAny, 5);
  EXPECT_EQ(Eval(term, {Job(5, JobState::kPending)}), S::kPending);
  EXPECT_EQ(Eval(term, {Job(5, JobState::kRunning)}), S::kPending);
  EXPECT_EQ(Eval(term, {Job(5, JobState::kSuspended)}), S::kPending);
  for (JobState state : kEndedStates) EXPECT_EQ(Eval(term, {Job(5, state, 3)}), S::kSatisfied);
}

TEST(EvaluateTerm, AfterOk) {
  DependencyTerm term = Term(T::kAfterOk, 5);
  EXPECT_EQ(Eval(term, {Job(5, JobState::kPending)}), S::kPending);
  EXPECT_EQ(Eval(term, {Job(5, JobState::kRunning)}), S::kPending);
  EXPECT_EQ(Eval(term, {Job(5, JobState::kCompleted, 0)}), S::kSatisfied);
  EXPECT_EQ(Eval(term, {Job(5, JobState::kCompleted, 1)}), S::kNeverSatisfied);
  for (JobState state : kEndedStates) {
    if (state != JobState::kCompleted) {
      EXPECT_EQ(Eval(term, {Job(5, state, 0)}), S::kNeverSatisfied);
    }
  }
}

TEST(EvaluateTerm, AfterNotOk) {
  DependencyTerm term = Term(T::kAfterNotOk, 5);
  EXPECT_EQ(Eval(term, {Job(5, JobState::kPending)}), S::kPending);
  EXPECT_EQ(Eval(term, {Job(5, JobState::kRunning)}), S::kPending);
  EXPECT_EQ(Eval(term, {Job(5, JobState::kCompleted, 0)}), S::kNeverSatisfied);
  EXPECT_EQ(Eval(term, {Job(5, JobState::kCompleted, 2)}), S::kSatisfied);
  for (JobState state : kEndedStates) {
    if (state != JobState::kCompleted) {
      EXPECT_EQ(Eval(term, {Job(5, state, 0)}), S::kSatisfied);
    }
  }
}

TEST(EvaluateTerm, UnknownJobIsLiftedForEveryType) {
  std::vector<DependencyJob> jobs = {Job(6, JobState::kRunning)};
  for (T type : {T::kAfter, T::kAfterAny, T::kAfterOk, T::kAfterNotOk, T::kAfterCorr}) {
    EXPECT_EQ(Eval(Term(type, 5), jobs), S::kSatisfied);
    EXPECT_EQ(Eval(Term(type, 5, 2), jobs), S::kSatisfied);
    EXPECT_EQ(Eval(Term(type, 5, kWholeArray), jobs), S::kSatisfied);
  }
}

// ---------------------------------------------------------------------------
// Rules, arrays

std::vector<DependencyJob> Array12(JobState t0, JobState t1, JobState t2, int32_t exit_code = 0) {
  return {Task(12, 12, 0, t0, exit_code, 10), Task(13, 12, 1, t1, exit_code, 20),
          Task(14, 12, 2, t2, exit_code, 30)};
}

TEST(EvaluateTerm, WholeArrayMeansEveryTask) {
  using J = JobState;
  for (int64_t task : {kWholeArray, kNoArrayTask}) {  // "12" names the array too
    EXPECT_EQ(Eval(Term(T::kAfterOk, 12, task), Array12(J::kCompleted, J::kCompleted, J::kRunning)), S::kPending);
    EXPECT_EQ(Eval(Term(T::kAfterOk, 12, task), Array12(J::kCompleted, J::kCompleted, J::kCompleted)),
              S::kSatisfied);
    // One task failed while another still runs: still pending, as in Slurm.
    EXPECT_EQ(Eval(Term(T::kAfterOk, 12, task), Array12(J::kFailed, J::kCompleted, J::kRunning)), S::kPending);
    EXPECT_EQ(Eval(Term(T::kAfterOk, 12, task), Array12(J::kFailed, J::kCompleted, J::kCompleted)),
              S::kNeverSatisfied);
    EXPECT_EQ(Eval(Term(T::kAfterNotOk, 12, task), Array12(J::kFailed, J::kCompleted, J::kCompleted)),
              S::kSatisfied);
    EXPECT_EQ(Eval(Term(T::kAfterNotOk, 12, task), Array12(J::kCompleted, J::kCompleted, J::kCompleted)),
              S::kNeverSatisfied);
    EXPECT_EQ(Eval(Term(T::kAfterAny, 12, task), Array12(J::kFailed, J::kCancelled, J::kRunning)), S::kPending);
    EXPECT_EQ(Eval(Term(T::kAfterAny, 12, task), Array12(J::kFailed, J::kCancelled, J::kCompleted)),
              S::kSatisfied);
    EXPECT_EQ(Eval(Term(T::kAfter, 12, task), Array12(J::kRunning, J::kRunning, J::kPending)), S::kPending);
    EXPECT_EQ(Eval(Term(T::kAfter, 12, task), Array12(J::kRunning, J::kCompleted, J::kRunning)), S::kSatisfied);
  }
}

TEST(EvaluateTerm, WholeArrayDelayCountsFromLatestStart) {
  using J = JobState;
  std::vector<DependencyJob> jobs = Array12(J::kRunning, J::kRunning, J::kRunning);  // starts 10, 20, 30
  DependencyTerm term = Term(T::kAfter, 12, kWholeArray, 1);
  EXPECT_EQ(Eval(term, jobs, 89), S::kPending);
  EXPECT_EQ(Eval(term, jobs, 90), S::kSatisfied);
}

TEST(EvaluateTerm, OneArrayTask) {
  using J = JobState;
  std::vector<DependencyJob> jobs = Array12(J::kCompleted, J::kFailed, J::kPending);
  EXPECT_EQ(Eval(Term(T::kAfterOk, 12, 0), jobs), S::kSatisfied);
  EXPECT_EQ(Eval(Term(T::kAfterOk, 12, 1), jobs), S::kNeverSatisfied);
  EXPECT_EQ(Eval(Term(T::kAfterOk, 12, 2), jobs), S::kPending);
  EXPECT_EQ(Eval(Term(T::kAfterOk, 12, 7), jobs), S::kSatisfied);  // no such task: gone
  // A task's own job id names that task alone.
  EXPECT_EQ(Eval(Term(T::kAfterOk, 13), jobs), S::kNeverSatisfied);
  EXPECT_EQ(Eval(Term(T::kAfterOk, 14), jobs), S::kPending);
}

TEST(EvaluateTerm, PendingRemainderTasksHaveNoIdOfTheirOwn) {
  using J = JobState;
  // Array 12: task 0 ran as job 13; tasks 1 and 2 still wait in the remainder.
  std::vector<DependencyJob> jobs = {Task(13, 12, 0, J::kCompleted), Task(0, 12, 1, J::kPending),
                                     Task(0, 12, 2, J::kPending)};
  EXPECT_EQ(Eval(Term(T::kAfterOk, 12), jobs), S::kPending);
  EXPECT_EQ(Eval(Term(T::kAfterOk, 12, 1), jobs), S::kPending);
  EXPECT_EQ(Eval(Term(T::kAfterOk, 12, 0), jobs), S::kSatisfied);
}

TEST(EvaluateTerm, AfterCorrMatchesTaskIndices) {
  using J = JobState;
  std::vector<DependencyJob> jobs = Array12(J::kCompleted, J::kFailed, J::kRunning);
  auto self_task = [](int64_t task) { return Task(40 + static_cast<uint32_t>(task), 40, task, J::kPending); };
  DependencyTerm corr = Term(T::kAfterCorr, 12);
  EXPECT_EQ(Eval(corr, jobs, 0, self_task(0)), S::kSatisfied);
  EXPECT_EQ(Eval(corr, jobs, 0, self_task(1)), S::kNeverSatisfied);
  EXPECT_EQ(Eval(corr, jobs, 0, self_task(2)), S::kPending);
  // No task 5 in array 12: the whole array must complete ok.
  EXPECT_EQ(Eval(corr, jobs, 0, self_task(5)), S::kPending);
  EXPECT_EQ(Eval(corr, Array12(J::kCompleted, J::kCompleted, J::kCompleted), 0, self_task(5)), S::kSatisfied);
  EXPECT_EQ(Eval(corr, Array12(J::kCompleted, J::kFailed, J::kCompleted), 0, self_task(5)), S::kNeverSatisfied);
  // Not an array task itself: the same whole-array test.
  EXPECT_EQ(Eval(corr, Array12(J::kCompleted, J::kFailed, J::kCompleted)), S::kNeverSatisfied);
}

// ---------------------------------------------------------------------------
// Singleton

DependencyJob Named(uint32_t id, JobState state, std::string user, std::string name) {
  DependencyJob job = Job(id, state);
  job.user = std::move(user);
  job.name = std::move(name);
  return job;
}

TEST(EvaluateTerm, Singleton) {
  using J = JobState;
  DependencyTerm single = Term(T::kSingleton, 0);
  DependencyJob self = Named(50, J::kPending, "alice", "sim");
  auto eval = [&](std::vector<DependencyJob> jobs) {
    jobs.push_back(self);
    return Eval(single, jobs, 0, self);
  };
  EXPECT_EQ(eval({}), S::kSatisfied);
  EXPECT_EQ(eval({Named(40, J::kRunning, "alice", "sim")}), S::kPending);
  EXPECT_EQ(eval({Named(40, J::kSuspended, "alice", "sim")}), S::kPending);
  EXPECT_EQ(eval({Named(40, J::kPending, "alice", "sim")}), S::kPending);   // submitted earlier
  EXPECT_EQ(eval({Named(60, J::kPending, "alice", "sim")}), S::kSatisfied);  // submitted later
  EXPECT_EQ(eval({Named(60, J::kRunning, "alice", "sim")}), S::kPending);
  EXPECT_EQ(eval({Named(40, J::kCompleted, "alice", "sim")}), S::kSatisfied);
  EXPECT_EQ(eval({Named(40, J::kRunning, "bob", "sim")}), S::kSatisfied);
  EXPECT_EQ(eval({Named(40, J::kRunning, "alice", "other")}), S::kSatisfied);
  EXPECT_EQ(Eval(single, {}, 0, self), S::kSatisfied);  // self not in the table
}

TEST(EvaluateTerm, SingletonIgnoresItself) {
  using J = JobState;
  DependencyJob self = Named(50, J::kRunning, "alice", "sim");
  DependencyTerm single = Term(T::kSingleton, 0);
  EXPECT_EQ(Eval(single, {self}, 0, self), S::kSatisfied);
  EXPECT_EQ(Eval(single, {self, Named(51, J::kRunning, "alice", "sim")}, 0, self), S::kPending);
}

TEST(EvaluateTerm, SingletonArrayTasksRunOneAtATime) {
  using J = JobState;
  // Remainder tasks of array 30 rank as job 30, before task 0's own record 31.
  std::vector<DependencyJob> jobs = {Task(31, 30, 0, J::kPending), Task(0, 30, 1, J::kPending)};
  for (DependencyJob& job : jobs) job.name = "sweep";
  DependencyTerm single = Term(T::kSingleton, 0);
  EXPECT_EQ(Eval(single, jobs, 0, jobs[0]), S::kPending);
  EXPECT_EQ(Eval(single, jobs, 0, jobs[1]), S::kSatisfied);
}

// ---------------------------------------------------------------------------
// Combining terms, recording outcomes

Dependency WithStates(std::string_view text, std::vector<S> states) {
  Dependency d = Parse(text);
  EXPECT_EQ(d.terms.size(), states.size());
  for (size_t i = 0; i < d.terms.size() && i < states.size(); ++i) d.terms[i].state = states[i];
  return d;
}

TEST(CombinedState, AllMustHold) {
  EXPECT_EQ(CombinedState(Dependency()), S::kSatisfied);
  EXPECT_EQ(CombinedState(WithStates("afterok:1:2", {S::kSatisfied, S::kSatisfied})), S::kSatisfied);
  EXPECT_EQ(CombinedState(WithStates("afterok:1:2", {S::kSatisfied, S::kPending})), S::kPending);
  EXPECT_EQ(CombinedState(WithStates("afterok:1:2", {S::kNeverSatisfied, S::kPending})), S::kNeverSatisfied);
}

TEST(CombinedState, AnyMayHold) {
  EXPECT_EQ(CombinedState(WithStates("afterok:1?afterok:2", {S::kNeverSatisfied, S::kSatisfied})), S::kSatisfied);
  EXPECT_EQ(CombinedState(WithStates("afterok:1?afterok:2", {S::kNeverSatisfied, S::kPending})), S::kPending);
  EXPECT_EQ(CombinedState(WithStates("afterok:1?afterok:2", {S::kNeverSatisfied, S::kNeverSatisfied})),
            S::kNeverSatisfied);
}

TEST(Evaluate, RecordsOutcomesThatThenStay) {
  using J = JobState;
  Dependency d = Parse("afterok:5,afterany:6");
  DependencyJob self = Self();
  EXPECT_EQ(Evaluate(&d, self, DependencyIndex({Job(5, J::kFailed), Job(6, J::kRunning)}), 0), S::kNeverSatisfied);
  EXPECT_EQ(d.terms[0].state, S::kNeverSatisfied);
  EXPECT_EQ(d.terms[1].state, S::kPending);
  // Job 5 is requeued and completes fine: the dependency stays broken.
  EXPECT_EQ(Evaluate(&d, self, DependencyIndex({Job(5, J::kCompleted), Job(6, J::kCompleted)}), 0),
            S::kNeverSatisfied);
  EXPECT_EQ(d.terms[1].state, S::kSatisfied);
  EXPECT_EQ(FormatDependency(d), "afterok:5(failed)");

  Dependency any = Parse("afterok:5?afterok:6");
  EXPECT_EQ(Evaluate(&any, self, DependencyIndex({Job(5, J::kCompleted), Job(6, J::kPending)}), 0), S::kSatisfied);
  EXPECT_EQ(Evaluate(&any, self, DependencyIndex({Job(5, J::kPending), Job(6, J::kFailed)}), 0), S::kSatisfied);
}

// ---------------------------------------------------------------------------
// Submit-time checks

TEST(ResolveDependency, PlainIdOfAnArrayBecomesWholeArray) {
  using J = JobState;
  DependencyIndex jobs(Array12(J::kRunning, J::kPending, J::kPending));
  Result<Dependency> d = ResolveDependency(Parse("afterany:12:13,afterok:12_1"), Self(), jobs);
  ASSERT_TRUE(d.has_value());
  ASSERT_EQ(d->terms.size(), 3u);
  EXPECT_EQ(d->terms[0].array_task_id, kWholeArray);  // 12 kept the array's id
  EXPECT_EQ(d->terms[1].array_task_id, kNoArrayTask);  // 13 is task 1's own record
  EXPECT_EQ(d->terms[2].array_task_id, 1);
  EXPECT_EQ(FormatDependency(*d), "afterany:12_*(unfulfilled),afterany:13(unfulfilled),afterok:12_1(unfulfilled)");
}

TEST(ResolveDependency, RepeatsAfterResolvingKeptOnce) {
  using J = JobState;
  DependencyIndex jobs(Array12(J::kRunning, J::kPending, J::kPending));
  Result<Dependency> d = ResolveDependency(Parse("afterok:12,afterok:12_*"), Self(), jobs);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->terms.size(), 1u);
}

TEST(ResolveDependency, RefusesSelf) {
  using J = JobState;
  DependencyIndex jobs(Array12(J::kRunning, J::kPending, J::kPending));
  DependencyJob plain = Job(20, J::kPending);
  EXPECT_FALSE(ResolveDependency(Parse("afterany:20"), plain, jobs).has_value());
  EXPECT_FALSE(ResolveDependency(Parse("afterany:20_*"), plain, jobs).has_value());
  EXPECT_TRUE(ResolveDependency(Parse("afterany:21"), plain, jobs).has_value());

  DependencyJob task = Task(13, 12, 1, J::kPending);
  for (const char* text : {"afterany:12", "afterany:12_*", "afterany:12_1", "afterany:13", "after:1,after:13"}) {
    Result<Dependency> d = ResolveDependency(Parse(text), task, jobs);
    ASSERT_FALSE(d.has_value()) << text;
    EXPECT_EQ(d.error().message(), "Job dependency problem");
  }
  EXPECT_TRUE(ResolveDependency(Parse("afterany:12_2"), task, jobs).has_value());
  EXPECT_TRUE(ResolveDependency(Parse("singleton"), task, jobs).has_value());
}

TEST(ResolveDependency, AfterOkAndAfterNotOkNeedAKnownJob) {
  using J = JobState;
  DependencyIndex jobs({Job(5, J::kRunning), Task(12, 12, 0, J::kPending)});
  for (const char* text : {"afterok:6", "afternotok:6", "afterok:12_3", "afterok:7_*", "afterok:5:6"}) {
    EXPECT_FALSE(ResolveDependency(Parse(text), Self(), jobs).has_value()) << text;
  }
  for (const char* text : {"afterok:5", "afternotok:5", "afterok:12_0", "afterok:12", "after:6", "afterany:6",
                           "aftercorr:6", "afterany:12_3"}) {
    EXPECT_TRUE(ResolveDependency(Parse(text), Self(), jobs).has_value()) << text;
  }
}

// ---------------------------------------------------------------------------
// squeue %E

TEST(FormatDependency, AsSqueueShowsIt) {
  EXPECT_EQ(FormatDependency(Dependency()), "(null)");
  EXPECT_EQ(FormatDependency(Parse("afterok:12")), "afterok:12(unfulfilled)");
  EXPECT_EQ(FormatDependency(Parse("afterany:12_*")), "afterany:12_*(unfulfilled)");
  EXPECT_EQ(FormatDependency(Parse("afterok:12_4")), "afterok:12_4(unfulfilled)");
  EXPECT_EQ(FormatDependency(Parse("after:12+5:13")), "after:12+5(unfulfilled),after:13(unfulfilled)");
  EXPECT_EQ(FormatDependency(Parse("singleton")), "singleton(unfulfilled)");
  EXPECT_EQ(FormatDependency(Parse("aftercorr:12")), "aftercorr:12(unfulfilled)");
  EXPECT_EQ(FormatDependency(Parse("afternotok:12")), "afternotok:12(unfulfilled)");
  EXPECT_EQ(FormatDependency(Parse("12")), "afterany:12(unfulfilled)");
  EXPECT_EQ(FormatDependency(Parse("afterok:20:21?afterany:23")),
            "afterok:20(unfulfilled)?afterok:21(unfulfilled)?afterany:23(unfulfilled)");
}

TEST(FormatDependency, HidesSatisfiedTermsAndShowsFailedOnes) {
  EXPECT_EQ(FormatDependency(WithStates("afterok:1:2", {S::kSatisfied, S::kPending})), "afterok:2(unfulfilled)");
  EXPECT_EQ(FormatDependency(WithStates("afterok:1:2", {S::kNeverSatisfied, S::kSatisfied})), "afterok:1(failed)");
  EXPECT_EQ(FormatDependency(WithStates("afterok:1:2", {S::kSatisfied, S::kSatisfied})), "(null)");
  EXPECT_EQ(FormatDependency(WithStates("afterok:1?afterok:2", {S::kNeverSatisfied, S::kPending})),
            "afterok:1(failed)?afterok:2(unfulfilled)");
  EXPECT_EQ(FormatDependency(WithStates("afterok:1?afterok:2", {S::kNeverSatisfied, S::kSatisfied})), "(null)");
}

// ---------------------------------------------------------------------------
// Generated cases: a brute-force reference that scans the table.

std::optional<DependencyJob> FindById(const std::vector<DependencyJob>& jobs, uint32_t id) {
  for (const DependencyJob& j : jobs) {
    if (j.job_id != 0 && j.job_id == id) return j;
  }
  return std::nullopt;
}

std::vector<DependencyJob> TasksOf(const std::vector<DependencyJob>& jobs, uint32_t array) {
  std::vector<DependencyJob> tasks;
  for (const DependencyJob& j : jobs) {
    if (j.array_job_id == array && j.array_task_id >= 0) tasks.push_back(j);
  }
  return tasks;
}

std::optional<DependencyJob> FindTaskRef(const std::vector<DependencyJob>& jobs, uint32_t array, int64_t task) {
  for (const DependencyJob& j : TasksOf(jobs, array)) {
    if (j.array_task_id == task) return j;
  }
  return std::nullopt;
}

bool Ended(JobState s) { return s != JobState::kPending && s != JobState::kRunning && s != JobState::kSuspended; }
bool Ok(const DependencyJob& j) { return j.state == JobState::kCompleted && j.exit_code == 0; }

// The parts of the job(s) a term names; nullopt when gone.
std::optional<std::vector<DependencyJob>> RefTarget(const std::vector<DependencyJob>& jobs, uint32_t id,
                                                   int64_t task) {
  if (task >= 0) {
    auto j = FindTaskRef(jobs, id, task);
    if (!j) return std::nullopt;
    return std::vector<DependencyJob>{*j};
  }
  auto j = FindById(jobs, id);
  std::vector<DependencyJob> tasks = TasksOf(jobs, id);
  bool whole = task == kWholeArray || !j || (j->array_job_id == id && j->array_task_id >= 0);
  if (whole && !tasks.empty()) return tasks;
  if (j) return std::vector<DependencyJob>{*j};
  return std::nullopt;
}

S RefAfterOk(const std::optional<std::vector<DependencyJob>>& parts) {
  if (!parts) return S::kSatisfied;
  if (!std::all_of(parts->begin(), parts->end(), [](const DependencyJob& j) { return Ended(j.state); })) {
    return S::kPending;
  }
  return std::all_of(parts->begin(), parts->end(), Ok) ? S::kSatisfied : S::kNeverSatisfied;
}

S Reference(const DependencyTerm& term, const DependencyJob& self, const std::vector<DependencyJob>& jobs,
            int64_t now) {
  if (term.type == T::kSingleton) {
    uint64_t self_order = self.job_id ? self.job_id : self.array_job_id;
    for (const DependencyJob& j : jobs) {
      bool same = (j.job_id || self.job_id)
                      ? j.job_id == self.job_id
                      : j.array_job_id == self.array_job_id && j.array_task_id == self.array_task_id;
      if (same || j.user != self.user || j.name != self.name) continue;
      uint64_t order = j.job_id ? j.job_id : j.array_job_id;
      if (j.state == JobState::kRunning || j.state == JobState::kSuspended) return S::kPending;
      if (j.state == JobState::kPending && order < self_order) return S::kPending;
    }
    return S::kSatisfied;
  }
  if (term.type == T::kAfterCorr) {
    if (self.array_job_id != 0 && self.array_task_id >= 0) {
      auto peer = FindTaskRef(jobs, term.job_id, self.array_task_id);
      if (peer) return RefAfterOk(std::vector<DependencyJob>{*peer});
    }
    return RefAfterOk(RefTarget(jobs, term.job_id, term.array_task_id));
  }
  auto parts = RefTarget(jobs, term.job_id, term.array_task_id);
  if (!parts) return S::kSatisfied;
  bool all_ended = std::all_of(parts->begin(), parts->end(), [](const DependencyJob& j) { return Ended(j.state); });
  bool all_ok = std::all_of(parts->begin(), parts->end(), Ok);
  switch (term.type) {
    case T::kAfter: {
      for (const DependencyJob& j : *parts) {
        if (j.state == JobState::kPending) return S::kPending;
      }
      if (term.delay_minutes == 0) return S::kSatisfied;
      int64_t latest = 0;
      for (const DependencyJob& j : *parts) {
        if (j.start_time == 0) return S::kPending;
        latest = std::max(latest, j.start_time);
      }
      return now - latest >= int64_t{term.delay_minutes} * 60 ? S::kSatisfied : S::kPending;
    }
    case T::kAfterAny:
      return all_ended ? S::kSatisfied : S::kPending;
    case T::kAfterOk:
      return RefAfterOk(parts);
    case T::kAfterNotOk:
      if (!all_ended) return S::kPending;
      return all_ok ? S::kNeverSatisfied : S::kSatisfied;
    default:
      return S::kPending;
  }
}

S RefCombine(bool any, const std::vector<S>& states) {
  auto has = [&](S s) { return std::find(states.begin(), states.end(), s) != states.end(); };
  if (states.empty()) return S::kSatisfied;
  if (any) return has(S::kSatisfied) ? S::kSatisfied : has(S::kPending) ? S::kPending : S::kNeverSatisfied;
  return has(S::kNeverSatisfied) ? S::kNeverSatisfied : has(S::kPending) ? S::kPending : S::kSatisfied;
}

constexpr uint32_t kSeed = 20240608;
constexpr int kTables = 3000;

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  int Between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  JobState RandomState() {
    static constexpr JobState kAll[] = {JobState::kPending,   JobState::kRunning,  JobState::kSuspended,
                                        JobState::kCompleted, JobState::kCompleted, JobState::kCancelled,
                                        JobState::kFailed,    JobState::kTimeout,  JobState::kNodeFail,
                                        JobState::kOutOfMemory, JobState::kPreempted};
    return kAll[Between(0, std::size(kAll) - 1)];
  }

  void Randomize(DependencyJob* job) {
    job->state = RandomState();
    job->exit_code = Chance(0.8) ? 0 : Between(1, 3);
    job->start_time = job->state == JobState::kPending || Chance(0.05) ? 0 : Between(1, 2000);
  }

  // Ids 1..30; some are arrays, some tasks wait in a remainder (id 0).
  std::vector<DependencyJob> RandomTable() {
    std::vector<DependencyJob> jobs;
    uint32_t id = 1;
    while (id <= 30) {
      if (Chance(0.25)) {
        uint32_t array = id;
        int tasks = Between(1, 4);
        for (int t = 0; t < tasks; ++t) {
          DependencyJob job;
          job.array_job_id = array;
          job.array_task_id = t * 2;  // gaps, so aftercorr sometimes finds no peer
          job.job_id = Chance(0.3) ? 0 : id++;
          Randomize(&job);
          if (job.job_id == 0) {  // still in the remainder: not started
            job.state = JobState::kPending;
            job.start_time = 0;
          }
          Name(&job);
          jobs.push_back(job);
        }
        if (id == array) ++id;
      } else {
        DependencyJob job;
        job.job_id = id++;
        Randomize(&job);
        Name(&job);
        if (!Chance(0.1)) jobs.push_back(job);  // else purged
      }
    }
    return jobs;
  }

  DependencyTerm RandomTerm() {
    static constexpr T kTypes[] = {T::kAfter, T::kAfterAny, T::kAfterOk, T::kAfterNotOk, T::kAfterCorr, T::kSingleton};
    DependencyTerm term = Term(kTypes[Between(0, 5)], Between(1, 32));
    if (term.type == T::kSingleton) return Term(T::kSingleton, 0);
    int shape = Between(0, 3);
    if (shape == 1) term.array_task_id = kWholeArray;
    if (shape == 2) term.array_task_id = Between(0, 7);
    if (term.type == T::kAfter && Chance(0.4)) term.delay_minutes = Between(1, 20);
    return term;
  }

  DependencyJob RandomSelf(const std::vector<DependencyJob>& jobs) {
    if (!jobs.empty() && Chance(0.7)) {
      DependencyJob self = jobs[Between(0, jobs.size() - 1)];
      self.state = JobState::kPending;
      return self;
    }
    DependencyJob self;
    self.job_id = 40;
    if (Chance(0.5)) {
      self.array_job_id = 40;
      self.array_task_id = Between(0, 7);
    }
    Name(&self);
    return self;
  }

 private:
  void Name(DependencyJob* job) {
    job->user = Chance(0.7) ? "alice" : "bob";
    job->name = Chance(0.6) ? "sim" : "post";
  }

  std::mt19937 rng_;
};

TEST(DependencyProperty, EvaluationAgreesWithBruteForce) {
  Generator gen(kSeed);
  int seen[3] = {0, 0, 0};  // per DependencyState, to show each was exercised
  for (int i = 0; i < kTables; ++i) {
    std::vector<DependencyJob> jobs = gen.RandomTable();
    DependencyIndex index(jobs);
    int64_t now = gen.Between(0, 4000);
    for (int k = 0; k < 20; ++k) {
      DependencyJob self = gen.RandomSelf(jobs);
      Dependency d;
      d.any = gen.Chance(0.3);
      std::vector<S> expected;
      int terms = gen.Between(1, 4);
      for (int t = 0; t < terms; ++t) d.terms.push_back(gen.RandomTerm());
      for (const DependencyTerm& term : d.terms) {
        S want = Reference(term, self, jobs, now);
        ASSERT_EQ(EvaluateTerm(term, self, index, now), want)
            << "table " << i << " term " << FormatDependency(Dependency{{term}, false});
        expected.push_back(want);
        ++seen[static_cast<int>(want)];
      }
      ASSERT_EQ(Evaluate(&d, self, index, now), RefCombine(d.any, expected)) << "table " << i;
    }
  }
  for (int count : seen) EXPECT_GT(count, kTables);
}

TEST(DependencyProperty, NeverSatisfiedIsFinal) {
  Generator gen(kSeed + 1);
  int never_seen = 0;
  for (int i = 0; i < kTables; ++i) {
    std::vector<DependencyJob> jobs = gen.RandomTable();
    DependencyJob self = gen.RandomSelf(jobs);
    Dependency d;
    d.any = gen.Chance(0.3);
    int terms = gen.Between(1, 4);
    for (int t = 0; t < terms; ++t) d.terms.push_back(gen.RandomTerm());
    std::optional<S> decided;
    int64_t now = 0;
    for (int step = 0; step < 30; ++step) {
      // Anything may happen to the other jobs: requeues, restarts, purges.
      if (!jobs.empty()) {
        size_t victim = gen.Between(0, jobs.size() - 1);
        if (gen.Chance(0.1)) {
          jobs.erase(jobs.begin() + victim);
        } else {
          gen.Randomize(&jobs[victim]);
        }
      }
      now += gen.Between(0, 300);
      S state = Evaluate(&d, self, DependencyIndex(jobs), now);
      if (decided) {
        ASSERT_EQ(state, *decided) << "table " << i << " step " << step;
      } else if (state != S::kPending) {
        decided = state;
        never_seen += state == S::kNeverSatisfied ? 1 : 0;
      }
    }
  }
  EXPECT_GT(never_seen, kTables / 20);  // the property was exercised
}

TEST(DependencyProperty, FormatParsesBack) {
  Generator gen(kSeed + 2);
  for (int i = 0; i < kTables; ++i) {
    Dependency d;
    d.any = gen.Chance(0.3);
    int terms = gen.Between(1, 5);
    for (int t = 0; t < terms; ++t) {
      DependencyTerm term = gen.RandomTerm();
      term.state = static_cast<S>(gen.Between(0, 2));
      d.terms.push_back(term);
    }
    std::string text = FormatDependency(d);
    Dependency shown;  // what squeue shows: the terms not yet satisfied, once each
    shown.any = d.any;
    if (CombinedState(d) != S::kSatisfied) {
      for (const DependencyTerm& term : d.terms) {
        bool repeat = std::any_of(shown.terms.begin(), shown.terms.end(), [&](const DependencyTerm& s) {
          return s.type == term.type && s.job_id == term.job_id && s.array_task_id == term.array_task_id;
        });
        if (term.state != S::kSatisfied && !repeat) shown.terms.push_back(term);
      }
    }
    if (text == "(null)") {
      ASSERT_TRUE(shown.terms.empty());
      continue;
    }
    Result<Dependency> back = ParseDependency(text);
    ASSERT_TRUE(back.has_value()) << text;
    ASSERT_TRUE(SameTerms(back->terms, shown.terms)) << text << " -> " << FormatDependency(*back);
    if (back->terms.size() > 1) {
      ASSERT_EQ(back->any, d.any) << text;
    }
  }
}

TEST(DependencyProperty, LargeTableEvaluates) {
  // 10 000 jobs, each pending job depending on the one before it: one index,
  // 10 000 evaluations (linear; a quadratic scan would take seconds here).
  std::vector<DependencyJob> jobs;
  for (uint32_t id = 1; id <= 10000; ++id) {
    jobs.push_back(Job(id, id <= 5000 ? JobState::kCompleted : JobState::kPending));
  }
  DependencyIndex index(jobs);
  int satisfied = 0;
  for (uint32_t id = 2; id <= 10000; ++id) {
    Dependency d;
    d.terms.push_back(Term(T::kAfterOk, id - 1));
    satisfied += Evaluate(&d, jobs[id - 1], index, 0) == S::kSatisfied ? 1 : 0;
  }
  EXPECT_EQ(satisfied, 5000);  // jobs 2..5001 follow a completed job
}

}  // namespace
}  // namespace bramble::sched
