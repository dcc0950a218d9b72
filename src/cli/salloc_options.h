// salloc's options, and the allocation options that salloc and srun share.
//
// salloc asks for an interactive allocation (JobSpec.interactive) and runs
// a command, by default the user's shell, while it holds it. Like Slurm
// (src/salloc/opt.c) the options come from SALLOC_* environment variables,
// then the command line; salloc stops at the first operand, which starts
// the command. Option parsing is RunGetopt's over the shared table
// (sbatch_options.h), so option forms and errors are glibc's.
//
// The helpers below the salloc entry points are Slurm's slurm_opt.c setters
// for the options that shape an allocation, used by srun too. Their error
// messages are the text after "<command>: error: ".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

// What the user asked salloc to do.
enum class SallocAction { kAllocate, kHelp, kUsage, kVersion };

struct SallocOptions {
  SallocAction action = SallocAction::kAllocate;
  proto::JobSpec spec;            // interactive; complete when action is kAllocate
  std::vector<std::string> argv;  // the command; empty = the user's shell (the caller's choice)
  bool quiet = false;             // -Q
  int verbose = 0;                // -v count
  // Lines to print on stderr before allocating, e.g. "salloc: Warning:
  // can't run 1 processes on 2 nodes, setting nnodes to 1". Slurm prints
  // them even with -Q (before -Q takes effect).
  std::vector<std::string> warnings;
};

// Parses salloc's arguments (without argv[0]) and environment ("NAME=value"
// entries; only SALLOC_* variables are read). `cwd`, `hostname` and `umask`
// are the caller's. Stops early with kHelp/kUsage/kVersion. Fails with the
// complete text for stderr ("salloc: error: Invalid --time specification");
// the caller prints it and exits 1.
Result<SallocOptions> ParseSalloc(const std::vector<std::string>& args, const std::vector<std::string>& environment,
                                  const std::string& cwd, const std::string& hostname, uint32_t umask);

// The text of `salloc --help` and `salloc --usage`, ending in a newline.
std::string SallocHelpText();
std::string SallocUsageText();

// ---- shared with srun

// Slurm's parse_int (src/common/proc_args.c): a decimal integer, at least 1
// when `positive`, else at least 0. Fails with "Invalid numeric value "x"
// for --ntasks." or "Numeric argument (N) to big for --ntasks.".
Result<uint32_t> ParseSlurmInt(const std::string& value, const char* option, bool positive);

// Applies an option that shapes an allocation (-A -c -J -n -N -p -t -w -x
// --mem --mem-per-cpu --ntasks-per-node --comment -H) to `spec`; sets
// *handled to false, and changes nothing, for any other id. Fails with
// Slurm's message, e.g. "Invalid --mem specification".
Status ApplyAllocationOption(int id, const std::string& value, proto::JobSpec* spec, bool* handled);

// The number of distinct names in a hostlist expression or comma list
// (Slurm's hostlist_uniq + hostlist_count). Fails on a malformed expression.
Result<uint32_t> CountDistinctNodes(const std::string& nodelist);

// The first `count` names of `nodelist` after Slurm's hostlist_uniq (which
// sorts and drops repeats), compressed: what srun and salloc keep when
// fewer tasks than listed nodes lower the node count.
std::string FirstNodes(const std::string& nodelist, uint32_t count);

// The value of `name` among "NAME=value" entries (the first, like getenv),
// or nullopt.
std::optional<std::string> FindEnv(const std::vector<std::string>& environment, std::string_view name);

// `text` with every line prefixed by "<program>: error: ", as a status.
Status CommandError(std::string_view program, const std::string& text);

// `path` made absolute against `dir`.
std::string JoinPath(const std::string& dir, const std::string& path);

}  // namespace bramble::cli
