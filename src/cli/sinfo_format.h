// sinfo's output (sinfo(1) "-o <output_format>") over a NodesReply.
//
// sinfo prints groups, not nodes: nodes that agree on every attribute the
// format shows (partition, state, reason, ...) share one line, with their
// count (%D) and compressed names (%N). Partition-oriented output lists
// partitions in configuration order and, within one, states from the
// highest Slurm state number down (sinfo's default sort "#P,-t"); -N prints
// one line per node (and partition), sorted by node name. Node states print
// in Slurm's compact (%t: idle, alloc, mix, down, drain, drng, unk, futr)
// or long (%T) lower-case form, with '*' for a node not responding. Pure.
#pragma once

#include <string>

#include "proto/bramble.pb.h"

namespace bramble::cli {

inline constexpr char kSinfoDefaultFormat[] = "%#P %.5a %.10l %.6D %.6t %N";
inline constexpr char kSinfoLongFormat[] =
    "%#P %.5a %.10l %.10s %.4r %.8h %.10g %.6D %.11T %.11i %N";
inline constexpr char kSinfoSummarizeFormat[] = "%#P %.5a %.10l %.16F  %N";
inline constexpr char kSinfoNodeFormat[] = "%#N %.6D %#P %6t";
inline constexpr char kSinfoNodeLongFormat[] =
    "%#N %.6D %#P %.11T %.4c %.8z %.6m %.8d %.6w %.8f %20E";
inline constexpr char kSinfoReasonsFormat[] = "%20E %9u %19H %N";
inline constexpr char kSinfoReasonsLongFormat[] = "%20E %12U %19H %6t %N";

// The field letters FormatSinfo knows.
inline constexpr char kSinfoFieldTypes[] = "aAbBcCdDeEfFgGhHiIlLmMnNoOpPrRsStTuUvwXYzZ";

struct SinfoView {
  std::string format = kSinfoDefaultFormat;
  bool header = true;
  bool node_oriented = false;  // -N
  bool exact = false;          // -e: split groups on CPUs/memory instead of "4+"
};

// Renders the header line (when view.header) and one line per group.
std::string FormatSinfo(const proto::NodesReply& cluster, const SinfoView& view);

// "idle", "alloc", "mix", "down", "drain", "drng", "unk", "futr", plus '*'
// when the node is not responding.
std::string NodeStateCompact(const proto::NodeInfo& node);
// "idle", "allocated", "mixed", "down", "drained", "draining", "unknown",
// "future", plus '*' when the node is not responding.
std::string NodeStateLong(const proto::NodeInfo& node);

}  // namespace bramble::cli
