// NodeName= and PartitionName= lines of slurm.conf; see config_parser.h.
//
// A NodeName line names a hostlist; each name becomes one NodeConfig built
// from the NodeName=DEFAULT values and the line's own keys. NodeAddr,
// NodeHostname and Port take one value for every name or a hostlist with one
// entry per name (Slurm's several-slurmd form: NodeName=n[1-4]
// NodeHostname=localhost Port=[17001-17004]). Without CPUs=, CPUs is the
// product of the topology keys (Boards, Sockets or SocketsPerBoard,
// CoresPerSocket, ThreadsPerCore), as in Slurm. Partition node names are
// checked after the last line, so a partition may name nodes defined below it.
//
// Gres= is a list of name[:type][:count] (gres_config.h); gres.conf's device
// files are attached later, by LoadConfig. Partition MaxNodes=UNLIMITED (or
// INFINITE) is stored as -1, like MaxTime's INFINITE; MaxNodes=0 stays 0, a
// partition that takes no jobs, as in Slurm. AllowGroups=ALL (Slurm's
// default), or a list containing ALL, is stored as an empty list. The
// deprecated Priority= sets both PriorityJobFactor and PriorityTier, as Slurm
// does; a later key on the line overrides it.
//
// One deliberate difference from Slurm: only PartitionName=DEFAULT in capitals
// sets partition defaults. Slurm compares case-insensitively, so the users'
// "PartitionName=default ... Default=YES" would define no partition at all;
// Bramble reads it as a partition named "default", which is what they meant.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>

#include "common/config_parser.h"
#include "common/split.h"
#include "common/duration.h"
#include "common/hostlist.h"

