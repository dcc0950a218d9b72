// A job's directory in the node's spool: what the node daemon and the step
// supervisor (stepd) share, so a stepd outlives its node daemon and its
// result is picked up by the next one.
//
//   <spool>/job<N>/launch        proto::LaunchJob (root 0600), written by the node daemon
//   <spool>/job<N>/slurm_script  the batch script (the user's, 0500)
//   <spool>/job<N>/stepd.pid     the supervisor's pid
//   <spool>/job<N>/pgid          the job's process group (= session) id
//   <spool>/job<N>/result        proto::JobComplete, written last (atomic rename)
//
// A step of srun has its own directory, which the node daemon removes once
// the step's stepd is gone (steps report to srun, not to the controller):
//
//   <spool>/step<N>.<S>/launch_step  proto::LaunchStep (root 0600)
//   <spool>/step<N>.<S>/stepd.pid    the supervisor's pid
//   <spool>/step<N>.<S>/pgids        the tasks' process groups, one per line
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace bramble::stepd {

struct JobDir {
  std::string path;

  static JobDir For(const std::string& spool, uint32_t job_id) {
    return JobDir{spool + "/job" + std::to_string(job_id)};
  }
  static JobDir ForStep(const std::string& spool, uint32_t job_id, uint32_t step_id) {
    return JobDir{spool + "/step" + std::to_string(job_id) + "." + std::to_string(step_id)};
  }
  std::string launch_step() const { return path + "/launch_step"; }
  // JobHostname=node: the node's /etc/hosts for its jobs, naming every node.
  static std::string HostsFile(const std::string& spool) { return spool + "/hosts"; }
  std::string hosts_file() const { return HostsFile(path.substr(0, path.rfind('/'))); }
  std::string pgids() const { return path + "/pgids"; }
  std::string launch() const { return path + "/launch"; }
  std::string script() const { return path + "/slurm_script"; }
  std::string stepd_pid() const { return path + "/stepd.pid"; }
  std::string pgid() const { return path + "/pgid"; }
  std::string result() const { return path + "/result"; }
};

// Whole-file helpers. WriteFileAtomic writes path.tmp then renames it.
Result<std::string> ReadWholeFile(const std::string& path);
Status WriteFileAtomic(const std::string& path, const std::string& data, unsigned mode);

}  // namespace bramble::stepd
