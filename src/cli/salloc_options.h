// salloc's options, and the node-count helpers that salloc and srun share.
//
// salloc asks for an interactive allocation (JobSpec.interactive) and runs
// a command, by default the user's shell, while it holds it. Like Slurm
// (src/salloc/opt.c) the options come from SALLOC_* environment variables,
// then the command line; salloc stops at the first operand, which starts
// the command. Option parsing is RunGetopt's over the shared table, and the
// job options are ApplyJobOption's (job_options.h), so option forms and
// errors are those of sbatch and srun.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "cli/job_options.h"
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
// are the caller's, `clock` the time --begin counts from. Stops early with
// kHelp/kUsage/kVersion. Fails with the complete text for stderr
// ("salloc: error: Invalid --time specification"); the caller prints it and
// exits 1.
Result<SallocOptions> ParseSalloc(const std::vector<std::string>& args, const std::vector<std::string>& environment,
                                  const std::string& cwd, const std::string& hostname, uint32_t umask,
                                  const JobClock& clock);

// The text of `salloc --help` and `salloc --usage`, ending in a newline.
std::string SallocHelpText();
std::string SallocUsageText();

// ---- shared with srun

// The number of distinct names in a hostlist expression or comma list
// (Slurm's hostlist_uniq + hostlist_count). Fails on a malformed expression.
Result<uint32_t> CountDistinctNodes(const std::string& nodelist);

// The first `count` names of `nodelist` after Slurm's hostlist_uniq (which
// sorts and drops repeats), compressed: what srun and salloc keep when
// fewer tasks than listed nodes lower the node count.
std::string FirstNodes(const std::string& nodelist, uint32_t count);

}  // namespace bramble::cli
