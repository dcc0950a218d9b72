// Generic resources (GRES): a node's Gres= in slurm.conf and gres.conf.
//
// slurm.conf says how many of each GRES a node has (NodeName=gpu1
// Gres=gpu:a100:2); gres.conf, read from the same directory as slurm.conf,
// says which device files they are:
//
//   NodeName=gpu[1-2] Name=gpu Type=a100 File=/dev/nvidia[0-1]
//   Name=gpu File=/dev/nvidia0            # no NodeName: every node
//
// File= is a hostlist-style expression, one device per name; Count= may be
// given instead (or as well, when it equals the number of files). Counts take
// Slurm's K/M/G/T/P suffixes (x1024 each). AutoDetect= is accepted and
// ignored with a warning: Bramble does not probe NVML or other libraries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bramble {

struct NodeConfig;

// One GRES of a node: Gres=gpu:a100:2 gives {"gpu", "a100", 2, files}.
struct GresConfig {
  std::string name;  // "gpu"
  std::string type;  // "a100"; "" when none was given
  uint64_t count = 1;
  std::vector<std::string> files;  // from gres.conf, in its order; may be empty

  bool operator==(const GresConfig&) const = default;
};

// Parses a Gres= value: comma items of name[:type][:count] ("gpu",
// "gpu:2", "gpu:a100:2", "gpu:a100:1,gpu:v100:1"). A missing count is 1.
// Fails (InvalidArgument, the item named) on empty names, a bad count, more
// than three fields, or the same name and type twice.
Result<std::vector<GresConfig>> ParseGresSpec(std::string_view text);

// Parses a GRES count: digits with an optional K/M/G/T/P suffix (x1024 each).
// Fails on anything else or on overflow.
Result<uint64_t> ParseGresCount(std::string_view text);

// One line of gres.conf.
struct GresConfLine {
  int line = 0;                    // for messages
  std::vector<std::string> nodes;  // expanded NodeName=; empty = every node
  std::string name;                // Name=, required
  std::string type;                // Type=; "" = any
  uint64_t count = 0;              // Count=, else the number of files, else 1
  std::vector<std::string> files;  // File= expanded
};

struct GresConf {
  std::vector<GresConfLine> lines;
  std::vector<std::string> warnings;  // "gres.conf:3: AutoDetect is not used by Bramble, ignored"
};

// Parses gres.conf text; `origin` names the source in messages
// ("gres.conf:3: ..."). Unknown keys are warnings; a line without Name=, a
// bad NodeName=, File= or Count=, or a Count= that differs from the number
// of files is an error naming the line.
Result<GresConf> ParseGresConfig(std::string_view text, std::string_view origin);

// Gives each node's Gres= entries the device files gres.conf lists for them,
// in gres.conf's order. A gres.conf line matches the entry with its name and
// type, else the one entry of its name when either of them has no type
// (Gres=gpu:2 with Type=a100 lines, or Gres=gpu:a100:2 with untyped lines).
// When gres.conf has lines
// for an entry, their counts must add up to the entry's count; otherwise the
// error names the node, the gres.conf line, and both counts. A line naming a
// node explicitly must find an entry there; a line without NodeName= skips
// nodes that have no matching GRES (the Raspberry Pis beside a GPU box).
// Lines naming nodes slurm.conf does not define add warnings to `warnings`.
// `nodes` and `warnings` are unchanged on error.
Status ApplyGresConf(const GresConf& conf, std::string_view origin, std::vector<NodeConfig>& nodes,
                     std::vector<std::string>& warnings);

}  // namespace bramble