namespace bramble::config_internal {
namespace {

// Node keys of slurm.conf(5) that Bramble ignores with a warning.
const std::vector<std::string_view> kUnusedNodeKeys = {
    "BcastAddr", "Comment", "CoreSpecCount", "CpuBind", "CPUSpecList", "Extra", "MemSpecLimit",
    "Parameters", "Reason", "RestrictedCoresPerGPU", "ResumeTimeout", "SuspendTime",
    "SuspendTimeout", "TmpDisk", "Topology", "TRESWeights",
};

// Partition keys of slurm.conf(5) that Bramble ignores with a warning.
const std::vector<std::string_view> kUnusedPartitionKeys = {
    "AllocNodes", "AllowAccounts", "AllowQos", "Alternate", "CpuBind", "DefCpuPerGPU",
    "DefMemPerCPU", "DefMemPerGPU", "DefMemPerNode", "DenyAccounts", "DenyQos", "DisableRootJobs",
    "ExclusiveTopo", "ExclusiveUser", "GraceTime", "Hidden", "LLN", "MaxCPUsPerNode",
    "MaxCPUsPerSocket", "MaxMemPerCPU", "MaxMemPerNode", "MinNodes", "OverSubscribe",
    "OverTimeLimit", "PowerDownOnIdle", "PreemptMode", "QOS", "ReqResv", "ResumeTimeout",
    "RootOnly", "SelectTypeParameters", "Shared", "SuspendTime", "SuspendTimeout",
    "TRESBillingWeights",
};

const std::vector<std::string_view> kNodeStates = {"UNKNOWN", "IDLE", "DOWN", "DRAIN", "FUTURE"};
const std::vector<std::string_view> kPartitionStates = {"UP", "DOWN", "DRAIN", "INACTIVE"};

// Topology values above this are typos (no board has 65535 sockets, cores per
// socket or threads per core); the cap also keeps their product in uint64_t.
constexpr uint64_t kMaxTopology = 65535;

std::string Uppercase(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return upper;
}

// Sets `out` to the upper-cased value if it is one of `allowed`.
Status ParseChoice(const ParseState& state, const Token& token,
                   const std::vector<std::string_view>& allowed, std::string* out) {
  std::string upper = Uppercase(token.value);
  if (!KeyIn(Lowercase(upper), allowed)) {
    std::string list;
    for (std::string_view name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
    return state.Error("bad " + token.key + " '" + token.value + "' (expected one of " + list +
                       ")");
  }
  *out = upper;
  return Status::Ok();
}

Status ParseTopology(const ParseState& state, const Token& token, uint32_t* out) {
  uint64_t value = 0;
  BRAMBLE_RETURN_IF_ERROR(ParseNumber(state, token, kMaxTopology, &value));
  if (value == 0) return state.Error("bad number for " + token.key + ": '0'");
  *out = static_cast<uint32_t>(value);
  return Status::Ok();
}

// Applies one node key; nullopt when `token` is not a key Bramble uses.
std::optional<Status> ApplyNodeKey(const ParseState& state, const Token& token, NodeLine& line) {
  const std::string& key = token.lower_key;
  uint64_t number = 0;
  if (key == "cpus" || key == "procs") {  // Procs: before Slurm 2.x
    BRAMBLE_RETURN_IF_ERROR(ParseNumber(state, token, UINT32_MAX, &number));
    if (number == 0) return state.Error("bad number for " + token.key + ": '0'");
    line.node.cpus = static_cast<uint32_t>(number);
    line.cpus_set = true;
  } else if (key == "realmemory") {
    BRAMBLE_RETURN_IF_ERROR(ParseNumber(state, token, INT64_MAX, &number));
    line.node.real_memory_mb = static_cast<int64_t>(number);
  } else if (key == "boards") {
    return ParseTopology(state, token, &line.boards);
  } else if (key == "sockets") {
    return ParseTopology(state, token, &line.sockets);
  } else if (key == "socketsperboard") {
    return ParseTopology(state, token, &line.sockets_per_board);
  } else if (key == "corespersocket") {
    return ParseTopology(state, token, &line.cores_per_socket);
  } else if (key == "threadspercore") {
    return ParseTopology(state, token, &line.threads_per_core);
  } else if (key == "port") {
    line.port_text = token.value;
  } else if (key == "nodeaddr") {
    line.addr_text = token.value;
  } else if (key == "nodehostname") {
    line.hostname_text = token.value;
  } else if (key == "feature" || key == "features") {
    line.node.features = SplitCommaList(token.value);
  } else if (key == "state") {
    return ParseChoice(state, token, kNodeStates, &line.node.state);
  } else if (key == "weight") {
    return ParseUint32(state, token, &line.node.weight);
  } else if (key == "gres") {
    Result<std::vector<GresConfig>> gres = ParseGresSpec(token.value);
    if (!gres) return state.Error("bad " + token.key + ": " + gres.error().message());
    line.node.gres = std::move(*gres);
  } else {
    return std::nullopt;
  }
  return Status::Ok();
}

// Expands a per-name value: "" gives {}, one value serves every name, a
// hostlist must give exactly one entry per name.
Result<std::vector<std::string>> PerName(const ParseState& state, std::string_view key,
                                         const std::string& text, size_t count) {
  if (text.empty()) return std::vector<std::string>();
  Result<std::vector<std::string>> values = ExpandHostlist(text);
  if (!values) return state.Error("bad " + std::string(key) + ": " + values.error().message());
  if (values->size() == 1) return std::vector<std::string>(count, values->front());
  if (values->size() != count) {
    return state.Error(std::string(key) + " gives " + std::to_string(values->size()) +
                       " values for " + std::to_string(count) + " node names");
  }
  return values;
}

// Slurm's CPUs default: boards x sockets per board (or Sockets) x cores x threads.
Status DeriveCpus(const ParseState& state, NodeLine& line) {
  if (line.cpus_set) return Status::Ok();
  uint64_t sockets =
      line.sockets != 0 ? line.sockets : uint64_t{line.boards} * line.sockets_per_board;
  uint64_t cpus = sockets * line.cores_per_socket * line.threads_per_core;  // < 2^64: each <= 2^16
  if (cpus > UINT32_MAX) return state.Error("node topology gives more than 2^32 CPUs");
  line.node.cpus = static_cast<uint32_t>(cpus);
  return Status::Ok();
}

// Builds one NodeConfig per name and adds them; nothing is added on error.
Status AddNodes(ParseState& state, NodeLine& line, const std::vector<std::string>& names) {
  BRAMBLE_RETURN_IF_ERROR(DeriveCpus(state, line));
  Result<std::vector<std::string>> addrs = PerName(state, "NodeAddr", line.addr_text, names.size());
  if (!addrs) return addrs.error();
  Result<std::vector<std::string>> hosts =
      PerName(state, "NodeHostname", line.hostname_text, names.size());
  if (!hosts) return hosts.error();
  Result<std::vector<std::string>> ports = PerName(state, "Port", line.port_text, names.size());
  if (!ports) return ports.error();
  std::vector<NodeConfig> nodes;
  std::set<std::string_view> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    if (state.node_index.count(names[i]) != 0 || !seen.insert(names[i]).second) {
      return state.Error("duplicate node name " + names[i]);
    }
    NodeConfig node = line.node;
    node.name = names[i];
    if (!addrs->empty()) node.addr = (*addrs)[i];
    if (!hosts->empty()) node.hostname = (*hosts)[i];
    if (!ports->empty()) {
      uint64_t port = 0;
      BRAMBLE_RETURN_IF_ERROR(ParseNumber(state, {"Port", "port", (*ports)[i]}, 65535, &port));
      if (port == 0) return state.Error("bad number for Port: '0'");
      node.port = static_cast<uint32_t>(port);
    }
    nodes.push_back(std::move(node));
  }
  for (NodeConfig& node : nodes) {
    state.node_index.emplace(node.name, state.config.nodes.size());
    state.config.nodes.push_back(std::move(node));
  }
  return Status::Ok();
}

// Applies one partition key; nullopt when `token` is not a key Bramble uses.
std::optional<Status> ApplyPartitionKey(const ParseState& state, const Token& token,
                                        PartitionConfig& partition, PartitionInfo& info) {
  const std::string& key = token.lower_key;
  if (key == "nodes") {
    partition.nodes.clear();
    info.all_nodes = Lowercase(token.value) == "all";
    if (info.all_nodes || token.value.empty()) return Status::Ok();
    Result<std::vector<std::string>> nodes = ExpandHostlist(token.value);
    if (!nodes) return state.Error("bad " + token.key + ": " + nodes.error().message());
    partition.nodes = std::move(*nodes);
  } else if (key == "default") {
    return ParseYesNo(state, token, &partition.is_default);
  } else if (key == "prioritytier" || key == "priorityjobfactor" || key == "priority") {
    uint64_t value = 0;
    BRAMBLE_RETURN_IF_ERROR(ParseNumber(state, token, UINT16_MAX, &value));
    if (key != "priorityjobfactor") partition.priority_tier = static_cast<uint16_t>(value);
    if (key != "prioritytier") partition.priority_job_factor = static_cast<uint16_t>(value);
  } else if (key == "maxnodes") {
    std::string value = Lowercase(token.value);
    if (value == "unlimited" || value == "infinite") {
      partition.max_nodes = -1;
      return Status::Ok();
    }
    uint64_t number = 0;
    BRAMBLE_RETURN_IF_ERROR(ParseNumber(state, token, UINT32_MAX, &number));
    partition.max_nodes = static_cast<int64_t>(number);
  } else if (key == "allowgroups") {
    std::vector<std::string> groups = SplitCommaList(token.value);
    bool all = std::any_of(groups.begin(), groups.end(),
                           [](const std::string& group) { return Lowercase(group) == "all"; });
    partition.allow_groups = all ? std::vector<std::string>() : std::move(groups);
  } else if (key == "maxtime" || key == "defaulttime") {
    Result<int64_t> seconds = ParseTimeLimit(token.value);
    if (!seconds) return state.Error("bad time for " + token.key + ": '" + token.value + "'");
    (key == "maxtime" ? partition.max_time_s : partition.default_time_s) = *seconds;
  } else if (key == "state") {
    return ParseChoice(state, token, kPartitionStates, &partition.state);
  } else {
    return std::nullopt;
  }
  return Status::Ok();
}

// Applies tokens[1..] with `apply`; keys it does not know become warnings.
template <typename Apply>
Status ApplyKeys(ParseState& state, const std::vector<Token>& tokens,
                 const std::vector<std::string_view>& unused, Apply apply) {
  for (size_t i = 1; i < tokens.size(); ++i) {
    std::optional<Status> status = apply(tokens[i]);
    if (!status) {
      state.WarnIgnored(tokens[i], KeyIn(tokens[i].lower_key, unused));
    } else if (!status->ok()) {
      return *status;
    }
  }
  return Status::Ok();
}

}  // namespace

Status ParseNodeLine(ParseState& state, const std::vector<Token>& tokens) {
  NodeLine line = state.node_defaults;
  BRAMBLE_RETURN_IF_ERROR(ApplyKeys(state, tokens, kUnusedNodeKeys, [&](const Token& token) {
    return ApplyNodeKey(state, token, line);
  }));
  const Token& name = tokens.front();
  if (Lowercase(name.value) == "default") {
    state.node_defaults = line;
    return Status::Ok();
  }
  if (Lowercase(name.value) == "all") return state.Error("ALL is reserved, not a node name");
  Result<std::vector<std::string>> names = ExpandHostlist(name.value);
  if (!names) return state.Error("bad " + name.key + ": " + names.error().message());
  BRAMBLE_RETURN_IF_ERROR(AddNodes(state, line, *names));
  for (const GresConfig& gres : line.node.gres) {
    state.gres_name_lines.emplace(gres.name, state.line);  // the first line wins
  }
  return Status::Ok();
}

Status ParsePartitionLine(ParseState& state, const std::vector<Token>& tokens) {
  PartitionConfig partition = state.partition_defaults;
  PartitionInfo info = state.partition_info_defaults;
  BRAMBLE_RETURN_IF_ERROR(ApplyKeys(state, tokens, kUnusedPartitionKeys, [&](const Token& token) {
    return ApplyPartitionKey(state, token, partition, info);
  }));
  const Token& name = tokens.front();
  if (name.value == "DEFAULT") {  // exact case: see the file comment
    state.partition_defaults = partition;
    state.partition_info_defaults = info;
    return Status::Ok();
  }
  if (name.value.empty()) return state.Error("empty " + name.key);
  for (const PartitionConfig& other : state.config.partitions) {
    if (other.name == name.value) return state.Error("duplicate partition name " + name.value);
  }
  partition.name = name.value;
  info.line = state.line;
  state.config.partitions.push_back(std::move(partition));
  state.partition_info.push_back(info);
  return Status::Ok();
}

Status ResolvePartitions(ParseState& state) {
  for (size_t i = 0; i < state.config.partitions.size(); ++i) {
    PartitionConfig& partition = state.config.partitions[i];
    state.line = state.partition_info[i].line;
    if (state.partition_info[i].all_nodes) {
      partition.nodes.clear();
      for (const NodeConfig& node : state.config.nodes) partition.nodes.push_back(node.name);
      continue;
    }
    std::vector<std::string> unique;
    std::set<std::string_view> seen;
    for (const std::string& node : partition.nodes) {
      if (state.node_index.count(node) == 0) {
        return state.Error("partition " + partition.name + " lists node " + node +
                           ", which no NodeName line defines");
      }
      if (seen.insert(node).second) unique.push_back(node);
    }
    partition.nodes = std::move(unique);  // Slurm keeps one entry per node
  }
  return Status::Ok();
}

}  // namespace bramble::config_internal
