// Batch environment; see job_env.h.
#include "stepd/job_env.h"

#include <algorithm>

#include <cstdio>
#include <set>

#include "common/hostlist.h"
#include "common/split.h"

namespace bramble::stepd {
namespace {

std::string NameOf(const std::string& entry) { return entry.substr(0, entry.find('=')); }

// The user's variables that --export lets through, in submission order.
std::vector<std::string> ExportedUserVariables(const proto::JobSpec& spec) {
  const std::string& mode = spec.export_env();
  std::vector<std::string> out;
  if (mode.empty() || mode == "ALL") return {spec.environment().begin(), spec.environment().end()};
  std::vector<std::string> items = SplitCommaList(mode);
  std::set<std::string> names;
  bool all = false;
  for (const auto& item : items) {
    if (item == "ALL") all = true;
    if (item.find('=') == std::string::npos) names.insert(item);
  }
  for (const auto& entry : spec.environment()) {
    std::string name = NameOf(entry);
    if (all || names.count(name) || name.rfind("SLURM_", 0) == 0) out.push_back(entry);
  }
  for (const auto& item : items) {
    if (item.find('=') != std::string::npos) out.push_back(item);  // NAME=value given explicitly
  }
  return out;
}

void SetRequestedShape(EnvBuilder& env, const proto::JobSpec& spec, const proto::JobRecord& job) {
  if (spec.has_ntasks() || spec.has_ntasks_per_node()) {
    uint32_t ntasks = 0;
    for (uint32_t t : job.tasks_per_node()) ntasks += t;
    env.Set("SLURM_NTASKS", ntasks);
    env.Set("SLURM_NPROCS", ntasks);
  }
  if (spec.has_cpus_per_task()) env.Set("SLURM_CPUS_PER_TASK", spec.cpus_per_task());
  if (spec.has_ntasks_per_node()) env.Set("SLURM_NTASKS_PER_NODE", spec.ntasks_per_node());
  if (spec.has_mem_per_node_mb()) env.Set("SLURM_MEM_PER_NODE", spec.mem_per_node_mb());
  if (spec.has_mem_per_cpu_mb()) env.Set("SLURM_MEM_PER_CPU", spec.mem_per_cpu_mb());
}

}  // namespace

void EnvBuilder::Set(const std::string& name, const std::string& value) {
  vars_[name] = value;
  order_.push_back(name);
}

void EnvBuilder::Add(const std::string& entry) {
  size_t eq = entry.find('=');
  if (eq == std::string::npos) return;
  Set(entry.substr(0, eq), entry.substr(eq + 1));
}

std::vector<std::string> EnvBuilder::Take() {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& name : order_) {
    auto it = vars_.find(name);
    if (it != vars_.end() && seen.insert(name).second) out.push_back(name + "=" + it->second);
  }
  return out;
}

std::string UmaskText(uint32_t umask) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", umask & 0777);
  return text;
}

std::string CompressCounts(const std::vector<uint32_t>& counts) {
  std::string out;
  for (size_t i = 0; i < counts.size();) {
    size_t j = i;
    while (j < counts.size() && counts[j] == counts[i]) ++j;
    if (!out.empty()) out += ",";
    out += std::to_string(counts[i]);
    if (j - i > 1) out += "(x" + std::to_string(j - i) + ")";
    i = j;
  }
  return out;
}

