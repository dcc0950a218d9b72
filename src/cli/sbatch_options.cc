// sbatch option parsing; see sbatch_options.h.
#include "cli/sbatch_options.h"

#include <getopt.h>

#include <optional>
#include <string>

#include "cli/directives.h"

namespace bramble::cli {
namespace {

// SBATCH_* variables and the option each one stands for (sbatch(1) "INPUT
// ENVIRONMENT VARIABLES"; the ones whose features exist so far).
struct EnvOption {
  const char* name;
  int id;
};
constexpr EnvOption kEnvOptions[] = {
    {"SBATCH_ACCOUNT", kOptAccount},         {"SBATCH_ARRAY_INX", kOptArray},
    {"SBATCH_CONSTRAINT", kOptConstraint},   {"SBATCH_ERROR", kOptError},
    {"SBATCH_EXCLUSIVE", kOptExclusive},     {"SBATCH_EXPORT", kOptExport},
    {"SBATCH_GET_USER_ENV", kOptGetUserEnv}, {"SBATCH_GPUS", kOptGpus},
    {"SBATCH_GRES", kOptGres},               {"SBATCH_HOLD", kOptHold},
    {"SBATCH_INPUT", kOptInput},             {"SBATCH_JOB_NAME", kOptJobName},
    {"SBATCH_MEM_PER_CPU", kOptMemPerCpu},   {"SBATCH_MEM_PER_NODE", kOptMem},
    {"SBATCH_NO_REQUEUE", kOptNoRequeue},    {"SBATCH_OPEN_MODE", kOptOpenMode},
    {"SBATCH_OUTPUT", kOptOutput},           {"SBATCH_PARTITION", kOptPartition},
    {"SBATCH_REQUEUE", kOptRequeue},         {"SBATCH_SIGNAL", kOptSignal},
    {"SBATCH_TIMELIMIT", kOptTime},
};

Status SbatchError(const std::string& text) { return CommandError("sbatch", text); }

// What ParseSbatch collects besides the spec.
struct ParseState {
  SbatchOptions options;
  std::optional<std::string> chdir;
  JobOptionContext context;
};

// Applies one option's value: the shared job options through
// ApplyJobOption, sbatch's own here. Fails with the complete stderr text.
Status ApplyOption(int id, const std::optional<std::string>& value, ParseState* state) {
  proto::JobSpec& spec = state->options.spec;
  auto shared = ApplyJobOption(id, value, state->context, &spec);
  if (!shared) return shared.error();
  if (*shared) return Status::Ok();
  const std::string text = value.value_or("");
  auto file_name = [&] { return text == "none" || text == "NONE" ? std::string("/dev/null") : text; };
  switch (id) {
    case kOptChdir: state->chdir = text; break;
    case kOptError: spec.set_error(file_name()); break;
    case kOptExport: spec.set_export_env(text); break;
    case kOptInput: spec.set_input(file_name()); break;
    case kOptOutput: spec.set_output(file_name()); break;
    case kOptParsable: state->options.parsable = true; break;
    // Slurm's get_user_env_time 0 means "default timeout", the same as the bare flag.
    case kOptGetUserEnv: spec.set_get_user_env(text.empty() ? "0" : text); break;
    case kOptOpenMode:  // Slurm looks at the first letter only
      if (!text.empty() && (text[0] == 'a' || text[0] == 'A')) {
        spec.set_open_mode("append");
      } else if (!text.empty() && (text[0] == 't' || text[0] == 'T')) {
        spec.set_open_mode("truncate");
      } else {
        return SbatchError("Invalid --open-mode argument: " + text + ".");
      }
      break;
    default:
      // kOptHelp, kOptUsage, kOptVersion, kOptWrap, kOptQuiet and kOptVerbose
      // act in the command line's first pass; the rest are accepted-and-ignored.
      break;
  }
  return Status::Ok();
}

Status ApplyAll(const std::vector<ParsedOption>& options, ParseState* state) {
  for (const ParsedOption& option : options) {
    BRAMBLE_RETURN_IF_ERROR(ApplyOption(option.id, option.value, state));
  }
  return Status::Ok();
}

// Layer 2: SBATCH_* variables.
Status ApplyEnvironment(const std::vector<std::string>& environment, ParseState* state) {
  for (const EnvOption& env : kEnvOptions) {
    std::string prefix = std::string(env.name) + "=";
    for (const std::string& entry : environment) {
      if (entry.compare(0, prefix.size(), prefix) != 0) continue;
      std::string value = entry.substr(prefix.size());
      const OptionSpec* spec = nullptr;
      for (const OptionSpec& s : kJobOptions) {
        if (s.id == env.id && (s.commands & kForSbatch) != 0) spec = spec ? spec : &s;
      }
      if (value.empty() && spec && spec->has_arg != no_argument) continue;
      std::optional<std::string> arg;
      if (!value.empty()) arg = value;
      BRAMBLE_RETURN_IF_ERROR(ApplyOption(env.id, arg, state));
    }
  }
  return Status::Ok();
}

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return base.empty() ? path : base;
}

// The first pass over the command line: what to do and where the script is.
struct FirstPass {
  GetoptOutput parsed;
  std::optional<std::string> wrap;
};

Result<FirstPass> ParseCommandLine(const std::vector<std::string>& args, SbatchOptions* options) {
  auto parsed = RunGetopt("sbatch", kJobOptions, args, ArgOrder::kStopAtFirstOperand, kForSbatch);
  if (!parsed) return parsed.error();
  FirstPass pass{std::move(*parsed), std::nullopt};
  for (const ParsedOption& option : pass.parsed.options) {
    switch (option.id) {
      case kOptHelp: options->action = SbatchAction::kHelp; return pass;
      case kOptUsage: options->action = SbatchAction::kUsage; return pass;
      case kOptVersion: options->action = SbatchAction::kVersion; return pass;
      case kOptQuiet: options->quiet = true; break;
      case kOptVerbose: ++options->verbose; break;
      case kOptWrap: pass.wrap = option.value.value_or(""); break;
      default: break;
    }
  }
  if (pass.wrap && !pass.parsed.operands.empty()) {
    return SbatchError("Script arguments are not permitted with the --wrap option.");
  }
  return pass;
}

}  // namespace

