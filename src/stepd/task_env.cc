// A task's environment; see task_env.h. Built on job_env's EnvBuilder, so
// later values of a name replace earlier ones and names never repeat.
#include "stepd/task_env.h"

#include <array>

#include "common/hostlist.h"
#include "common/split.h"
#include "stepd/job_env.h"

namespace bramble::stepd {
namespace {

// PMI variables of a connection srun's own process may hold; see task_env.h.
constexpr std::array<const char*, 7> kInheritedPmi = {
    "PMI_FD", "PMI_RANK", "PMI_SIZE", "PMI_JOBID", "PMI_SPAWNED", "PMI_PORT", "PMI_ID"};

std::vector<uint32_t> Counts(const google::protobuf::RepeatedField<uint32_t>& field) {
  return {field.begin(), field.end()};
}

std::vector<std::string> Names(const google::protobuf::RepeatedPtrField<std::string>& field) {
  return {field.begin(), field.end()};
}


void SetJob(EnvBuilder& env, const proto::StepLayout& layout) {
  env.Set("SLURM_JOB_ID", layout.job_id());
  env.Set("SLURM_JOBID", layout.job_id());
  if (layout.job_nodes_size() > 0) {
    env.Set("SLURM_JOB_NODELIST", CompressHostlist(Names(layout.job_nodes())));
    env.Set("SLURM_JOB_NUM_NODES", layout.job_nodes_size());
  }
  if (layout.job_cpus_per_node_size() > 0) {
    env.Set("SLURM_JOB_CPUS_PER_NODE", CompressCounts(Counts(layout.job_cpus_per_node())));
  }
  if (!layout.job_name().empty()) env.Set("SLURM_JOB_NAME", layout.job_name());
  if (!layout.partition().empty()) env.Set("SLURM_JOB_PARTITION", layout.partition());
  if (!layout.cluster_name().empty()) env.Set("SLURM_CLUSTER_NAME", layout.cluster_name());
  if (!layout.account().empty()) env.Set("SLURM_JOB_ACCOUNT", layout.account());
  env.Set("SLURM_JOB_UID", layout.uid());
  env.Set("SLURM_JOB_GID", layout.gid());
  if (!layout.user().empty()) env.Set("SLURM_JOB_USER", layout.user());
  if (!layout.group().empty()) env.Set("SLURM_JOB_GROUP", layout.group());
  env.Set("SLURM_JOB_START_TIME", layout.job_start_time());
  env.Set("SLURM_JOB_END_TIME", layout.job_end_time());
  if (layout.mem_per_node_mb() > 0) env.Set("SLURM_MEM_PER_NODE", layout.mem_per_node_mb());
}

// The step's values, under the step's names and the legacy job-wide ones.
void SetStep(EnvBuilder& env, const proto::StepLayout& layout) {
  std::string nodelist = CompressHostlist(Names(layout.nodes()));
  std::string tasks_per_node = CompressCounts(Counts(layout.tasks_per_node()));
  env.Set("SLURM_STEP_ID", layout.step_id());
  env.Set("SLURM_STEPID", layout.step_id());
  env.Set("SLURM_STEP_NODELIST", nodelist);
  env.Set("SLURM_STEP_NUM_NODES", layout.nodes_size());
  env.Set("SLURM_STEP_NUM_TASKS", layout.ntasks());
  env.Set("SLURM_STEP_TASKS_PER_NODE", tasks_per_node);
  env.Set("SLURM_NODELIST", nodelist);
  env.Set("SLURM_NNODES", layout.nodes_size());
  env.Set("SLURM_NTASKS", layout.ntasks());
  env.Set("SLURM_NPROCS", layout.ntasks());
  env.Set("SLURM_TASKS_PER_NODE", tasks_per_node);
  if (layout.cpus_per_task() > 0) env.Set("SLURM_CPUS_PER_TASK", layout.cpus_per_task());
}

// The job's GPUs on this node (not those of the node srun runs on, whose
// variables the exported environment may carry). A job without GPUs leaves
// the user's own CUDA_VISIBLE_DEVICES alone.
void SetGpus(EnvBuilder& env, const proto::StepLayout& layout, uint32_t node_index) {
  bool job_has_gpus = false;
  for (const auto& ids : layout.gpu_ids()) job_has_gpus = job_has_gpus || !ids.empty();
  if (!job_has_gpus) return;
  const std::string none;
  const std::string& ids = static_cast<int>(node_index) < layout.gpu_ids_size() ? layout.gpu_ids(node_index) : none;
  for (const char* name : {"CUDA_VISIBLE_DEVICES", "GPU_DEVICE_ORDINAL", "SLURM_STEP_GPUS"}) {
    if (ids.empty()) {
      env.Unset(name);
    } else {
      env.Set(name, ids);
    }
  }
}

void SetTask(EnvBuilder& env, const proto::StepLayout& layout, uint32_t node_index,
             uint32_t local_id, const TaskFacts& facts) {
  const std::string& node = layout.nodes(node_index);
  uint32_t first = GlobalRank(layout, node_index, 0);
  std::string gtids;
  for (uint32_t t = 0; t < layout.tasks_per_node(node_index); ++t) {
    gtids += (t == 0 ? "" : ",") + std::to_string(first + t);
  }
  env.Set("SLURM_PROCID", first + local_id);
  env.Set("SLURM_LOCALID", local_id);
  env.Set("SLURM_NODEID", node_index);
  env.Set("SLURM_GTIDS", gtids);
  env.Set("SLURM_CPUS_ON_NODE", layout.cpus_per_node(node_index));
  env.Set("SLURMD_NODENAME", node);
  env.Set("HOSTNAME", node);
  env.Set("SLURM_TOPOLOGY_ADDR", node);
  env.Set("SLURM_TOPOLOGY_ADDR_PATTERN", "node");
  SetGpus(env, layout, node_index);
  if (facts.task_pid > 0) {
    env.Set("SLURM_TASK_PID", facts.task_pid);
  } else {
    env.Unset("SLURM_TASK_PID");
  }
}

void SetLaunch(EnvBuilder& env, const proto::LaunchStep& launch) {
  const std::string& host = launch.srun_comm_host().empty() ? launch.srun_host() : launch.srun_comm_host();
  env.Set("SLURM_LAUNCH_NODE_IPADDR", host);
  env.Set("SLURM_SRUN_COMM_HOST", host);
  env.Set("SLURM_SRUN_COMM_PORT", launch.srun_port());
  env.Set("SLURM_STEP_LAUNCHER_PORT", launch.srun_port());
  if (!launch.config_path().empty()) env.Set("SLURM_CONF", launch.config_path());
  env.Set("SLURM_UMASK", UmaskText(launch.umask()));
  env.Set("SRUN_DEBUG", 3);  // srun's log level: 3 = info, the default
  if (!launch.cpu_bind().empty()) {
    for (const auto& [name, value] : CpuBindVariables(launch.cpu_bind())) env.Set(name, value);
  }
}

void SetPmi(EnvBuilder& env, const proto::LaunchStep& launch, const proto::StepLayout& layout,
            uint32_t rank, const TaskFacts& facts) {
  for (const char* name : kInheritedPmi) env.Unset(name);
  if (launch.mpi() != "pmi1" && launch.mpi() != "pmi2") return;
  if (facts.pmi_fd >= 0) env.Set("PMI_FD", facts.pmi_fd);
  env.Set("PMI_RANK", rank);
  env.Set("PMI_SIZE", layout.ntasks());
  env.Set("PMI_JOBID", std::to_string(layout.job_id()) + "." + std::to_string(layout.step_id()));
}

bool IsCpuBindWord(const std::string& word) {
  static const char* const kWords[] = {"q", "quiet", "v", "verbose", "no", "none", "rank",
                                       "rank_ldom", "threads", "cores", "sockets", "ldoms",
                                       "boards"};
  for (const char* w : kWords) {
    if (word == w) return true;
  }
  return word.find(':') != std::string::npos;
}

}  // namespace

uint32_t GlobalRank(const proto::StepLayout& layout, uint32_t node_index, uint32_t local_id) {
  uint32_t rank = local_id;
  for (uint32_t i = 0; i < node_index; ++i) rank += layout.tasks_per_node(i);
  return rank;
}

Status CheckTaskPosition(const proto::StepLayout& layout, uint32_t node_index, uint32_t local_id,
                         const std::string& node_name) {
  int nodes = layout.nodes_size();
  if (nodes == 0 || layout.tasks_per_node_size() != nodes || layout.cpus_per_node_size() != nodes) {
    return InvalidArgument("step " + std::to_string(layout.job_id()) + "." +
                           std::to_string(layout.step_id()) +
                           ": layout lists differ in length (nodes, tasks, CPUs)");
  }
  if (node_index >= static_cast<uint32_t>(nodes)) {
    return InvalidArgument("node index " + std::to_string(node_index) + " is outside the step's " +
                           std::to_string(nodes) + " nodes");
  }
  if (local_id >= layout.tasks_per_node(node_index)) {
    return InvalidArgument("task " + std::to_string(local_id) + " is outside the " +
                           std::to_string(layout.tasks_per_node(node_index)) + " tasks of node " +
                           layout.nodes(node_index));
  }
  if (!node_name.empty() && node_name != layout.nodes(node_index)) {
    return InvalidArgument("node " + node_name + " is not node " + std::to_string(node_index) +
                           " of the step (" + layout.nodes(node_index) + ")");
  }
  return Status::Ok();
}

std::vector<std::pair<std::string, std::string>> CpuBindVariables(const std::string& cpu_bind) {
  std::string verbose = "quiet", level, binding, list;
  std::vector<std::string> words = SplitCommaList(cpu_bind);
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "v" || w == "verbose") {
      verbose = "verbose";
    } else if (w == "q" || w == "quiet") {
      verbose = "quiet";
    } else if (w == "threads" || w == "cores" || w == "sockets" || w == "ldoms" || w == "boards") {
      level = w;
    } else if (w == "no" || w == "none") {
      binding = "none";
    } else if (w == "rank" || w == "rank_ldom") {
      binding = w;
    } else if (size_t colon = w.find(':'); colon != std::string::npos) {
      // map_cpu:0,1,2 — the list runs on over the following plain words.
      binding = w.substr(0, colon + 1);
      list = w.substr(colon + 1);
      while (i + 1 < words.size() && !IsCpuBindWord(words[i + 1])) list += "," + words[++i];
    }
  }
  std::string type = level.empty() ? binding : binding.empty() ? level : level + "," + binding;
  return {{"SLURM_CPU_BIND_VERBOSE", verbose},
          {"SLURM_CPU_BIND_TYPE", type},
          {"SLURM_CPU_BIND_LIST", list},
          {"SLURM_CPU_BIND", verbose + "," + type + list}};
}

std::vector<std::string> BuildTaskEnvironment(const proto::LaunchStep& launch,
                                              const proto::StepLayout& layout, uint32_t node_index,
                                              uint32_t local_id, const TaskFacts& facts) {
  if (!CheckTaskPosition(layout, node_index, local_id, facts.node_name).ok()) return {};
  EnvBuilder env;
  for (const std::string& entry : launch.environment()) env.Add(entry);
  SetJob(env, layout);
  SetStep(env, layout);
  SetTask(env, layout, node_index, local_id, facts);
  SetLaunch(env, launch);
  SetPmi(env, launch, layout, GlobalRank(layout, node_index, local_id), facts);
  return env.Take();
}

}  // namespace bramble::stepd
