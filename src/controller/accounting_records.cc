// The pure rules of accounting records; see accounting_records.h.
#include "controller/accounting_records.h"

#include <algorithm>

#include "proto/job_state.h"

namespace bramble::controller {

void CloseOpenSteps(proto::JobRecord& job) {
  for (proto::StepRecord& step : *job.mutable_steps()) {
    if (step.end_time() != 0) continue;
    step.set_end_time(std::max(job.end_time(), step.start_time()));
    if (step.step_id() == kExternStepId) {
      step.set_state(proto::COMPLETED);
      continue;
    }
    step.set_state(proto::CANCELLED);
    if (job.cancelled_by() != 0 || job.state() == proto::CANCELLED) step.set_cancelled_by(job.cancelled_by());
  }
}

proto::JobRecord AccountingCopy(const proto::JobRecord& job) {
  proto::JobRecord copy = job;
  copy.mutable_spec()->clear_script();
  copy.mutable_spec()->clear_environment();
  copy.clear_expected_start();
  copy.clear_scheduled_nodes();
  return copy;
}

proto::StepRecord BatchStepOf(const proto::JobRecord& job, const proto::JobComplete& result, int64_t now) {
  proto::StepRecord step;
  step.set_step_id(kBatchStepId);
  step.set_name("batch");
  step.set_exit_code(result.exit_code());
  step.set_exit_signal(result.exit_signal());
  step.set_start_time(job.start_time());
  step.set_end_time(now);
  step.add_nodes(job.batch_host());
  step.set_ntasks(1);
  for (int i = 0; i < job.nodes_size() && i < job.cpus_per_node_size(); ++i) {
    if (job.nodes(i) == job.batch_host()) step.set_cpus(job.cpus_per_node(i));
  }
  step.set_user_cpu_us(result.user_cpu_us());
  step.set_system_cpu_us(result.system_cpu_us());
  step.set_max_rss_kb(result.max_rss_kb());
  if (job.completing()) {
    step.set_state(proto::CANCELLED);
    if (job.end_state() == proto::CANCELLED) step.set_cancelled_by(job.cancelled_by());
  } else if (result.out_of_memory()) {
    step.set_state(proto::OUT_OF_MEMORY);
  } else if (result.launch_failed() || result.exit_code() != 0 || result.exit_signal() != 0) {
    step.set_state(proto::FAILED);
  } else {
    step.set_state(proto::COMPLETED);
  }
  return step;
}

proto::StepRecord ExternStepOf(const proto::JobRecord& job) {
  proto::StepRecord step;
  step.set_step_id(kExternStepId);
  step.set_name("extern");
  step.set_state(proto::RUNNING);
  step.set_start_time(job.start_time());
  *step.mutable_nodes() = job.nodes();
  step.set_ntasks(static_cast<uint32_t>(job.nodes_size()));
  uint32_t cpus = 0;
  for (uint32_t n : job.cpus_per_node()) cpus += n;
  step.set_cpus(cpus);
  return step;
}

bool AddExternUsage(proto::StepRecord& step, const std::string& node, const proto::ExternStepEnd& usage) {
  if (std::find(step.nodes().begin(), step.nodes().end(), node) == step.nodes().end()) return false;
  if (std::find(step.usage_nodes().begin(), step.usage_nodes().end(), node) != step.usage_nodes().end()) return false;
  step.add_usage_nodes(node);
  step.set_user_cpu_us(step.user_cpu_us() + std::max<int64_t>(0, usage.user_cpu_us()));
  step.set_system_cpu_us(step.system_cpu_us() + std::max<int64_t>(0, usage.system_cpu_us()));
  step.set_max_rss_kb(std::max(step.max_rss_kb(), usage.max_rss_kb()));
  return true;
}

proto::JobState StepEndState(const proto::StepComplete& result, bool job_stopping) {
  if (result.out_of_memory()) return proto::OUT_OF_MEMORY;
  if (result.killed() || job_stopping) return proto::CANCELLED;
  return result.exit_code() == 0 && result.exit_signal() == 0 ? proto::COMPLETED : proto::FAILED;
}

bool AccountingMatches(const proto::JobRecord& job, const proto::QueryAccounting& query, int64_t now) {
  auto named = [&query](uint32_t id) {
    return id != 0 && std::find(query.job_ids().begin(), query.job_ids().end(), id) != query.job_ids().end();
  };
  if (!query.job_ids().empty() && !named(job.job_id()) && !named(job.array_job_id())) return false;
  if (!query.uids().empty() && std::find(query.uids().begin(), query.uids().end(), job.uid()) == query.uids().end()) {
    return false;
  }
  if (!query.names().empty() &&
      std::find(query.names().begin(), query.names().end(), job.spec().name()) == query.names().end()) {
    return false;
  }
  if (!query.states().empty() &&
      std::find(query.states().begin(), query.states().end(), job.state()) == query.states().end()) {
    return false;
  }
  int64_t window_end = query.end_time() != 0 ? query.end_time() : now;
  if (job.submit_time() > window_end) return false;
  bool ended = IsFinished(job.state()) && job.end_time() != 0;
  return !ended || job.end_time() >= query.start_time();
}

}  // namespace bramble::controller
