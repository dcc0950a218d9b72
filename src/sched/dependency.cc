// Job dependencies; see dependency.h.
//
// Parsing splits the text into items at "," and "?" outside brackets (an ID
// may carry a bracketed task list with commas), then each item into its type
// and its ":"-separated IDs. Evaluation first reduces a term's target (one
// job, one array task, or a whole array) to a few facts: gone from the
// table, pending, ended, ended ok, start time. The dependency types are rules
// over those facts, which is what lets the index summarise a whole array in
// O(1).
#include "sched/dependency.h"

#include <algorithm>
#include <array>
#include <set>
#include <tuple>
#include <unordered_map>

#include "common/array_spec.h"

namespace bramble::sched {
namespace {

struct TypeName {
  DependencyType type;
  const char* name;
};

constexpr std::array<TypeName, 6> kTypeNames = {{
    {DependencyType::kAfter, "after"},
    {DependencyType::kAfterAny, "afterany"},
    {DependencyType::kAfterOk, "afterok"},
    {DependencyType::kAfterNotOk, "afternotok"},
    {DependencyType::kAfterCorr, "aftercorr"},
    {DependencyType::kSingleton, "singleton"},
}};

// 10 digits hold every uint32; longer runs are rejected before converting.
constexpr size_t kMaxDigits = 10;

Status DependencyError() { return InvalidArgument(kDependencyErrorText); }

const char* TypeText(DependencyType type) {
  for (const TypeName& entry : kTypeNames) {
    if (entry.type == type) return entry.name;
  }
  return "unknown";
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

// Reads a run of decimal digits at the front of `text` and consumes it.
bool TakeNumber(std::string_view* text, uint32_t* value) {
  size_t n = 0;
  while (n < text->size() && (*text)[n] >= '0' && (*text)[n] <= '9') ++n;
  if (n == 0 || n > kMaxDigits) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = v * 10 + static_cast<uint64_t>((*text)[i] - '0');
  if (v > UINT32_MAX) return false;
  *value = static_cast<uint32_t>(v);
  text->remove_prefix(n);
  return true;
}

// Splits at any of `separators` outside brackets; records which were seen.
std::vector<std::string_view> SplitOutsideBrackets(std::string_view text, std::string_view separators,
                                                   std::string* seen) {
  std::vector<std::string_view> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (depth == 0 && separators.find(c) != std::string_view::npos) {
      parts.push_back(text.substr(start, i - start));
      if (seen && seen->find(c) == std::string::npos) seen->push_back(c);
      start = i + 1;
    }
  }
  parts.push_back(text.substr(start));
  return parts;
}

// Reads an optional "(unfulfilled)", "(failed)" or "(fulfilled)" that must
// end the text. Slurm reads "fulfilled" as unfulfilled.
bool TakeStateSuffix(std::string_view text, DependencyState* state) {
  *state = DependencyState::kPending;
  if (text.empty()) return true;
  if (text.front() != '(' || text.back() != ')') return false;
  std::string_view word = text.substr(1, text.size() - 2);
  if (EqualsIgnoreCase(word, "failed")) {
    *state = DependencyState::kNeverSatisfied;
    return true;
  }
  return EqualsIgnoreCase(word, "unfulfilled") || EqualsIgnoreCase(word, "fulfilled");
}

// Collects terms, dropping repeats (same type, job and task) as Slurm does.
class TermList {
 public:
  explicit TermList(Dependency* dependency) : dependency_(dependency) {}

  bool Add(const DependencyTerm& term) {
    auto key = std::make_tuple(static_cast<int>(term.type), term.job_id, term.array_task_id);
    if (!seen_.insert(key).second) return true;
    if (dependency_->terms.size() >= kMaxDependencyTerms) return false;
    dependency_->terms.push_back(term);
    return true;
  }

