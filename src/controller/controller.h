// The controller (slurmctld's job): owns the truth about jobs and nodes.
//
// One event-loop thread owns all state below; every change is committed to
// the store before anyone is told about it (a reply, a launch). Calls to
// node daemons run on a worker pool and post their outcome back to the loop.
// The scheduler (sched/) is called with a snapshot and never sees this class.
//
// Files, one per lifecycle verb: controller_main.cc (start-up), dispatch.cc
// (request table, authorization), submit.cc, queries.cc, cancel.cc,
// update.cc (its rules in job_update.h), node_events.cc (register,
// heartbeat, completion, node timeouts), scheduling.cc (passes and
// launches), time_limits.cc, accounting.cc (sacct's records).
#pragma once

#include <asio.hpp>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>

#include "auth/credential.h"
#include "common/config.h"
#include "controller/heap_trim.h"
#include "controller/job_table.h"
#include "controller/user_directory.h"
#include "net/rpc_server.h"
#include "proto/bramble.pb.h"
#include "proto/job_state.h"
#include "sched/dependency.h"
#include "sched/priority.h"
#include "sched/scheduler.h"
#include "store/store.h"

namespace bramble::controller {

// A node as the controller sees it: configuration, registration, admin state.
struct NodeEntry {
  NodeConfig config;
  bool registered = false;       // has registered since the controller started
  bool down = false;             // admin or failure DOWN (stored)
  bool drain = false;            // DRAIN (stored)
  bool down_by_failure = false;  // went DOWN for not responding (ReturnToService applies)
  std::string reason;
  int64_t reason_time = 0;
  uint32_t reason_uid = 0;
  int64_t last_heartbeat = 0;    // seconds; in memory only
  int64_t boot_time = 0;
  std::string version;
  uint32_t alloc_cpus = 0;       // derived from running jobs each pass
  int64_t alloc_memory_mb = 0;
};

class Controller {
 public:
  Controller(Config config, std::string secret, std::unique_ptr<store::Store> store);
  // Loads state, listens, arms timers. Fails if the port or store is unusable.
  Status Start();
  void Run();
  void Stop() { io_.stop(); }

