// sacct's command line (sacct(1), COMPAT.md 5, 6.1, 8.3).
//
// Parsing is RunGetopt's with sacct's table. -j takes comma lists and may
// be repeated; an item is a job ("12"), an array task ("12_3"), or one step
// ("12.batch", "12.0", "12_3.0"), which then shows only that step's line.
// Times (-S/-E) are read as sbatch --begin reads them (ParseBeginTime);
// without -S the window starts at midnight today, or at the epoch when -j
// is given (-E defaults to now). Stray operands are refused as Slurm does
// ("Unknown arguments"), because clients run sacct without a shell and
// pass `| tail -1` as arguments (COMPAT.md 6.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "cli/job_options.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

// One item of -j.
struct SacctSelector {
  uint32_t job_id = 0;                  // the job, or an array's job id with array_task
  std::optional<uint32_t> array_task;
  std::optional<std::string> step;      // "batch", "extern" or a step number
};

// One -o column: a field name as sacct knows it, and its width.
struct SacctColumn {
  std::string name;   // canonical ("JobID", "MaxRSS")
  int width = 0;      // characters
  bool left = false;  // left-justified
};

enum class SacctAction { kQuery, kHelp, kUsage, kVersion, kHelpFormat };

struct SacctOptions {
  SacctAction action = SacctAction::kQuery;
  proto::QueryAccounting query;        // job ids, users, window, states, names
  std::vector<SacctSelector> selectors;  // -j items, in order
  std::vector<SacctColumn> columns;
  bool no_header = false;              // -n
  bool parsable = false;               // -p: '|' after every field
  bool parsable2 = false;              // -P: '|' between fields
  bool allocations = false;            // -X
};

// Parses argv (args[0] is the program name) at `clock`'s time. A usage
// error returns kInvalidArgument whose message is the whole text for stderr.
// `my_uid` is the caller (-u of a name that does not resolve fails).
Result<SacctOptions> ParseSacct(const std::vector<std::string>& args, const JobClock& clock);

// The columns of a -o/--format list ("JobID,State%20,nodelist%-256").
// Fails with sacct's "Invalid field requested: \"x\"" text.
Result<std::vector<SacctColumn>> ParseSacctFormat(const std::string& list);

std::string SacctHelpFormatText();
std::string SacctUsageText();

}  // namespace bramble::cli
