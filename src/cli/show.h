// scontrol's "show" layouts: Slurm's key=value blocks for nodes and
// partitions (jobs: scontrol_show_job.h). Pure functions of the records.
#pragma once

#include <cstdint>
#include <string>

#include "proto/bramble.pb.h"

namespace bramble::cli {

// "NodeName=pi1 Arch=... CPUAlloc=0 CPUTot=4 ...\n ... \n\n".
std::string ShowNode(const proto::NodeInfo& node, int64_t now);
// "PartitionName=default\n   AllowGroups=ALL ... \n\n".
std::string ShowPartition(const proto::PartitionInfo& partition, const proto::NodesReply& cluster);

}  // namespace bramble::cli
