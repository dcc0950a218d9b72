// The slurm.conf parser: text to logical lines, lines to Key=Value tokens,
// and the global keys. NodeName= and PartitionName= lines are handled in
// config_entries.cc.
//
// A logical line is one or more physical lines joined at a trailing '\';
// messages name its first physical line. '#' outside double quotes starts a
// comment. Global keys are dispatched through kGlobalKeys, then the priority
// and scheduler keys of config_sched.cc; keys that real slurm.conf files
// carry but Bramble has no use for (kUnusedGlobalKeys) are warnings, so a
// Slurm cluster's file loads as it is.
#include "common/config.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <utility>

#include "common/config_parser.h"
#include "common/split.h"
#include "common/size.h"

namespace bramble {
namespace config_internal {
namespace {

// One global key and how it lands in Config.
struct GlobalKey {
  std::string_view name;
  Status (*apply)(ParseState& state, const Token& token);
};

// SlurmctldHost=name or name(addr). Slurm lists backup controllers as more
// SlurmctldHost lines; Bramble has one controller and warns about the rest.
Status SetControllerHost(ParseState& state, const Token& token) {
  if (state.controller_set) {
    state.Warn(token.key + " " + token.value +
               " (a backup controller) is not used by Bramble, ignored");
    return Status::Ok();
  }
  std::string_view value = token.value;
  std::string_view name = value.substr(0, value.find('('));
  std::string addr;
  if (name.size() < value.size()) {
    if (value.back() != ')') return state.Error("bad " + token.key + " '" + token.value + "'");
    addr = std::string(value.substr(name.size() + 1, value.size() - name.size() - 2));
  }
  if (name.empty()) return state.Error("bad " + token.key + " '" + token.value + "'");
  state.config.controller_host = std::string(name);
  if (!addr.empty()) state.config.controller_addr = addr;
  state.controller_set = true;
  return Status::Ok();
}

Status SetDefMemPerCpu(ParseState& state, const Token& token) {
  Result<int64_t> mb = ParseMegabytes(token.value);
  if (!mb) return state.Error("bad number for " + token.key + ": '" + token.value + "'");
  state.config.def_mem_per_cpu_mb = *mb;
  return Status::Ok();
}

template <std::string Config::*field>
Status SetString(ParseState& state, const Token& token) {
  state.config.*field = token.value;
  return Status::Ok();
}

template <uint32_t Config::*field>
Status SetUint(ParseState& state, const Token& token) {
  return ParseUint32(state, token, &(state.config.*field));
}

template <uint32_t Config::*field>
Status SetPort(ParseState& state, const Token& token) {
  uint64_t value = 0;
  BRAMBLE_RETURN_IF_ERROR(ParseNumber(state, token, 65535, &value));
  if (value == 0) return state.Error("bad number for " + token.key + ": '0'");
  state.config.*field = static_cast<uint32_t>(value);
  return Status::Ok();
}

// Slurm refuses MaxArraySize above 4000001 (slurm.conf(5)); 0 disables arrays.
Status SetMaxArraySize(ParseState& state, const Token& token) {
  uint64_t value = 0;
  BRAMBLE_RETURN_IF_ERROR(ParseNumber(state, token, 4000001, &value));
  state.config.max_array_size = static_cast<uint32_t>(value);
  return Status::Ok();
}

Status SetJobHostname(ParseState& state, const Token& token) {
  if (token.value != "node" && token.value != "host") {
    return state.Error("bad value for JobHostname: '" + token.value + "' (node or host)");
  }
  state.config.job_hostname_is_node = token.value == "node";
  return Status::Ok();
}

// PurgeJobAfter= as slurmdbd.conf(5) has it: a number of months, or of
// hours or days with that suffix ("12", "12month", "30days", "8760hours");
// a month counts 30 days. 0 keeps records forever.
Status SetPurgeJobAfter(ParseState& state, const Token& token) {
  std::string value = token.value;
  size_t digits = value.find_first_not_of("0123456789");
  std::string number = value.substr(0, digits);
  std::string unit = digits == std::string::npos ? "" : value.substr(digits);
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  int64_t unit_s = 0;
  if (unit.empty() || unit == "month" || unit == "months") unit_s = 30 * 86400;
  else if (unit == "day" || unit == "days") unit_s = 86400;
  else if (unit == "hour" || unit == "hours") unit_s = 3600;
  if (number.empty() || number.size() > 9 || unit_s == 0) {
    return state.Error("bad value for " + token.key + ": '" + token.value + "'");
  }
  state.config.purge_job_after_s = std::stoll(number) * unit_s;
  return Status::Ok();
}

Status SetOperators(ParseState& state, const Token& token) {
  state.config.operators = SplitCommaList(token.value);
  return Status::Ok();
}

const GlobalKey kGlobalKeys[] = {
    {"ClusterName", SetString<&Config::cluster_name>},
    {"SlurmctldHost", SetControllerHost},
    {"ControlMachine", SetControllerHost},  // before Slurm 18.08
    {"SlurmctldAddr", SetString<&Config::controller_addr>},
    {"ControlAddr", SetString<&Config::controller_addr>},  // before Slurm 18.08
    {"SlurmctldPort", SetPort<&Config::controller_port>},
    {"SlurmdPort", SetPort<&Config::slurmd_port>},
    {"StateSaveLocation", SetString<&Config::state_save_location>},
    {"SlurmdSpoolDir", SetString<&Config::slurmd_spool_dir>},
    {"KillWait", SetUint<&Config::kill_wait_s>},
    {"ReturnToService", SetUint<&Config::return_to_service>},
    {"SlurmdTimeout", SetUint<&Config::slurmd_timeout_s>},
    {"MinJobAge", SetUint<&Config::min_job_age_s>},
    {"PurgeJobAfter", SetPurgeJobAfter},
    {"MaxArraySize", SetMaxArraySize},
    {"DefMemPerCPU", SetDefMemPerCpu},
    {"MpiDefault", SetString<&Config::mpi_default>},
    {"SlurmUser", SetString<&Config::slurm_user>},
    {"AuthKeyFile", SetString<&Config::auth_key_file>},
    {"AuthSocket", SetString<&Config::auth_socket>},
    {"ControllerSocket", SetString<&Config::controller_socket>},
    {"NodeSocket", SetString<&Config::node_socket>},
    {"Operators", SetOperators},
    {"JobHostname", SetJobHostname},
};

// slurm.conf keys (slurm.conf(5), Slurm 23.x and older spellings) that
// Bramble accepts and ignores with a warning.
const std::vector<std::string_view> kUnusedGlobalKeys = {
    "AccountingStorageBackupHost", "AccountingStorageEnforce", "AccountingStorageExternalHost",
    "AccountingStorageHost", "AccountingStorageLoc", "AccountingStorageParameters",
    "AccountingStoragePass", "AccountingStoragePort", "AccountingStorageTRES",
    "AccountingStorageType", "AccountingStorageUser", "AccountingStoreFlags",
    "AccountingStoreJobComment", "AcctGatherEnergyType", "AcctGatherFilesystemType",
    "AcctGatherInfinibandType", "AcctGatherInterconnectType", "AcctGatherNodeFreq",
    "AcctGatherProfileType", "AllowSpecResourcesUsage", "AuthAltParameters", "AuthAltTypes",
    "AuthInfo", "AuthType", "BackupAddr", "BackupController", "BatchStartTimeout", "BcastExclude",
    "BcastParameters", "BurstBufferParameters", "BurstBufferType", "CacheGroups", "CheckpointType",
    "CliFilterPlugins", "CommunicationParameters", "CompleteWait", "CoreSpecPlugin", "CpuFreqDef",
    "CpuFreqGovernors", "CredType", "CryptoType", "DebugFlags", "DefaultStorageHost",
    "DefaultStorageLoc", "DefaultStoragePass", "DefaultStoragePort", "DefaultStorageType",
    "DefaultStorageUser", "DefCpuPerGPU", "DefMemPerGPU", "DefMemPerNode", "DependencyParameters",
    "DisableRootJobs", "EioTimeout", "Epilog", "EpilogMsgTime", "EpilogSlurmctld", "ExtSensorsFreq",
    "ExtSensorsType", "FairShareDampeningFactor", "FastSchedule", "FederationParameters",
    "FirstJobId", "GetEnvTimeout", "GpuFreqDef", "GroupUpdateForce", "GroupUpdateTime",
    "HashPlugin", "HealthCheckInterval", "HealthCheckNodeState", "HealthCheckProgram",
    "InactiveLimit", "InteractiveStepOptions", "JobAcctGatherFrequency", "JobAcctGatherParams",
    "JobAcctGatherType", "JobCheckpointDir", "JobCompHost", "JobCompLoc", "JobCompParams",
    "JobCompPass", "JobCompPort", "JobCompType", "JobCompUser", "JobContainerType",
    "JobCredentialPrivateKey", "JobCredentialPublicCertificate", "JobFileAppend", "JobRequeue",
    "JobSubmitPlugins", "KeepAliveTime", "KillOnBadExit", "LaunchParameters", "LaunchType",
    "Licenses", "LogTimeFormat", "MailDomain", "MailProg", "MaxDBDMsgs", "MaxJobCount", "MaxJobId",
    "MaxMemPerCPU", "MaxMemPerNode", "MaxNodeCount", "MaxStepCount", "MaxTasksPerNode",
    "MCSParameters", "MCSPlugin", "MemLimitEnforce", "MessageTimeout", "MpiParams",
    "NodeFeaturesPlugins", "OverTimeLimit", "PluginDir", "PlugStackConfig", "PowerParameters",
    "PowerPlugin", "PreemptExemptTime", "PreemptMode", "PreemptParameters", "PreemptType",
    "PrEpParameters", "PrEpPlugins", "PriorityFlags", "PriorityParameters",
    "PrioritySiteFactorParameters", "PrioritySiteFactorPlugin", "PriorityUsageResetPeriod",
    "PriorityWeightAssoc", "PriorityWeightTRES", "PrivateData", "ProctrackType", "Prolog",
    "PrologEpilogTimeout", "PrologFlags", "PrologSlurmctld", "PropagatePrioProcess",
    "PropagateResourceLimits", "PropagateResourceLimitsExcept", "RebootProgram", "ReconfigFlags",
    "RequeueExit", "RequeueExitHold", "ResumeFailProgram", "ResumeProgram", "ResumeRate",
    "ResumeTimeout", "ResvEpilog", "ResvOverRun", "ResvProlog", "RoutePlugin",
    "SallocDefaultCommand", "SbcastParameters", "SchedulerAuth", "SchedulerTimeSlice",
    "ScronParameters", "SelectType", "SelectTypeParameters", "SlurmctldDebug", "SlurmctldLogFile",
    "SlurmctldParameters", "SlurmctldPidFile", "SlurmctldPlugstack", "SlurmctldPrimaryOffProg",
    "SlurmctldPrimaryOnProg", "SlurmctldSyslogDebug", "SlurmctldTimeout", "SlurmdDebug",
    "SlurmdLogFile", "SlurmdParameters", "SlurmdPidFile", "SlurmdSyslogDebug", "SlurmdUser",
    "SlurmSchedLogFile", "SlurmSchedLogLevel", "SrunEpilog", "SrunPortRange", "SrunProlog",
    "SuspendExcNodes", "SuspendExcParts", "SuspendExcStates", "SuspendProgram", "SuspendRate",
    "SuspendTime", "SuspendTimeout", "SwitchParameters", "SwitchType", "TaskEpilog", "TaskPlugin",
    "TaskPluginParam", "TaskProlog", "TCPTimeout", "TmpFS", "TopologyParam", "TopologyPlugin",
    "TrackWCKey", "TreeWidth", "UnkillableStepProgram", "UnkillableStepTimeout", "UsePAM",
    "VSizeFactor", "WaitTime", "X11Parameters",
};

// Keys that start a line of their own kind.
const std::vector<std::string_view> kLineKeys = {"NodeName", "PartitionName", "UserLimits",
                                                 "GroupLimits"};

// Keys that start a line of their own kind which Bramble does not use; the
// whole line is ignored with one warning.
const std::vector<std::string_view> kUnusedLineKeys = {"DownNodes", "FrontendName", "NodeSet",
                                                       "SwitchName"};

Status ApplyGlobal(ParseState& state, const Token& token) {
  for (const GlobalKey& key : kGlobalKeys) {
    if (KeyIs(token.lower_key, key.name)) return key.apply(state, token);
  }
  if (std::optional<Status> status = ApplySchedulingKey(state, token)) return *status;
  if (KeyIn(token.lower_key, kLineKeys)) {
    return state.Error(token.key + "= must start its line");
  }
  state.WarnIgnored(token, KeyIn(token.lower_key, kUnusedGlobalKeys));
  return Status::Ok();
}

// Cuts a '#' comment that is outside double quotes.
std::string_view StripComment(std::string_view line) {
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    if (line[i] == '#' && !quoted) return line.substr(0, i);
  }
  return line;
}

std::string_view TrimRight(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

std::vector<std::pair<int, std::string>> LogicalLines(std::string_view text) {
  std::vector<std::pair<int, std::string>> lines;
  std::string pending;
  int first = 0;
  int number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = TrimRight(StripComment(TrimRight(text.substr(start, end - start))));
    start = end + 1;
    ++number;
    if (pending.empty()) first = number;
    bool continued = !line.empty() && line.back() == '\\';
    if (continued) line.remove_suffix(1);
    pending += line;
    pending += ' ';
    if (!continued) lines.emplace_back(first, std::exchange(pending, std::string()));
  }
  if (!pending.empty()) lines.emplace_back(first, pending);
  return lines;
}

Result<std::vector<Token>> Tokenize(const ParseState& state, std::string_view line) {
  std::vector<Token> tokens;
  bool quoted = false;
  std::string text;
  size_t equals = std::string::npos;
  for (size_t i = 0; i <= line.size(); ++i) {
    char c = i < line.size() ? line[i] : ' ';
    if (c == '"') {
      quoted = !quoted;
    } else if (quoted || (c != ' ' && c != '\t' && c != '\r')) {
      if (c == '=' && !quoted && equals == std::string::npos) equals = text.size();
      text.push_back(c);
    } else if (!text.empty()) {
      if (equals == std::string::npos) return state.Error("expected Key=Value, got '" + text + "'");
      if (equals == 0) return state.Error("empty key in '" + text + "'");
      std::string key = text.substr(0, equals);
      tokens.push_back({key, Lowercase(key), text.substr(equals + 1)});
      text.clear();
      equals = std::string::npos;
    }
  }
  if (quoted) return state.Error("unbalanced quotes");
  return tokens;
}

namespace {

Status ParseTokens(ParseState& state, const std::vector<Token>& tokens) {
  if (tokens.empty()) return Status::Ok();
  const Token& first = tokens.front();
  if (first.lower_key == "nodename") return ParseNodeLine(state, tokens);
  if (first.lower_key == "partitionname") return ParsePartitionLine(state, tokens);
  if (first.lower_key == "userlimits" || first.lower_key == "grouplimits") {
    return ParseLimitLine(state, tokens);
  }
  if (KeyIn(first.lower_key, kUnusedLineKeys)) {
    state.WarnIgnored(first, true);
    return Status::Ok();
  }
  for (const Token& token : tokens) BRAMBLE_RETURN_IF_ERROR(ApplyGlobal(state, token));
  return Status::Ok();
}

}  // namespace
}  // namespace config_internal

namespace {

// The whole file at `path`; IoError "cannot read <path>: <why>".
Result<std::string> ReadTextFile(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "r");
  if (file == nullptr) return IoError("cannot read " + path + ": " + std::strerror(errno));
  std::string text;
  char buffer[8192];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0) text.append(buffer, n);
  int error = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (error != 0) return IoError("cannot read " + path + ": " + std::strerror(error));
  return text;
}

}  // namespace

