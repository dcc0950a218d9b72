// salloc options and the shared allocation setters; see salloc_options.h.
#include "cli/salloc_options.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <set>

#include "cli/getopt_runner.h"
#include "cli/sbatch_options.h"
#include "common/duration.h"
#include "common/hostlist.h"
#include "common/size.h"

namespace bramble::cli {
namespace {

// SALLOC_* variables and the option each stands for (salloc(1) "INPUT
// ENVIRONMENT VARIABLES", the ones whose options are stored).
struct EnvOption {
  const char* name;
  int id;
};
constexpr EnvOption kSallocEnv[] = {
    {"SALLOC_ACCOUNT", kOptAccount},       {"SALLOC_MEM_PER_CPU", kOptMemPerCpu}, {"SALLOC_MEM_PER_NODE", kOptMem},
    {"SALLOC_PARTITION", kOptPartition},   {"SALLOC_TIMELIMIT", kOptTime},
};

// -N "min[-max]" (Slurm's verify_node_count in src/common/proc_args.c,
// without its k/m suffixes).
Status ParseNodeCount(const std::string& value, proto::JobSpec* spec) {
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

std::vector<std::string> DistinctNames(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const std::string& name : names) {
    if (seen.insert(name).second) out.push_back(name);
  }
  return out;
}

// Slurm's salloc _opt_verify "massage the numbers" (src/salloc/opt.c):
// a node list raises the node count, --ntasks-per-node implies a task
// count, and fewer tasks than nodes lowers the node count to the task count
// with a warning. Writes back only what Slurm treats as set.
Status FitCounts(SallocOptions* options) {
  proto::JobSpec& spec = options->spec;
  const bool nodes_given = spec.has_nodes_min();
  bool nodes_set = nodes_given;
  uint32_t min_nodes = nodes_set ? spec.nodes_min() : 1;
  uint32_t max_nodes = nodes_set ? spec.nodes_max() : 0;
  uint32_t listed = 0;
  if (!spec.nodelist().empty()) {
    auto count = CountDistinctNodes(spec.nodelist());
    if (!count) return count.error();
    listed = *count;
    min_nodes = nodes_set ? std::max(listed, min_nodes) : listed;
    nodes_set = true;
  }
  if (spec.has_ntasks_per_node() && !spec.has_ntasks()) spec.set_ntasks(min_nodes * spec.ntasks_per_node());
  if (max_nodes != 0 && min_nodes > max_nodes) {
    return InvalidArgument("invalid number of nodes (-N " + std::to_string(min_nodes) + "-" +
                           std::to_string(max_nodes) + ")");
  }
  bool changed = false;
  if (nodes_set && spec.has_ntasks()) {
    uint32_t ntasks = spec.ntasks();
    if (ntasks < max_nodes) {
      max_nodes = ntasks;
      changed = true;
    }
    if (ntasks < min_nodes) {
      options->warnings.push_back("salloc: Warning: can't run " + std::to_string(ntasks) + " processes on " +
                                  std::to_string(min_nodes) + " nodes, setting nnodes to " + std::to_string(ntasks));
      min_nodes = max_nodes = ntasks;
      changed = true;
      if (listed > ntasks) spec.set_nodelist(FirstNodes(spec.nodelist(), ntasks));
    }
  }
  if (nodes_given || changed) {
    spec.set_nodes_min(min_nodes);
    spec.set_nodes_max(max_nodes);
  }
  return Status::Ok();
}

}  // namespace

Result<uint32_t> ParseSlurmInt(const std::string& value, const char* option, bool positive) {
  // strtol semantics: leading blanks and a sign are allowed, trailing
  // characters are not, overflow saturates (and then reads as too big).
  errno = 0;
  char* end = nullptr;
  long long number = std::strtoll(value.c_str(), &end, 10);
  if (*end != '\0' || number < 0 || (positive && number <= 0)) {
    return InvalidArgument("Invalid numeric value \"" + value + "\" for " + option + ".");
  }
  if (number > INT_MAX) {
    return InvalidArgument("Numeric argument (" + std::to_string(number) + ") to big for " + option + ".");
  }
  return static_cast<uint32_t>(number);
}

Status ApplyAllocationOption(int id, const std::string& value, proto::JobSpec* spec, bool* handled) {
  *handled = true;
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
    auto n = ParseSlurmInt(value, count.option, true);
    if (!n) return n.error();
    (spec->*count.set)(*n);
    return Status::Ok();
  }
  switch (id) {
    case kOptNodes: return ParseNodeCount(value, spec);
    case kOptTime: {
      auto seconds = ParseTimeLimit(value);
      if (!seconds) return InvalidArgument("Invalid --time specification");
      spec->set_time_limit_s(*seconds);
      return Status::Ok();
    }
    case kOptMem: {  // --mem and --mem-per-cpu exclude each other; the later one wins
      auto mb = ParseMegabytes(value);
      if (!mb) return InvalidArgument("Invalid --mem specification");
      spec->set_mem_per_node_mb(*mb);
      spec->clear_mem_per_cpu_mb();
      return Status::Ok();
    }
    case kOptMemPerCpu: {
      auto mb = ParseMegabytes(value);
      if (!mb) return InvalidArgument("Invalid --mem-per-cpu specification");
      spec->set_mem_per_cpu_mb(*mb);
      spec->clear_mem_per_node_mb();
      return Status::Ok();
    }
    case kOptAccount: spec->set_account(value); return Status::Ok();
    case kOptComment: spec->set_comment(value); return Status::Ok();
    case kOptExclude: spec->set_exclude(value); return Status::Ok();
    case kOptHold: spec->set_hold(true); return Status::Ok();
    case kOptJobName: spec->set_name(value); return Status::Ok();
    case kOptNodelist: spec->set_nodelist(value); return Status::Ok();
    case kOptPartition: spec->set_partition(value); return Status::Ok();
    default: *handled = false; return Status::Ok();
  }
}

