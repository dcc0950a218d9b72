// sbatch's options: the shared option table and ParseSbatch, which turns
// sbatch's arguments, environment and script into a JobSpec.
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
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "cli/getopt_runner.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

// Option ids: a short option's character, else a value from 0x100 up.
enum OptionId : int {
  kOptArray = 'a',
  kOptAccount = 'A',
  kOptBegin = 'b',
  kOptExtraNodeInfo = 'B',
  kOptCpusPerTask = 'c',
  kOptConstraint = 'C',
  kOptDependency = 'd',
  kOptChdir = 'D',
  kOptError = 'e',
  kOptGpus = 'G',
  kOptHelp = 'h',
  kOptHold = 'H',
  kOptInput = 'i',
  kOptImmediate = 'I',
  kOptJobName = 'J',
  kOptNoKill = 'k',
  kOptLicenses = 'L',
  kOptDistribution = 'm',
  kOptClusters = 'M',
  kOptNtasks = 'n',
  kOptNodes = 'N',
  kOptOutput = 'o',
  kOptOvercommit = 'O',
  kOptPartition = 'p',
  kOptQos = 'q',
  kOptQuiet = 'Q',
  kOptOversubscribe = 's',
  kOptCoreSpec = 'S',
  kOptTime = 't',
  kOptUsage = 'u',
  kOptVerbose = 'v',
  kOptVersion = 'V',
  kOptNodelist = 'w',
  kOptExclude = 'x',
  kOptComment = 0x100,
  kOptExport,
  kOptGetUserEnv,
  kOptMem,
  kOptMemPerCpu,
  kOptNoRequeue,
  kOptNtasksPerNode,
  kOptOpenMode,
  kOptParsable,
  kOptRequeue,
  kOptWrap,
  kOptIgnored,  // accepted and not stored yet (the feature comes in a later issue)
  // srun and salloc. Their short letters that sbatch spells differently
  // share a value with sbatch's id: the table rows are per command.
  kOptKillOnBadExit = 'K',  // srun -K; salloc's -K is --kill-command
  kOptKillCommand = 'K',
  kOptLabel = 'l',
  kOptThreads = 'T',
  kOptUnbuffered = 'u',  // srun -u; sbatch's 'u' row is --usage
  kOptWait = 'W',
  kOptDisableStatus = 'X',
  kOptCpuBind = 0x200,
  kOptExclusive,
  kOptJobId,
  kOptMpi,
  kOptOverlap,  // also --external-launcher
  kOptPty,
  kOptUsageLong,  // srun's and salloc's --usage, which has no short form
};

// Which commands accept an option (OptionSpec::commands).
inline constexpr unsigned kForSbatch = 1;
inline constexpr unsigned kForSrun = 2;
inline constexpr unsigned kForSalloc = 4;

// The table shared by sbatch, srun and salloc, like Slurm's slurm_opt.c;
// each row's mask says which commands accept it. Several long names may
// share an id (--ntasks, --tasks).
extern const std::span<const OptionSpec> kSbatchOptions;

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
// `hostname` the submit host, `umask` the caller's umask. Stops early with
// kHelp/kUsage/kVersion when asked. Fails with the message to print (see the
// top of this file).
Result<SbatchOptions> ParseSbatch(const std::vector<std::string>& args, const std::vector<std::string>& environment,
                                  const ScriptReader& read_script, const std::string& cwd, const std::string& hostname,
                                  uint32_t umask);

// The text of `sbatch --help` and `sbatch --usage`, ending in a newline.
std::string SbatchHelpText();
std::string SbatchUsageText();

}  // namespace bramble::cli
