// The node daemon; see node_daemon.h.
#include "node/node_daemon.h"

#include <dirent.h>
#include <getopt.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <asio.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "auth/secret.h"
#include "auth/state_dir.h"
#include "auth/step_grant.h"
#include "cgroup/cgroup_files.h"
#include "cgroup/cpu_list.h"
#include "cgroup/step_cgroup.h"
#include "cgroup/node_cgroups.h"
#include "common/config.h"
#include "common/log.h"
#include "net/frame.h"
#include "proto/allocation.h"
#include "net/rpc_client.h"
#include "net/signing.h"
#include "node/job_launcher.h"
#include "node/local_jobs_socket.h"
#include "stepd/job_dir.h"

namespace bramble::node {
namespace {

constexpr auto kScanInterval = std::chrono::milliseconds(500);
constexpr auto kCallDeadline = std::chrono::seconds(10);
const char* kVersion = "0.1.0";

// The spool file that keeps a job's CPU slots across a daemon restart
// ("cpus<job id>", in cpuset-list format).
std::string CpuSlotsFile(const std::string& spool, uint32_t job_id) {
  return spool + "/cpus" + std::to_string(job_id);
}

struct TrackedJob {
  pid_t stepd_pid = 0;
  bool report_in_flight = false;
  uint32_t restart_count = 0;  // which run of the job this is (requeues)
  uint32_t uid = 0;            // the job's user, for pam_bramble's question
};

struct TrackedStep {
  pid_t stepd_pid = 0;
  uint32_t uid = 0;
};
using StepKey = std::pair<uint32_t, uint32_t>;  // job id, step id

// A job that holds this node (AllocateJob, or the batch host's LaunchJob):
// its extern step's cgroup, which pam_bramble adopts ssh sessions into.
// The cgroup is made when a session first arrives: most jobs never get one,
// and making and removing it (two groups in each v1 hierarchy)
// was most of the node daemon's own time per job, on the path of the job's
// start.
struct TrackedAllocation {
  uint32_t uid = 0;
  uint32_t restart_count = 0;
  proto::CgroupPlacement placement;  // the extern step's, once it is made
  cgroup::StepCgroup extern_step;    // none until a session is adopted
  std::chrono::steady_clock::time_point kill_at = std::chrono::steady_clock::time_point::max();  // once ending

  bool ending() const { return kill_at != std::chrono::steady_clock::time_point::max(); }
};

struct Options {
  std::string name;
  std::string config_path;
  std::string log_file;
};

class NodeDaemon {
 public:
  NodeDaemon(Config config, std::string name, std::string secret, std::string self_exe)
      : config_(std::move(config)),
        name_(std::move(name)),
        secret_(std::move(secret)),
        self_exe_(std::move(self_exe)),
        scan_timer_(io_),
        heartbeat_timer_(io_),
        signals_(io_, SIGCHLD, SIGTERM, SIGINT) {}

  Status Start();
  void Run() { io_.run(); }

 private:
  proto::Response Handle(const net::CallContext& ctx, const proto::Request& request);
  proto::Response HandleLaunch(const proto::LaunchJob& launch);
  proto::Response HandleLaunchStep(const net::CallContext& ctx, const proto::LaunchStep& launch);
  proto::Response HandleSignal(const proto::SignalJob& request);
  proto::Response HandleTerminate(uint32_t job_id, uint32_t kill_wait_s);
  proto::Response HandleAllocate(const proto::AllocateJob& allocate);
  // Records the allocation (spool file alloc<N>, for a restarted daemon);
  // its extern step is made on the first adopted session, or at once with
  // `make_extern_step` (a restarted daemon re-attaching to one that may hold
  // sessions). A second call for the same job changes nothing.
  void Allocate(const proto::AllocateJob& allocate, bool make_extern_step = false);
  // Makes the allocation's extern step's cgroup if it is not made yet.
  Status MakeExternStep(uint32_t job_id, TrackedAllocation& allocation);
  // SIGTERM to the extern step now, SIGKILL and removal after kill_wait
  // (ScanJobs), as for the job's other steps.
  void EndAllocation(uint32_t job_id, uint32_t kill_wait_s);
  // pam_bramble's adopt: moves `pid` into the extern step of uid's newest
  // job here; returns that job's id.
  Result<uint32_t> AdoptSession(uint32_t uid, uint32_t pid);
  Status WriteJobHostsFile();
  void AdoptExistingJobs();
  void ScanJobs();
  void ReportResult(uint32_t job_id, proto::JobComplete result);
  // Reads what ran in the allocation's extern step, then removes it; the
  // usage, if any, goes to the controller (SendExternReports).
  void FinishAllocation(uint32_t job_id, const TrackedAllocation& allocation);
  // Sends the extern steps' usage not yet delivered (one call in flight).
  void SendExternReports();
  void Beat();
  void WaitSignals();
  std::vector<uint32_t> RunningJobIds() const;
  std::vector<uint32_t> JobsOfUser(uint32_t uid) const;
  // Runs `request` against the controller on the worker thread; `done` runs
  // back on the event loop with the outcome.
  void CallController(proto::Request request, std::function<void(Result<proto::Response>)> done);
  // The job's cgroup placement here: its memory and the CPUs it holds on
  // this node (`index` in the job's node list).
  proto::CgroupPlacement CgroupFor(uint32_t job_id, int64_t memory_mb, const google::protobuf::RepeatedField<uint32_t>& cpus_per_node,
                                   const google::protobuf::RepeatedPtrField<std::string>& nodes);
  // Gives back the job's CPUs once neither its batch script nor a step runs here.
  void ReleaseCpusIfDone(uint32_t job_id);

