// The cluster configuration: a slurm.conf-style file.
//
// Lines of whitespace-separated Key=Value pairs, keys case-insensitive, '#'
// comments, '\' continuing a line. NodeName= and PartitionName= lines each
// define an entry (NodeName=DEFAULT / PartitionName=DEFAULT set defaults for
// the lines after them). Unknown keys are kept as warnings with their line
// number; malformed lines are errors with their line number.
//
// Bramble's own keys (not in Slurm): Operators=, JobHostname=, AuthKeyFile=,
// AuthSocket=, NodeSocket=, and the limit lines UserLimits=<user>|DEFAULT
// and GroupLimits=<group>|DEFAULT, which take keys named after Slurm's
// association limits (MaxJobs, MaxSubmitJobs, MaxWall,
// GrpTRES=cpu=N,mem=<size>,gres/gpu=N; see limit_config.h). Like
// NodeName=, each limit line defines one entry; a name may appear once per
// kind. The DEFAULT entry holds the limits of every user (group) without a
// line of its own, and each named line starts from it, wherever it is
// written; a key given as -1 on a named line lifts that DEFAULT limit.
//
// LoadConfig also reads gres.conf from slurm.conf's directory when it exists
// (gres_config.h); ParseConfig reads slurm.conf text only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "common/cgroup_config.h"
#include "common/gres_config.h"
#include "common/limit_config.h"

namespace bramble {

struct NodeConfig {
  std::string name;
  uint32_t cpus = 1;
  int64_t real_memory_mb = 1;    // Slurm's default
  uint32_t port = 0;             // 0 = the cluster's SlurmdPort
  std::string addr;              // NodeAddr; "" = the name
  std::string hostname;          // NodeHostname; "" = the name
  std::vector<std::string> features;
  std::string state = "UNKNOWN";  // UNKNOWN, IDLE, DOWN, DRAIN, FUTURE
  uint32_t weight = 1;           // Weight: the scheduler prefers lower weights
  std::vector<GresConfig> gres;  // Gres=gpu:a100:2; device files from gres.conf
};

struct PartitionConfig {
  std::string name;
  std::vector<std::string> nodes;  // expanded, in the order written; "ALL" = every node
  bool is_default = false;
  int64_t max_time_s = -1;         // -1 = INFINITE
  int64_t default_time_s = -1;     // -1 = use max_time_s
  std::string state = "UP";        // UP, DOWN, DRAIN, INACTIVE
  uint16_t priority_tier = 1;      // PriorityTier: higher tiers are scheduled first
  uint16_t priority_job_factor = 1;  // PriorityJobFactor: the partition factor of job priority
  int64_t max_nodes = -1;          // MaxNodes per job; -1 = UNLIMITED, 0 = no jobs
  std::vector<std::string> allow_groups;  // AllowGroups; empty = ALL
};

struct Config {
  std::string path;                 // where it was read from
  std::string cluster_name = "cluster";
  std::string controller_host = "localhost";  // SlurmctldHost name
  std::string controller_addr;      // from SlurmctldHost=name(addr) or SlurmctldAddr; "" = the name
  uint32_t controller_port = 6817;  // SlurmctldPort
  uint32_t slurmd_port = 6818;      // SlurmdPort
  std::vector<NodeConfig> nodes;
  std::vector<PartitionConfig> partitions;
  std::string state_save_location = "/var/spool/bramble/ctld";
  // %n = node name. Under /run (tmpfs): a spool holds only what lives as long
  // as its jobs' processes, and its files churn with every step.
  std::string slurmd_spool_dir = "/run/bramble/d/%n";
  std::string auth_key_file;        // AuthKeyFile; "" = <StateSaveLocation>/cluster.key
  std::string auth_socket = "/run/bramble/auth.sock";  // AuthSocket: where the CLI asks for credentials
  // ControllerSocket (Bramble's own key): a unix socket (0666) where the
  // controller takes requests from commands on its own host. The kernel
  // says who sent them (SO_PEERCRED), so they need no credential: a command
  // there saves a round trip to the signer a call. "" = none.
  std::string controller_socket = "/run/bramble/ctld.sock";
  // NodeSocket (Bramble's own key): the node daemon's root-only socket,
  // where pam_bramble asks whether a user has a job on this node; %n = node
  // name (needed when one machine runs several node daemons).
  std::string node_socket = "/run/bramble/node.sock";
  std::vector<std::string> operators;  // Operators=alice,bob (Bramble's own key)
  uint32_t kill_wait_s = 30;
  uint32_t return_to_service = 0;
  uint32_t slurmd_timeout_s = 300;
  uint32_t min_job_age_s = 300;
  // PurgeJobAfter= (slurmdbd.conf's key, read here: Bramble's controller
  // keeps the accounting records itself): how long sacct keeps a job after
  // it ended. 0 = forever. Default 12 months of 30 days.
  int64_t purge_job_after_s = 12 * 30 * 86400;
  uint32_t max_array_size = 1001;
  int64_t def_mem_per_cpu_mb = 0;   // 0 = reserve no memory unless asked
  std::string mpi_default = "none";
  std::string slurm_user = "root";
  // JobHostname=node (Bramble's own key): each job and step runs in a UTS
  // namespace whose hostname is its node's name, so that several nodes on
  // one machine look like separate hosts (to MPI). Default: the host's name.
  bool job_hostname_is_node = false;