 private:
  Dependency* dependency_;
  std::set<std::tuple<int, uint32_t, int64_t>> seen_;
};

// Parses one ID with its suffixes ("12", "12_3", "12_*", "12_[1-3]",
// "+MINUTES", "(state)") into terms of `type`. A bare ID (Slurm's old form)
// takes no suffix after the task part.
bool ParseId(std::string_view text, DependencyType type, bool bare, TermList* terms) {
  DependencyTerm term;
  term.type = type;
  if (!TakeNumber(&text, &term.job_id) || term.job_id == 0) return false;
  std::vector<uint32_t> tasks;
  if (!text.empty() && text.front() == '_') {
    text.remove_prefix(1);
    uint32_t task = 0;
    if (!text.empty() && text.front() == '*') {
      term.array_task_id = kWholeArray;
      text.remove_prefix(1);
    } else if (!text.empty() && text.front() == '[') {
      size_t close = text.find(']');
      if (close == std::string_view::npos) return false;
      Result<std::vector<uint32_t>> list = ParseIndexList(text.substr(0, close + 1));
      if (!list) return false;
      tasks = std::move(*list);
      text.remove_prefix(close + 1);
    } else if (TakeNumber(&text, &task) && task < kMaxArraySizeLimit) {
      term.array_task_id = task;
    } else {
      return false;
    }
  }
  if (!bare && !text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!TakeNumber(&text, &term.delay_minutes) || term.delay_minutes == 0) return false;
  }
  if (!bare && !TakeStateSuffix(text, &term.state)) return false;
  if (bare && !text.empty()) return false;
  if (tasks.empty()) return terms->Add(term);
  if (tasks.size() > kMaxDependencyTerms) return false;
  for (uint32_t task : tasks) {
    term.array_task_id = task;
    if (!terms->Add(term)) return false;
  }
  return true;
}

// Parses one item between separators.
bool ParseItem(std::string_view item, TermList* terms) {
  constexpr std::string_view kSingleton = "singleton";
  if (item.size() >= kSingleton.size() && EqualsIgnoreCase(item.substr(0, kSingleton.size()), kSingleton)) {
    DependencyTerm term;
    term.type = DependencyType::kSingleton;
    return TakeStateSuffix(item.substr(kSingleton.size()), &term.state) && terms->Add(term);
  }
  if (!item.empty() && item.front() >= '0' && item.front() <= '9') {
    return ParseId(item, DependencyType::kAfterAny, /*bare=*/true, terms);
  }
  size_t colon = item.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view name = item.substr(0, colon);
  const TypeName* found = nullptr;
  for (const TypeName& entry : kTypeNames) {
    if (entry.type != DependencyType::kSingleton && EqualsIgnoreCase(name, entry.name)) found = &entry;
  }
  if (!found) return false;
  for (std::string_view id : SplitOutsideBrackets(item.substr(colon + 1), ":", nullptr)) {
    if (!ParseId(id, found->type, /*bare=*/false, terms)) return false;
  }
  return true;
}

// Whether a plain ID names an array: the record with that id is the array's
// own (it kept the array job id), or only tasks of array `id` are known.
bool NamesArray(uint32_t id, const DependencyIndex& jobs) {
  const DependencyJob* job = jobs.FindJob(id);
  if (job) return job->array_job_id == id && job->array_task_id >= 0;
  return jobs.FindArray(id) != nullptr;
}

bool NamesSelf(const DependencyTerm& term, const DependencyJob& self) {
  bool self_in_array = self.array_job_id != 0 && self.array_task_id >= 0;
  if (term.array_task_id >= 0) {
    return self_in_array && self.array_job_id == term.job_id && self.array_task_id == term.array_task_id;
  }
  if (self_in_array && self.array_job_id == term.job_id) return true;
  return self.job_id != 0 && self.job_id == term.job_id;
}

bool Known(const DependencyTerm& term, const DependencyIndex& jobs) {
  if (term.array_task_id >= 0) {
    return jobs.FindTask(term.job_id, static_cast<uint32_t>(term.array_task_id)) != nullptr;
  }
  return jobs.FindJob(term.job_id) != nullptr || jobs.FindArray(term.job_id) != nullptr;
}

// What the rules need to know about a term's target.
struct Target {
  bool gone = false;     // not in the table: the dependency is lifted
  bool pending = false;  // some part has not started
  bool ended = false;    // every part has ended
  bool ok = false;       // every part completed with exit code 0
  int64_t start = 0;     // latest start of the parts that are not pending
  bool start_unknown = false;
};

Target FromJob(const DependencyJob& job) {
  Target t;
  t.pending = job.state == JobState::kPending;
  t.ended = IsEnded(job.state);
  t.ok = EndedOk(job);
  t.start = job.start_time;
  t.start_unknown = !t.pending && job.start_time == 0;
  return t;
}

Target FromArray(const DependencyIndex::ArraySummary& a) {
  Target t;
  t.pending = a.pending > 0;
  t.ended = a.ended == a.tasks;
  t.ok = a.ended_ok == a.tasks;
  t.start = a.latest_start;
  t.start_unknown = a.started_without_time;
  return t;
}

Target FindTarget(uint32_t job_id, int64_t array_task_id, const DependencyIndex& jobs) {
  const DependencyJob* job = nullptr;
  if (array_task_id >= 0) {
    job = jobs.FindTask(job_id, static_cast<uint32_t>(array_task_id));
  } else {
    job = jobs.FindJob(job_id);
    bool whole = array_task_id == kWholeArray || !job || NamesArray(job_id, jobs);
    const DependencyIndex::ArraySummary* array = whole ? jobs.FindArray(job_id) : nullptr;
    if (array) return FromArray(*array);
  }
  if (job) return FromJob(*job);
  Target gone;
  gone.gone = true;
  return gone;
}

DependencyState AfterOkRule(const Target& t) {
  if (t.gone) return DependencyState::kSatisfied;
  if (!t.ended) return DependencyState::kPending;
  return t.ok ? DependencyState::kSatisfied : DependencyState::kNeverSatisfied;
}

DependencyState AfterRule(const Target& t, uint32_t delay_minutes, int64_t now) {
  if (t.gone) return DependencyState::kSatisfied;
  if (t.pending) return DependencyState::kPending;
  if (delay_minutes == 0) return DependencyState::kSatisfied;
  if (t.start_unknown || t.start == 0) return DependencyState::kPending;
  bool waited = now - t.start >= static_cast<int64_t>(delay_minutes) * 60;
  return waited ? DependencyState::kSatisfied : DependencyState::kPending;
}

// aftercorr: task i of self waits for task i of the other array; without
// such a task (or when self is no array task) the other job as a whole
// must complete ok, as in Slurm.
DependencyState AfterCorrRule(const DependencyTerm& term, const DependencyJob& self,
                              const DependencyIndex& jobs) {
  if (self.array_job_id != 0 && self.array_task_id >= 0) {
    const DependencyJob* peer = jobs.FindTask(term.job_id, static_cast<uint32_t>(self.array_task_id));
    if (peer) return AfterOkRule(FromJob(*peer));
  }
  return AfterOkRule(FindTarget(term.job_id, term.array_task_id, jobs));
}

std::string TermText(const DependencyTerm& term) {
  if (term.type == DependencyType::kSingleton) return "singleton";
  std::string text = std::string(TypeText(term.type)) + ":" + std::to_string(term.job_id);
  if (term.array_task_id == kWholeArray) text += "_*";
  if (term.array_task_id >= 0) text += "_" + std::to_string(term.array_task_id);
  if (term.delay_minutes > 0) text += "+" + std::to_string(term.delay_minutes);
  return text;
}

}  // namespace