  Config config_;
  std::string name_;
  std::string secret_;
  std::string self_exe_;
  std::string spool_;
  const NodeConfig* node_config_ = nullptr;
  asio::io_context io_;
  asio::thread_pool worker_{1};
  asio::steady_timer scan_timer_;
  asio::steady_timer heartbeat_timer_;
  asio::signal_set signals_;
  std::unique_ptr<net::RpcServer> server_;
  std::unique_ptr<net::RpcServer> signer_;
  std::unique_ptr<net::RpcServer> local_jobs_;
  std::map<uint32_t, TrackedJob> jobs_;
  std::map<StepKey, TrackedStep> steps_;
  std::map<uint32_t, TrackedAllocation> allocations_;
  std::map<uint32_t, proto::ExternStepEnd> extern_reports_;  // by job id, until the controller has them
  bool extern_report_in_flight_ = false;
  cgroup::NodeCgroups cgroups_;
  std::unique_ptr<cgroup::CpuSlots> cpu_slots_;
  bool registered_ = false;
  bool beat_in_flight_ = false;
  std::string last_refusal_;  // the last registration failure logged
  int64_t boot_time_ = ::time(nullptr);
};

// SlurmdSpoolDir and NodeSocket with %n replaced by the node's name.
std::string ExpandNodeName(const std::string& pattern, const std::string& node) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '%' && i + 1 < pattern.size() && pattern[i + 1] == 'n') {
      out += node;
      ++i;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

Status NodeDaemon::Start() {
  node_config_ = config_.FindNode(name_);
  if (node_config_ == nullptr) return NotFound("node " + name_ + " is not in " + config_.path);
  spool_ = ExpandNodeName(config_.slurmd_spool_dir, name_);
  // What it finds there after a restart it acts on as root (adopting
  // stepds by their pid files, signalling process groups): nobody else may
  // have written it.
  Result<std::string> spool_warning = auth::SecureDaemonDir(spool_, 0755, "spool");
  if (!spool_warning) return spool_warning.status();
  if (!spool_warning->empty()) spdlog::warn("node {}: {}", name_, *spool_warning);
  if (config_.job_hostname_is_node) BRAMBLE_RETURN_IF_ERROR(WriteJobHostsFile());
  cgroups_ = cgroup::SetUpNodeCgroups(config_.cgroup, name_, spool_);
  for (const std::string& warning : cgroups_.warnings) spdlog::warn("node {}: {}", name_, warning);
  if (cgroups_.enabled()) spdlog::info("node {}: {}", name_, cgroups_.Describe());
  else spdlog::warn("node {}: {}", name_, cgroups_.Describe());
  cpu_slots_ = std::make_unique<cgroup::CpuSlots>(node_config_->cpus, cgroups_.usable_cpus);
  auto replay = std::make_shared<auth::ReplayCache>();
  server_ = std::make_unique<net::RpcServer>(
      io_, "node " + name_, net::CredentialAuthenticator(secret_, replay),
      [this](const net::CallContext& ctx, const proto::Request& r) { return Handle(ctx, r); });
  std::string addr = node_config_->addr.empty() ? "127.0.0.1" : node_config_->addr;
  uint16_t port = static_cast<uint16_t>(node_config_->port ? node_config_->port : config_.slurmd_port);
  BRAMBLE_RETURN_IF_ERROR(server_->ListenTcp(addr, port));
  // Serve the credential socket unless another daemon on this host already does.
  proto::Request probe;
  probe.mutable_ping();
  if (!net::CallUnix(config_.auth_socket, net::SealEnvelope(probe.SerializeAsString(), nullptr),
                     std::chrono::seconds(2))) {
    auto signer = net::ServeSigner(io_, config_.auth_socket, secret_);
    if (signer) signer_ = std::move(*signer);
    else spdlog::warn("not serving credentials at {}: {}", config_.auth_socket, signer.error().message());
  }
  // Without it pam_bramble denies every user but root (fail closed); jobs still run.
  std::string node_socket = ExpandNodeName(config_.node_socket, name_);
  auto local_jobs = ServeLocalJobs(
      io_, node_socket, [this](uint32_t uid) { return JobsOfUser(uid); },
      [this](uint32_t uid, uint32_t pid) { return AdoptSession(uid, pid); });
  if (local_jobs) local_jobs_ = std::move(*local_jobs);
  else spdlog::warn("not serving pam_bramble at {}: {}", node_socket, local_jobs.error().message());
  AdoptExistingJobs();
  WaitSignals();
  ScanJobs();
  Beat();
  spdlog::info("node {} listening on {}:{}, spool {}", name_, addr, port, spool_);
  return Status::Ok();
}

// With JobHostname=node, jobs run under their node's name; this hosts file
// (bind-mounted on /etc/hosts for them) makes every node name resolve, each
// to its own loopback address, as separate hosts would (MPICH's Hydra
// connects back to mpiexec by host name).
Status NodeDaemon::WriteJobHostsFile() {
  auto system = stepd::ReadWholeFile("/etc/hosts");
  std::string text = system ? *system : "127.0.0.1 localhost\n";
  if (!text.empty() && text.back() != '\n') text += '\n';
  text += "# Bramble: the nodes of " + config_.cluster_name + "\n";
  for (size_t i = 0; i < config_.nodes.size(); ++i) {
    size_t n = i + 1;
    text += "127." + std::to_string(1 + n / 65536) + "." + std::to_string(n / 256 % 256) + "." +
            std::to_string(n % 256) + " " + config_.nodes[i].name + "\n";
  }
  return stepd::WriteFileAtomic(stepd::JobDir::HostsFile(spool_), text, 0644);
}

void NodeDaemon::WaitSignals() {
  signals_.async_wait([this](asio::error_code ec, int sig) {
    if (ec) return;
    if (sig == SIGTERM || sig == SIGINT) {
      spdlog::info("node {} stopping on signal {}; running jobs keep running", name_, sig);
      cgroups_.RemoveRootIfEmpty();
      io_.stop();
      return;
    }
    while (::waitpid(-1, nullptr, WNOHANG) > 0) {
    }
    ScanJobs();
    WaitSignals();
  });
}

void NodeDaemon::AdoptExistingJobs() {
  std::error_code ec;
  // The CPU slots jobs held before a restart, so new jobs get other ones.
  std::vector<uint32_t> held_slots;
  for (const auto& entry : std::filesystem::directory_iterator(spool_, ec)) {
    unsigned job_id = 0;
    std::string base = entry.path().filename().string();
    if (entry.is_directory() || std::sscanf(base.c_str(), "cpus%u", &job_id) != 1) continue;  // CpuSlotsFile
    std::vector<uint32_t> slots;
    if (auto text = stepd::ReadWholeFile(entry.path().string())) {
      if (auto listed = cgroup::ParseCpuList(*text)) slots.assign(listed->begin(), listed->end());
    }
    cpu_slots_->Hold(job_id, slots);
    held_slots.push_back(job_id);
  }
  for (const auto& entry : std::filesystem::directory_iterator(spool_, ec)) {
    std::string base = entry.path().filename().string();
    if (base.rfind("job", 0) != 0 || !entry.is_directory()) continue;
    uint32_t id = static_cast<uint32_t>(std::strtoul(base.c_str() + 3, nullptr, 10));
    if (id == 0) continue;
    TrackedJob job;
    if (auto pid = stepd::ReadWholeFile(stepd::JobDir::For(spool_, id).stepd_pid())) {
      job.stepd_pid = static_cast<pid_t>(std::atoi(pid->c_str()));
    }
    proto::LaunchJob launch;
    if (auto text = stepd::ReadWholeFile(stepd::JobDir::For(spool_, id).launch()); text && launch.ParseFromString(*text)) {
      job.restart_count = launch.job().restart_count();
      job.uid = launch.job().uid();
    }
    jobs_[id] = job;
    spdlog::info("re-adopted job {} (stepd pid {})", id, job.stepd_pid);
  }
  for (const auto& entry : std::filesystem::directory_iterator(spool_, ec)) {
    std::string base = entry.path().filename().string();
    unsigned job_id = 0, step_id = 0;
    if (!entry.is_directory() || std::sscanf(base.c_str(), "step%u.%u", &job_id, &step_id) != 2) continue;
    TrackedStep step;
    if (auto pid = stepd::ReadWholeFile(entry.path().string() + "/stepd.pid")) {
      step.stepd_pid = static_cast<pid_t>(std::atoi(pid->c_str()));
    }
    // Written by this daemon (root, 0600) after the grant was verified.
    proto::LaunchStep launch;
    proto::StepLayout layout;
    if (auto text = stepd::ReadWholeFile(stepd::JobDir::ForStep(spool_, job_id, step_id).launch_step());
        text && launch.ParseFromString(*text) && layout.ParseFromString(launch.grant().layout())) {
      step.uid = layout.uid();
    }
    steps_[{job_id, step_id}] = step;
    spdlog::info("re-adopted step {}.{} (stepd pid {})", job_id, step_id, step.stepd_pid);
  }
  for (const auto& entry : std::filesystem::directory_iterator(spool_, ec)) {
    std::string base = entry.path().filename().string();
    unsigned job_id = 0;
    if (entry.is_directory() || std::sscanf(base.c_str(), "alloc%u", &job_id) != 1) continue;
    proto::AllocateJob allocate;
    if (auto text = stepd::ReadWholeFile(entry.path().string()); text && allocate.ParseFromString(*text)) {
      Allocate(allocate, /*make_extern_step=*/true);  // it may hold sessions from before
      spdlog::info("re-adopted the allocation of job {}", job_id);
    }
  }
  for (uint32_t job_id : held_slots) ReleaseCpusIfDone(job_id);  // jobs that ended while the daemon was away
}

proto::Response NodeDaemon::Handle(const net::CallContext& ctx, const proto::Request& request) {
  // srun launches its steps itself, with the controller's signed grant.
  if (request.kind_case() == proto::Request::kLaunchStep) return HandleLaunchStep(ctx, request.launch_step());
  if (ctx.credential.node_name() != "slurmctld") {
    spdlog::warn("refused request {} from {} (uid {}, signer '{}'): only the controller may send it",
                 static_cast<int>(request.kind_case()), ctx.peer, ctx.credential.uid(), ctx.credential.node_name());
    return net::ErrorResponse(Code::kPermissionDenied, "only the controller may send this");
  }
  switch (request.kind_case()) {
    case proto::Request::kLaunchJob: return HandleLaunch(request.launch_job());
    case proto::Request::kSignalJob: return HandleSignal(request.signal_job());
    case proto::Request::kTerminateJob:
      return HandleTerminate(request.terminate_job().job_id(), request.terminate_job().kill_wait_s());
    case proto::Request::kAllocateJob: return HandleAllocate(request.allocate_job());
    case proto::Request::kPing: return proto::Response();
    default: return net::ErrorResponse(Code::kInvalidArgument, "not a node request");
  }
}

proto::Response NodeDaemon::HandleLaunch(const proto::LaunchJob& launch) {
  uint32_t id = launch.job().job_id();
  auto held = jobs_.find(id);
  if (held != jobs_.end()) {
    if (held->second.restart_count == launch.job().restart_count()) return proto::Response();  // a retried launch
    // A requeued job whose previous run here has not ended yet.
    return net::ErrorResponse(Code::kUnavailable, "job " + std::to_string(id) + " is still ending on " + name_);
  }
  proto::LaunchJob local = launch;
  local.set_node_hostname(config_.job_hostname_is_node);
  *local.mutable_cgroup() =
      CgroupFor(id, launch.job().mem_per_node_mb(), launch.job().cpus_per_node(), launch.job().nodes());
  auto pid = LaunchStepd(local, spool_, name_, self_exe_);
  if (!pid) {
    spdlog::error("launch of job {} failed: {}", id, pid.error().message());
    return net::ErrorResponse(Code::kInternal, "launch failed: " + pid.error().message());
  }
  jobs_[id] = TrackedJob{*pid, false, launch.job().restart_count(), launch.job().uid()};
  spdlog::info("job {} started, stepd pid {}", id, *pid);
  Allocate(AllocationOf(launch.job()));
  return proto::Response();
}

proto::Response NodeDaemon::HandleLaunchStep(const net::CallContext& ctx, const proto::LaunchStep& launch) {
  auto layout = auth::VerifyStepGrant(secret_, launch.grant(), ::time(nullptr));
  if (!layout) {
    spdlog::warn("refused a step launch from {} (uid {}): {}", ctx.peer, ctx.credential.uid(),
                 layout.error().message());
    return net::ErrorResponse(Code::kUnauthenticated, layout.error().message());
  }
  if (ctx.credential.uid() != 0 && ctx.credential.uid() != layout->uid()) {
    spdlog::warn("uid {} tried to launch step {}.{} of uid {}", ctx.credential.uid(), layout->job_id(),
                 layout->step_id(), layout->uid());
    return net::ErrorResponse(Code::kPermissionDenied, "Access/permission denied");
  }
  if (std::find(layout->nodes().begin(), layout->nodes().end(), name_) == layout->nodes().end()) {
    return net::ErrorResponse(Code::kInvalidArgument, "node " + name_ + " is not in this step");
  }
  StepKey key{layout->job_id(), layout->step_id()};
  if (steps_.count(key)) return proto::Response();  // a retried launch: already running
  proto::LaunchStep local = launch;
  local.set_node_hostname(config_.job_hostname_is_node);  // the node's policy, not srun's
  *local.mutable_cgroup() =  // the node's, whatever srun sent
      CgroupFor(layout->job_id(), layout->mem_per_node_mb(), layout->job_cpus_per_node(), layout->job_nodes());
  auto pid = LaunchStepStepd(local, *layout, spool_, name_, self_exe_);
  if (!pid) {
    spdlog::error("launch of step {}.{} failed: {}", key.first, key.second, pid.error().message());
    return net::ErrorResponse(Code::kInternal, "launch failed: " + pid.error().message());
  }
  steps_[key] = TrackedStep{*pid, layout->uid()};
  spdlog::info("step {}.{} started, stepd pid {}", key.first, key.second, *pid);
  return proto::Response();
}

// Delivers a signal to the batch script's process group (unless
// steps_only) and to every task of the job's steps here (unless batch_only).
proto::Response NodeDaemon::HandleSignal(const proto::SignalJob& request) {
  std::vector<pid_t> groups;
  if (jobs_.count(request.job_id()) && !request.steps_only()) {
    if (auto pgid = stepd::ReadWholeFile(stepd::JobDir::For(spool_, request.job_id()).pgid())) {
      groups.push_back(static_cast<pid_t>(std::atoi(pgid->c_str())));
    }
  }
  if (!request.batch_only()) {
    for (const auto& [key, step] : steps_) {
      if (key.first != request.job_id()) continue;
      auto pgids = stepd::ReadWholeFile(stepd::JobDir::ForStep(spool_, key.first, key.second).pgids());
      if (!pgids) continue;
      std::istringstream lines(*pgids);
      for (pid_t pgid; lines >> pgid;) groups.push_back(pgid);
    }
  }
  bool delivered = false;
  for (pid_t group : groups) delivered = (group > 1 && ::kill(-group, request.signal()) == 0) || delivered;
  if (!delivered) return net::ErrorResponse(Code::kNotFound, "Job/step already completing or completed");
  return proto::Response();
}

// Asks the batch stepd and every step stepd of the job to end their
// processes (SIGCONT+SIGTERM, SIGKILL after KillWait).
proto::Response NodeDaemon::HandleTerminate(uint32_t job_id, uint32_t kill_wait_s) {
  EndAllocation(job_id, kill_wait_s);
  auto it = jobs_.find(job_id);
  if (it != jobs_.end() && it->second.stepd_pid > 1) ::kill(it->second.stepd_pid, SIGTERM);
  for (const auto& [key, step] : steps_) {
    if (key.first == job_id && step.stepd_pid > 1) ::kill(step.stepd_pid, SIGTERM);
  }
  return proto::Response();
}

// Finds finished jobs (a result file, or a stepd that died without one).
void NodeDaemon::ScanJobs() {
  for (auto& [id, job] : jobs_) {
    if (job.report_in_flight) continue;
    stepd::JobDir dir = stepd::JobDir::For(spool_, id);
    auto data = stepd::ReadWholeFile(dir.result());
    proto::JobComplete result;
    if (data && result.ParseFromString(*data)) {
      ReportResult(id, result);
      continue;
    }
    bool alive = job.stepd_pid > 1 && (::kill(job.stepd_pid, 0) == 0 || errno == EPERM);
    if (!alive && !stepd::ReadWholeFile(dir.result())) {
      result.set_job_id(id);
      result.set_node(name_);
      result.set_exit_code(1);
      result.set_launch_failed(job.stepd_pid <= 1);
      result.set_message("step supervisor died");
      stepd::WriteFileAtomic(dir.result(), result.SerializeAsString(), 0600);
      ReportResult(id, result);
    }
  }
  // A step's stepd reports to srun; once it is gone only its directory is left.
  for (auto it = steps_.begin(); it != steps_.end();) {
    pid_t pid = it->second.stepd_pid;
    if (pid > 1 && (::kill(pid, 0) == 0 || errno == EPERM)) {
      ++it;
      continue;
    }
    RemoveJobDir(stepd::JobDir::ForStep(spool_, it->first.first, it->first.second).path);
    spdlog::info("step {}.{} ended", it->first.first, it->first.second);
    uint32_t job_id = it->first.first;
    it = steps_.erase(it);
    ReleaseCpusIfDone(job_id);
  }
  auto now = std::chrono::steady_clock::now();
  for (auto it = allocations_.begin(); it != allocations_.end();) {
    // An ending allocation whose extern step is already empty need not wait out KillWait.
    bool done = now >= it->second.kill_at || (it->second.ending() && it->second.extern_step.Pids().empty());
    if (!done) {
      ++it;
      continue;
    }
    uint32_t job_id = it->first;
    FinishAllocation(job_id, it->second);
    it = allocations_.erase(it);
    ReleaseCpusIfDone(job_id);
  }
  SendExternReports();
  scan_timer_.expires_after(kScanInterval);
  scan_timer_.async_wait([this](asio::error_code ec) {
    if (!ec) ScanJobs();
  });
}

proto::CgroupPlacement NodeDaemon::CgroupFor(uint32_t job_id, int64_t memory_mb,
                                             const google::protobuf::RepeatedField<uint32_t>& cpus_per_node,
                                             const google::protobuf::RepeatedPtrField<std::string>& nodes) {
  uint32_t cpus = 1;
  for (int i = 0; i < nodes.size() && i < cpus_per_node.size(); ++i) {
    if (nodes.Get(i) == name_) cpus = cpus_per_node.Get(i);
  }
  std::string cpu_list = cpu_slots_->Take(job_id, cpus);
  // Kept in the spool while the job holds them, for a restart (AdoptExistingJobs).
  std::string file = CpuSlotsFile(spool_, job_id);
  if (!std::filesystem::exists(file)) {
    std::vector<uint32_t> slots = cpu_slots_->SlotsOf(job_id);
    Status written = stepd::WriteFileAtomic(file, cgroup::FormatCpuList({slots.begin(), slots.end()}), 0600);
    if (!written.ok()) spdlog::warn("job {}: {}", job_id, written.message());
  }
  return cgroups_.Placement(memory_mb, cpu_list);
}

void NodeDaemon::ReleaseCpusIfDone(uint32_t job_id) {
  if (jobs_.count(job_id) || allocations_.count(job_id)) return;
  auto step = steps_.lower_bound(StepKey{job_id, 0});
  if (step != steps_.end() && step->first.first == job_id) return;
  cpu_slots_->Release(job_id);
  ::unlink(CpuSlotsFile(spool_, job_id).c_str());
}

proto::Response NodeDaemon::HandleAllocate(const proto::AllocateJob& allocate) {
  Allocate(allocate);
  return proto::Response();
}

void NodeDaemon::Allocate(const proto::AllocateJob& allocate, bool make_extern_step) {
  uint32_t id = allocate.job_id();
  if (allocations_.count(id)) return;
  std::string file = spool_ + "/alloc" + std::to_string(id);
  Status written = stepd::WriteFileAtomic(file, allocate.SerializeAsString(), 0600);
  if (!written.ok()) spdlog::warn("job {}: cannot record its allocation: {}", id, written.message());
  TrackedAllocation& allocation = allocations_[id];
  allocation.uid = allocate.uid();
  allocation.restart_count = allocate.restart_count();
  allocation.placement = CgroupFor(id, allocate.mem_per_node_mb(), allocate.cpus_per_node(), allocate.nodes());
  // Now, while srun is still on its way: a step's stepd then makes only its own group.
  Status grouped = cgroup::StepCgroup::CreateJobGroups(allocation.placement, id);
  if (!grouped.ok()) spdlog::warn("job {}: no cgroup yet (its first step makes it): {}", id, grouped.message());
  if (make_extern_step) {
    Status made = MakeExternStep(id, allocation);
    if (!made.ok()) spdlog::warn("job {}: no extern step cgroup: {}", id, made.message());
  }
  spdlog::info("job {} holds this node", id);
}

Status NodeDaemon::MakeExternStep(uint32_t job_id, TrackedAllocation& allocation) {
  if (allocation.extern_step.enabled()) return Status::Ok();
  auto extern_step = cgroup::StepCgroup::Create(allocation.placement, job_id, "extern",
                                                 cgroup::StepCgroup::CpuCount::kByCgroup);
  if (!extern_step) return extern_step.status();
  allocation.extern_step = std::move(*extern_step);
  return Status::Ok();
}

void NodeDaemon::EndAllocation(uint32_t job_id, uint32_t kill_wait_s) {
  auto it = allocations_.find(job_id);
  if (it == allocations_.end() || it->second.ending()) return;
  it->second.extern_step.Signal(SIGCONT);
  it->second.extern_step.Signal(SIGTERM);
  it->second.kill_at = std::chrono::steady_clock::now() + std::chrono::seconds(kill_wait_s);
}

void NodeDaemon::FinishAllocation(uint32_t job_id, const TrackedAllocation& allocation) {
  allocation.extern_step.KillAll();
  // The counters outlive the processes (ended sessions included) until the group goes.
  cgroup::StepCgroup::CpuTimes cpu = allocation.extern_step.CpuUsed();
  int64_t peak = allocation.extern_step.PeakMemoryBytes();
  allocation.extern_step.Remove();
  cgroup::StepCgroup::RemoveJobGroups(allocation.placement, job_id);  // when no step did
  ::unlink((spool_ + "/alloc" + std::to_string(job_id)).c_str());
  if (cpu.user_us == 0 && cpu.system_us == 0 && peak == 0) return;  // nothing ran in it: nothing to add
  // A bounded backlog: the controller may be away for long.
  constexpr size_t kMaxUndelivered = 10000;
  if (extern_reports_.size() >= kMaxUndelivered) {
    spdlog::warn("job {}: extern step usage dropped: {} reports not yet delivered", job_id, extern_reports_.size());
    return;
  }
  proto::ExternStepEnd& report = extern_reports_[job_id];
  report.set_job_id(job_id);
  report.set_restart_count(allocation.restart_count);
  report.set_user_cpu_us(cpu.user_us);
  report.set_system_cpu_us(cpu.system_us);
  report.set_max_rss_kb(peak / 1024);
}

void NodeDaemon::SendExternReports() {
  if (extern_report_in_flight_ || extern_reports_.empty() || !registered_) return;
  extern_report_in_flight_ = true;
  proto::Request request;
  *request.mutable_extern_step_end() = extern_reports_.begin()->second;
  uint32_t job_id = extern_reports_.begin()->first;
  CallController(request, [this, job_id](Result<proto::Response> response) {
    extern_report_in_flight_ = false;
    // Unreachable, or it could not save: the next scan retries.
    if (!response || response->code() == static_cast<int32_t>(Code::kUnavailable)) return;
    // Delivered, or refused for good (a refusal is not going to change).
    if (response->code() != 0) spdlog::warn("job {}: extern step usage refused: {}", job_id, response->error());
    extern_reports_.erase(job_id);
    SendExternReports();
  });
}

Result<uint32_t> NodeDaemon::AdoptSession(uint32_t uid, uint32_t pid) {
  TrackedAllocation* newest = nullptr;
  uint32_t newest_id = 0;
  for (auto& [id, allocation] : allocations_) {
    if (allocation.uid != uid || allocation.ending()) continue;
    newest = &allocation;
    newest_id = id;
  }
  if (newest == nullptr) return NotFound("no job of uid " + std::to_string(uid) + " holds this node");
  Status made = MakeExternStep(newest_id, *newest);
  if (!made.ok()) spdlog::warn("job {}: no extern step cgroup to adopt into: {}", newest_id, made.message());
  if (!newest->extern_step.enabled()) return Unavailable("this node has no cgroups to adopt into");
  for (const std::string& procs : newest->extern_step.procs_files()) {
    Status moved = cgroup::WriteValue(procs, std::to_string(pid));
    if (!moved.ok()) return moved;
  }
  spdlog::info("adopted process {} of uid {} into job {}", pid, uid, newest_id);
  return newest_id;
}

void NodeDaemon::ReportResult(uint32_t job_id, proto::JobComplete result) {
  jobs_[job_id].report_in_flight = true;
  result.set_restart_count(jobs_[job_id].restart_count);
  proto::Request request;
  *request.mutable_job_complete() = result;
  CallController(request, [this, job_id](Result<proto::Response> response) {
    auto it = jobs_.find(job_id);
    if (it == jobs_.end()) return;
    if (response && response->code() == 0) {
      RemoveJobDir(stepd::JobDir::For(spool_, job_id).path);
      jobs_.erase(it);
      ReleaseCpusIfDone(job_id);
      spdlog::info("job {} result delivered", job_id);
      return;
    }
    it->second.report_in_flight = false;  // the next scan retries
  });
}

std::vector<uint32_t> NodeDaemon::RunningJobIds() const {
  std::set<uint32_t> ids;
  for (const auto& [id, job] : jobs_) ids.insert(id);
  for (const auto& [key, step] : steps_) ids.insert(key.first);
  for (const auto& [id, allocation] : allocations_) ids.insert(id);
  return {ids.begin(), ids.end()};
}

// A batch job counts until its script has ended (its result is written); a
// step until its stepd is gone.
std::vector<uint32_t> NodeDaemon::JobsOfUser(uint32_t uid) const {
  std::set<uint32_t> ids;
  for (const auto& [id, job] : jobs_) {
    if (job.uid == uid && ::access(stepd::JobDir::For(spool_, id).result().c_str(), F_OK) != 0) ids.insert(id);
  }
  for (const auto& [key, step] : steps_) {
    if (step.uid == uid) ids.insert(key.first);
  }
  for (const auto& [id, allocation] : allocations_) {
    // An allocation counts from AllocateJob until TerminateJob, with or without a step here.
    if (allocation.uid == uid && !allocation.ending()) ids.insert(id);
  }
  return {ids.begin(), ids.end()};
}

void NodeDaemon::Beat() {
  if (!beat_in_flight_) {
    beat_in_flight_ = true;
    proto::Request request;
    if (!registered_) {
      auto* r = request.mutable_register_node();
      r->set_name(name_);
      r->set_cpus(node_config_->cpus);
      r->set_real_memory_mb(node_config_->real_memory_mb);
      r->set_boot_time(boot_time_);
      r->set_version(kVersion);
      for (uint32_t id : RunningJobIds()) r->add_running_jobs(id);
    } else {
      request.mutable_heartbeat()->set_name(name_);
      for (uint32_t id : RunningJobIds()) request.mutable_heartbeat()->add_running_jobs(id);
    }
    bool registering = !registered_;
    CallController(request, [this, registering](Result<proto::Response> response) {
      beat_in_flight_ = false;
      bool ok = response && response->code() == 0;
      if (registering && ok) spdlog::info("registered with the controller");
      if (!ok && registered_) spdlog::warn("controller did not take the heartbeat; registering again");
      if (registering && !ok) {
        // Said once per distinct reason: a node with the wrong secret retries every second.
        std::string why = response ? response->error() : response.error().message();
        if (why != last_refusal_) spdlog::error("registration with the controller failed: {}", why);
        last_refusal_ = why;
      }
      if (ok) last_refusal_.clear();
      registered_ = ok;
    });
  }
  // Beat often enough that a healthy node is never near SlurmdTimeout.
  auto interval = std::chrono::seconds(std::clamp<uint32_t>(config_.slurmd_timeout_s / 4, 1, 30));
  if (!registered_) interval = std::chrono::seconds(1);
  heartbeat_timer_.expires_after(interval);
  heartbeat_timer_.async_wait([this](asio::error_code ec) {
    if (!ec) Beat();
  });
}

void NodeDaemon::CallController(proto::Request request, std::function<void(Result<proto::Response>)> done) {
  std::string host = config_.controller_addr.empty() ? config_.controller_host : config_.controller_addr;
  uint16_t port = static_cast<uint16_t>(config_.controller_port);
  std::string envelope = net::SealSignedRequest(request, secret_, name_);
  asio::post(worker_, [this, host, port, envelope = std::move(envelope), done = std::move(done)]() mutable {
    auto response = net::CallTcp(host, port, envelope, kCallDeadline);
    asio::post(io_, [done = std::move(done), response = std::move(response)]() mutable { done(std::move(response)); });
  });
}

Result<Options> ParseOptions(int argc, char** argv) {
  Options options;
  static const struct option kLong[] = {{"name", required_argument, nullptr, 'N'},
                                        {"config", required_argument, nullptr, 'f'},
                                        {"log", required_argument, nullptr, 'L'},
                                        {nullptr, 0, nullptr, 0}};
  optind = 1;
  int c;
  while ((c = getopt_long(argc, argv, "N:f:L:D", kLong, nullptr)) != -1) {
    switch (c) {
      case 'N': options.name = optarg; break;
      case 'f': options.config_path = optarg; break;
      case 'L': options.log_file = optarg; break;
      case 'D': break;  // foreground: the only mode; `bramble up` backgrounds daemons
      default: return InvalidArgument("usage: bramble node [-N name] [-f slurm.conf] [-L logfile]");
    }
  }
  return options;
}

}  // namespace

int NodeMain(int argc, char** argv) {
  auto options = ParseOptions(argc, argv);
  if (!options) {
    std::fprintf(stderr, "%s\n", options.error().message().c_str());
    return 1;
  }
  if (options->config_path.empty()) {
    const char* env = std::getenv("SLURM_CONF");
    options->config_path = env ? env : "/etc/bramble/slurm.conf";
  }
  if (options->name.empty()) {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    options->name = std::string(host).substr(0, std::string(host).find('.'));
  }
  InitLogging("node " + options->name, options->log_file, "info");
  auto config = LoadConfig(options->config_path);
  if (!config) {
    spdlog::error("{}", config.error().message());
    std::fprintf(stderr, "bramble node: %s\n", config.error().message().c_str());
    return 1;
  }
  for (const auto& warning : config->warnings) spdlog::warn("{}", warning);
  std::string key_file = config->auth_key_file.empty() ? config->state_save_location + "/cluster.key" : config->auth_key_file;
  auto secret = auth::LoadSecret(key_file);
  if (!secret) {
    spdlog::error("{}", secret.error().message());
    std::fprintf(stderr, "bramble node: %s\n", secret.error().message().c_str());
    return 1;
  }
  std::error_code ec;
  std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  signal(SIGPIPE, SIG_IGN);
  NodeDaemon daemon(std::move(*config), options->name, std::move(*secret), self);
  Status started = daemon.Start();
  if (!started.ok()) {
    spdlog::error("{}", started.message());
    std::fprintf(stderr, "bramble node: %s\n", started.message().c_str());
    return 1;
  }
  daemon.Run();
  return 0;
}

}  // namespace bramble::node
