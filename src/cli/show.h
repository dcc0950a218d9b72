// scontrol's "show" layouts: Slurm's key=value blocks for jobs, nodes,
// partitions. Pure functions of the records; `now` is the time to compute
// RunTime against.
#pragma once

#include <cstdint>
#include <string>

#include "proto/bramble.pb.h"

namespace bramble::cli {

// "JobId=12 JobName=x\n   UserId=alice(1001) GroupId=...\n ... \n\n" as
// `scontrol show job` prints one job (blank line after).
std::string ShowJob(const proto::JobRecord& job, int64_t now, const std::string& cluster_name);
// "NodeName=pi1 Arch=... CPUAlloc=0 CPUTot=4 ...\n ... \n\n".
std::string ShowNode(const proto::NodeInfo& node, int64_t now);
// "PartitionName=default\n   AllowGroups=ALL ... \n\n".
std::string ShowPartition(const proto::PartitionInfo& partition, const proto::NodesReply& cluster);

}  // namespace bramble::cli
