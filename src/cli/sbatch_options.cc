// sbatch option table and parsing; see sbatch_options.h.
#include "cli/sbatch_options.h"

#include <getopt.h>

#include <climits>
#include <optional>
#include <string>

#include "cli/directives.h"
#include "common/duration.h"
#include "common/size.h"

namespace bramble::cli {
namespace {

constexpr unsigned kS = kForSbatch;
constexpr unsigned kR = kForSrun;
constexpr unsigned kA = kForSalloc;
constexpr unsigned kAll = kS | kR | kA;
constexpr unsigned kSR = kS | kR;  // sbatch and srun
constexpr unsigned kSA = kS | kA;  // sbatch and salloc

// Options marked "accepted" map to ids that ApplyOption ignores for now
// (their features arrive in later issues); they must not fail a submission
// that real clients generate (COMPAT.md 10, P1 sbatch). Masks follow which
// of sbatch, srun and salloc Slurm 22.05 gives each option (their man
// pages); rows for one command only come last.
constexpr OptionSpec kTable[] = {
    {"account", required_argument, kOptAccount, kAll},
    {"chdir", required_argument, kOptChdir, kAll},
    {"workdir", required_argument, kOptChdir, kS},  // old name of --chdir
    {"comment", required_argument, kOptComment, kAll},
    {"cpus-per-task", required_argument, kOptCpusPerTask, kAll},
    {"error", required_argument, kOptError, kSR},
    {"exclude", required_argument, kOptExclude, kAll},
    {"export", required_argument, kOptExport, kSR},
    {"get-user-env", optional_argument, kOptGetUserEnv, kSA},
    {"help", no_argument, kOptHelp, kAll},
    {"hold", no_argument, kOptHold, kAll},
    {"input", required_argument, kOptInput, kSR},
    {"job-name", required_argument, kOptJobName, kAll},
    {"mem", required_argument, kOptMem, kAll},
    {"mem-per-cpu", required_argument, kOptMemPerCpu, kAll},
    {"no-requeue", no_argument, kOptNoRequeue, kS},
    {"nodelist", required_argument, kOptNodelist, kAll},
    {"nodes", required_argument, kOptNodes, kAll},
    {"ntasks", required_argument, kOptNtasks, kAll},
    {"tasks", required_argument, kOptNtasks, kAll},
    {"ntasks-per-node", required_argument, kOptNtasksPerNode, kAll},
    {"tasks-per-node", required_argument, kOptNtasksPerNode, kAll},
    {"open-mode", required_argument, kOptOpenMode, kSR},
    {"output", required_argument, kOptOutput, kSR},
    {"parsable", no_argument, kOptParsable, kS},
    {"partition", required_argument, kOptPartition, kAll},
    {"quiet", no_argument, kOptQuiet, kAll},
    {"requeue", no_argument, kOptRequeue, kS},
    {"time", required_argument, kOptTime, kAll},
    {"usage", no_argument, kOptUsage, kS},
    {"verbose", no_argument, kOptVerbose, kAll},
    {"version", no_argument, kOptVersion, kAll},
    {"wrap", required_argument, kOptWrap, kS},
    // Accepted, not stored yet.
    {"array", required_argument, kOptArray, kS},
    {"begin", required_argument, kOptBegin, kAll},
    {"extra-node-info", required_argument, kOptExtraNodeInfo, kAll},
    {"constraint", required_argument, kOptConstraint, kAll},
    {"dependency", required_argument, kOptDependency, kAll},
    {"gpus", required_argument, kOptGpus, kAll},
    {"immediate", optional_argument, kOptImmediate, kAll},
    {"no-kill", optional_argument, kOptNoKill, kAll},
    {"licenses", required_argument, kOptLicenses, kAll},
    {"distribution", required_argument, kOptDistribution, kAll},
    {"cluster", required_argument, kOptClusters, kAll},
    {"clusters", required_argument, kOptClusters, kAll},
    {"overcommit", no_argument, kOptOvercommit, kAll},
    {"qos", required_argument, kOptQos, kAll},
    {"oversubscribe", no_argument, kOptOversubscribe, kAll},
    {"share", no_argument, kOptOversubscribe, kAll},
    {"core-spec", required_argument, kOptCoreSpec, kAll},
    {"acctg-freq", required_argument, kOptIgnored, kAll},
    {"batch", required_argument, kOptIgnored, kS},
    {"bb", required_argument, kOptIgnored, kAll},
    {"bbf", required_argument, kOptIgnored, kAll},
    {"cluster-constraint", required_argument, kOptIgnored, kAll},
    {"container", required_argument, kOptIgnored, kAll},
    {"contiguous", no_argument, kOptIgnored, kAll},
    {"cores-per-socket", required_argument, kOptIgnored, kAll},
    {"cpu-freq", required_argument, kOptIgnored, kAll},
    {"cpus-per-gpu", required_argument, kOptIgnored, kAll},
    {"deadline", required_argument, kOptIgnored, kAll},
    {"delay-boot", required_argument, kOptIgnored, kAll},
    {"exclusive", optional_argument, kOptIgnored, kSA},
    {"gpu-bind", required_argument, kOptIgnored, kAll},
    {"gpu-freq", required_argument, kOptIgnored, kAll},
    {"gpus-per-node", required_argument, kOptIgnored, kAll},
    {"gpus-per-socket", required_argument, kOptIgnored, kAll},
    {"gpus-per-task", required_argument, kOptIgnored, kAll},
    {"gres", required_argument, kOptIgnored, kAll},
    {"gres-flags", required_argument, kOptIgnored, kAll},
    {"hint", required_argument, kOptIgnored, kAll},
    {"ignore-pbs", no_argument, kOptIgnored, kS},
    {"kill-on-invalid-dep", required_argument, kOptIgnored, kS},
    {"mail-type", required_argument, kOptIgnored, kAll},
    {"mail-user", required_argument, kOptIgnored, kAll},
    {"mcs-label", required_argument, kOptIgnored, kAll},
    {"mem-bind", required_argument, kOptIgnored, kAll},
    {"mem-per-gpu", required_argument, kOptIgnored, kAll},
    {"mincpus", required_argument, kOptIgnored, kAll},
    {"network", required_argument, kOptIgnored, kAll},
    {"nice", optional_argument, kOptIgnored, kAll},
    {"ntasks-per-core", required_argument, kOptIgnored, kAll},
    {"ntasks-per-gpu", required_argument, kOptIgnored, kAll},
    {"ntasks-per-socket", required_argument, kOptIgnored, kAll},
    {"power", required_argument, kOptIgnored, kAll},
    {"prefer", required_argument, kOptIgnored, kAll},
    {"priority", required_argument, kOptIgnored, kAll},
    {"profile", required_argument, kOptIgnored, kAll},
    {"propagate", optional_argument, kOptIgnored, kSR},
    {"reboot", no_argument, kOptIgnored, kAll},
    {"reservation", required_argument, kOptIgnored, kAll},
    {"signal", required_argument, kOptIgnored, kAll},
    {"sockets-per-node", required_argument, kOptIgnored, kAll},
    {"spread-job", no_argument, kOptIgnored, kAll},
    {"switches", required_argument, kOptIgnored, kAll},
    {"thread-spec", required_argument, kOptIgnored, kAll},
    {"threads-per-core", required_argument, kOptIgnored, kAll},
    {"time-min", required_argument, kOptIgnored, kAll},
    {"tmp", required_argument, kOptIgnored, kAll},
    {"tres-per-task", required_argument, kOptIgnored, kAll},
    {"use-min-nodes", no_argument, kOptIgnored, kAll},
    {"wait-all-nodes", required_argument, kOptIgnored, kSA},
    {"wckey", required_argument, kOptIgnored, kAll},
    // srun only.
    {"cpu-bind", required_argument, kOptCpuBind, kR},
    {"cpu_bind", required_argument, kOptCpuBind, kR},  // the old spelling, still set by Open MPI
    {"exclusive", optional_argument, kOptExclusive, kR},
    {"external-launcher", no_argument, kOptOverlap, kR},
    {"jobid", required_argument, kOptJobId, kR},
    {"kill-on-bad-exit", optional_argument, kOptKillOnBadExit, kR},
    {"label", no_argument, kOptLabel, kR},
    {"mpi", required_argument, kOptMpi, kR},
    {"overlap", no_argument, kOptOverlap, kR},
    {"pty", no_argument, kOptPty, kR},
    {"unbuffered", no_argument, kOptUnbuffered, kR},
    {"wait", required_argument, kOptWait, kR},
    // srun only, accepted and not stored.
    {"accel-bind", required_argument, kOptIgnored, kR},
    {"disable-status", no_argument, kOptDisableStatus, kR},
    {"exact", no_argument, kOptIgnored, kR},
    {"msg-timeout", required_argument, kOptIgnored, kR},
    {"quit-on-interrupt", no_argument, kOptIgnored, kR},
    {"resv-ports", optional_argument, kOptIgnored, kR},
    {"slurmd-debug", required_argument, kOptIgnored, kR},
    {"threads", required_argument, kOptThreads, kR},
    {"whole", no_argument, kOptIgnored, kR},
    // salloc only, accepted and not stored.
    {"bell", no_argument, kOptIgnored, kA},
    {"no-bell", no_argument, kOptIgnored, kA},
    {"kill-command", optional_argument, kOptKillCommand, kA},
    // srun and salloc: --usage without sbatch's short form.
    {"usage", no_argument, kOptUsageLong, kR | kA},
};

// SBATCH_* variables and the option each one stands for (sbatch(1) "INPUT
// ENVIRONMENT VARIABLES"; the ones whose features exist so far).
struct EnvOption {
  const char* name;
  int id;
};
constexpr EnvOption kEnvOptions[] = {
    {"SBATCH_ACCOUNT", kOptAccount},         {"SBATCH_ERROR", kOptError},
    {"SBATCH_EXPORT", kOptExport},           {"SBATCH_GET_USER_ENV", kOptGetUserEnv},
    {"SBATCH_HOLD", kOptHold},               {"SBATCH_INPUT", kOptInput},
    {"SBATCH_JOB_NAME", kOptJobName},        {"SBATCH_MEM_PER_CPU", kOptMemPerCpu},
    {"SBATCH_MEM_PER_NODE", kOptMem},        {"SBATCH_NO_REQUEUE", kOptNoRequeue},
    {"SBATCH_OPEN_MODE", kOptOpenMode},      {"SBATCH_OUTPUT", kOptOutput},
    {"SBATCH_PARTITION", kOptPartition},     {"SBATCH_REQUEUE", kOptRequeue},
    {"SBATCH_TIMELIMIT", kOptTime},
};

// Prefixes every line of `text` with "sbatch: error: ".
Status SbatchError(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t end = text.find('\n', start);
    out += "sbatch: error: " + text.substr(start, end == std::string::npos ? end : end - start);
    if (end == std::string::npos) break;
    out += '\n';
    start = end + 1;
  }
  return InvalidArgument(out);
}

// Parses a positive count the way Slurm's parse_int does for `option`.
Result<uint32_t> ParsePositive(const std::string& value, const char* option) {
  bool ok = !value.empty() && value.size() <= 10 && value.find_first_not_of("0123456789") == std::string::npos;
  long long number = ok ? std::stoll(value) : 0;
  if (!ok || number <= 0 || number > INT_MAX) {
    return InvalidArgument("Invalid numeric value \"" + value + "\" for " + option + ".");
  }
  return static_cast<uint32_t>(number);
}

// -N "min[-max]" (Slurm's verify_node_count, without its k/m suffixes).
Status ParseNodes(const std::string& value, proto::JobSpec* spec) {
  size_t dash = value.find('-');
  std::string min_text = value.substr(0, dash);
  std::string max_text = dash == std::string::npos ? min_text : value.substr(dash + 1);
  for (const std::string& text : {min_text, max_text}) {
    bool ok = !text.empty() && text.size() <= 9 && text.find_first_not_of("0123456789") == std::string::npos &&
              std::stol(text) > 0;
    if (!ok) return InvalidArgument("\"" + text + "\" is not a valid node count");
  }
  uint32_t min = static_cast<uint32_t>(std::stoul(min_text));
  uint32_t max = static_cast<uint32_t>(std::stoul(max_text));
  if (max < min) {
    return InvalidArgument("Maximum node count " + max_text + " is less than minimum node count " + min_text);
  }
  spec->set_nodes_min(min);
  spec->set_nodes_max(max);
  return Status::Ok();
}

// What ParseSbatch collects besides the spec.
struct ParseState {
  SbatchOptions options;
  std::optional<std::string> chdir;
};

// Applies an option whose value needs parsing; false in *handled when `id`
// is not one of them.
Status ApplyParsedOption(int id, const std::string& text, proto::JobSpec* spec, bool* handled) {
  *handled = true;
  // The counts Slurm reads with parse_int(name, arg, positive=true).
  struct Count {
    int id;
    const char* option;
    void (proto::JobSpec::*set)(uint32_t);
  };
  static constexpr Count kCounts[] = {
      {kOptCpusPerTask, "--cpus-per-task", &proto::JobSpec::set_cpus_per_task},
      {kOptNtasks, "--ntasks", &proto::JobSpec::set_ntasks},
      {kOptNtasksPerNode, "--ntasks-per-node", &proto::JobSpec::set_ntasks_per_node},
  };
  for (const Count& count : kCounts) {
    if (count.id != id) continue;
    auto n = ParsePositive(text, count.option);
    if (!n) return n.error();
    (spec->*count.set)(*n);
    return Status::Ok();
  }
  switch (id) {
    case kOptNodes: return ParseNodes(text, spec);
    case kOptTime: {
      auto seconds = ParseTimeLimit(text);
      if (!seconds) return InvalidArgument("Invalid --time specification");
      spec->set_time_limit_s(*seconds);
      return Status::Ok();
    }
    case kOptMem: {  // --mem and --mem-per-cpu exclude each other; the later one wins
      auto mb = ParseMegabytes(text);
      if (!mb) return InvalidArgument("Invalid --mem specification");
      spec->set_mem_per_node_mb(*mb);
      spec->clear_mem_per_cpu_mb();
      return Status::Ok();
    }
    case kOptMemPerCpu: {
      auto mb = ParseMegabytes(text);
      if (!mb) return InvalidArgument("Invalid --mem-per-cpu specification");
      spec->set_mem_per_cpu_mb(*mb);
      spec->clear_mem_per_node_mb();
      return Status::Ok();
    }
    case kOptOpenMode:  // Slurm looks at the first letter only
      if (!text.empty() && (text[0] == 'a' || text[0] == 'A')) {
        spec->set_open_mode("append");
      } else if (!text.empty() && (text[0] == 't' || text[0] == 'T')) {
        spec->set_open_mode("truncate");
      } else {
        return InvalidArgument("Invalid --open-mode argument: " + text + ".");
      }
      return Status::Ok();
    default:
      *handled = false;
      return Status::Ok();
  }
}

// Applies one option's value. Returns the error text without the
// "sbatch: error: " prefix.
Status ApplyOption(int id, const std::optional<std::string>& value, ParseState* state) {
  proto::JobSpec& spec = state->options.spec;
  const std::string text = value.value_or("");
  bool handled = false;
  Status status = ApplyParsedOption(id, text, &spec, &handled);
  if (handled) return status;
  auto file_name = [&] { return text == "none" || text == "NONE" ? std::string("/dev/null") : text; };
  switch (id) {
    case kOptAccount: spec.set_account(text); break;
    case kOptChdir: state->chdir = text; break;
    case kOptComment: spec.set_comment(text); break;
    case kOptError: spec.set_error(file_name()); break;
    case kOptExclude: spec.set_exclude(text); break;
    case kOptExport: spec.set_export_env(text); break;
    case kOptHold: spec.set_hold(true); break;
    case kOptInput: spec.set_input(file_name()); break;
    case kOptJobName: spec.set_name(text); break;
    case kOptNodelist: spec.set_nodelist(text); break;
    case kOptOutput: spec.set_output(file_name()); break;
    case kOptParsable: state->options.parsable = true; break;
    case kOptPartition: spec.set_partition(text); break;
    case kOptRequeue: spec.set_requeue(true); break;
    case kOptNoRequeue: spec.set_requeue(false); break;
    // Slurm's get_user_env_time 0 means "default timeout", the same as the bare flag.
    case kOptGetUserEnv: spec.set_get_user_env(text.empty() ? "0" : text); break;
    default:
      // kOptHelp, kOptUsage, kOptVersion, kOptWrap, kOptQuiet and kOptVerbose
      // act in the command line's first pass; the rest are accepted-and-ignored.
      break;
  }
  return Status::Ok();
}

Status ApplyAll(const std::vector<ParsedOption>& options, ParseState* state) {
  for (const ParsedOption& option : options) {
    Status status = ApplyOption(option.id, option.value, state);
    if (!status.ok()) return SbatchError(status.message());
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
      for (const OptionSpec& s : kTable) {
        if (s.id == env.id) spec = spec ? spec : &s;
      }
      if (value.empty() && spec && spec->has_arg != no_argument) continue;
      std::optional<std::string> arg;
      if (!value.empty()) arg = value;
      Status status = ApplyOption(env.id, arg, state);
      if (!status.ok()) return SbatchError(status.message());
    }
  }
  return Status::Ok();
}

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return base.empty() ? path : base;
}

