// Read-only requests: jobs, nodes and partitions, configuration, sdiag's
// counters (whose reset is the one change here, in memory). Answers are
// built from memory; nothing here touches the store.

#include <algorithm>

#include "common/duration.h"
#include "controller/controller.h"
#include "controller/jobs_reply.h"
#include "net/frame.h"

namespace bramble::controller {

net::Reply Controller::QueryJobs(const proto::QueryJobs& request) {
  JobsReplyWriter writer;
  auto add = [&](const proto::JobRecord& job) {
    // Records in memory carry no script or environment (store.h JobInput).
    auto reserved = last_reservations_.find(job.job_id());
    if (reserved == last_reservations_.end() || job.state() != proto::PENDING) {
      writer.Add(job);
      return;
    }
    proto::JobRecord shown = job;  // with the start the last pass expects for it
    shown.set_expected_start(reserved->second.first);
    shown.set_scheduled_nodes(reserved->second.second);
    writer.Add(shown);
  };
  std::set<uint32_t> wanted(request.job_ids().begin(), request.job_ids().end());
  // An array's id names all of its tasks, as in Slurm.
  auto shown = [&wanted](uint32_t id, uint32_t array_job_id) {
    return wanted.empty() || wanted.count(id) || (array_job_id != 0 && wanted.count(array_job_id));
  };
  auto add_active = [&](const proto::JobRecord& job) {
    if (shown(job.job_id(), job.array_job_id())) add(job);
  };
  if (request.unfinished_only()) {
    for (const proto::JobRecord* job : jobs_.active()) add_active(*job);
  } else {
    // Finished jobs go as the bytes they are kept as.
    jobs_.Visit(add_active, [&](uint32_t id, const FinishedJob& job) {
      if (shown(id, job.array_job_id)) writer.AddSerialized(job.record);
    });
  }
  return net::Reply::Serialized(std::move(writer).Finish(Now()));
}

proto::NodeInfo Controller::DescribeNode(const NodeEntry& node) const {
  proto::NodeInfo info;
  info.set_name(node.config.name);
  std::string state;
  if (node.config.state == "FUTURE") state = "FUTURE";
  else if (node.down) state = "DOWN";
  else if (!node.registered) state = "UNKNOWN";
  else if (node.alloc_cpus == 0) state = "IDLE";
  else if (node.alloc_cpus >= node.config.cpus) state = "ALLOCATED";
  else state = "MIXED";
  info.set_state(state);
  info.set_drain(node.drain);
  info.set_not_responding(!node.registered && node.config.state != "FUTURE");
  info.set_cpus(node.config.cpus);
  info.set_alloc_cpus(node.alloc_cpus);
  info.set_real_memory_mb(node.config.real_memory_mb);
  info.set_alloc_memory_mb(node.alloc_memory_mb);
  for (const auto& f : node.config.features) info.add_features(f);
  info.set_reason(node.reason);
  info.set_reason_time(node.reason_time);
  if (!node.reason.empty()) {
    std::optional<std::string> user = users_.UserName(node.reason_uid, Now());
    info.set_reason_user(user ? *user : std::to_string(node.reason_uid));
  }
  info.set_addr(NodeAddress(node));
  info.set_hostname(node.config.hostname.empty() ? node.config.name : node.config.hostname);
  info.set_port(node.config.port ? node.config.port : config_.slurmd_port);
  for (const auto& p : config_.partitions) {
    if (std::find(p.nodes.begin(), p.nodes.end(), node.config.name) != p.nodes.end()) info.add_partitions(p.name);
  }
  info.set_boot_time(node.boot_time);
  info.set_last_heartbeat(node.last_heartbeat);
  info.set_version(node.version);
  return info;
}

proto::Response Controller::QueryNodes() {
  proto::Response response;
  auto* reply = response.mutable_nodes();
  reply->set_now(Now());
  for (const auto& name : node_order_) *reply->add_nodes() = DescribeNode(nodes_.at(name));
  for (const auto& p : config_.partitions) {
    proto::PartitionInfo* info = reply->add_partitions();
    info->set_name(p.name);
    for (const auto& n : p.nodes) info->add_nodes(n);
    info->set_is_default(config_.DefaultPartition() == &p);
    info->set_max_time_s(p.max_time_s);
    info->set_default_time_s(p.default_time_s);
    info->set_state(p.state);
  }
  return response;
}

proto::Response Controller::ShowConfig() {
  proto::Response response;
  auto* lines = response.mutable_config()->mutable_lines();
  auto add = [&](const std::string& key, const std::string& value) {
    char line[512];
    std::snprintf(line, sizeof line, "%-23s = %s", key.c_str(), value.c_str());
    lines->Add(line);
  };
  add("AuthType", "auth/bramble");
  add("ClusterName", config_.cluster_name);
  add("KillWait", std::to_string(config_.kill_wait_s) + " sec");
  add("MaxArraySize", std::to_string(config_.max_array_size));
  add("MinJobAge", std::to_string(config_.min_job_age_s) + " sec");
  add("MpiDefault", config_.mpi_default);
  add("ReturnToService", std::to_string(config_.return_to_service));
  add("SLURM_CONF", config_.path);
  add("SLURM_VERSION", "22.05.8");  // the Slurm release whose interface Bramble follows
  add("SlurmctldHost[0]", config_.controller_host);
  add("SlurmctldPort", std::to_string(config_.controller_port));
  add("SlurmdPort", std::to_string(config_.slurmd_port));
  add("SlurmdSpoolDir", config_.slurmd_spool_dir);
  add("SlurmdTimeout", std::to_string(config_.slurmd_timeout_s) + " sec");
  add("SlurmUser", config_.slurm_user);
  add("StateSaveLocation", config_.state_save_location);
  return response;
}

proto::Response Controller::Diagnostics(const net::CallContext& ctx, const proto::QueryDiagnostics& request) {
  if (request.reset()) {
    if (!IsOperator(ctx.credential.uid())) return net::ErrorResponse(Code::kPermissionDenied, "Access/permission denied");
    stats_ = proto::DiagnosticsReply();
    stats_.set_since(Now());
  }
  proto::Response response;
  proto::DiagnosticsReply* reply = response.mutable_diagnostics();
  *reply = stats_;
  reply->set_now(Now());
  for (const proto::JobRecord* job : jobs_.active()) {
    if (job->state() == proto::PENDING) reply->set_jobs_pending(reply->jobs_pending() + 1);
    if (job->state() == proto::RUNNING) reply->set_jobs_running(reply->jobs_running() + 1);
  }
  return response;
}

}  // namespace bramble::controller