 private:
  // dispatch.cc
  net::Reply Handle(const net::CallContext& ctx, const proto::Request& request);
  bool IsOperator(uint32_t uid) const;
  // submit.cc
  proto::Response Submit(const net::CallContext& ctx, const proto::SubmitJob& request);
  Status Validate(proto::JobRecord& job, const proto::JobSpec& spec);
  bool InGroups(const proto::JobRecord& job, const std::vector<std::string>& allowed) const;
  Status AttachDependency(proto::JobRecord& job);
  Result<std::vector<proto::JobRecord>> SubmittedRecords(const proto::JobRecord& job);
  // queries.cc
  // Serialized from the records in place (jobs_reply.h).
  net::Reply QueryJobs(const proto::QueryJobs& request);
  proto::Response QueryNodes();
  proto::Response ShowConfig();
  proto::NodeInfo DescribeNode(const NodeEntry& node) const;
  // cancel.cc
  proto::Response Cancel(const net::CallContext& ctx, const proto::CancelJobs& request);
  void BeginTermination(proto::JobRecord& job, proto::JobState end_state, const std::string& reason);
  // update.cc
  proto::Response UpdateJob(const net::CallContext& ctx, const proto::UpdateJob& request);
  proto::Response UpdateNode(const net::CallContext& ctx, const proto::UpdateNode& request);
  // node_events.cc
  proto::Response RegisterNode(const net::CallContext& ctx, const proto::RegisterNode& request);
  proto::Response Heartbeat(const net::CallContext& ctx, const proto::Heartbeat& request);
  proto::Response JobComplete(const net::CallContext& ctx, const proto::JobComplete& request);
  void CheckNodeTimeouts();
  // Puts an ended run back in the queue, counting a restart (scontrol
  // requeue, node failure); it may start again from `not_before` (Unix s).
  void Requeue(proto::JobRecord& job, int64_t not_before = 0);
  // The same without counting a restart (a launch the node could not take yet).
  void ReturnToQueue(proto::JobRecord& job, int64_t not_before);
  // A running job whose node `node` failed: requeued if it may be
  // (--requeue, or JobRequeue=1 without --no-requeue), else NODE_FAIL.
  void EndOnNodeFailure(proto::JobRecord& job, const std::string& node, const std::string& reason);
  void FailJobsOnNode(const std::string& node, std::vector<proto::JobRecord>& changed);
  // scheduling.cc
  // Asks for a pass: at once, or after a pause as long as kPassSpacing
  // times the last pass took (so that under a stream of events, such as
  // thousands of single releases, passes over a long queue take at most a
  // fraction of the loop's time).
  void RequestSchedule();
  // One pass now, timed for sdiag.
  void SchedulePass();
  // The pass itself; returns how many pending jobs it looked at.
  size_t ScheduleQueue();
  void RecomputeAllocations();
  void SendLaunch(const proto::JobRecord& job);
  // AllocateJob to the job's nodes that get no LaunchJob (all of an allocation's).
  void SendAllocation(const proto::JobRecord& job);
  proto::JobRecord StartedRecord(const sched::Placement& placement, const sched::Snapshot& snapshot,
                                 int64_t now) const;
  // priorities.cc
  void UpdateUsage(int64_t now);
  store::FairShareUsage UsageSnapshot() const;
  uint32_t SharesOf(const std::string& user) const;
  sched::PriorityWeights Weights() const;
  sched::PriorityFactors FactorsOf(const proto::JobRecord& job, int64_t now) const;
  uint32_t PriorityOf(const proto::JobRecord& job, int64_t now);
  proto::Response QueryPriority(const proto::QueryPriority& request);
  proto::Response QueryShares();
  // limits.cc
  proto::Response UpdateLimits(const net::CallContext& ctx, const proto::UpdateLimits& request);
  Status CheckSubmitLimits(const proto::JobRecord& job, size_t new_jobs) const;
  // The settings the configuration file gives `kind` `name` (its own entry or DEFAULT).
  std::string FileLimitSettings(const std::string& kind, const std::string& name) const;
  void ApplyStoredLimitChanges(const std::vector<store::LimitChange>& changes);
  // dependencies.cc
  std::unique_ptr<sched::DependencyIndex> DependencyTable() const;
  std::vector<proto::JobRecord> EvaluateDependencies(int64_t now);
  // Asks every node of the job to end its processes (batch script and steps).
  void SendTerminate(const proto::JobRecord& job);
  void SendToNode(const std::string& node, proto::Request request, int attempts,
                  std::function<void(Result<proto::Response>)> done);
  // steps.cc: srun's steps and the allocations of salloc/srun
  proto::Response CreateStep(const net::CallContext& ctx, const proto::StepRequest& request);
  proto::Response ReleaseAllocation(const net::CallContext& ctx, const proto::ReleaseAllocation& request);
  // accounting.cc
  proto::Response QueryAccounting(const net::CallContext& ctx, const proto::QueryAccounting& request);
  proto::Response Diagnostics(const net::CallContext& ctx, const proto::QueryDiagnostics& request);
  // sdiag's job counters, from the state changes a commit makes.
  void CountTransitions(const std::vector<proto::JobRecord>& jobs);
  proto::Response StepComplete(const net::CallContext& ctx, const proto::StepComplete& request);
  // Records in `job` (before it is committed) how one of srun's steps
  // ended; false when there is nothing to record: no such step, ended
  // already. Fails for the batch and extern steps, which nodes report.
  Result<bool> RecordStepEnd(proto::JobRecord& job, const proto::StepComplete& request);
  // A node's usage of a job's extern step there (node_daemon's allocations).
  proto::Response ExternStepEnd(const net::CallContext& ctx, const proto::ExternStepEnd& request);
  // Adds to `batch` the accounting records of the runs it ends (closing
  // their open steps in the batch's job records too).
  void AddAccounting(store::StoreBatch& batch);
  // Records a granted step as RUNNING in `job` (before it is committed).
  void RecordStepStart(proto::JobRecord& job, const proto::StepLayout& layout);
  // Deletes accounting records past PurgeJobAfter; at most once an hour.
  void PruneAccounting();
  // time_limits.cc
  void EnforceTimeLimits();
  void PruneOldJobs();
  void PeriodicSchedule();
  void SendWarningSignals(int64_t now);
  void ArmTicker();

