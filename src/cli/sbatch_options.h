// sbatch's options: ParseSbatch turns sbatch's arguments, environment and
// script into a JobSpec, through the option table and setters it shares
// with salloc and srun (job_options.h).
//
// Like Slurm (src/sbatch/opt.c), options come from three layers applied in
// order, each overriding the one before: #SBATCH directives in the script,
// then SBATCH_* environment variables, then the command line. Option
// parsing is RunGetopt's (getopt_runner.h), so option forms and error
// messages are glibc's. sbatch stops at the first operand (the script), so
// what follows the script belongs to the script.
//
// Error messages are the complete text sbatch prints on stderr (one or more
// lines, no trailing newline), e.g. "sbatch: error: Invalid --time
// specification"; the caller prints them and exits 1.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "cli/job_options.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

// What the user asked sbatch to do.
enum class SbatchAction { kSubmit, kHelp, kUsage, kVersion };

struct SbatchOptions {
  SbatchAction action = SbatchAction::kSubmit;
  proto::JobSpec spec;     // complete when action is kSubmit
  bool parsable = false;   // --parsable: print "<id>" only
  bool quiet = false;      // -Q: print nothing on success
  int verbose = 0;         // -v count
  std::string script_path;  // as given; "" = the script came from stdin or --wrap
};

// Reads a script: `path` as given on the command line, or "" for stdin.
// A failure's message is printed after "sbatch: error: ".
using ScriptReader = std::function<Result<std::string>(const std::string& path)>;

// Parses sbatch's arguments (without argv[0]), environment ("NAME=value"
// entries, captured into the spec as given) and script, read through
// `read_script` unless --wrap gives it. `cwd` is the submit directory,
// `hostname` the submit host, `umask` the caller's umask, `clock` the time
// --begin counts from. Stops early with kHelp/kUsage/kVersion when asked.
// Fails with the message to print (see the top of this file).
Result<SbatchOptions> ParseSbatch(const std::vector<std::string>& args, const std::vector<std::string>& environment,
                                  const ScriptReader& read_script, const std::string& cwd, const std::string& hostname,
                                  uint32_t umask, const JobClock& clock);

// The text of `sbatch --help` and `sbatch --usage`, ending in a newline.
std::string SbatchHelpText();
std::string SbatchUsageText();

}  // namespace bramble::cli
