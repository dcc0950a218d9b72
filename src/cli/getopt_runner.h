// getopt_long behind an option table: the one command-line driver of every
// command (sbatch, squeue, sinfo, scancel, scontrol).
//
// Slurm's commands call getopt_long directly, so option forms and error
// messages are glibc's: "-n 4", "-n4", "--ntasks=4", "--ntasks 4" and
// unambiguous abbreviations ("--part=x") all work, and a usage error reads
// "sbatch: unrecognized option '--foo'" followed by
// "Try \"sbatch --help\" for more information". A table row names a long
// option and its id; an id below 0x100 is also the short option, so the
// short option string is derived from the table rather than kept beside it.
//
// getopt keeps global state: RunGetopt resets it on entry and is not
// thread-safe.
#pragma once

#include <getopt.h>  // no_argument, required_argument, optional_argument

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bramble::cli {

// A `commands` mask that every command accepts.
inline constexpr unsigned kEveryCommand = ~0u;

// One row of an option table; the first three fields are getopt_long's.
struct OptionSpec {
  const char* name;  // long name
  int has_arg;       // no_argument, required_argument or optional_argument
  int id;            // an id below 0x100 is also the short option
  // Which commands accept the option, for a table shared by several
  // commands (sbatch, srun, salloc): a bit mask matched against RunGetopt's
  // `command`.
  unsigned commands = kEveryCommand;
};

// One option as getopt_long returned it.
struct ParsedOption {
  int id;
  std::optional<std::string> value;  // unset for a flag or an omitted optional argument
};

struct GetoptOutput {
  std::vector<ParsedOption> options;  // in command-line order
  std::vector<std::string> operands;  // the arguments that are not options, in order
};

// Where the options may stand relative to the operands.
enum class ArgOrder {
  kStopAtFirstOperand,  // sbatch: the script and all after it are operands
  kPermute,             // GNU style: operands may appear anywhere
};

// Runs getopt_long over `args` (without argv[0]) with the rows of `table`
// whose mask meets `command`. "--" ends the options in either order.
// Fails with the complete text for stderr under `program`: glibc's message,
// e.g. "sbatch: unrecognized option '--foo'" or "sbatch: option requires an
// argument -- 'J'", then "Try \"sbatch --help\" for more information".
Result<GetoptOutput> RunGetopt(std::string_view program, std::span<const OptionSpec> table,
                               const std::vector<std::string>& args, ArgOrder order,
                               unsigned command = kEveryCommand);

}  // namespace bramble::cli