std::vector<std::string> BuildBatchEnvironment(const proto::LaunchJob& launch, const NodeFacts& facts) {
  const proto::JobRecord& job = launch.job();
  const proto::JobSpec& spec = job.spec();
  EnvBuilder env;
  for (const auto& entry : ExportedUserVariables(spec)) env.Add(entry);
  std::string nodelist = CompressHostlist({job.nodes().begin(), job.nodes().end()});
  uint32_t cpus_here = job.cpus_per_node_size() > 0 ? job.cpus_per_node(0) : 1;
  env.Set("SLURM_JOB_ID", job.job_id());
  env.Set("SLURM_JOBID", job.job_id());
  env.Set("SLURM_JOB_NAME", spec.name());
  env.Set("SLURM_JOB_NODELIST", nodelist);
  env.Set("SLURM_NODELIST", nodelist);
  env.Set("SLURM_JOB_NUM_NODES", job.nodes_size());
  env.Set("SLURM_NNODES", job.nodes_size());
  env.Set("SLURM_TASKS_PER_NODE", CompressCounts({job.tasks_per_node().begin(), job.tasks_per_node().end()}));
  env.Set("SLURM_JOB_CPUS_PER_NODE", CompressCounts({job.cpus_per_node().begin(), job.cpus_per_node().end()}));
  SetRequestedShape(env, spec, job);
  env.Set("SLURM_CPUS_ON_NODE", cpus_here);
  env.Set("SLURM_NODEID", 0);
  env.Set("SLURM_PROCID", 0);
  env.Set("SLURM_LOCALID", 0);
  env.Set("SLURM_GTIDS", 0);
  env.Set("SLURMD_NODENAME", facts.node_name);
  env.Set("HOSTNAME", facts.node_name);
  env.Set("SLURM_TOPOLOGY_ADDR", facts.node_name);
  env.Set("SLURM_TOPOLOGY_ADDR_PATTERN", "node");
  env.Set("SLURM_SUBMIT_DIR", spec.submit_dir());
  env.Set("SLURM_SUBMIT_HOST", spec.submit_host());
  env.Set("SLURM_CLUSTER_NAME", launch.cluster_name());
  env.Set("SLURM_JOB_PARTITION", job.partition().empty() ? spec.partition() : job.partition());
  if (job.array_job_id() != 0) {
    env.Set("SLURM_ARRAY_JOB_ID", job.array_job_id());
    env.Set("SLURM_ARRAY_TASK_ID", job.array_task_id());
    env.Set("SLURM_ARRAY_TASK_COUNT", job.array_task_count());
    env.Set("SLURM_ARRAY_TASK_MIN", job.array_task_min());
    env.Set("SLURM_ARRAY_TASK_MAX", job.array_task_max());
    env.Set("SLURM_ARRAY_TASK_STEP", job.array_task_step());
  }
  // GPUs of the batch node (the first of the job's nodes).
  if (job.gpu_ids_size() > 0 && !job.gpu_ids(0).empty()) {
    env.Set("CUDA_VISIBLE_DEVICES", job.gpu_ids(0));
    env.Set("GPU_DEVICE_ORDINAL", job.gpu_ids(0));
    env.Set("SLURM_JOB_GPUS", job.gpu_ids(0));
    env.Set("SLURM_GPUS_ON_NODE", static_cast<uint32_t>(std::count(job.gpu_ids(0).begin(), job.gpu_ids(0).end(), ',') + 1));
  }
  if (!spec.account().empty()) env.Set("SLURM_JOB_ACCOUNT", spec.account());
  env.Set("SLURM_JOB_QOS", "normal");
  env.Set("SLURM_JOB_UID", job.uid());
  env.Set("SLURM_JOB_USER", facts.user_name);
  env.Set("SLURM_JOB_GID", job.gid());
  env.Set("SLURM_JOB_GROUP", facts.group_name);
  env.Set("SLURM_JOB_START_TIME", job.start_time());
  env.Set("SLURM_JOB_END_TIME", job.time_limit_s() < 0 ? 0 : job.start_time() + job.time_limit_s());
  // Slurm sets it only once the job has been requeued (env.c setup_env).
  if (job.restart_count() > 0) env.Set("SLURM_RESTART_COUNT", job.restart_count());
  if (!spec.export_env().empty() && spec.export_env() != "ALL") env.Set("SLURM_EXPORT_ENV", spec.export_env());
  if (!spec.get_user_env().empty()) env.Set("SLURM_GET_USER_ENV", 1);
  env.Set("SLURM_PRIO_PROCESS", 0);
  env.Set("SLURM_UMASK", UmaskText(spec.umask()));
  if (!launch.config_path().empty()) env.Set("SLURM_CONF", launch.config_path());
  env.Set("ENVIRONMENT", "BATCH");
  return env.Take();
}

}  // namespace bramble::stepd