  // Job priority (slurm.conf(5) Priority*). Slurm's default plugin is
  // priority/multifactor since 23.11 (priority/basic before).
  std::string priority_type = "priority/multifactor";  // or priority/basic
  uint32_t priority_weight_age = 0;
  uint32_t priority_weight_fairshare = 0;
  uint32_t priority_weight_job_size = 0;
  uint32_t priority_weight_partition = 0;
  uint32_t priority_weight_qos = 0;
  int64_t priority_max_age_s = 7 * 86400;  // -1 = INFINITE
  int64_t priority_decay_half_life_s = 7 * 86400;  // 0 = no decay, -1 = INFINITE
  bool priority_favor_small = false;
  int64_t priority_calc_period_s = 300;  // at least 60, as in Slurm

  // Scheduling.
  std::string scheduler_type = "sched/backfill";  // or sched/builtin
  // SchedulerParameters items Bramble uses (Slurm's defaults); the others
  // are warnings.
  uint32_t bf_window_min = 1440;    // bf_window: how far ahead backfill plans
  uint32_t bf_max_job_test = 500;   // bf_max_job_test: jobs tested per cycle
  uint32_t bf_interval_s = 30;      // bf_interval: time between backfill cycles
  uint32_t bf_resolution_s = 60;    // bf_resolution: backfill's time granularity
  std::vector<std::string> gres_types;  // GresTypes=gpu
  std::string enforce_part_limits = "NO";  // NO, ANY or ALL (YES reads as ALL, as in Slurm)

  // UserLimits= and GroupLimits= entries in the order written, DEFAULT ones
  // included; named entries already carry what they take from DEFAULT.
  std::vector<LimitConfig> limits;
  std::string gres_conf_path;       // the gres.conf LoadConfig read; "" = none
  CgroupConfig cgroup;              // from cgroup.conf beside slurm.conf, else the defaults
  std::string cgroup_conf_path;     // the cgroup.conf LoadConfig read; "" = none
  std::vector<std::string> warnings;  // "slurm.conf:12: unknown key Foo, ignored"

  // The node entry named `name`, or nullptr.
  const NodeConfig* FindNode(std::string_view name) const;
  // The default partition (the one with Default=YES, else the first), or nullptr.
  const PartitionConfig* DefaultPartition() const;
  // The limits for user (kind "user") or group ("group") `name`: its own
  // entry, else the kind's DEFAULT entry, else nullptr (no limits).
  const LimitConfig* FindLimits(std::string_view kind, std::string_view name) const;
};

// Parses configuration text. `origin` names the source in messages
// ("slurm.conf:12: ..."). Fails on malformed lines, bad values, duplicate
// node, partition or limit names, and partitions naming unknown nodes.
Result<Config> ParseConfig(std::string_view text, std::string_view origin);

// Reads and parses the file at `path`, then gres.conf and cgroup.conf from
// the same directory when they exist (ApplyGresConf: its errors fail the load, its
// warnings join config.warnings). Fails with kIo when a file cannot be read.
Result<Config> LoadConfig(const std::string& path);

}  // namespace bramble
