// scancel's command line: ids and filters into a CancelJobs request.
//
// Follows Slurm's scancel(1): job ids are operands anywhere on the line (GNU
// argument permutation, so `scancel 12 --signal USR1` works), filters are
// ANDed, and with neither ids nor filters nothing is cancelled. An array's
// job id ("12") names all its tasks, which the controller expands; single
// tasks ("12_3", "12_[1-5]") are looked up first (ResolveArrayTasks), since
// each task is a job record of its own. Filters we
// cannot honour yet (-A, -q, -R, -w, --wckey) are rejected rather than
// ignored, since ignoring a filter would cancel more jobs than asked.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "cli/job_id_list.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

enum class ScancelAction { kCancel, kHelp, kUsage, kVersion };

struct ScancelOptions {
  ScancelAction action = ScancelAction::kCancel;
  proto::CancelJobs request;  // plain job ids; array tasks are in array_tasks
  // "12_3" and "12_[1-5]" operands (JobRef.tasks set), in command-line
  // order; their job ids join request.job_ids once resolved.
  std::vector<JobRef> array_tasks;
  bool me = false;  // --me: the caller puts its own user name into request.user
  bool quiet = false;
  int verbose = 0;
};

// Parses scancel's arguments (without argv[0]). Fails with the complete
// text to print on stderr, e.g. "scancel: error: Invalid job id 12.0" or
// "scancel: error: No job identification provided".
Result<ScancelOptions> ParseScancel(const std::vector<std::string>& args);

// Array task references turned into job ids.
struct ResolvedTasks {
  std::vector<uint32_t> job_ids;    // the tasks' own job ids, in reference order
  std::vector<std::string> errors;  // one stderr line per task not found
};

// Finds each task of `refs` among `jobs` (the controller's reply to
// QueryJobs for the refs' job ids, which lists every task of an array) by
// array_job_id and array_task_id. A task that is not there gives Slurm's
// "scancel: error: Kill job error on job id 12_7: Invalid job id specified".
// The array's first task has the array's own job id, which CancelJobs
// expands to every task; it is refused with an error unless all the
// array's tasks were named.
ResolvedTasks ResolveArrayTasks(const std::vector<JobRef>& refs,
                                const google::protobuf::RepeatedPtrField<proto::JobRecord>& jobs);

// The text of `scancel --help` / `--usage`, ending in a newline.
std::string ScancelHelpText();
std::string ScancelUsageText();

}  // namespace bramble::cli