Result<SbatchOptions> ParseSbatch(const std::vector<std::string>& args, const std::vector<std::string>& environment,
                                  const ScriptReader& read_script, const std::string& cwd, const std::string& hostname,
                                  uint32_t umask, const JobClock& clock) {
  ParseState state;
  state.context = JobOptionContext{"sbatch", clock};
  auto first = ParseCommandLine(args, &state.options);
  if (!first) return first.error();
  if (state.options.action != SbatchAction::kSubmit) return state.options;
  const std::vector<std::string>& operands = first->parsed.operands;

  std::string script;
  std::string path;
  if (first->wrap) {
    script = "#!/bin/sh\n# This script was created by sbatch --wrap.\n\n" + *first->wrap + "\n";
  } else {
    path = operands.empty() ? "" : operands[0];
    auto read = read_script(path);
    if (!read) return SbatchError(read.error().message());
    script = std::move(*read);
  }
  if (Status status = CheckBatchScript(script); !status.ok()) return SbatchError(status.message());

  // Layer 1: #SBATCH directives.
  auto directive_args = ScriptDirectiveArguments(script);
  if (!directive_args) {
    return SbatchError((path.empty() ? std::string("script") : path) + ": " + directive_args.error().message());
  }
  auto directives =
      RunGetopt("sbatch", kJobOptions, *directive_args, ArgOrder::kStopAtFirstOperand, kForSbatch);
  if (!directives) return directives.error();
  if (!directives->operands.empty()) {
    return SbatchError("Invalid directive found in batch script: " + directives->operands[0]);
  }
  BRAMBLE_RETURN_IF_ERROR(ApplyAll(directives->options, &state));
  // Layer 2: SBATCH_* environment variables; layer 3: the command line.
  BRAMBLE_RETURN_IF_ERROR(ApplyEnvironment(environment, &state));
  BRAMBLE_RETURN_IF_ERROR(ApplyAll(first->parsed.options, &state));

  SbatchOptions options = std::move(state.options);
  proto::JobSpec& spec = options.spec;
  options.script_path = path;
  spec.set_script(script);
  if (!first->wrap && operands.size() > 1) {
    for (size_t i = 1; i < operands.size(); ++i) spec.add_argv(operands[i]);
  }
  for (const std::string& entry : environment) spec.add_environment(entry);
  spec.set_work_dir(state.chdir ? JoinPath(cwd, *state.chdir) : cwd);
  spec.set_submit_dir(cwd);
  spec.set_submit_host(hostname);
  spec.set_umask(umask);
  if (spec.name().empty()) spec.set_name(first->wrap ? "wrap" : path.empty() ? "sbatch" : BaseName(path));
  return options;
}

