// The shared job option table and setters; see job_options.h.
#include "cli/job_options.h"

#include <getopt.h>

#include <cerrno>
#include <cctype>
#include <climits>
#include <cstdlib>

#include "cli/signal_name.h"
#include "common/array_spec.h"
#include "common/duration.h"
#include "common/gres_config.h"
#include "common/size.h"
#include "common/split.h"

namespace bramble::cli {
namespace {

constexpr unsigned kS = kForSbatch;
constexpr unsigned kR = kForSrun;
constexpr unsigned kA = kForSalloc;
constexpr unsigned kAll = kS | kR | kA;
constexpr unsigned kSR = kS | kR;  // sbatch and srun
constexpr unsigned kSA = kS | kA;  // sbatch and salloc

// Options marked "accepted" map to kOptIgnored: their features arrive in
// later issues, and they must not fail a submission that real clients
// generate (COMPAT.md 10, P1 sbatch). Masks follow which of sbatch, srun and
// salloc Slurm 22.05 gives each option (their man pages); rows for one
// command only come last.
constexpr OptionSpec kTable[] = {
    {"account", required_argument, kOptAccount, kAll},
    {"array", required_argument, kOptArray, kS},
    {"begin", required_argument, kOptBegin, kAll},
    {"chdir", required_argument, kOptChdir, kAll},
    {"workdir", required_argument, kOptChdir, kS},  // old name of --chdir
    {"comment", required_argument, kOptComment, kAll},
    {"constraint", required_argument, kOptConstraint, kAll},
    {"cpus-per-task", required_argument, kOptCpusPerTask, kAll},
    {"dependency", required_argument, kOptDependency, kAll},
    {"error", required_argument, kOptError, kSR},
    {"exclude", required_argument, kOptExclude, kAll},
    {"exclusive", optional_argument, kOptExclusive, kAll},
    {"export", required_argument, kOptExport, kSR},
    {"get-user-env", optional_argument, kOptGetUserEnv, kSA},
    {"gpus", required_argument, kOptGpus, kAll},
    {"gres", required_argument, kOptGres, kAll},
    {"help", no_argument, kOptHelp, kAll},
    {"hold", no_argument, kOptHold, kAll},
    {"input", required_argument, kOptInput, kSR},
    {"job-name", required_argument, kOptJobName, kAll},
    {"kill-on-invalid-dep", required_argument, kOptKillOnInvalidDep, kS},
    {"mem", required_argument, kOptMem, kAll},
    {"mem-per-cpu", required_argument, kOptMemPerCpu, kAll},
    {"nice", optional_argument, kOptNice, kAll},
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
    {"signal", required_argument, kOptSignal, kAll},
    {"time", required_argument, kOptTime, kAll},
    {"usage", no_argument, kOptUsage, kS},
    {"verbose", no_argument, kOptVerbose, kAll},
    {"version", no_argument, kOptVersion, kAll},
    {"wrap", required_argument, kOptWrap, kS},
    // Accepted, not stored yet.
    {"extra-node-info", required_argument, kOptExtraNodeInfo, kAll},
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
    {"gpu-bind", required_argument, kOptIgnored, kAll},
    {"gpu-freq", required_argument, kOptIgnored, kAll},
    {"gpus-per-node", required_argument, kOptIgnored, kAll},
    {"gpus-per-socket", required_argument, kOptIgnored, kAll},
    {"gpus-per-task", required_argument, kOptIgnored, kAll},
    {"gres-flags", required_argument, kOptIgnored, kAll},
    {"hint", required_argument, kOptIgnored, kAll},
    {"ignore-pbs", no_argument, kOptIgnored, kS},
    {"mail-type", required_argument, kOptIgnored, kAll},
    {"mail-user", required_argument, kOptIgnored, kAll},
    {"mcs-label", required_argument, kOptIgnored, kAll},
    {"mem-bind", required_argument, kOptIgnored, kAll},
    {"mem-per-gpu", required_argument, kOptIgnored, kAll},
    {"mincpus", required_argument, kOptIgnored, kAll},
    {"network", required_argument, kOptIgnored, kAll},
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

// Slurm's NICE_OFFSET - 3: the largest |--nice| its client accepts.
constexpr long long kMaxNice = 2147483645;

// The controller's text for a bad --gres or --gpus (ESLURM_INVALID_GRES).
constexpr const char* kInvalidGres = "Invalid generic resource (gres) specification";

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// ---- setters

using OptionValue = std::optional<std::string>;

// `text` as the command prints it, after "<program>: error: ".
Status Error(const JobOptionContext& context, const std::string& text) {
  return CommandError(context.program, text);
}

// A failure the controller reports in Slurm, printed as the command prints
// a refused submission.
Status SubmitError(const JobOptionContext& context, const std::string& text) {
  std::string_view program = context.program;
  const char* failed = program == "sbatch"   ? "Batch job submission failed: "
                       : program == "salloc" ? "Job submit/allocate failed: "
                                             : "Unable to allocate resources: ";
  return Error(context, failed + text);
}

// -N "min[-max]" (Slurm's verify_node_count, without its k/m suffixes).
Status SetNodes(const OptionValue& value, const JobOptionContext& context, proto::JobSpec* spec) {
  const std::string& text = *value;
  size_t dash = text.find('-');
  std::string min_text = text.substr(0, dash);
  std::string max_text = dash == std::string::npos ? min_text : text.substr(dash + 1);
  for (const std::string& part : {min_text, max_text}) {
    bool ok = !part.empty() && part.size() <= 9 && part.find_first_not_of("0123456789") == std::string::npos &&
              std::stol(part) > 0;
    if (!ok) return Error(context, "\"" + part + "\" is not a valid node count");
  }
  uint32_t min = static_cast<uint32_t>(std::stoul(min_text));
  uint32_t max = static_cast<uint32_t>(std::stoul(max_text));
  if (max < min) {
    return Error(context, "Maximum node count " + max_text + " is less than minimum node count " + min_text);
  }
  spec->set_nodes_min(min);
  spec->set_nodes_max(max);
  return Status::Ok();
}

Status SetTime(const OptionValue& value, const JobOptionContext& context, proto::JobSpec* spec) {
  auto seconds = ParseTimeLimit(*value);
  if (!seconds) return Error(context, "Invalid --time specification");
  spec->set_time_limit_s(*seconds);
  return Status::Ok();
}

// --mem and --mem-per-cpu exclude each other; the later one wins.
Status SetMem(const OptionValue& value, const JobOptionContext& context, proto::JobSpec* spec) {
  auto mb = ParseMegabytes(*value);
  if (!mb) return Error(context, "Invalid --mem specification");
  spec->set_mem_per_node_mb(*mb);
  spec->clear_mem_per_cpu_mb();
  return Status::Ok();
}

Status SetMemPerCpu(const OptionValue& value, const JobOptionContext& context, proto::JobSpec* spec) {
  auto mb = ParseMegabytes(*value);
  if (!mb) return Error(context, "Invalid --mem-per-cpu specification");
  spec->set_mem_per_cpu_mb(*mb);
  spec->clear_mem_per_node_mb();
  return Status::Ok();
}

Status SetArray(const OptionValue& value, const JobOptionContext& context, proto::JobSpec* spec) {
  // The controller holds MaxArraySize; here only the grammar is checked.
  if (!ParseArraySpec(*value, kMaxArraySizeLimit)) return SubmitError(context, kInvalidArrayText);
  spec->set_array(*value);
  return Status::Ok();
}

Status SetGres(const OptionValue& value, const JobOptionContext& context, proto::JobSpec* spec) {
  auto gres = NormalizeGres(*value);
  if (!gres) return SubmitError(context, gres.error().message());
  spec->set_gres(*gres);
  return Status::Ok();
}

Status SetGpus(const OptionValue& value, const JobOptionContext& context, proto::JobSpec* spec) {
  auto count = ParseGpuCount(*value);
  if (!count) return SubmitError(context, count.error().message());
  spec->set_gpus(*count);
  return Status::Ok();
}

// --exclusive[=exclusive|oversubscribe|user|mcs]. Bramble has no per-user
// or MCS sharing, so user and mcs take whole nodes: stricter than asked,
// never looser.
Status SetExclusive(const OptionValue& value, const JobOptionContext& context, proto::JobSpec* spec) {
  if (!value || EqualsNoCase(*value, "exclusive") || EqualsNoCase(*value, "user") || EqualsNoCase(*value, "mcs")) {
    spec->set_exclusive(true);
  } else if (EqualsNoCase(*value, "oversubscribe")) {
    spec->set_exclusive(false);
  } else {
    return Error(context, "Invalid --exclusive specification");
  }
  return Status::Ok();
}

// --nice[=N]: 100 without a value; strtoll reads the number, so trailing
// text is ignored as in Slurm.
Status SetNice(const OptionValue& value, const JobOptionContext& context, proto::JobSpec* spec) {
  long long nice = value ? std::strtoll(value->c_str(), nullptr, 10) : 100;
  if (std::llabs(nice) > kMaxNice) {
    return Error(context, "Invalid --nice value, out of range (+/- " + std::to_string(kMaxNice) + ")");
  }
  spec->set_nice(static_cast<int32_t>(nice));
  return Status::Ok();
}

Status SetBegin(const OptionValue& value, const JobOptionContext& context, proto::JobSpec* spec) {
  auto begin = ParseBeginTime(*value, context.clock.now, *context.clock.zone);
  std::string invalid = std::string(context.program) + ": error: Invalid --begin specification";
  // parse_time prints its own line without the program's prefix.
  if (!begin) return InvalidArgument(begin.error().message() + "\n" + invalid);
  if (*begin == 0) return InvalidArgument(invalid);
  spec->set_begin_time(*begin);
  return Status::Ok();
}

// Stored normalized, "[B:]<number>@<seconds>", so that the controller (which
// does not depend on the CLI's signal names) reads numbers only.
Status SetSignal(const OptionValue& value, const JobOptionContext& context, proto::JobSpec* spec) {
  if (Status status = CheckSignalSpec(*value); !status.ok()) return Error(context, status.message());
  std::string_view text = *value;
  bool batch = false;
  if (size_t colon = text.find(':'); colon != std::string_view::npos) {
    for (char c : text.substr(0, colon)) batch = batch || Lower(c) == 'b';
    text.remove_prefix(colon + 1);
  }
  size_t at = text.find('@');
  auto number = ParseSignal(text.substr(0, at));
  if (!number) return Error(context, "Invalid --signal specification");
  std::string seconds = at == std::string_view::npos ? "60" : std::string(text.substr(at + 1));
  if (seconds.empty()) seconds = "0";
  spec->set_signal((batch ? "B:" : "") + std::to_string(*number) + "@" + seconds);
  return Status::Ok();
}

Status SetKillOnInvalidDep(const OptionValue& value, const JobOptionContext& context, proto::JobSpec* spec) {
  if (EqualsNoCase(*value, "yes")) {
    spec->set_kill_on_invalid_dep(true);
  } else if (EqualsNoCase(*value, "no")) {
    spec->set_kill_on_invalid_dep(false);
  } else {
    return Error(context, "Invalid --kill-on-invalid-dep specification");
  }
  return Status::Ok();
}

// The counts Slurm reads with parse_int(name, arg, positive=true).
template <void (proto::JobSpec::*kSet)(uint32_t)>
Status SetCount(const char* option, const OptionValue& value, const JobOptionContext& context,
                proto::JobSpec* spec) {
  auto n = ParseSlurmInt(*value, option, true);
  if (!n) return Error(context, n.error().message());
  (spec->*kSet)(*n);
  return Status::Ok();
}

// Options whose value is stored as given.
template <std::string* (proto::JobSpec::*kField)()>
Status SetText(const OptionValue& value, const JobOptionContext&, proto::JobSpec* spec) {
  *(spec->*kField)() = *value;
  return Status::Ok();
}

using Setter = Status (*)(const OptionValue&, const JobOptionContext&, proto::JobSpec*);

struct SetterRow {
  int id;
  Setter set;
};

// One row per option id ApplyJobOption serves.
constexpr SetterRow kSetters[] = {
    {kOptCpusPerTask,
     [](const OptionValue& v, const JobOptionContext& c, proto::JobSpec* s) {
       return SetCount<&proto::JobSpec::set_cpus_per_task>("--cpus-per-task", v, c, s);
     }},
    {kOptNtasks,
     [](const OptionValue& v, const JobOptionContext& c, proto::JobSpec* s) {
       return SetCount<&proto::JobSpec::set_ntasks>("--ntasks", v, c, s);
     }},
    {kOptNtasksPerNode,
     [](const OptionValue& v, const JobOptionContext& c, proto::JobSpec* s) {
       return SetCount<&proto::JobSpec::set_ntasks_per_node>("--ntasks-per-node", v, c, s);
     }},
    {kOptNodes, SetNodes},
    {kOptTime, SetTime},
    {kOptMem, SetMem},
    {kOptMemPerCpu, SetMemPerCpu},
    {kOptAccount, SetText<&proto::JobSpec::mutable_account>},
    {kOptComment, SetText<&proto::JobSpec::mutable_comment>},
    {kOptConstraint, SetText<&proto::JobSpec::mutable_constraint>},
    {kOptDependency, SetText<&proto::JobSpec::mutable_dependency>},
    {kOptExclude, SetText<&proto::JobSpec::mutable_exclude>},
    {kOptJobName, SetText<&proto::JobSpec::mutable_name>},
    {kOptNodelist, SetText<&proto::JobSpec::mutable_nodelist>},
    {kOptPartition, SetText<&proto::JobSpec::mutable_partition>},  // "a,b": the controller picks
    {kOptHold,
     [](const OptionValue&, const JobOptionContext&, proto::JobSpec* s) {
       s->set_hold(true);
       return Status::Ok();
     }},
    {kOptRequeue,
     [](const OptionValue&, const JobOptionContext&, proto::JobSpec* s) {
       s->set_requeue(true);
       s->set_no_requeue(false);
       return Status::Ok();
     }},
    {kOptNoRequeue,
     [](const OptionValue&, const JobOptionContext&, proto::JobSpec* s) {
       s->set_requeue(false);
       s->set_no_requeue(true);
       return Status::Ok();
     }},
    {kOptArray, SetArray},
    {kOptGres, SetGres},
    {kOptGpus, SetGpus},
    {kOptExclusive, SetExclusive},
    {kOptNice, SetNice},
    {kOptBegin, SetBegin},
    {kOptSignal, SetSignal},
    {kOptKillOnInvalidDep, SetKillOnInvalidDep},
};

// Options whose setter reads no value (flags and --exclusive/--nice, whose
// value is optional); the others get "" for a missing value.
bool ValueOptional(int id) {
  return id == kOptExclusive || id == kOptNice || id == kOptHold || id == kOptRequeue || id == kOptNoRequeue;
}

}  // namespace

const std::span<const OptionSpec> kJobOptions(kTable);

Status CheckSignalSpec(std::string_view text) {
  Status invalid = InvalidArgument("Invalid --signal specification");
  size_t colon = text.find(':');
  if (colon != std::string_view::npos) {  // "B:", "R:", "RB:" (batch shell only, reservation end)
    std::string_view flags = text.substr(0, colon);
    if (flags.empty() || flags.size() > 2) return invalid;
    for (char c : flags) {
      if (Lower(c) != 'b' && Lower(c) != 'r') return invalid;
    }
    if (flags.size() == 2 && Lower(flags[0]) == Lower(flags[1])) return invalid;
    text.remove_prefix(colon + 1);
  }
  size_t at = text.find('@');
  if (!ParseSignal(text.substr(0, at))) return invalid;
  if (at == std::string_view::npos) return Status::Ok();
  std::string_view seconds = text.substr(at + 1);
  // Slurm reads the time with strtol: empty means 0; 65535 is its uint16 cap.
  if (seconds.size() > 5 || seconds.find_first_not_of("0123456789") != std::string_view::npos) return invalid;
  if (!seconds.empty() && std::stol(std::string(seconds)) > 65535) return invalid;
  return Status::Ok();
}

Result<uint32_t> ParseGpuCount(std::string_view text) {
  Status invalid = InvalidArgument(kInvalidGres);
  std::vector<std::string> items = SplitCommaList(text);
  if (items.empty()) return invalid;
  uint64_t total = 0;
  for (const std::string& item : items) {
    std::vector<std::string_view> fields;
    size_t start = 0;
    while (true) {
      size_t colon = item.find(':', start);
      fields.push_back(std::string_view(item).substr(start, colon == std::string::npos ? colon : colon - start));
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
    if (fields.size() > 3 || (fields.size() == 3 && fields[0] != "gpu")) return invalid;
    for (std::string_view field : fields) {
      if (field.empty()) return invalid;
    }
    std::string_view count = fields.back();
    if (count.size() > 10 || count.find_first_not_of("0123456789") != std::string_view::npos) return invalid;
    total += std::stoull(std::string(count));
    if (total > INT_MAX) return invalid;
  }
  return static_cast<uint32_t>(total);
}

Result<std::string> NormalizeGres(std::string_view text) {
  if (EqualsNoCase(text, "none")) return std::string();
  std::string out;
  for (std::string item : SplitCommaList(text)) {
    if (item.rfind("gres/", 0) == 0) item.erase(0, 5);
    out += (out.empty() ? "" : ",") + item;
  }
  if (!out.empty() && !ParseGresSpec(out)) return InvalidArgument(kInvalidGres);
  return out;
}

Result<bool> ApplyJobOption(int id, const std::optional<std::string>& value, const JobOptionContext& context,
                            proto::JobSpec* spec) {
  for (const SetterRow& row : kSetters) {
    if (row.id != id) continue;
    OptionValue given = value;
    if (!given && !ValueOptional(id)) given = std::string();
    // A failed setter may have written part of a field: work on a copy.
    proto::JobSpec updated = *spec;
    BRAMBLE_RETURN_IF_ERROR(row.set(given, context, &updated));
    *spec = std::move(updated);
    return true;
  }
  return false;
}

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

std::optional<std::string> FindEnv(const std::vector<std::string>& environment, std::string_view name) {
  for (const std::string& entry : environment) {
    if (entry.size() > name.size() && entry[name.size()] == '=' && entry.compare(0, name.size(), name) == 0) {
      return entry.substr(name.size() + 1);
    }
  }
  return std::nullopt;
}

}  // namespace bramble::cli
