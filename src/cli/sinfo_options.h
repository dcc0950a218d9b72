// sinfo's command line (sinfo(1)) and the node/partition filter it implies.
//
// The format is chosen as sinfo does: -o (or $SINFO_FORMAT) wins, else -s,
// -R, -N and -l pick one of the formats in sinfo_format.h. Filters (-p, -n,
// -t, -r, -d, -R) narrow the NodesReply before it is printed.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "cli/sinfo_format.h"
#include "cli/squeue_options.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

struct SinfoOptions {
  bool help = false;
  bool usage = false;
  bool version = false;       // -V, --version
  bool long_format = false;   // -l: also print the date line first
  bool list_reasons = false;  // -R
  bool responding_only = false;  // -r
  bool dead_only = false;        // -d
  std::vector<std::string> partitions;  // -p
  std::vector<std::string> nodes;       // -n, expanded
  // -t: each item is a set of states that must all hold ("idle&drain").
  std::vector<std::vector<std::string>> states;
  SinfoView view;  // format, header, -N, -e
  int verbose = 0;
  std::vector<std::string> warnings;  // "sinfo: error: Invalid node format specification: y"
};

// Parses argv (args[0] is the program name). A usage error comes back as
// kInvalidArgument whose message is the complete text for stderr.
Result<SinfoOptions> ParseSinfoOptions(const std::vector<std::string>& args, const EnvLookup& env);

// Whether `node` is in the state named by a -t item (case-insensitive:
// idle, alloc/allocated, mix/mixed, down, drain, drained, draining/drng,
// unk/unknown, future/futr, no_respond, ...). Unknown names never match.
bool NodeInState(const proto::NodeInfo& node, const std::string& state);
// Whether `state` is a node state name sinfo -t accepts.
bool IsNodeStateName(const std::string& state);

// The cluster as the options narrow it: nodes that pass -n/-t/-r/-d/-R and
// belong to a -p partition; partitions named by -p, their node lists
// reduced to the kept nodes (a partition left without nodes is dropped
// unless it had none to begin with and no node filter is active).
proto::NodesReply FilterCluster(const proto::NodesReply& cluster, const SinfoOptions& options);

std::string SinfoUsage();
std::string SinfoHelp();

}  // namespace bramble::cli
