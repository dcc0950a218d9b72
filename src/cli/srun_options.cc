// srun option parsing; see srun_options.h.
#include "cli/srun_options.h"

#include <getopt.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

#include "cli/getopt_runner.h"
#include "cli/job_options.h"
#include "cli/salloc_options.h"
#include "common/hostlist.h"
#include "common/split.h"

namespace bramble::cli {
namespace {

// The MPI types Bramble's stepd serves (one PMI server speaks PMI-1 and
// PMI-2, COMPAT.md 3.4); "list" prints them.
constexpr const char* kMpiTypes[] = {"none", "pmi1", "pmi2"};

// Variables srun reads as options, in the order of Slurm 22.05's env_vars[]
// (src/srun/libsrun/opt.c): later entries override earlier ones, so
// SLURM_NTASKS beats SLURM_NPROCS and SRUN_EXPORT_ENV beats
// SLURM_EXPORT_ENV. Slurm reads SLURM_JOB_NUM_NODES, not SLURM_NNODES (a
// step's SLURM_NNODES is the step's count, the job's is kept in
// SLURM_JOB_NUM_NODES). Bramble additions: SLURM_JOBID as a fallback for
// SLURM_JOB_ID, and SRUN_INPUT/OUTPUT/ERROR, the newer names of
// SLURM_STDINMODE/STDOUTMODE/STDERRMODE.
struct EnvOption {
  const char* name;
  int id;
};
constexpr EnvOption kSrunEnv[] = {
    {"SLURM_ACCOUNT", kOptAccount},
    {"SLURM_CPUS_PER_TASK", kOptCpusPerTask},
    {"SLURM_CPU_BIND", kOptCpuBind},
    {"SLURM_EXPORT_ENV", kOptExport},
    {"SRUN_EXPORT_ENV", kOptExport},
    {"SLURM_JOBID", kOptJobId},
    {"SLURM_JOB_ID", kOptJobId},
    {"SLURM_JOB_NAME", kOptJobName},
    {"SLURM_JOB_NUM_NODES", kOptNodes},
    {"SLURM_KILL_BAD_EXIT", kOptKillOnBadExit},
    {"SLURM_LABELIO", kOptLabel},
    {"SLURM_MEM_PER_CPU", kOptMemPerCpu},
    {"SLURM_MEM_PER_NODE", kOptMem},
    {"SLURM_MPI_TYPE", kOptMpi},
    {"SLURM_NPROCS", kOptNtasks},
    {"SLURM_NTASKS", kOptNtasks},
    {"SLURM_NTASKS_PER_NODE", kOptNtasksPerNode},
    {"SLURM_OPEN_MODE", kOptOpenMode},
    {"SLURM_OVERLAP", kOptOverlap},
    {"SLURM_PARTITION", kOptPartition},
    {"SLURM_STDERRMODE", kOptError},
    {"SLURM_STDINMODE", kOptInput},
    {"SLURM_STDOUTMODE", kOptOutput},
    {"SRUN_ERROR", kOptError},
    {"SRUN_INPUT", kOptInput},
    {"SRUN_OUTPUT", kOptOutput},
    {"SLURM_TIMELIMIT", kOptTime},
    {"SLURM_UNBUFFEREDIO", kOptUnbuffered},
    {"SLURM_WAIT", kOptWait},
};

bool IsFlag(int id) {
  for (const OptionSpec& spec : kJobOptions) {
    if (spec.id == id && (spec.commands & kForSrun) != 0) return spec.has_arg == no_argument;
  }
  return false;
}

bool StartsWithNoCase(const std::string& text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

bool EqualsNoCase(const std::string& text, std::string_view word) {
  return text.size() == word.size() && StartsWithNoCase(text, word);
}

// -i/-o/-e as fname_create reads them: "all..." or "-..." = through srun.
std::string IoSpec(const std::string& value, const char* through_srun) {
  if (StartsWithNoCase(value, "all") || (!value.empty() && value[0] == '-')) return through_srun;
  if (EqualsNoCase(value, "none")) return "none";
  return value;
}

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// What parsing collects besides SrunOptions.
struct ParseState {
  SrunOptions options;
  JobOptionContext context;
  std::optional<std::string> chdir;
  std::optional<std::string> mpi;
  std::optional<bool> kill_on_bad_exit;
  std::string cli_name;  // -J from the command line names the step
  bool exclusive = false;
  bool overlap = false;
  bool nodes_from_cli = false;  // -N given on the command line, not inherited from the job
};

Status SrunError(const std::string& text) { return CommandError("srun", text); }

// Applies one option's value: the job options through ApplyJobOption (into
// the allocation srun asks for when it has none), srun's own here. Fails
// with the complete stderr text.
Status ApplyOption(int id, const std::optional<std::string>& value, bool from_cli, ParseState* state) {
  SrunOptions& o = state->options;
  const std::string text = value.value_or("");
  auto shared = ApplyJobOption(id, value, state->context, &o.allocation);
  if (!shared) return shared.error();
  if (id == kOptNodes && from_cli) state->nodes_from_cli = true;
  if (id == kOptJobName && from_cli) state->cli_name = text;
  // --exclusive also asks for a step of its own CPUs (Slurm's
  // arg_set_exclusive sets srun_opt->exclusive only for this form).
  if (id == kOptExclusive && (!value || EqualsNoCase(text, "exclusive"))) state->exclusive = true;
  if (*shared) return Status::Ok();
  switch (id) {
    case kOptChdir: state->chdir = text; break;
    case kOptInput: o.input = IoSpec(text, "all"); break;
    case kOptOutput: o.output = IoSpec(text, ""); break;
    case kOptError: o.error = IoSpec(text, ""); break;
    case kOptExport: o.export_env = text; break;
    case kOptCpuBind: o.cpu_bind = text; break;
    case kOptMpi: state->mpi = text; break;
    case kOptLabel: o.label = true; break;
    case kOptUnbuffered: o.unbuffered = true; break;
    case kOptPty: o.pty = true; break;
    case kOptOverlap: state->overlap = true; break;
    case kOptOpenMode:  // Slurm looks at the first letter only
      if (!text.empty() && (text[0] == 'a' || text[0] == 'A')) {
        o.open_append = true;
      } else if (!text.empty() && (text[0] == 't' || text[0] == 'T')) {
        o.open_append = false;
      } else {
        return SrunError("Invalid --open-mode argument: " + text + ".");
      }
      break;
    case kOptKillOnBadExit: {  // -K alone means 1 (slurm_opt.c arg_set_kill_on_bad_exit)
      if (!value) {
        state->kill_on_bad_exit = true;
        break;
      }
      auto n = ParseSlurmInt(text, "--kill-on-bad-exit", false);
      if (!n) return SrunError(n.error().message());
      state->kill_on_bad_exit = *n != 0;
      break;
    }
    case kOptJobId: {
      auto n = ParseSlurmInt(text, "--jobid", true);
      if (!n) return SrunError(n.error().message());
      o.job_id = *n;
      break;
    }
    case kOptWait: {
      auto n = ParseSlurmInt(text, "--wait", false);
      if (!n) return SrunError(n.error().message());
      o.wait_s = *n;
      break;
    }
    case kOptQuiet: o.quiet = true; break;
    case kOptVerbose: ++o.verbose; break;
    default: break;  // accepted and not stored
  }
  return Status::Ok();
}

Status ApplyEnvironment(const std::vector<std::string>& environment, ParseState* state) {
  for (const EnvOption& env : kSrunEnv) {
    auto value = FindEnv(environment, env.name);
    if (!value) continue;
    bool flag = IsFlag(env.id);
    if (value->empty() && !flag) continue;
    std::optional<std::string> arg;
    if (!flag) arg = *value;
    BRAMBLE_RETURN_IF_ERROR(ApplyOption(env.id, arg, false, state));
  }
  return Status::Ok();
}

// Task and node counts after Slurm 22.05's srun _opt_verify (src/srun/
// libsrun/opt.c, "massage the numbers"); warnings go to `lines`.
struct Counts {
  bool ntasks_set = false;
  uint32_t ntasks = 1;
  bool nodes_set = false;
  uint32_t min_nodes = 1;
  uint32_t max_nodes = 0;  // 0 = no maximum
  std::optional<uint32_t> ntasks_per_node;
  std::string nodelist;
  // The node count came from the job's SLURM_JOB_NUM_NODES: a smaller -n
  // narrows the step quietly (`srun -n 1` inside `sbatch -N 2`).
  bool nodes_inherited = false;
};

Status FitCounts(Counts* c, std::vector<std::string>* lines) {
  uint32_t listed = 0;
  if (!c->nodelist.empty()) {
    auto names = ExpandHostlist(c->nodelist);
    if (!names) return InvalidArgument("Invalid node name specified: " + c->nodelist);
    if (c->max_nodes != 0 && names->size() > c->max_nodes) {
      lines->push_back("srun: error: Required nodelist includes more nodes than permitted by max-node count (" +
                       std::to_string(names->size()) + " > " + std::to_string(c->max_nodes) +
                       "). Eliminating nodes from the nodelist.");
      names->resize(c->max_nodes);
      c->nodelist = CompressHostlist(*names);
    }
    auto count = CountDistinctNodes(c->nodelist);
    if (!count) return count.error();
    listed = *count;
    c->min_nodes = c->nodes_set ? std::max(listed, c->min_nodes) : listed;
    c->nodes_set = true;
  }
  if (c->nodes_set && (c->min_nodes == c->max_nodes || c->max_nodes == 0) && !c->ntasks_set) {
    // One task per node by default; only --ntasks-per-node makes it a set count.
    if (c->ntasks_per_node) {
      c->ntasks = c->min_nodes * *c->ntasks_per_node;
      c->ntasks_set = true;
    }
  } else if (c->nodes_set && c->ntasks_set) {
    if (c->ntasks < c->max_nodes) c->max_nodes = c->ntasks;
    if (c->ntasks < c->min_nodes) {
      if (!c->nodes_inherited) lines->push_back("srun: Warning: can't run " + std::to_string(c->ntasks) + " processes on " +
                       std::to_string(c->min_nodes) + " nodes, setting nnodes to " + std::to_string(c->ntasks));
      c->min_nodes = c->max_nodes = c->ntasks;
      if (listed > c->min_nodes) c->nodelist = FirstNodes(c->nodelist, c->min_nodes);
    }
    if (c->ntasks_per_node && *c->ntasks_per_node != c->ntasks / c->min_nodes) {
      if (c->ntasks > *c->ntasks_per_node) {
        lines->push_back("srun: Warning: can't honor --ntasks-per-node set to " +
                         std::to_string(*c->ntasks_per_node) + " which doesn't match the requested tasks " +
                         std::to_string(c->ntasks) + " with the number of requested nodes " +
                         std::to_string(c->min_nodes) + ". Ignoring --ntasks-per-node.");
      }
      c->ntasks_per_node.reset();
    }
  }
  if (c->ntasks_per_node && !c->ntasks_set) {
    c->ntasks = c->min_nodes * *c->ntasks_per_node;
    c->ntasks_set = true;
  }
  return Status::Ok();
}

// --mpi's value against Bramble's types. Slurm 22.05's text for an unknown
// type, line by line: src/common/plugin.c (plugin_load_from_file's search),
// plugin_context_create in src/common/plugin.c, _load_plugin and
// _mpi_init_locked in src/common/slurm_mpi.c, and _opt_verify in
// src/srun/libsrun/opt.c.
Status CheckMpiType(const std::string& type) {
  for (const char* known : kMpiTypes) {
    if (type == known) return Status::Ok();
  }
  return InvalidArgument("srun: error: Couldn't find the specified plugin name for mpi/" + type +
                         " looking at all files\n"
                         "srun: error: cannot find mpi plugin for mpi/" + type + "\n"
                         "srun: error: MPI: Cannot create context for mpi/" + type + "\n"
                         "srun: error: MPI: Unable to load any plugin\n"
                         "srun: error: Invalid MPI type '" + type + "', --mpi=list for acceptable types");
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

// _opt_verify's checks and adjustments after all options are in.
Status Verify(ParseState* state, const SrunContext& context) {
  SrunOptions& o = state->options;
  proto::JobSpec& spec = o.allocation;
  std::vector<std::string> lines;
  bool failed = false;
  if (o.quiet && o.verbose) {
    lines.push_back("srun: error: don't specify both --verbose (-v) and --quiet (-Q)");
    failed = true;
  }
  Counts counts;
  counts.ntasks_set = spec.has_ntasks();
  counts.ntasks = spec.has_ntasks() ? spec.ntasks() : 1;
  counts.nodes_set = spec.has_nodes_min();
  counts.min_nodes = spec.has_nodes_min() ? spec.nodes_min() : 1;
  counts.max_nodes = spec.has_nodes_max() ? spec.nodes_max() : 0;
  if (spec.has_ntasks_per_node()) counts.ntasks_per_node = spec.ntasks_per_node();
  counts.nodelist = spec.nodelist();
  counts.nodes_inherited = counts.nodes_set && !state->nodes_from_cli && spec.nodelist().empty();
  if (Status status = FitCounts(&counts, &lines); !status.ok()) {
    lines.push_back("srun: error: " + status.message());
    return InvalidArgument(JoinLines(lines));
  }
  const std::string mpi = state->mpi.value_or(context.mpi_default);
  if (Status status = CheckMpiType(mpi); !status.ok()) {
    lines.push_back(status.message());
    return InvalidArgument(JoinLines(lines));
  }
  if (o.pty) {
    o.unbuffered = true;  // implicit (opt.c)
    if (!o.input.empty() || !o.output.empty() || !o.error.empty()) {
      lines.push_back("srun: error: --error/--input/--output are incompatible with --pty");
      return InvalidArgument(JoinLines(lines));
    }
  }
  if (failed) return InvalidArgument(JoinLines(lines));
  o.warnings = std::move(lines);
  o.mpi = mpi;

  // The allocation takes the settled counts; the step request keeps a
  // missing maximum missing, as Slurm's max_nodes 0.
  spec.clear_ntasks();
  if (counts.ntasks_set) spec.set_ntasks(counts.ntasks);
  spec.clear_nodes_min();
  spec.clear_nodes_max();
  if (counts.nodes_set) {
    spec.set_nodes_min(counts.min_nodes);
    spec.set_nodes_max(counts.max_nodes != 0 ? counts.max_nodes : counts.min_nodes);
  }
  spec.clear_ntasks_per_node();
  if (counts.ntasks_per_node) spec.set_ntasks_per_node(*counts.ntasks_per_node);
  spec.set_nodelist(counts.nodelist);
  proto::StepRequest& step = o.step;
  if (counts.ntasks_set) step.set_ntasks(counts.ntasks);
  if (counts.nodes_set) step.set_nodes_min(counts.min_nodes);
  if (counts.nodes_set && counts.max_nodes != 0) step.set_nodes_max(counts.max_nodes);
  if (counts.ntasks_per_node) step.set_ntasks_per_node(*counts.ntasks_per_node);
  step.set_nodelist(counts.nodelist);
  return Status::Ok();
}

// The rest of the step request (Verify filled the counts and node list).
void FillStep(const ParseState& state, SrunOptions* o) {
  const proto::JobSpec& spec = o->allocation;
  proto::StepRequest& step = o->step;
  step.set_job_id(o->job_id);
  if (spec.has_cpus_per_task()) step.set_cpus_per_task(spec.cpus_per_task());
  step.set_exclude(spec.exclude());
  // Named by -J from the command line, else by the program: inside a job
  // SLURM_JOB_NAME is the job's name, not the step's.
  step.set_name(state.cli_name.empty() ? BaseName(o->argv[0]) : state.cli_name);
  if (spec.has_mem_per_node_mb()) step.set_mem_mb(spec.mem_per_node_mb());
  step.set_overlap(state.overlap);
  step.set_exclusive(state.exclusive);
}

}  // namespace

Result<SrunOptions> ParseSrun(const std::vector<std::string>& args, const std::vector<std::string>& environment,
                              const SrunContext& context) {
  auto parsed = RunGetopt("srun", kJobOptions, args, ArgOrder::kStopAtFirstOperand, kForSrun);
  if (!parsed) return parsed.error();
  ParseState state;
  state.context = JobOptionContext{"srun", context.clock};
  SrunOptions& o = state.options;
  for (const ParsedOption& option : parsed->options) {
    switch (option.id) {
      case kOptHelp: o.action = SrunAction::kHelp; return o;
      case kOptUsageLong: o.action = SrunAction::kUsage; return o;
      case kOptVersion: o.action = SrunAction::kVersion; return o;
      default: break;
    }
  }
  BRAMBLE_RETURN_IF_ERROR(ApplyEnvironment(environment, &state));
  for (const ParsedOption& option : parsed->options) {
    BRAMBLE_RETURN_IF_ERROR(ApplyOption(option.id, option.value, true, &state));
  }
  // --mpi=list prints the types and exits before the command is checked
  // (_opt_args in src/srun/libsrun/opt.c).
  if (state.mpi && *state.mpi == "list") {
    o.action = SrunAction::kMpiList;
    return o;
  }
  o.argv = parsed->operands;
  if (o.argv.empty()) return InvalidArgument("srun: fatal: No command given to execute.");
  BRAMBLE_RETURN_IF_ERROR(Verify(&state, context));

  o.kill_on_bad_exit = state.kill_on_bad_exit.value_or(context.kill_on_bad_exit);
  o.work_dir = state.chdir ? JoinPath(context.cwd, *state.chdir) : context.cwd;
  proto::JobSpec& spec = o.allocation;
  spec.set_interactive(true);
  if (spec.name().empty()) spec.set_name(BaseName(o.argv[0]));
  spec.set_work_dir(o.work_dir);
  spec.set_submit_dir(context.cwd);
  spec.set_submit_host(context.hostname);
  spec.set_umask(context.umask);
  FillStep(state, &o);
  return o;
}

IoTarget ClassifyIo(const std::string& spec) {
  IoTarget target;
  if (spec.empty() || StartsWithNoCase(spec, "all") || spec[0] == '-') return target;
  if (EqualsNoCase(spec, "none")) {
    target.kind = IoTarget::kNone;
    return target;
  }
  if (spec.size() <= 9 && spec.find_first_not_of("0123456789") == std::string::npos) {
    target.kind = IoTarget::kOneTask;
    target.task = static_cast<uint32_t>(std::stoul(spec));
    return target;
  }
  target.pattern = spec;
  target.kind = IoTarget::kLocalFile;
  for (size_t i = 0; i + 1 < spec.size(); ++i) {
    if (spec[i] != '%') continue;
    if (spec[i + 1] == '%') {  // "%%" is a literal percent sign
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < spec.size() && std::isdigit(static_cast<unsigned char>(spec[j]))) ++j;
    if (j < spec.size() && std::string_view("tnNu").find(spec[j]) != std::string_view::npos) {
      target.kind = IoTarget::kPerTaskFile;
    }
    i = j - 1;
  }
  return target;
}

std::vector<std::string> ApplyExport(const std::string& rule, const std::vector<std::string>& env) {
  if (rule.empty()) return env;
  std::vector<std::string> out;
  auto overwrite = [&out](const std::string& name, const std::string& value) {
    for (std::string& entry : out) {
      if (entry.compare(0, name.size() + 1, name + "=") == 0) {
        entry = name + "=" + value;
        return;
      }
    }
    out.push_back(name + "=" + value);
  };
  bool all = false;
  for (const std::string& item : SplitCommaList(rule)) {
    if (EqualsNoCase(item, "ALL")) all = true;
    if (EqualsNoCase(item, "NONE")) break;
    size_t eq = item.find('=');
    if (eq != std::string::npos) {
      overwrite(item.substr(0, eq), item.substr(eq + 1));
    } else if (auto value = FindEnv(env, item)) {
      overwrite(item, *value);
    }
  }
  // env_array_merge / env_array_merge_slurm: srun's own variables win, and
  // without ALL only those whose name starts with "SLURM" pass.
  for (const std::string& entry : env) {
    size_t eq = entry.find('=');
    if (eq == std::string::npos) continue;
    std::string name = entry.substr(0, eq);
    if (all || name.compare(0, 5, "SLURM") == 0) overwrite(name, entry.substr(eq + 1));
  }
  return out;
}

std::string MpiListText() {
  // plugrack_print_mpi_plugins in src/common/plugrack.c: a header, then
  // one tab-indented type per line.
  std::string text = "MPI plugin types are...\n";
  for (const char* type : kMpiTypes) text += std::string("\t") + type + "\n";
  return text;
}

std::string SrunUsageText() {
  return "Usage: srun [-N nnodes] [-n ntasks] [-i in] [-o out] [-e err]\n"
         "            [-c ncpus] [-p partition] [-t minutes] [-D path]\n"
         "            [--overlap] [--label] [--unbuffered] [-J jobname]\n"
         "            [--jobid=id] [--verbose] [-W sec] [--mem=MB]\n"
         "            [--mpi=type] [--account=name] [--kill-on-bad-exit]\n"
         "            [--cpu-bind=...] [--ntasks-per-node=n] [--mem-per-cpu=MB]\n"
         "            [--export=env_vars|NONE] [--pty] [-w hosts...] [-x hosts...]\n"
         "            executable [args...]\n";
}

std::string SrunHelpText() {
  return "Usage: srun [OPTIONS...] executable [args...]\n"
         "\n"
         "Parallel run options:\n"
         "  -A, --account=name          charge job to specified account\n"
         "  -b, --begin=time            defer job until HH:MM MM/DD/YY\n"
         "  -c, --cpus-per-task=ncpus   number of cpus required per task\n"
         "      --comment=name          arbitrary comment\n"
         "      --cpu-bind=type         pass to task; not enforced by Bramble\n"
         "  -d, --dependency=type:jobid[:time] defer job until condition on jobid is satisfied\n"
         "  -D, --chdir=path            change remote current working directory\n"
         "      --export=env_vars|NONE  environment variables passed to launcher with\n"
         "                              optional values or NONE (pass no variables)\n"
         "  -e, --error=err             location of stderr redirection\n"
         "      --exclusive             allocate nodes in exclusive mode\n"
         "      --external-launcher     run an MPI launcher's daemons (as --overlap)\n"
         "  -H, --hold                  submit job in held state\n"
         "  -i, --input=in              location of stdin redirection\n"
         "      --jobid=id              run under already allocated job\n"
         "  -J, --job-name=jobname      name of job\n"
         "  -K, --kill-on-bad-exit      kill the job if any task terminates with a\n"
         "                              non-zero exit code\n"
         "  -l, --label                 prepend task number to lines of stdout/err\n"
         "      --mpi=type              type of MPI being used (--mpi=list)\n"
         "  -n, --ntasks=ntasks         number of tasks to run\n"
         "      --nice[=value]          decrease scheduling priority by value\n"
         "      --ntasks-per-node=n     number of tasks to invoke on each node\n"
         "  -N, --nodes=N               number of nodes on which to run (N = min[-max])\n"
         "  -o, --output=out            location of stdout redirection\n"
         "      --open-mode={append|truncate} output files open mode\n"
         "      --overlap               Allow other steps to overlap this step\n"
         "  -p, --partition=partition   partition requested\n"
         "      --pty                   run task zero in pseudo terminal\n"
         "  -Q, --quiet                 quiet mode (suppress informational messages)\n"
         "      --signal=[R:]num[@time] send signal when time limit within time seconds\n"
         "  -t, --time=minutes          time limit\n"
         "  -u, --unbuffered            do not line-buffer stdout/err\n"
         "  -v, --verbose               verbose mode (multiple -v's increase verbosity)\n"
         "  -W, --wait=sec              seconds to wait after first task exits\n"
         "                              before killing job\n"
         "\n"
         "Constraint options:\n"
         "  -C, --constraint=list       specify a list of constraints\n"
         "  -G, --gpus=n                count of GPUs required for the job\n"
         "      --gres=list             required generic resources\n"
         "      --mem=MB                minimum amount of real memory\n"
         "      --mem-per-cpu=MB        maximum amount of real memory per allocated cpu\n"
         "  -w, --nodelist=hosts...     request a specific list of hosts\n"
         "  -x, --exclude=hosts...      exclude a specific list of hosts\n"
         "\n"
         "Help options:\n"
         "  -h, --help                  show this help message\n"
         "      --usage                 display brief usage message\n"
         "\n"
         "Other options:\n"
         "  -V, --version               output version information and exit\n";
}

}  // namespace bramble::cli