std::string SbatchUsageText() {
  return "Usage: sbatch [-N nnodes] [-n ntasks] [-c ncpus] [-J jobname] [-p partition]\n"
         "              [-t minutes] [-D path] [-o file] [-e file] [-i file] [-H]\n"
         "              [-w hosts...] [-x hosts...] [--mem=MB] [--mem-per-cpu=MB]\n"
         "              [--export[=names]] [--parsable] [--wrap=cmd] [-Q] [-v]\n"
         "              [-a array] [-b begin] [-d dependency] [-C list] [--gres=list]\n"
         "              [-G gpus] [--exclusive] [--nice[=value]] [--signal=[B:]num[@time]]\n"
         "              executable [args...]\n";
}

std::string SbatchHelpText() {
  return "Usage: sbatch [OPTIONS...] executable [args...]\n"
         "\n"
         "Parallel run options:\n"
         "  -a, --array=indexes         job array index values\n"
         "  -A, --account=name          charge job to specified account\n"
         "  -b, --begin=time            defer job until HH:MM MM/DD/YY\n"
         "      --comment=name          arbitrary comment\n"
         "  -c, --cpus-per-task=ncpus   number of cpus required per task\n"
         "  -d, --dependency=type:jobid[:time] defer job until condition on jobid is satisfied\n"
         "  -D, --chdir=directory       set working directory for batch script\n"
         "  -e, --error=err             file for batch script's standard error\n"
         "      --export[=names]        specify environment variables to export\n"
         "      --get-user-env          load environment from local cluster\n"
         "  -H, --hold                  submit job in held state\n"
         "  -i, --input=in              file for batch script's standard input\n"
         "  -J, --job-name=jobname      name of job\n"
         "      --kill-on-invalid-dep=<yes|no> terminate job if invalid dependency\n"
         "  -n, --ntasks=ntasks         number of tasks to run\n"
         "      --nice[=value]          decrease scheduling priority by value\n"
         "  -N, --nodes=N               number of nodes on which to run (N = min[-max])\n"
         "      --ntasks-per-node=n     number of tasks to invoke on each node\n"
         "      --open-mode={append|truncate} output files open mode\n"
         "  -o, --output=out            file for batch script's standard output\n"
         "  -p, --partition=partition   partition requested\n"
         "      --parsable              outputs only the jobid\n"
         "  -Q, --quiet                 quiet mode (suppress informational messages)\n"
         "      --requeue, --no-requeue permit or forbid the job to be requeued\n"
         "      --signal=[R|B:]num[@time] send signal when time limit within time seconds\n"
         "  -t, --time=minutes          time limit\n"
         "  -v, --verbose               verbose mode (multiple -v's increase verbosity)\n"
         "      --wrap[=command string] wrap command string in a sh script and submit\n"
         "\n"
         "Constraint options:\n"
         "  -C, --constraint=list       specify a list of constraints\n"
         "      --exclusive[=user|mcs]  allocate nodes in exclusive mode\n"
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
         "  -V, --version               output version information and exit\n";
}

}  // namespace bramble::cli
