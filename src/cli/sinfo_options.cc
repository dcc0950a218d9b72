// sinfo's command line; see sinfo_options.h. The option table follows
// sinfo's own (src/sinfo/opts.c).
#include "cli/sinfo_options.h"

#include <strings.h>

#include <algorithm>

#include "cli/format_engine.h"
#include "cli/getopt_runner.h"
#include "common/split.h"
#include "common/hostlist.h"

namespace bramble::cli {
namespace {

enum LongOnly : int {
  kHelp = 0x100,
  kUsage,
  kHide,
  kLocal,
  kFederation,
  kNoConvert,
};

constexpr OptionSpec kOptions[] = {
    {"all", no_argument, 'a'},
    {"cluster", required_argument, 'M'},
    {"clusters", required_argument, 'M'},
    {"dead", no_argument, 'd'},
    {"exact", no_argument, 'e'},
    {"federation", no_argument, kFederation},
    {"Format", required_argument, 'O'},
    {"format", required_argument, 'o'},
    {"future", no_argument, 'F'},
    {"help", no_argument, kHelp},
    {"hide", no_argument, kHide},
    {"iterate", required_argument, 'i'},
    {"list-reasons", no_argument, 'R'},
    {"local", no_argument, kLocal},
    {"long", no_argument, 'l'},
    {"noconvert", no_argument, kNoConvert},
    {"Node", no_argument, 'N'},
    {"nodes", required_argument, 'n'},
    {"noheader", no_argument, 'h'},
    {"partition", required_argument, 'p'},
    {"responding", no_argument, 'r'},
    {"sort", required_argument, 'S'},
    {"states", required_argument, 't'},
    {"summarize", no_argument, 's'},
    {"usage", no_argument, kUsage},
    {"verbose", no_argument, 'v'},
    {"version", no_argument, 'V'},
};

// sinfo -t names (sinfo(1)); those Bramble nodes never enter match nothing.
constexpr const char* kStateNames[] = {
    "ALLOC",     "ALLOCATED",   "CLOUD",      "COMP",         "COMPLETING",    "DOWN",
    "DRAIN",     "DRAINED",     "DRAINING",   "DRNG",         "FAIL",          "FAILING",
    "FUTURE",    "FUTR",        "IDLE",       "INVAL",        "MAINT",         "MIX",
    "MIXED",     "NO_RESPOND",  "NPC",        "PERFCTRS",     "PLANNED",       "POWER_DOWN",
    "POWERING_DOWN", "POWERED_DOWN", "POWERING_UP", "REBOOT_ISSUED", "REBOOT_REQUESTED",
    "RESV",      "RESERVED",    "UNK",        "UNKNOWN",
};

bool Is(const std::string& a, const char* b) { return strcasecmp(a.c_str(), b) == 0; }

bool Busy(const proto::NodeInfo& node) { return node.state() == "ALLOCATED" || node.state() == "MIXED"; }

Status ParseStates(const std::string& list, SinfoOptions& opts) {
  opts.states.clear();
  for (const std::string& item : SplitCommaList(list)) {
    std::vector<std::string> all;
    size_t start = 0;
    while (start <= item.size()) {
      size_t amp = std::min(item.find('&', start), item.size());
      if (amp > start) all.push_back(item.substr(start, amp - start));
      start = amp + 1;
    }
    for (const std::string& state : all) {
      if (!IsNodeStateName(state)) {
        return InvalidArgument("sinfo: error: Invalid node state specified: " + state);
      }
    }
    if (!all.empty()) opts.states.push_back(all);
  }
  return Status::Ok();
}

bool IsIgnoredOption(int id) {
  return id == 'a' || id == 'M' || id == 'S' || id == 'F' || id == kHide || id == kLocal ||
         id == kFederation || id == kNoConvert;
}

Status ApplyOption(const ParsedOption& option, SinfoOptions& opts, bool& summarize,
                   std::optional<std::string>& format) {
  const std::string arg = option.value.value_or("");
  switch (option.id) {
    case kHelp: opts.help = true; break;
    case kUsage: opts.usage = true; break;
    case 'V': opts.version = true; break;
    case 'd': opts.dead_only = true; break;
    case 'e': opts.view.exact = true; break;
    case 'h': opts.view.header = false; break;
    case 'l': opts.long_format = true; break;
    case 'N': opts.view.node_oriented = true; break;
    case 'r': opts.responding_only = true; break;
    case 'R': opts.list_reasons = true; break;
    case 's': summarize = true; break;
    case 'v': ++opts.verbose; break;
    case 'o': format = arg; break;
    case 'p': opts.partitions = SplitCommaList(arg); break;
    case 't': return ParseStates(arg, opts);
    case 'O':
      return InvalidArgument("sinfo: error: -O/--Format is not supported yet; use -o/--format");
    case 'i':
      return InvalidArgument("sinfo: error: -i/--iterate is not supported yet");
    case 'n': {
      Result<std::vector<std::string>> nodes = ExpandHostlist(arg);
      if (!nodes) return InvalidArgument("sinfo: error: Invalid node name specified: " + arg);
      opts.nodes = *nodes;
      break;
    }
    default:
      if (!IsIgnoredOption(option.id)) return Internal("unhandled sinfo option");
  }
  return Status::Ok();
}

std::string DefaultFormat(const SinfoOptions& opts, bool summarize) {
  if (summarize) return kSinfoSummarizeFormat;
  if (opts.list_reasons) return opts.long_format ? kSinfoReasonsLongFormat : kSinfoReasonsFormat;
  if (opts.view.node_oriented) return opts.long_format ? kSinfoNodeLongFormat : kSinfoNodeFormat;
  return opts.long_format ? kSinfoLongFormat : kSinfoDefaultFormat;
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool KeepNode(const proto::NodeInfo& node, const SinfoOptions& options) {
  if (!options.nodes.empty() && !Contains(options.nodes, node.name())) return false;
  if (options.responding_only && node.not_responding()) return false;
  if (options.dead_only && !node.not_responding()) return false;
  if (options.list_reasons && !node.drain() && node.state() != "DOWN") return false;
  if (!options.states.empty()) {
    bool any = std::any_of(options.states.begin(), options.states.end(), [&node](const auto& all) {
      return std::all_of(all.begin(), all.end(), [&node](const std::string& s) { return NodeInState(node, s); });
    });
    if (!any) return false;
  }
  return true;
}

}  // namespace

bool IsNodeStateName(const std::string& state) {
  return std::any_of(std::begin(kStateNames), std::end(kStateNames),
                     [&state](const char* name) { return Is(state, name); });
}

bool NodeInState(const proto::NodeInfo& node, const std::string& state) {
  const std::string& base = node.state();
  if (Is(state, "ALLOC") || Is(state, "ALLOCATED")) return base == "ALLOCATED";
  if (Is(state, "MIX") || Is(state, "MIXED")) return base == "MIXED";
  if (Is(state, "IDLE")) return base == "IDLE";
  if (Is(state, "DOWN")) return base == "DOWN";
  if (Is(state, "UNK") || Is(state, "UNKNOWN")) return base == "UNKNOWN";
  if (Is(state, "FUTURE") || Is(state, "FUTR")) return base == "FUTURE";
  if (Is(state, "DRAIN")) return node.drain();
  if (Is(state, "DRAINED")) return node.drain() && !Busy(node);
  if (Is(state, "DRAINING") || Is(state, "DRNG")) return node.drain() && Busy(node);
  if (Is(state, "NO_RESPOND")) return node.not_responding();
  return false;
}

Result<SinfoOptions> ParseSinfoOptions(const std::vector<std::string>& args, const EnvLookup& env) {
  std::vector<std::string> words(args.begin() + (args.empty() ? 0 : 1), args.end());  // without argv[0]
  Result<GetoptOutput> line = RunGetopt("sinfo", kOptions, words, ArgOrder::kPermute);
  if (!line) return line.error();
  SinfoOptions opts;
  bool summarize = false;
  std::optional<std::string> format;
  for (const ParsedOption& option : line->options) {
    Status status = ApplyOption(option, opts, summarize, format);
    if (!status.ok()) return status;
  }
  if (opts.help || opts.usage || opts.version) return opts;
  if (!line->operands.empty()) {
    return InvalidArgument("sinfo: error: Unrecognized option: " + line->operands.front() + "\n" +
                           SinfoUsage());
  }
  if (!format) format = env("SINFO_FORMAT");
  if (opts.partitions.empty()) {
    if (std::optional<std::string> value = env("SINFO_PARTITION")) opts.partitions = SplitCommaList(*value);
  }
  opts.view.format = format ? *format : DefaultFormat(opts, summarize);
  for (char type : UnknownFieldTypes(ParseFormat(opts.view.format), kSinfoFieldTypes)) {
    opts.warnings.push_back(std::string("sinfo: error: Invalid node format specification: ") + type);
  }
  return opts;
}

proto::NodesReply FilterCluster(const proto::NodesReply& cluster, const SinfoOptions& options) {
  proto::NodesReply out;
  out.set_now(cluster.now());
  std::vector<std::string> kept;  // node names that pass the node filters
  for (const proto::NodeInfo& node : cluster.nodes()) {
    if (!KeepNode(node, options)) continue;
    if (!options.partitions.empty() &&
        std::none_of(options.partitions.begin(), options.partitions.end(), [&](const std::string& p) {
          for (const proto::PartitionInfo& part : cluster.partitions()) {
            if (part.name() == p && Contains({part.nodes().begin(), part.nodes().end()}, node.name())) {
              return true;
            }
          }
          return false;
        })) {
      continue;
    }
    *out.add_nodes() = node;
    kept.push_back(node.name());
  }
  bool node_filter = !options.nodes.empty() || !options.states.empty() || options.responding_only ||
                     options.dead_only || options.list_reasons;
  for (const proto::PartitionInfo& partition : cluster.partitions()) {
    if (!options.partitions.empty() && !Contains(options.partitions, partition.name())) continue;
    proto::PartitionInfo reduced = partition;
    reduced.clear_nodes();
    for (const std::string& name : partition.nodes()) {
      if (Contains(kept, name)) reduced.add_nodes(name);
    }
    bool was_empty = partition.nodes().empty();
    if (reduced.nodes().empty() && !(was_empty && !node_filter)) continue;
    *out.add_partitions() = reduced;
  }
  return out;
}

std::string SinfoUsage() {
  return "Usage: sinfo [-delNRrsv] [-n nodes] [-o format] [-p partition] [-t states] [--usage]";
}

std::string SinfoHelp() {
  return "Usage: sinfo [OPTIONS]\n"
         "  -a, --all                  accepted; every partition is shown\n"
         "  -d, --dead                 show only non-responding nodes\n"
         "  -e, --exact                group nodes only on exact match of configuration\n"
         "  -h, --noheader             no headers on output\n"
         "  -l, --long                 long output - displays more information\n"
         "  -M, --clusters=names       accepted and ignored (one cluster)\n"
         "  -n, --nodes=NODES          report on specific node(s)\n"
         "  -N, --Node                 node-centric format\n"
         "  -o, --format=format        format specification\n"
         "  -p, --partition=PARTITION  report on specific partition(s)\n"
         "  -r, --responding           report only responding nodes\n"
         "  -R, --list-reasons         list reason nodes are down or drained\n"
         "  -s, --summarize            report state summary only\n"
         "  -S, --sort=fields          accepted and ignored\n"
         "  -t, --states=node_state    specify the what states of nodes to view\n"
         "  -v, --verbose              verbosity level\n"
         "\nHelp options:\n"
         "  --help                     show this help message\n"
         "  --usage                    display brief usage message";
}

}  // namespace bramble::cli