bool IsEnded(JobState state) {
  return state != JobState::kPending && state != JobState::kRunning && state != JobState::kSuspended;
}

bool EndedOk(const DependencyJob& job) { return job.state == JobState::kCompleted && job.exit_code == 0; }

// ---------------------------------------------------------------------------
// DependencyIndex

struct DependencyIndex::Tables {
  // Jobs of one user and name, for singleton.
  struct Group {
    size_t running = 0;  // RUNNING or SUSPENDED
    const DependencyJob* first_running = nullptr;
    uint64_t lowest_pending_id = UINT64_MAX;
  };
  std::unordered_map<uint32_t, const DependencyJob*> by_id;
  std::unordered_map<uint64_t, const DependencyJob*> by_task;
  std::unordered_map<uint32_t, ArraySummary> arrays;
  std::unordered_map<std::string, Group> groups;
};

namespace {

uint64_t TaskKey(uint32_t array_job_id, uint32_t task_id) {
  return (static_cast<uint64_t>(array_job_id) << 32) | task_id;
}

bool IsArrayTask(const DependencyJob& job) {
  return job.array_job_id != 0 && job.array_task_id >= 0 && job.array_task_id <= UINT32_MAX;
}

// Submission order for singleton: a task still in its array's pending
// remainder has no id of its own and ranks as the array.
uint64_t SubmitOrder(const DependencyJob& job) { return job.job_id != 0 ? job.job_id : job.array_job_id; }

bool SameRecord(const DependencyJob& a, const DependencyJob& b) {
  if (a.job_id != 0 || b.job_id != 0) return a.job_id == b.job_id;
  return a.array_job_id == b.array_job_id && a.array_task_id == b.array_task_id;
}

std::string GroupKey(const DependencyJob& job) { return job.user + '\0' + job.name; }

}  // namespace