const NodeConfig* Config::FindNode(std::string_view name) const {
  for (const NodeConfig& node : nodes) {
    if (node.name == name) return &node;
  }
  return nullptr;
}

const LimitConfig* Config::FindLimits(std::string_view kind, std::string_view name) const {
  return bramble::FindLimits(limits, kind, name);
}

const PartitionConfig* Config::DefaultPartition() const {
  for (const PartitionConfig& partition : partitions) {
    if (partition.is_default) return &partition;
  }
  return partitions.empty() ? nullptr : &partitions.front();
}

Result<Config> ParseConfig(std::string_view text, std::string_view origin) {
  using namespace config_internal;
  ParseState state;
  state.origin = std::string(origin);
  for (const auto& [number, line] : LogicalLines(text)) {
    state.line = number;
    Result<std::vector<Token>> tokens = Tokenize(state, line);
    if (!tokens) return tokens.error();
    BRAMBLE_RETURN_IF_ERROR(ParseTokens(state, *tokens));
  }
  BRAMBLE_RETURN_IF_ERROR(ResolvePartitions(state));
  BRAMBLE_RETURN_IF_ERROR(ResolveLimits(state));
  CheckGresTypes(state);
  return std::move(state.config);
}

Result<Config> LoadConfig(const std::string& path) {
  Result<std::string> text = ReadTextFile(path);
  if (!text) return text.error();
  Result<Config> config = ParseConfig(*text, path);
  if (!config) return config;
  config->path = path;
  std::error_code error;
  std::string cgroup_path = (std::filesystem::path(path).parent_path() / "cgroup.conf").string();
  if (std::filesystem::exists(cgroup_path, error)) {
    Result<std::string> cgroup_text = ReadTextFile(cgroup_path);
    if (!cgroup_text) return cgroup_text.error();
    Result<CgroupConfig> cgroup = ParseCgroupConfig(*cgroup_text, cgroup_path);
    if (!cgroup) return cgroup.error();
    config->warnings.insert(config->warnings.end(), cgroup->warnings.begin(), cgroup->warnings.end());
    cgroup->warnings.clear();
    config->cgroup = std::move(*cgroup);
    config->cgroup_conf_path = cgroup_path;
  }
  std::string gres_path =
      (std::filesystem::path(path).parent_path() / "gres.conf").string();
  if (!std::filesystem::exists(gres_path, error)) return config;
  Result<std::string> gres_text = ReadTextFile(gres_path);
  if (!gres_text) return gres_text.error();
  Result<GresConf> gres = ParseGresConfig(*gres_text, gres_path);
  if (!gres) return gres.error();
  config->warnings.insert(config->warnings.end(), gres->warnings.begin(), gres->warnings.end());
  BRAMBLE_RETURN_IF_ERROR(ApplyGresConf(*gres, gres_path, config->nodes, config->warnings));
  config->gres_conf_path = gres_path;
  return config;
}

}  // namespace bramble
