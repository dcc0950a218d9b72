// scontrol's "show" layouts; see show.h. Each record is a block of
// Key=Value tokens: the first line flush left, the rest indented three
// spaces, a blank line after the block (Slurm's slurm_sprint_*_info).
// Values Bramble does not track print as Slurm prints them when unset.
#include "cli/show.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "cli/squeue_format.h"
#include "common/duration.h"
#include "common/hostlist.h"
#include "common/output_pattern.h"
#include "proto/job_state.h"

namespace bramble::cli {
namespace {

// Collects lines of space-separated tokens.
class Block {
 public:
  // Starts a new line with `tokens` joined by spaces.
  void Line(std::initializer_list<std::string> tokens) {
    std::string line;
    for (const std::string& token : tokens) {
      if (token.empty()) continue;
      if (!line.empty()) line += ' ';
      line += token;
    }
    lines_.push_back(std::move(line));
  }
  std::string Text() const {
    std::string out;
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (i > 0) out += "   ";
      out += lines_[i];
      out += '\n';
    }
    return out + '\n';
  }

 private:
  std::vector<std::string> lines_;
};

std::string KV(std::string_view key, const std::string& value) { return std::string(key) + "=" + value; }

std::string OrNull(const std::string& text) { return text.empty() ? "(null)" : text; }

std::string Names(const google::protobuf::RepeatedPtrField<std::string>& names) {
  return CompressHostlist(std::vector<std::string>(names.begin(), names.end()));
}

// sbatch's file-name patterns as scontrol shows them: %j %J %x %u %N %A %a
// %% expanded (an optional width pads numbers with zeros), made absolute
// against the work dir. Other codes stay as written.
std::string ExpandPattern(const std::string& pattern, const proto::JobRecord& job) {
  PatternValues values;
  values.job_id = job.job_id();
  values.job_name = job.spec().name();
  values.user = job.user();
  values.node = job.nodes_size() > 0 ? job.nodes(0) : job.batch_host();
  return ExpandOutputPattern(pattern, values, job.spec().work_dir());
}

std::string StdOut(const proto::JobRecord& job) {
  return ExpandPattern(job.spec().output().empty() ? "slurm-%j.out" : job.spec().output(), job);
}

std::string NumNodes(const proto::JobRecord& job) {
  if (job.nodes_size() > 0) return std::to_string(job.nodes_size());
  const proto::JobSpec& spec = job.spec();
  uint32_t lo = spec.has_nodes_min() && spec.nodes_min() > 0 ? spec.nodes_min() : 1;
  if (spec.has_nodes_max() && spec.nodes_max() > lo) return std::to_string(lo) + "-" + std::to_string(spec.nodes_max());
  return std::to_string(lo);
}

uint32_t TaskCount(const proto::JobRecord& job) {
  uint32_t total = 0;
  for (uint32_t t : job.tasks_per_node()) total += t;
  if (total > 0) return total;
  return job.spec().has_ntasks() ? job.spec().ntasks() : 1;
}

// StartTime/EndTime as scontrol prints them: the expected end of a running
// job with a limit; "Unknown" when there is none.
std::string JobEndTime(const proto::JobRecord& job) {
  if (job.end_time() != 0) return FormatTimestamp(job.end_time());
  if (job.start_time() != 0 && job.time_limit_s() >= 0) {
    return FormatTimestamp(job.start_time() + job.time_limit_s());
  }
  return "Unknown";
}

std::string MemoryText(int64_t mb) {
  if (mb <= 0) return "0";
  if (mb % 1024 == 0) return std::to_string(mb / 1024) + "G";
  return std::to_string(mb) + "M";
}

std::string Tres(uint32_t cpus, int64_t mem_mb, size_t nodes) {
  std::string text = "cpu=" + std::to_string(cpus);
  if (mem_mb > 0) text += ",mem=" + MemoryText(mem_mb);
  return text + ",node=" + std::to_string(nodes) + ",billing=" + std::to_string(cpus);
}

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

std::string ShowJob(const proto::JobRecord& job, int64_t now, const std::string& /*cluster_name*/) {
  const proto::JobSpec& spec = job.spec();
  std::string user = (job.user().empty() ? std::to_string(job.uid()) : job.user()) + "(" + std::to_string(job.uid()) + ")";
  std::string group = (job.group().empty() ? std::to_string(job.gid()) : job.group()) + "(" + std::to_string(job.gid()) + ")";
  bool pending = BaseState(job) == proto::PENDING;
  uint32_t cpus = 0;
  for (uint32_t c : job.cpus_per_node()) cpus += c;
  uint32_t cpus_per_task = spec.has_cpus_per_task() && spec.cpus_per_task() > 0 ? spec.cpus_per_task() : 1;
  if (cpus == 0) cpus = std::max<uint32_t>(TaskCount(job) * cpus_per_task, 1);

  Block b;
  b.Line({KV("JobId", std::to_string(job.job_id())), KV("JobName", spec.name())});
  b.Line({KV("UserId", user), KV("GroupId", group), "MCS_label=N/A"});
  b.Line({KV("Priority", std::to_string(job.priority())), "Nice=0", KV("Account", OrNull(spec.account())),
          "QOS=normal"});
  b.Line({KV("JobState", DisplayStateName(job)), KV("Reason", job.reason().empty() ? "None" : job.reason()),
          "Dependency=(null)"});
  b.Line({KV("Requeue", spec.requeue() ? "1" : "0"), "Restarts=0", "BatchFlag=1", "Reboot=0",
          KV("ExitCode", std::to_string(job.exit_code()) + ":" + std::to_string(job.exit_signal()))});
  b.Line({KV("RunTime", FormatDurationLong(JobTimeUsed(job, now))),
          KV("TimeLimit", FormatDurationLong(job.time_limit_s())), "TimeMin=N/A"});
  b.Line({KV("SubmitTime", FormatTimestamp(job.submit_time())),
          KV("EligibleTime", FormatTimestamp(job.submit_time()))});
  b.Line({KV("AccrueTime", FormatTimestamp(job.submit_time()))});
  b.Line({KV("StartTime", FormatTimestamp(job.start_time())), KV("EndTime", JobEndTime(job)), "Deadline=N/A"});
  b.Line({KV("Partition", spec.partition()),
          KV("AllocNode:Sid", (spec.submit_host().empty() ? "(null)" : spec.submit_host()) + ":0")});
  b.Line({KV("ReqNodeList", OrNull(spec.nodelist())), KV("ExcNodeList", OrNull(spec.exclude()))});
  b.Line({KV("NodeList", job.nodes_size() > 0 ? Names(job.nodes()) : "(null)")});
  if (!pending && !job.batch_host().empty()) b.Line({KV("BatchHost", job.batch_host())});
  b.Line({KV("NumNodes", NumNodes(job)), KV("NumCPUs", std::to_string(cpus)),
          KV("NumTasks", std::to_string(TaskCount(job))), KV("CPUs/Task", std::to_string(cpus_per_task)),
          "ReqB:S:C:T=0:0:*:*"});
  size_t node_count = job.nodes_size() > 0 ? static_cast<size_t>(job.nodes_size()) : 1;
  std::string tres = Tres(cpus, job.mem_per_node_mb() * static_cast<int64_t>(node_count), node_count);
  b.Line({KV("ReqTRES", tres)});
  b.Line({KV("AllocTRES", pending ? "(null)" : tres)});
  b.Line({"Socks/Node=*",
          KV("NtasksPerN:B:S:C", (spec.has_ntasks_per_node() ? std::to_string(spec.ntasks_per_node()) : "0") + ":0:*:*"),
          "CoreSpec=*"});
  b.Line({KV("MinCPUsNode", std::to_string(cpus_per_task)), KV("MinMemoryNode", MemoryText(job.mem_per_node_mb())),
          "MinTmpDiskNode=0"});
  b.Line({"Features=(null)", "DelayBoot=00:00:00"});
  b.Line({"OverSubscribe=OK", "Contiguous=0", "Licenses=(null)", "Network=(null)"});
  b.Line({KV("Command", OrNull(spec.name()))});
  b.Line({KV("WorkDir", spec.work_dir())});
  if (!spec.comment().empty()) b.Line({KV("Comment", spec.comment())});
  b.Line({KV("StdErr", spec.error().empty() ? StdOut(job) : ExpandPattern(spec.error(), job))});
  b.Line({KV("StdIn", spec.input().empty() ? "/dev/null" : ExpandPattern(spec.input(), job))});
  b.Line({KV("StdOut", StdOut(job))});
  return b.Text();
}

std::string ShowNode(const proto::NodeInfo& node, int64_t /*now*/) {
  std::string cpus = std::to_string(node.cpus());
  Block b;
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

  Block b;
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
