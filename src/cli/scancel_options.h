// scancel's command line: ids and filters into a CancelJobs request.
//
// Follows Slurm's scancel(1): job ids are operands anywhere on the line (GNU
// argument permutation, so `scancel 12 --signal USR1` works), filters are
// ANDed, and with neither ids nor filters nothing is cancelled. Filters we
// cannot honour yet (-A, -q, -R, -w, --wckey) are rejected rather than
// ignored, since ignoring a filter would cancel more jobs than asked.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

enum class ScancelAction { kCancel, kHelp, kUsage, kVersion };

struct ScancelOptions {
  ScancelAction action = ScancelAction::kCancel;
  proto::CancelJobs request;
  bool me = false;  // --me: the caller puts its own user name into request.user
  bool quiet = false;
  int verbose = 0;
};

// Parses scancel's arguments (without argv[0]). Fails with the complete
// text to print on stderr, e.g. "scancel: error: Invalid job id 12_3" or
// "scancel: error: No job identification provided".
Result<ScancelOptions> ParseScancel(const std::vector<std::string>& args);

// The text of `scancel --help` / `--usage`, ending in a newline.
std::string ScancelHelpText();
std::string ScancelUsageText();

}  // namespace bramble::cli