std::string JoinPath(const std::string& dir, const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  if (dir.empty() || dir.back() == '/') return dir + path;
  return dir + "/" + path;
}

// The first pass over the command line: what to do and where the script is.
struct FirstPass {
  GetoptOutput parsed;
  std::optional<std::string> wrap;
};

Result<FirstPass> ParseCommandLine(const std::vector<std::string>& args, SbatchOptions* options) {
  auto parsed = RunGetopt("sbatch", kSbatchOptions, args, ArgOrder::kStopAtFirstOperand, kForSbatch);
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

const std::span<const OptionSpec> kSbatchOptions(kTable);

Result<SbatchOptions> ParseSbatch(const std::vector<std::string>& args, const std::vector<std::string>& environment,
                                  const ScriptReader& read_script, const std::string& cwd, const std::string& hostname,
                                  uint32_t umask) {
  ParseState state;
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
      RunGetopt("sbatch", kSbatchOptions, *directive_args, ArgOrder::kStopAtFirstOperand, kForSbatch);
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
         "              executable [args...]\n";
}

std::string SbatchHelpText() {
  return "Usage: sbatch [OPTIONS...] executable [args...]\n"
         "\n"
         "Parallel run options:\n"
         "  -A, --account=name          charge job to specified account\n"
         "      --comment=name          arbitrary comment\n"
         "  -c, --cpus-per-task=ncpus   number of cpus required per task\n"
         "  -D, --chdir=directory       set working directory for batch script\n"
         "  -e, --error=err             file for batch script's standard error\n"
         "      --export[=names]        specify environment variables to export\n"
         "      --get-user-env          load environment from local cluster\n"
         "  -H, --hold                  submit job in held state\n"
         "  -i, --input=in              file for batch script's standard input\n"
         "  -J, --job-name=jobname      name of job\n"
         "  -n, --ntasks=ntasks         number of tasks to run\n"
         "  -N, --nodes=N               number of nodes on which to run (N = min[-max])\n"
         "      --ntasks-per-node=n     number of tasks to invoke on each node\n"
         "      --open-mode={append|truncate} output files open mode\n"
         "  -o, --output=out            file for batch script's standard output\n"
         "  -p, --partition=partition   partition requested\n"
         "      --parsable              outputs only the jobid\n"
         "  -Q, --quiet                 quiet mode (suppress informational messages)\n"
         "      --requeue, --no-requeue permit or forbid the job to be requeued\n"
         "  -t, --time=minutes          time limit\n"
         "  -v, --verbose               verbose mode (multiple -v's increase verbosity)\n"
         "      --wrap[=command string] wrap command string in a sh script and submit\n"
         "\n"
         "Constraint options:\n"
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
