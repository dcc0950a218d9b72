// sbatch's options: the shared option table, a getopt_long driver, and
// ParseSbatch, which turns sbatch's arguments, environment and script into
// a JobSpec.
//
// Like Slurm (src/sbatch/opt.c), options come from three layers applied in
// order, each overriding the one before: #SBATCH directives in the script,
// then SBATCH_* environment variables, then the command line. Option
// parsing is getopt_long's, so "-n 4", "-n4", "--ntasks=4", "--ntasks 4" and
// unambiguous abbreviations ("--part=x") all work, and its error messages
// are glibc's. sbatch stops at the first operand (the script), so what
// follows the script belongs to the script.
//
// Error messages are the complete text sbatch prints on stderr (one or more
// lines, no trailing newline), e.g. "sbatch: error: Invalid --time
// specification"; the caller prints them and exits 1.
#pragma once

#include <getopt.h>  // no_argument, required_argument, optional_argument

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
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
};

// Which commands accept an option (bit mask).
inline constexpr unsigned kForSbatch = 1;
inline constexpr unsigned kForSrun = 2;
inline constexpr unsigned kForSalloc = 4;

// One row of the option table; the first three fields are getopt_long's.
struct OptionSpec {
  const char* name;  // long name
  int has_arg;       // no_argument, required_argument or optional_argument
  int id;            // an OptionId; an id below 0x100 is also the short option
  unsigned commands;  // kForSbatch | ...
};

// The table shared by sbatch (and later srun and salloc), like Slurm's
// slurm_opt.c. Several long names may share an id (--ntasks, --tasks).
extern const std::span<const OptionSpec> kSbatchOptions;

// One option as getopt_long returned it.
struct ParsedOption {
  int id;
  std::optional<std::string> value;  // unset for a flag or an omitted optional argument
};

struct GetoptOutput {
  std::vector<ParsedOption> options;  // in command-line order
  std::vector<std::string> operands;  // the arguments that are not options
};

// Runs getopt_long over `args` (without argv[0]) with the options of
// `table` that `command` accepts. With `permute` (GNU style, squeue and
// scancel) operands may appear anywhere; without it (sbatch, srun) parsing
// stops at the first operand and everything from there on is an operand.
// "--" ends the options either way. Fails with glibc's message, e.g.
// "sbatch: unrecognized option '--foo'" or "sbatch: option requires an
// argument -- 'J'". Uses getopt's global state: not thread-safe.
Result<GetoptOutput> RunGetopt(std::string_view program, std::span<const OptionSpec> table, unsigned command,
                               const std::vector<std::string>& args, bool permute);

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