DependencyIndex::DependencyIndex(std::vector<DependencyJob> jobs)
    : jobs_(std::move(jobs)), tables_(std::make_unique<Tables>()) {
  Tables& t = *tables_;
  t.by_id.reserve(jobs_.size());
  for (const DependencyJob& job : jobs_) {
    if (job.job_id != 0) t.by_id.emplace(job.job_id, &job);
    if (IsArrayTask(job)) {
      t.by_task.emplace(TaskKey(job.array_job_id, static_cast<uint32_t>(job.array_task_id)), &job);
      ArraySummary& a = t.arrays[job.array_job_id];
      ++a.tasks;
      bool pending = job.state == JobState::kPending;
      a.pending += pending ? 1 : 0;
      a.ended += IsEnded(job.state) ? 1 : 0;
      a.ended_ok += EndedOk(job) ? 1 : 0;
      if (!pending) a.latest_start = std::max(a.latest_start, job.start_time);
      if (!pending && job.start_time == 0) a.started_without_time = true;
    }
    Tables::Group& g = t.groups[GroupKey(job)];
    if (job.state == JobState::kRunning || job.state == JobState::kSuspended) {
      if (g.running++ == 0) g.first_running = &job;
    } else if (job.state == JobState::kPending) {
      g.lowest_pending_id = std::min(g.lowest_pending_id, SubmitOrder(job));
    }
  }
}

DependencyIndex::~DependencyIndex() = default;

const DependencyJob* DependencyIndex::FindJob(uint32_t job_id) const {
  auto it = tables_->by_id.find(job_id);
  return it == tables_->by_id.end() ? nullptr : it->second;
}

const DependencyJob* DependencyIndex::FindTask(uint32_t array_job_id, uint32_t task_id) const {
  auto it = tables_->by_task.find(TaskKey(array_job_id, task_id));
  return it == tables_->by_task.end() ? nullptr : it->second;
}

const DependencyIndex::ArraySummary* DependencyIndex::FindArray(uint32_t array_job_id) const {
  auto it = tables_->arrays.find(array_job_id);
  return it == tables_->arrays.end() ? nullptr : &it->second;
}

bool DependencyIndex::SingletonBlocked(const DependencyJob& self) const {
  auto it = tables_->groups.find(GroupKey(self));
  if (it == tables_->groups.end()) return false;
  const Tables::Group& g = it->second;
  if (g.running >= 2 || (g.running == 1 && !SameRecord(*g.first_running, self))) return true;
  // Strictly lower: self (or a remainder task of self's own array) ranks equal.
  return g.lowest_pending_id < SubmitOrder(self);
}

// ---------------------------------------------------------------------------
// Parsing, checking, evaluating, rendering