  // Commits the changed jobs (and nodes) as one transaction, then updates
  // memory. On failure memory is untouched and the error is returned.
  // A batch that ends a job's run also stores the fair-share usage, brought
  // up to date first, so no finished run's usage is ever lost.
  // `inputs` are stored with them (a submission's script and environment).
  Status CommitJobs(const std::vector<proto::JobRecord>& jobs, const std::vector<std::string>& nodes = {},
                    std::optional<uint32_t> next_job_id = std::nullopt, std::vector<store::JobInput> inputs = {});
  void DropJob(uint32_t id);
  store::NodeAdminState AdminStateOf(const NodeEntry& node) const;
  int64_t Now() const;
  std::string NodeAddress(const NodeEntry& node) const;

  Config config_;
  std::vector<LimitConfig> file_limits_;  // the limits as the file gave them, before run-time changes
  std::string secret_;
  std::unique_ptr<store::Store> store_;
  asio::io_context io_;
  asio::thread_pool agents_{2};
  asio::steady_timer ticker_;
  asio::steady_timer schedule_timer_;                  // a paced pass (RequestSchedule)
  std::chrono::steady_clock::time_point next_pass_at_;  // no paced pass before
  std::unique_ptr<net::RpcServer> server_;
  std::unique_ptr<net::RpcServer> signer_;
  std::unique_ptr<net::RpcServer> local_server_;  // ControllerSocket: commands on this host

  // By id: unfinished ones as records, walked in id order (active()), and
  // finished ones, serialized, until MinJobAge. CommitJobs, loading and
  // DropJob are its only writers; nothing changes it inside a walk.
  JobTable jobs_;
  static std::string RequestKey(uint32_t uid, const std::string& request_id) {
    return std::to_string(uid) + ":" + request_id;
  }
  // RequestKey(uid, client request id) -> job id: a retried submission gets
  // its first job back, and only its own user's.
  std::unordered_map<std::string, uint32_t> request_ids_;
  std::map<std::string, NodeEntry> nodes_;             // by name
  std::vector<std::string> node_order_;                // node-table order
  uint32_t next_job_id_ = 1;
  bool schedule_requested_ = false;
  int64_t started_at_ = 0;
  std::map<uint32_t, int64_t> terminate_sent_;         // job id -> when TerminateJob was last sent
  // Derived each scheduling pass, in memory only:
  enum class DependencyWait { kPending, kNever };
  std::map<uint32_t, DependencyWait> dependency_states_;  // pending jobs whose dependency holds them
  std::map<uint32_t, std::pair<int64_t, std::string>> last_reservations_;  // backfill: start, nodes
  std::map<std::string, double> usage_;                // user -> decayed CPU-seconds (stored)
  std::map<std::string, double> fair_share_;           // user -> fair-share factor
  int64_t usage_updated_ = 0;                          // when usage_ was brought up to date (stored)
  sched::PriorityCluster priority_cluster_;            // from the configuration, at start
  int64_t last_pass_ = 0;
  int64_t last_accounting_prune_ = 0;                  // when PruneAccounting last ran
  std::set<std::pair<uint32_t, uint32_t>> warned_;     // (job, restart) given its --signal
  proto::DiagnosticsReply stats_;                      // sdiag's counters and pass times
  HeapTrimSchedule heap_trim_;                         // when freed memory goes back
  mutable UserDirectory users_;                        // NSS answers, kept a minute (a cache)
};

// Totals of the configured cluster for the priority factors.
sched::PriorityCluster PriorityClusterOf(const Config& config);

// A job record as dependencies see it.
sched::DependencyJob DependencyJobOf(const proto::JobRecord& job);
sched::DependencyJob DependencyJobOf(uint32_t id, const FinishedJob& job);

int ControllerMain(int argc, char** argv);

}  // namespace bramble::controller
