// The cluster configuration: a slurm.conf-style file.
//
// Lines of whitespace-separated Key=Value pairs, keys case-insensitive, '#'
// comments, '\' continuing a line. NodeName= and PartitionName= lines each
// define an entry (NodeName=DEFAULT / PartitionName=DEFAULT set defaults for
// the lines after them). Unknown keys are kept as warnings with their line
// number; malformed lines are errors with their line number.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

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
};

struct PartitionConfig {
  std::string name;
  std::vector<std::string> nodes;  // expanded, in the order written; "ALL" = every node
  bool is_default = false;
  int64_t max_time_s = -1;         // -1 = INFINITE
  int64_t default_time_s = -1;     // -1 = use max_time_s
  std::string state = "UP";        // UP, DOWN, DRAIN, INACTIVE
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
  std::string slurmd_spool_dir = "/var/spool/bramble/d/%n";  // %n = node name
  std::string auth_key_file;        // AuthKeyFile; "" = <StateSaveLocation>/cluster.key
  std::string auth_socket = "/run/bramble/auth.sock";  // AuthSocket: where the CLI asks for credentials
  std::vector<std::string> operators;  // Operators=alice,bob (Bramble's own key)
  uint32_t kill_wait_s = 30;
  uint32_t return_to_service = 0;
  uint32_t slurmd_timeout_s = 300;
  uint32_t min_job_age_s = 300;
  uint32_t max_array_size = 1001;
  int64_t def_mem_per_cpu_mb = 0;   // 0 = reserve no memory unless asked
  std::string mpi_default = "none";
  std::string slurm_user = "root";
  // JobHostname=node (Bramble's own key): each job and step runs in a UTS
  // namespace whose hostname is its node's name, so that several nodes on
  // one machine look like separate hosts (to MPI). Default: the host's name.
  bool job_hostname_is_node = false;
  std::vector<std::string> warnings;  // "slurm.conf:12: unknown key Foo, ignored"

  // The node entry named `name`, or nullptr.
  const NodeConfig* FindNode(std::string_view name) const;
  // The default partition (the one with Default=YES, else the first), or nullptr.
  const PartitionConfig* DefaultPartition() const;
};

// Parses configuration text. `origin` names the source in messages
// ("slurm.conf:12: ..."). Fails on malformed lines, bad values, duplicate
// node names, and partitions naming unknown nodes.
Result<Config> ParseConfig(std::string_view text, std::string_view origin);

// Reads and parses the file at `path`.
Result<Config> LoadConfig(const std::string& path);

}  // namespace bramble
