// squeue's command line (squeue(1)) and the job filter it implies.
//
// Parsing is RunGetopt's (getopt_runner.h) with squeue's option table, so
// option forms behave as in Slurm: `-j` takes an optional argument, so
// `-j 123` works because the leftover positional argument becomes the job
// list; `-j123`, `--jobs=123` and comma lists work too. A job id selects the
// job and, when it is an array's id, all of the array's tasks; "12_3" (or
// "12_[1-3]") selects tasks of array 12. Without -t only PENDING, RUNNING and
// COMPLETING jobs are shown, even with -j; --start shows pending jobs with
// kSqueueStartFormat, ordered by expected start time. Environment
// variables (SQUEUE_FORMAT, SQUEUE_STATES, SQUEUE_USERS, SQUEUE_PARTITION,
// SQUEUE_NAMES, SQUEUE_ACCOUNT) fill in what the command line leaves unset.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

// getenv for tests: the value of a variable, or nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The states a -t list selects.
struct JobStateFilter {
  bool all = false;                    // -t all
  std::vector<proto::JobState> states;  // base states named (by long name or code)
  bool completing = false;             // CG/COMPLETING named
};

// One item of a -j list: a job id, or with `array_task` one task of the
// array whose id is `job_id`.
struct JobSelector {
  uint32_t job_id = 0;
  std::optional<uint32_t> array_task;
};

struct SqueueOptions {
  bool help = false;   // --help: print SqueueHelp() and exit 0
  bool usage = false;  // --usage: print SqueueUsage() and exit 0
  bool version = false;  // -V, --version: print the version line and exit 0
  bool no_header = false;
  bool long_format = false;  // -l: also print the date line first
  bool steps = false;        // -s: steps (none are listed yet)
  std::string format;        // resolved: -o, -l, -s, $SQUEUE_FORMAT or the default
  bool array_per_task = false;  // -r: one line per array task
  bool start = false;        // --start: sort by expected start time
  bool job_flag = false;     // -j given, with or without ids
  std::vector<uint32_t> job_ids;         // the ids -j names (for "12_3": 12); empty = every job
  std::vector<JobSelector> job_selectors;  // what -j selects, item by item
  std::vector<std::string> users;        // names or numeric uids
  bool me = false;                       // --me
  std::optional<JobStateFilter> states;  // nullopt = the default filter
  std::vector<std::string> partitions;
  std::vector<std::string> names;
  std::vector<std::string> accounts;
  std::vector<std::string> nodes;  // -w, expanded
  int verbose = 0;
  // Lines for stderr that do not stop the command, e.g.
  // "squeue: error: Invalid job format specification: y".
  std::vector<std::string> warnings;
};

// Parses argv (args[0] is the program name). On a usage error returns
// kInvalidArgument whose message is the complete text for stderr, e.g.
// "squeue: unrecognized option '--x'\nTry \"squeue --help\" for more information".
Result<SqueueOptions> ParseSqueueOptions(const std::vector<std::string>& args, const EnvLookup& env);

// Parses a -t/--states list ("all", long names or compact codes, any case).
// Fails with squeue's "Invalid job state specified: X" text.
Result<JobStateFilter> ParseJobStateFilter(const std::string& list);

// Whether `job` passes a state filter; nullopt is squeue's default
// (PENDING, RUNNING, or completing).
bool JobStateMatches(const proto::JobRecord& job, const std::optional<JobStateFilter>& filter);

// Whether `job` is one that `selectors` name; an empty list names every job.
bool JobSelected(const proto::JobRecord& job, const std::vector<JobSelector>& selectors);

// Whether any selector names a single array task ("12_3"): squeue then
// shows the selected tasks one per line, as with -r.
bool SelectsArrayTasks(const std::vector<JobSelector>& selectors);

// Pointers to each record of `records` (a vector or a reply's repeated
// field), in order. squeue works on pointers into the controller's reply:
// copying or even moving records (a protobuf move swaps every field) was
// most of its own time with 500 jobs.
template <typename Records>
std::vector<const proto::JobRecord*> PointersTo(const Records& records) {
  std::vector<const proto::JobRecord*> pointers;
  pointers.reserve(static_cast<size_t>(records.size()));
  for (const proto::JobRecord& record : records) pointers.push_back(&record);
  return pointers;
}

// The jobs that pass every filter in `options`, in their given order.
// `my_username` is the user --me stands for.
std::vector<const proto::JobRecord*> FilterJobs(const std::vector<const proto::JobRecord*>& jobs,
                                                const SqueueOptions& options, const std::string& my_username);

std::string SqueueUsage();
std::string SqueueHelp();

}  // namespace bramble::cli
