// srun's options: ParseSrun turns srun's arguments and environment into a
// step request (and, outside a job, the allocation to ask for first).
//
// Like Slurm (src/srun/libsrun/opt.c) options come from SLURM_*/SRUN_*
// environment variables, then the command line, which wins. Inside an
// allocation those variables are the job's (SLURM_JOB_ID, SLURM_NTASKS,
// SLURM_JOB_NUM_NODES, ...), so `srun hostname` in `sbatch -N2 -n4` runs 4
// tasks on 2 nodes, exactly as in Slurm. srun stops at the first operand:
// that word and everything after it is the command, passed verbatim (Open
// MPI hands srun `orted -mca ess "slurm" ...` with literal quotes).
//
// Error messages are the complete text srun prints on stderr (one or more
// lines, no trailing newline), e.g. `srun: error: Invalid numeric value
// "x" for --ntasks.`; the caller prints them and exits 1.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "cli/job_options.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

// What the user asked srun to do.
enum class SrunAction { kRun, kHelp, kUsage, kVersion, kMpiList };

// Facts srun takes from its process and from slurm.conf.
struct SrunContext {
  std::string cwd;
  std::string hostname;
  uint32_t umask = 022;
  std::string mpi_default = "none";  // MpiDefault
  bool kill_on_bad_exit = false;     // KillOnBadExit
  JobClock clock;                    // what --begin counts from
};

struct SrunOptions {
  SrunAction action = SrunAction::kRun;
  std::vector<std::string> argv;  // the command and its arguments, verbatim
  // The allocation to run in (--jobid, else SLURM_JOB_ID); 0 = srun must
  // first ask for `allocation`.
  uint32_t job_id = 0;
  proto::StepRequest step;     // job_id filled when attached
  proto::JobSpec allocation;   // interactive; used when job_id is 0
  std::string mpi;             // none, pmi1 or pmi2
  // "" (the default: stdin goes to task 0 only), "all", "none", a task
  // id, or a file pattern (ClassifyIo).
  std::string input;
  std::string output;          // "" = to srun; else "none", a task id or a file pattern
  std::string error;           // "" = to srun; else as output
  bool label = false;          // -l
  bool unbuffered = false;     // -u (implied by --pty)
  bool pty = false;
  bool kill_on_bad_exit = false;  // -K, else SLURM_KILL_BAD_EXIT, else KillOnBadExit
  std::string cpu_bind;        // as given (--cpu-bind, SLURM_CPU_BIND)
  std::string export_env;      // --export rule (ApplyExport); "" = ALL
  std::string work_dir;        // absolute: -D against the cwd, else the cwd
  bool open_append = false;    // --open-mode=append
  uint32_t wait_s = 0;         // -W: end the step this long after the first task ends; 0 = off
  bool quiet = false;          // -Q
  int verbose = 0;             // -v count
  // Lines to print on stderr before running, e.g. "srun: Warning: can't
  // run 1 processes on 2 nodes, setting nnodes to 1". Slurm prints them
  // even with -Q (they come before -Q takes effect).
  std::vector<std::string> warnings;
};

// Parses srun's arguments (without argv[0]) and environment ("NAME=value"
// entries). Stops early with kHelp/kUsage/kVersion, and with kMpiList for
// --mpi=list (no command needed). Fails with the text to print (see the
// top of this file).
Result<SrunOptions> ParseSrun(const std::vector<std::string>& args, const std::vector<std::string>& environment,
                              const SrunContext& context);

// Where -i/-o/-e send a task's stream (Slurm's fname_create in
// src/srun/libsrun/fname.c).
struct IoTarget {
  enum Kind {
    kSrun,         // through srun ("" / "all" / "-"): stdin broadcast, output to srun's
    kNone,         // "none": /dev/null on every node
    kOneTask,      // a task id: only that task's stream
    kLocalFile,    // a file srun itself opens (no per-task specifier)
    kPerTaskFile,  // a pattern with %t, %n, %N or %u: each node opens it
  };
  Kind kind = kSrun;
  uint32_t task = 0;    // kOneTask
  std::string pattern;  // kLocalFile and kPerTaskFile
};
IoTarget ClassifyIo(const std::string& spec);

// The environment a step's tasks start from: `env` (srun's, "NAME=value")
// filtered by an --export rule as Slurm's _build_user_env does
// (src/srun/libsrun/launch.c): "" or ALL = everything; NONE = only SLURM*
// variables; "NAME,NAME=value,..." = those (a bare NAME takes its value from
// `env`) plus every SLURM* variable, and with ALL in the list everything,
// `env` winning over the explicit values. A NONE item ends the list.
std::vector<std::string> ApplyExport(const std::string& rule, const std::vector<std::string>& env);

// `srun --mpi=list` output (stdout): "MPI plugin types are...\n\tnone\n...".
std::string MpiListText();

// The text of `srun --help` and `srun --usage`, ending in a newline.
std::string SrunHelpText();
std::string SrunUsageText();

}  // namespace bramble::cli
