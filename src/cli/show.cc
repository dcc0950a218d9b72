// scontrol's "show" layouts; see show.h. Each record is a block of
// Key=Value tokens: the first line flush left, the rest indented three
// spaces, a blank line after the block (Slurm's slurm_sprint_*_info).
// Values Bramble does not track print as Slurm prints them when unset.
#include "cli/show.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "cli/show_block.h"
#include "cli/squeue_format.h"
#include "common/duration.h"
#include "common/hostlist.h"
#include "proto/job_state.h"

namespace bramble::cli {
namespace {

// scontrol's node state: base state, then +DRAIN / +NOT_RESPONDING flags.
std::string NodeStateText(const proto::NodeInfo& node) {
  std::string text = node.state().empty() ? "UNKNOWN" : node.state();
  if (node.drain()) text += "+DRAIN";
  if (node.not_responding()) text += "+NOT_RESPONDING";
  return text;
}

std::string Join(const google::protobuf::RepeatedPtrField<std::string>& items) {
  std::string text;
  for (const std::string& item : items) {
    if (!text.empty()) text += ',';
    text += item;
  }
  return text;
}

}  // namespace

std::string ShowNode(const proto::NodeInfo& node, int64_t /*now*/) {
  std::string cpus = std::to_string(node.cpus());
  ShowBlock b;
  b.Line({KV("NodeName", node.name()), "CoresPerSocket=1"});
  b.Line({KV("CPUAlloc", std::to_string(node.alloc_cpus())), KV("CPUEfctv", cpus), KV("CPUTot", cpus),
          "CPULoad=N/A"});
  b.Line({KV("AvailableFeatures", node.features().empty() ? "(null)" : Join(node.features()))});
  b.Line({KV("ActiveFeatures", node.features().empty() ? "(null)" : Join(node.features()))});
  b.Line({"Gres=(null)"});
  b.Line({KV("NodeAddr", node.addr().empty() ? node.name() : node.addr()),
          KV("NodeHostName", node.hostname().empty() ? node.name() : node.hostname()),
          node.port() != 0 ? KV("Port", std::to_string(node.port())) : "",
          KV("Version", node.version().empty() ? "N/A" : node.version())});
  b.Line({KV("RealMemory", std::to_string(node.real_memory_mb())),
          KV("AllocMem", std::to_string(node.alloc_memory_mb())), "FreeMem=N/A", KV("Sockets", cpus),
          "Boards=1"});
  b.Line({KV("State", NodeStateText(node)), "ThreadsPerCore=1", "TmpDisk=0", "Weight=1", "Owner=N/A",
          "MCS_label=N/A"});
  b.Line({KV("Partitions", node.partitions().empty() ? "(null)" : Join(node.partitions()))});
  b.Line({KV("BootTime", node.boot_time() != 0 ? FormatTimestamp(node.boot_time()) : "None"),
          KV("SlurmdStartTime", node.boot_time() != 0 ? FormatTimestamp(node.boot_time()) : "None")});
  b.Line({KV("CfgTRES", "cpu=" + cpus + ",mem=" + MemoryText(node.real_memory_mb()) + ",billing=" + cpus)});
  std::string alloc_tres;
  if (node.alloc_cpus() > 0) {
    alloc_tres = "cpu=" + std::to_string(node.alloc_cpus());
    if (node.alloc_memory_mb() > 0) alloc_tres += ",mem=" + MemoryText(node.alloc_memory_mb());
  }
  b.Line({KV("AllocTRES", alloc_tres)});
  b.Line({"CurrentWatts=0", "AveWatts=0"});
  if (!node.reason().empty()) {
    std::string reason = KV("Reason", node.reason());
    if (node.reason_time() != 0) {
      std::string who = node.reason_user().empty() ? "Unknown" : node.reason_user();
      reason += " [" + who + "@" + FormatTimestamp(node.reason_time()) + "]";
    }
    b.Line({reason});
  }
  return b.Text();
}

std::string ShowPartition(const proto::PartitionInfo& partition, const proto::NodesReply& cluster) {
  uint64_t total_cpus = 0;
  int64_t total_mem = 0;
  for (const proto::NodeInfo& node : cluster.nodes()) {
    if (std::find(partition.nodes().begin(), partition.nodes().end(), node.name()) == partition.nodes().end()) {
      continue;
    }
    total_cpus += node.cpus();
    total_mem += node.real_memory_mb();
  }
  std::vector<std::string> names(partition.nodes().begin(), partition.nodes().end());
  SortHostnames(names);
  std::string nodes = names.empty() ? "(null)" : CompressHostlist(names);
  std::string node_count = std::to_string(partition.nodes_size());
  std::string cpus = std::to_string(total_cpus);

  ShowBlock b;
  b.Line({KV("PartitionName", partition.name())});
  b.Line({"AllowGroups=ALL", "AllowAccounts=ALL", "AllowQos=ALL"});
  b.Line({"AllocNodes=ALL", KV("Default", partition.is_default() ? "YES" : "NO"), "QoS=N/A"});
  b.Line({KV("DefaultTime", partition.default_time_s() < 0 ? "NONE" : FormatDurationLong(partition.default_time_s())),
          "DisableRootJobs=NO", "ExclusiveUser=NO", "GraceTime=0", "Hidden=NO"});
  b.Line({"MaxNodes=UNLIMITED", KV("MaxTime", FormatDurationLong(partition.max_time_s())), "MinNodes=0", "LLN=NO",
          "MaxCPUsPerNode=UNLIMITED", "MaxCPUsPerSocket=UNLIMITED"});
  b.Line({KV("Nodes", nodes)});
  b.Line({"PriorityJobFactor=1", "PriorityTier=1", "RootOnly=NO", "ReqResv=NO", "OverSubscribe=NO"});
  b.Line({"OverTimeLimit=NONE", "PreemptMode=OFF"});
  b.Line({KV("State", partition.state().empty() ? "UP" : partition.state()), KV("TotalCPUs", cpus),
          KV("TotalNodes", node_count), "SelectTypeParameters=NONE"});
  b.Line({"JobDefaults=(null)"});
  b.Line({"DefMemPerNode=UNLIMITED", "MaxMemPerNode=UNLIMITED"});
  b.Line({KV("TRES", Tres(static_cast<uint32_t>(total_cpus), total_mem, partition.nodes().size()))});
  return b.Text();
}

}  // namespace bramble::cli
