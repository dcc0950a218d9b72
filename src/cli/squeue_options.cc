// squeue's command line; see squeue_options.h. The option table mirrors
// squeue's own (src/squeue/opts.c), so short/long spellings and which
// options take (optional) arguments match.
#include "cli/squeue_options.h"

#include <strings.h>

#include <algorithm>
#include <cstdlib>

#include "cli/getopt_runner.h"
#include "cli/squeue_format.h"
#include "common/array_spec.h"
#include "common/hostlist.h"
#include "common/split.h"
#include "proto/job_state.h"

namespace bramble::cli {
namespace {

// Long-only options get ids past the char range.
enum LongOnly : int {
  kHelp = 0x100,
  kUsage,
  kMe,
  kOnlyJobState,
  kSort,
  kLocal,
  kFederation,
  kHide,
  kNoConvert,
  kStart,
};

constexpr OptionSpec kOptions[] = {
    {"account", required_argument, 'A'},
    {"accounts", required_argument, 'A'},
    {"all", no_argument, 'a'},
    {"array", no_argument, 'r'},
    {"cluster", required_argument, 'M'},
    {"clusters", required_argument, 'M'},
    {"federation", no_argument, kFederation},
    {"Format", required_argument, 'O'},
    {"format", required_argument, 'o'},
    {"help", no_argument, kHelp},
    {"hide", no_argument, kHide},
    {"jobs", optional_argument, 'j'},
    {"local", no_argument, kLocal},
    {"long", no_argument, 'l'},
    {"me", no_argument, kMe},
    {"name", required_argument, 'n'},
    {"noconvert", no_argument, kNoConvert},
    {"noheader", no_argument, 'h'},
    {"node", required_argument, 'w'},
    {"nodes", required_argument, 'w'},
    {"nodelist", required_argument, 'w'},
    {"only-job-state", no_argument, kOnlyJobState},
    {"partition", required_argument, 'p'},
    {"partitions", required_argument, 'p'},
    {"sort", required_argument, 'S'},
    {"start", no_argument, kStart},
    {"steps", optional_argument, 's'},
    {"states", required_argument, 't'},
    {"usage", no_argument, kUsage},
    {"user", required_argument, 'u'},
    {"users", required_argument, 'u'},
    {"verbose", no_argument, 'v'},
    {"version", no_argument, 'V'},
};

// Every job state Slurm knows (squeue(1) "JOB STATE CODES"): -t accepts
// them all; those Bramble never produces simply match no job.
struct SlurmState {
  const char* name;
  const char* code;
};
constexpr SlurmState kSlurmStates[] = {
    {"PENDING", "PD"},       {"RUNNING", "R"},        {"SUSPENDED", "S"},
    {"COMPLETED", "CD"},     {"CANCELLED", "CA"},     {"FAILED", "F"},
    {"TIMEOUT", "TO"},       {"NODE_FAIL", "NF"},     {"PREEMPTED", "PR"},
    {"BOOT_FAIL", "BF"},     {"DEADLINE", "DL"},      {"OUT_OF_MEMORY", "OOM"},
    {"COMPLETING", "CG"},    {"CONFIGURING", "CF"},   {"RESIZING", "RS"},
    {"REVOKED", "RV"},       {"SPECIAL_EXIT", "SE"},  {"REQUEUED", "RQ"},
    {"REQUEUE_HOLD", "RH"},  {"REQUEUE_FED", "RF"},   {"SIGNALING", "SI"},
    {"STAGE_OUT", "SO"},     {"STOPPED", "ST"},       {"RESV_DEL_HOLD", "RD"},
};

const SlurmState* FindSlurmState(const std::string& text) {
  for (const SlurmState& state : kSlurmStates) {
    if (strcasecmp(text.c_str(), state.name) == 0 || strcasecmp(text.c_str(), state.code) == 0) {
      return &state;
    }
  }
  return nullptr;
}

std::string ValidStatesLine() {
  std::string names;
  for (const SlurmState& state : kSlurmStates) {
    if (!names.empty()) names += ',';
    names += state.name;
  }
  return "squeue: error: Valid job states include: " + names;
}

// Parses one -j item: "123", "123_4" or "123_[1-3,5]"; appends what it names.
bool ParseJobItem(const std::string& item, std::vector<JobSelector>& out) {
  size_t underscore = item.find('_');
  std::string id_text = item.substr(0, underscore);
  if (id_text.empty() || id_text.find_first_not_of("0123456789") != std::string::npos || id_text.size() > 10) {
    return false;
  }
  long long id = std::stoll(id_text);
  if (id <= 0 || id > 0xffffffffLL) return false;
  if (underscore == std::string::npos) {
    out.push_back({static_cast<uint32_t>(id), std::nullopt});
    return true;
  }
  Result<std::vector<uint32_t>> tasks = ParseIndexList(std::string_view(item).substr(underscore + 1));
  if (!tasks) return false;
  for (uint32_t task : *tasks) out.push_back({static_cast<uint32_t>(id), task});
  return true;
}

// "123", "123,456", "12_3": the items of a -j list.
Result<std::vector<JobSelector>> ParseJobList(const std::string& list) {
  std::vector<JobSelector> selectors;
  for (const std::string& item : SplitCommaList(list)) {
    if (!ParseJobItem(item, selectors)) return InvalidArgument("squeue: error: Invalid job id: " + item);
  }
  return selectors;
}

void SetJobList(const std::vector<JobSelector>& selectors, SqueueOptions& opts) {
  opts.job_selectors = selectors;
  opts.job_ids.clear();
  for (const JobSelector& selector : selectors) {
    if (std::find(opts.job_ids.begin(), opts.job_ids.end(), selector.job_id) == opts.job_ids.end()) {
      opts.job_ids.push_back(selector.job_id);
    }
  }
}

// The options that take no decisions yet: accepted and ignored.
bool IsIgnoredOption(int id) {
  return id == 'a' || id == 'M' || id == 'S' || id == kOnlyJobState || id == kLocal ||
         id == kFederation || id == kHide || id == kNoConvert;
}

// Applies one parsed option; fails on a bad value.
Status ApplyOption(const ParsedOption& option, SqueueOptions& opts, bool& format_given) {
  const std::string arg = option.value.value_or("");
  switch (option.id) {
    case kHelp: opts.help = true; break;
    case kUsage: opts.usage = true; break;
    case 'V': opts.version = true; break;
    case 'h': opts.no_header = true; break;
    case 'l': opts.long_format = true; break;
    case 'r': opts.array_per_task = true; break;
    case kStart: opts.start = true; break;
    case 'v': ++opts.verbose; break;
    case 'A': opts.accounts = SplitCommaList(arg); break;
    case 'n': opts.names = SplitCommaList(arg); break;
    case 'p': opts.partitions = SplitCommaList(arg); break;
    case 'u': opts.users = SplitCommaList(arg); opts.me = false; break;
    case kMe: opts.me = true; opts.users.clear(); break;
    case 'o': opts.format = arg; format_given = true; break;
    case 'O':
      return InvalidArgument("squeue: error: -O/--Format is not supported yet; use -o/--format");
    case 's': opts.steps = true; break;
    case 'j': {
      opts.job_flag = true;
      if (option.value) {
        Result<std::vector<JobSelector>> selectors = ParseJobList(arg);
        if (!selectors) return selectors.error();
        SetJobList(*selectors, opts);
      }
      break;
    }
    case 't': {
      Result<JobStateFilter> filter = ParseJobStateFilter(arg);
      if (!filter) return filter.error();
      opts.states = *filter;
      break;
    }
    case 'w': {
      Result<std::vector<std::string>> nodes = ExpandHostlist(arg);
      if (!nodes) return InvalidArgument("squeue: error: '" + arg + "' invalid entry for --nodelist");
      opts.nodes = *nodes;
      break;
    }
    default:
      if (!IsIgnoredOption(option.id)) return Internal("unhandled squeue option");
  }
  return Status::Ok();
}

// What the command line leaves unset, from SQUEUE_* variables.
Status ApplyEnvironment(SqueueOptions& opts, const EnvLookup& env) {
  auto fill = [&env](std::vector<std::string>& target, const char* name) {
    std::optional<std::string> value = env(name);
    if (target.empty() && value) target = SplitCommaList(*value);
  };
  fill(opts.partitions, "SQUEUE_PARTITION");
  fill(opts.names, "SQUEUE_NAMES");
  fill(opts.accounts, "SQUEUE_ACCOUNT");
  if (!opts.me) fill(opts.users, "SQUEUE_USERS");
  if (!opts.states) {
    if (std::optional<std::string> value = env("SQUEUE_STATES")) {
      Result<JobStateFilter> filter = ParseJobStateFilter(*value);
      if (!filter) return filter.error();
      opts.states = *filter;
    }
  }
  return Status::Ok();
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

Result<JobStateFilter> ParseJobStateFilter(const std::string& list) {
  JobStateFilter filter;
  if (strcasecmp(list.c_str(), "all") == 0) {
    filter.all = true;
    return filter;
  }
  for (const std::string& item : SplitCommaList(list)) {
    const SlurmState* known = FindSlurmState(item);
    if (known == nullptr) {
      return InvalidArgument("squeue: error: Invalid job state specified: " + item + "\n" +
                             ValidStatesLine());
    }
    if (std::string(known->code) == "CG") {
      filter.completing = true;
    } else if (std::optional<proto::JobState> state = ParseJobState(known->name)) {
      filter.states.push_back(*state);
    }
  }
  return filter;
}

bool JobStateMatches(const proto::JobRecord& job, const std::optional<JobStateFilter>& filter) {
  if (!filter) {
    return job.state() == proto::PENDING || job.state() == proto::RUNNING || job.completing();
  }
  if (filter->all) return true;
  if (filter->completing && job.completing()) return true;
  return std::find(filter->states.begin(), filter->states.end(), BaseState(job)) != filter->states.end();
}

Result<SqueueOptions> ParseSqueueOptions(const std::vector<std::string>& args, const EnvLookup& env) {
  std::vector<std::string> words(args.begin() + (args.empty() ? 0 : 1), args.end());  // without argv[0]
  Result<GetoptOutput> line = RunGetopt("squeue", kOptions, words, ArgOrder::kPermute);
  if (!line) return line.error();
  SqueueOptions opts;
  bool format_given = false;
  for (const ParsedOption& option : line->options) {
    BRAMBLE_RETURN_IF_ERROR(ApplyOption(option, opts, format_given));
  }
  if (opts.help || opts.usage || opts.version) return opts;

  // Like squeue, one leftover argument is the -j (or -s) list.
  std::vector<std::string> rest = line->operands;
  if (!rest.empty() && (opts.job_flag || opts.steps)) {
    if (opts.job_flag) {
      Result<std::vector<JobSelector>> selectors = ParseJobList(rest.front());
      if (!selectors) return selectors.error();
      SetJobList(*selectors, opts);
    }
    rest.erase(rest.begin());
  }
  if (!rest.empty()) {
    return InvalidArgument("squeue: error: Unrecognized option: " + rest.front() + "\n" + SqueueUsage());
  }
  if (opts.long_format && format_given) {
    return InvalidArgument(
        "squeue: fatal: Options -o(--format) and -l(--long) are mutually exclusive. "
        "Please remove one and retry.");
  }
  BRAMBLE_RETURN_IF_ERROR(ApplyEnvironment(opts, env));

  bool start = opts.start && !opts.steps;
  if (start && !opts.states) opts.states = JobStateFilter{false, {proto::PENDING}, false};
  if (!format_given) {
    std::optional<std::string> env_format = env("SQUEUE_FORMAT");
    if (opts.steps) {
      opts.format = kSqueueStepFormat;
    } else if (start) {
      opts.format = kSqueueStartFormat;
    } else if (opts.long_format) {
      opts.format = kSqueueLongFormat;
    } else if (env_format) {
      opts.format = *env_format;
    } else {
      opts.format = kSqueueDefaultFormat;
    }
  }
  if (!opts.steps) {
    for (char type : InvalidSqueueFields(opts.format)) {
      opts.warnings.push_back(std::string("squeue: error: Invalid job format specification: ") + type);
    }
  }
  return opts;
}

bool JobSelected(const proto::JobRecord& job, const std::vector<JobSelector>& selectors) {
  if (selectors.empty()) return true;
  return std::any_of(selectors.begin(), selectors.end(), [&job](const JobSelector& s) {
    if (!s.array_task) return job.job_id() == s.job_id || job.array_job_id() == s.job_id;
    return job.array_job_id() == s.job_id && job.array_task_id() == *s.array_task;
  });
}

bool SelectsArrayTasks(const std::vector<JobSelector>& selectors) {
  return std::any_of(selectors.begin(), selectors.end(),
                     [](const JobSelector& s) { return s.array_task.has_value(); });
}

std::vector<const proto::JobRecord*> FilterJobs(const std::vector<const proto::JobRecord*>& jobs,
                                                const SqueueOptions& options, const std::string& my_username) {
  std::vector<std::string> users = options.users;
  if (options.me) users = {my_username};
  std::vector<const proto::JobRecord*> kept;
  kept.reserve(jobs.size());
  for (const proto::JobRecord* record : jobs) {
    const proto::JobRecord& job = *record;
    if (!JobSelected(job, options.job_selectors)) continue;
    if (!JobStateMatches(job, options.states)) continue;
    if (!users.empty() && !Contains(users, job.user()) && !Contains(users, std::to_string(job.uid()))) {
      continue;
    }
    if (!options.partitions.empty() && !Contains(options.partitions, job.spec().partition())) continue;
    if (!options.names.empty() && !Contains(options.names, job.spec().name())) continue;
    if (!options.accounts.empty() && !Contains(options.accounts, job.spec().account())) continue;
    if (!options.nodes.empty() &&
        std::none_of(job.nodes().begin(), job.nodes().end(),
                     [&](const std::string& node) { return Contains(options.nodes, node); })) {
      continue;
    }
    kept.push_back(record);
  }
  return kept;
}

std::string SqueueUsage() {
  return "Usage: squeue [-A account] [-j jobid] [-n name] [-o format] [-p partitions]\n"
         "              [--start] [-t states] [-u user_name] [-w nodes] [--me] [--usage]\n"
         "              [-ahlrsv]";
}

std::string SqueueHelp() {
  return "Usage: squeue [OPTIONS]\n"
         "  -A, --account=account(s)        comma separated list of accounts to view\n"
         "  -a, --all                       accepted; every partition is shown\n"
         "  -h, --noheader                  no headers on output\n"
         "  -j, --jobs[=job(s)]             comma separated list of job IDs to view\n"
         "  -l, --long                      long report\n"
         "  -M, --clusters=cluster_name     accepted and ignored (one cluster)\n"
         "      --me                        equivalent to --user=<my user name>\n"
         "  -n, --name=job_name(s)          comma separated list of job names to view\n"
         "  -o, --format=format             format specification\n"
         "      --only-job-state            accepted; the format decides what is shown\n"
         "  -p, --partition=partition(s)    comma separated list of partitions to view\n"
         "  -r, --array                     one line per job array task\n"
         "  -s, --steps                     show job steps (none are listed yet)\n"
         "  -S, --sort=fields               accepted and ignored\n"
         "      --start                     expected start times of pending jobs\n"
         "  -t, --states=state(s)           comma separated list of states to view,\n"
         "                                  \"all\" for every state\n"
         "  -u, --user=user_name(s)         comma separated list of users to view\n"
         "  -v, --verbose                   verbosity level\n"
         "  -w, --nodelist=hostlist         list of nodes to view\n"
         "\nHelp options:\n"
         "      --help                      show this help message\n"
         "      --usage                     display a brief summary of squeue options";
}

}  // namespace bramble::cli