Result<uint32_t> CountDistinctNodes(const std::string& nodelist) {
  auto names = ExpandHostlist(nodelist);
  if (!names) return InvalidArgument("Invalid node name specified: " + nodelist);
  return static_cast<uint32_t>(DistinctNames(*names).size());
}

std::string FirstNodes(const std::string& nodelist, uint32_t count) {
  auto names = ExpandHostlist(nodelist);
  if (!names) return nodelist;
  std::vector<std::string> distinct = DistinctNames(*names);
  SortHostnames(distinct);
  if (distinct.size() > count) distinct.resize(count);
  return CompressHostlist(distinct);
}

std::optional<std::string> FindEnv(const std::vector<std::string>& environment, std::string_view name) {
  for (const std::string& entry : environment) {
    if (entry.size() > name.size() && entry[name.size()] == '=' && entry.compare(0, name.size(), name) == 0) {
      return entry.substr(name.size() + 1);
    }
  }
  return std::nullopt;
}

Status CommandError(std::string_view program, const std::string& text) {
  std::string prefix = std::string(program) + ": error: ";
  std::string out;
  size_t start = 0;
  while (true) {
    size_t end = text.find('\n', start);
    out += prefix + text.substr(start, end == std::string::npos ? end : end - start);
    if (end == std::string::npos) break;
    out += '\n';
    start = end + 1;
  }
  return InvalidArgument(out);
}

std::string JoinPath(const std::string& dir, const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  if (dir.empty() || dir.back() == '/') return dir + path;
  return dir + "/" + path;
}

Result<SallocOptions> ParseSalloc(const std::vector<std::string>& args, const std::vector<std::string>& environment,
                                  const std::string& cwd, const std::string& hostname, uint32_t umask) {
  auto parsed = RunGetopt("salloc", kSbatchOptions, args, ArgOrder::kStopAtFirstOperand, kForSalloc);
  if (!parsed) return parsed.error();
  SallocOptions options;
  for (const ParsedOption& option : parsed->options) {
    switch (option.id) {
      case kOptHelp: options.action = SallocAction::kHelp; return options;
      case kOptUsageLong: options.action = SallocAction::kUsage; return options;
      case kOptVersion: options.action = SallocAction::kVersion; return options;
      default: break;
    }
  }
  proto::JobSpec& spec = options.spec;
  bool handled = false;
  for (const EnvOption& env : kSallocEnv) {
    auto value = FindEnv(environment, env.name);
    if (!value || value->empty()) continue;
    Status status = ApplyAllocationOption(env.id, *value, &spec, &handled);
    if (!status.ok()) return CommandError("salloc", status.message());
  }
  std::optional<std::string> chdir;
  for (const ParsedOption& option : parsed->options) {
    const std::string value = option.value.value_or("");
    Status status = ApplyAllocationOption(option.id, value, &spec, &handled);
    if (!status.ok()) return CommandError("salloc", status.message());
    if (handled) continue;
    switch (option.id) {
      case kOptChdir: chdir = value; break;
      case kOptQuiet: options.quiet = true; break;
      case kOptVerbose: ++options.verbose; break;
      default: break;  // accepted and not stored (kOptIgnored, -K, -I, ...)
    }
  }
  if (options.quiet && options.verbose) {
    return CommandError("salloc", "don't specify both --verbose (-v) and --quiet (-Q)");
  }
  if (Status status = FitCounts(&options); !status.ok()) return CommandError("salloc", status.message());

  options.argv = parsed->operands;
  spec.set_interactive(true);
  // Slurm names a salloc job "interactive" unless -J says otherwise, even
  // when a command is given (src/salloc/opt.c _opt_verify).
  if (spec.name().empty()) spec.set_name("interactive");
  spec.set_work_dir(chdir ? JoinPath(cwd, *chdir) : cwd);
  spec.set_submit_dir(cwd);
  spec.set_submit_host(hostname);
  spec.set_umask(umask);
  return options;
}

std::string SallocUsageText() {
  return "Usage: salloc [-N numnodes|[min nodes]-[max nodes]] [-n num-processors]\n"
         "              [-c cpus-per-node] [-p partition] [--hold] [-t minutes]\n"
         "              [-D path] [-J jobname] [--verbose] [--account=name]\n"
         "              [--comment=name] [--mem=MB] [--mem-per-cpu=MB]\n"
         "              [--ntasks-per-node=n] [--nodelist=hosts] [--exclude=hosts]\n"
         "              [command [args...]]\n";
}

std::string SallocHelpText() {
  return "Usage: salloc [OPTIONS...] [command [args...]]\n"
         "\n"
         "Parallel run options:\n"
         "  -A, --account=name          charge job to specified account\n"
         "  -c, --cpus-per-task=ncpus   number of cpus required per task\n"
         "      --comment=name          arbitrary comment\n"
         "  -D, --chdir=path            change working directory\n"
         "  -H, --hold                  submit job in held state\n"
         "  -J, --job-name=jobname      name of job\n"
         "  -n, --ntasks=N              number of processors required\n"
         "  -N, --nodes=N               number of nodes on which to run (N = min[-max])\n"
         "      --ntasks-per-node=n     number of tasks to invoke on each node\n"
         "  -p, --partition=partition   partition requested\n"
         "  -Q, --quiet                 quiet mode (suppress informational messages)\n"
         "  -t, --time=minutes          time limit\n"
         "  -v, --verbose               verbose mode (multiple -v's increase verbosity)\n"
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
         "\n"
         "Other options:\n"
         "  -V, --version               output version information and exit\n";
}

}  // namespace bramble::cli
