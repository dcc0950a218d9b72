// salloc options and the node-count helpers; see salloc_options.h.
#include "cli/salloc_options.h"

#include <algorithm>
#include <set>

#include "cli/getopt_runner.h"
#include "common/hostlist.h"

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

Result<SallocOptions> ParseSalloc(const std::vector<std::string>& args, const std::vector<std::string>& environment,
                                  const std::string& cwd, const std::string& hostname, uint32_t umask,
                                  const JobClock& clock) {
  auto parsed = RunGetopt("salloc", kJobOptions, args, ArgOrder::kStopAtFirstOperand, kForSalloc);
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
  const JobOptionContext context{"salloc", clock};
  proto::JobSpec& spec = options.spec;
  for (const EnvOption& env : kSallocEnv) {
    auto value = FindEnv(environment, env.name);
    if (!value || value->empty()) continue;
    auto applied = ApplyJobOption(env.id, *value, context, &spec);
    if (!applied) return applied.error();
  }
  std::optional<std::string> chdir;
  for (const ParsedOption& option : parsed->options) {
    auto applied = ApplyJobOption(option.id, option.value, context, &spec);
    if (!applied) return applied.error();
    if (*applied) continue;
    switch (option.id) {
      case kOptChdir: chdir = option.value.value_or(""); break;
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
         "              [-b begin] [-d dependency] [-C list] [--gres=list] [-G gpus]\n"
         "              [--exclusive] [--nice[=value]] [--signal=[R:]num[@time]]\n"
         "              [command [args...]]\n";
}

std::string SallocHelpText() {
  return "Usage: salloc [OPTIONS...] [command [args...]]\n"
         "\n"
         "Parallel run options:\n"
         "  -A, --account=name          charge job to specified account\n"
         "  -b, --begin=time            defer job until HH:MM MM/DD/YY\n"
         "  -c, --cpus-per-task=ncpus   number of cpus required per task\n"
         "      --comment=name          arbitrary comment\n"
         "  -d, --dependency=type:jobid[:time] defer job until condition on jobid is satisfied\n"
         "  -D, --chdir=path            change working directory\n"
         "  -H, --hold                  submit job in held state\n"
         "  -J, --job-name=jobname      name of job\n"
         "  -n, --ntasks=N              number of processors required\n"
         "      --nice[=value]          decrease scheduling priority by value\n"
         "  -N, --nodes=N               number of nodes on which to run (N = min[-max])\n"
         "      --ntasks-per-node=n     number of tasks to invoke on each node\n"
         "  -p, --partition=partition   partition requested\n"
         "  -Q, --quiet                 quiet mode (suppress informational messages)\n"
         "      --signal=[R:]num[@time] send signal when time limit within time seconds\n"
         "  -t, --time=minutes          time limit\n"
         "  -v, --verbose               verbose mode (multiple -v's increase verbosity)\n"
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
         "\n"
         "Other options:\n"
         "  -V, --version               output version information and exit\n";
}

}  // namespace bramble::cli