Result<Dependency> ParseDependency(std::string_view text) {
  Dependency dependency;
  if (text.empty() || text == "0") return dependency;
  std::string separators;
  std::vector<std::string_view> items = SplitOutsideBrackets(text, ",?", &separators);
  if (separators.size() > 1) return DependencyError();  // "," and "?" mixed
  dependency.any = separators == "?";
  TermList terms(&dependency);
  for (std::string_view item : items) {
    if (!ParseItem(item, &terms)) return DependencyError();
  }
  return dependency;
}

Result<Dependency> ResolveDependency(Dependency dependency, const DependencyJob& self,
                                     const DependencyIndex& jobs) {
  Dependency resolved;
  resolved.any = dependency.any;
  TermList terms(&resolved);
  for (DependencyTerm term : dependency.terms) {
    if (term.type != DependencyType::kSingleton) {
      if (term.array_task_id == kNoArrayTask && NamesArray(term.job_id, jobs)) {
        term.array_task_id = kWholeArray;
      }
      if (NamesSelf(term, self)) return DependencyError();
      bool needs_outcome = term.type == DependencyType::kAfterOk || term.type == DependencyType::kAfterNotOk;
      if (needs_outcome && !Known(term, jobs)) return DependencyError();
    }
    terms.Add(term);  // cannot pass the cap: no more terms than the input
  }
  return resolved;
}

DependencyState EvaluateTerm(const DependencyTerm& term, const DependencyJob& self,
                             const DependencyIndex& jobs, int64_t now) {
  switch (term.type) {
    case DependencyType::kSingleton:
      return jobs.SingletonBlocked(self) ? DependencyState::kPending : DependencyState::kSatisfied;
    case DependencyType::kAfterCorr:
      return AfterCorrRule(term, self, jobs);
    default:
      break;
  }
  Target t = FindTarget(term.job_id, term.array_task_id, jobs);
  switch (term.type) {
    case DependencyType::kAfter:
      return AfterRule(t, term.delay_minutes, now);
    case DependencyType::kAfterAny:
      return t.gone || t.ended ? DependencyState::kSatisfied : DependencyState::kPending;
    case DependencyType::kAfterOk:
      return AfterOkRule(t);
    case DependencyType::kAfterNotOk:
      if (t.gone) return DependencyState::kSatisfied;
      if (!t.ended) return DependencyState::kPending;
      return t.ok ? DependencyState::kNeverSatisfied : DependencyState::kSatisfied;
    default:
      return DependencyState::kPending;  // unreachable: handled above
  }
}

DependencyState CombinedState(const Dependency& dependency) {
  bool any_satisfied = false, any_pending = false, any_never = false;
  for (const DependencyTerm& term : dependency.terms) {
    any_satisfied |= term.state == DependencyState::kSatisfied;
    any_pending |= term.state == DependencyState::kPending;
    any_never |= term.state == DependencyState::kNeverSatisfied;
  }
  if (dependency.terms.empty()) return DependencyState::kSatisfied;
  if (dependency.any) {
    if (any_satisfied) return DependencyState::kSatisfied;
    return any_pending ? DependencyState::kPending : DependencyState::kNeverSatisfied;
  }
  if (any_never) return DependencyState::kNeverSatisfied;
  return any_pending ? DependencyState::kPending : DependencyState::kSatisfied;
}

DependencyState Evaluate(Dependency* dependency, const DependencyJob& self, const DependencyIndex& jobs,
                         int64_t now) {
  for (DependencyTerm& term : dependency->terms) {
    if (term.state == DependencyState::kPending) term.state = EvaluateTerm(term, self, jobs, now);
  }
  return CombinedState(*dependency);
}

std::string FormatDependency(const Dependency& dependency) {
  if (CombinedState(dependency) == DependencyState::kSatisfied) return "(null)";
  std::string out;
  for (const DependencyTerm& term : dependency.terms) {
    if (term.state == DependencyState::kSatisfied) continue;
    if (!out.empty()) out += dependency.any ? "?" : ",";
    out += TermText(term);
    out += term.state == DependencyState::kNeverSatisfied ? "(failed)" : "(unfulfilled)";
  }
  return out;
}

}  // namespace bramble::sched
