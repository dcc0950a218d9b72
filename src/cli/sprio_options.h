// sprio's command line (sprio(1), src/sprio/opts.c).
//
// -j/--jobs takes an optional argument, so "-j 12" works through the
// leftover positional argument as in squeue; "12_3" selects job 12, as
// Slurm's sprio reads it. -o and -l exclude each other; SPRIO_FORMAT is used
// when neither -o nor -l is given. The default format depends on the
// configured weights, so it is chosen later (SprioDefaultFormat). Usage
// errors are getopt's text followed by
// "Try \"sprio --help\" for more information", exit 1.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace bramble::cli {

struct SprioOptions {
  bool help = false;   // --help: print SprioHelp(), exit 0
  bool usage = false;  // --usage: print SprioUsage(), exit 0
  bool version = false;  // -V, --version: print the version line, exit 0
  bool no_header = false;    // -h
  bool long_format = false;  // -l
  bool normalized = false;   // -n
  bool weights = false;      // -w: the weights line instead of jobs
  std::string format;        // -o or $SPRIO_FORMAT; empty = the default
  bool job_flag = false;     // -j given
  std::vector<uint32_t> job_ids;
  std::vector<std::string> users;       // -u, names or numeric uids
  std::vector<std::string> partitions;  // -p
  std::string sort;                     // -S
  int verbose = 0;
};

// getenv for tests: a variable's value, or nullopt when unset.
using SprioEnv = std::function<std::optional<std::string>(const std::string& name)>;

// Parses argv (args[0] is the program name). Fails with kInvalidArgument
// whose message is the complete text for stderr.
Result<SprioOptions> ParseSprioOptions(const std::vector<std::string>& args, const SprioEnv& env);

std::string SprioUsage();
std::string SprioHelp();

}  // namespace bramble::cli
