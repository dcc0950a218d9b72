// Interactive allocations; see allocation.h.
#include "commands/allocation.h"

#include <chrono>
#include <cstdio>
#include <thread>

#include "commands/client.h"
#include "commands/environment.h"
#include "common/hostlist.h"
#include "proto/job_state.h"

namespace bramble::commands {

std::atomic<bool> g_stop_waiting{false};

namespace {

void Say(const std::string& program, const std::string& text) {
  std::fprintf(stderr, "%s: %s\n", program.c_str(), text.c_str());
}

}  // namespace

Result<proto::JobRecord> LoadJob(uint32_t job_id) {
  proto::Request request;
  request.mutable_query_jobs()->add_job_ids(job_id);
  auto response = CallController(request, std::chrono::seconds(10));
  if (!response) return response.status();
  if (response->code() != 0) return Status(static_cast<Code>(response->code()), response->error());
  for (const auto& job : response->jobs().jobs()) {
    if (job.job_id() == job_id) return job;
  }
  return NotFound("Invalid job id specified");
}

Result<proto::JobRecord> Allocate(const proto::JobSpec& spec, const std::string& program, bool chatty,
                                  bool quiet, FirstStep* first_step) {
  proto::Request request;
  *request.mutable_submit_job()->mutable_spec() = spec;
  request.mutable_submit_job()->set_request_id(RandomRequestId());
  if (first_step != nullptr) *request.mutable_submit_job()->mutable_first_step() = first_step->request;
  auto response = CallController(request);
  std::string failed = program == "salloc" ? "error: Job submit/allocate failed: "
                                           : "error: Unable to allocate resources: ";
  if (!response || response->code() != 0) {
    std::string why = response ? response->error() : response.error().message();
    Say(program, failed + why);
    return Status(Code::kInvalidArgument, why);
  }
  uint32_t id = response->submit_job().job_id();
  proto::JobRecord job = response->submit_job().job();
  if (first_step != nullptr && response->submit_job().has_first_step()) {
    first_step->grant = response->submit_job().first_step();
  }
  if (chatty && !quiet) Say(program, "Pending job allocation " + std::to_string(id));
  bool waited = false;
  auto pause = std::chrono::milliseconds(20);
  while (job.state() == proto::PENDING) {
    if (!waited && !quiet) Say(program, "job " + std::to_string(id) + " queued and waiting for resources");
    waited = true;
    if (g_stop_waiting) {
      ReleaseAllocation(id, 1, 0);
      Say(program, "Job allocation " + std::to_string(id) + " has been revoked.");
      return Status(Code::kUnavailable, "interrupted");
    }
    std::this_thread::sleep_for(pause);  // polling: a pending allocation has no one to wake it
    pause = std::min(pause * 2, std::chrono::milliseconds(1000));
    auto loaded = LoadJob(id);
    if (loaded) job = *loaded;
  }
  if (job.state() != proto::RUNNING) {
    Say(program, failed + "Job allocation " + std::to_string(id) + " ended while pending: " +
                     std::string(JobStateName(job.state())));
    return Status(Code::kUnavailable, "allocation ended");
  }
  if (waited && !quiet) Say(program, "job " + std::to_string(id) + " has been allocated resources");
  if (chatty && !quiet) {
    Say(program, "Granted job allocation " + std::to_string(id));
    Say(program, "Nodes " + CompressHostlist({job.nodes().begin(), job.nodes().end()}) + " are ready for job");
  }
  return job;
}

void ReleaseAllocation(uint32_t job_id, int exit_code, int exit_signal, const proto::StepComplete* last_step) {
  proto::Request request;
  request.mutable_release_allocation()->set_job_id(job_id);
  request.mutable_release_allocation()->set_exit_code(exit_code);
  request.mutable_release_allocation()->set_exit_signal(exit_signal);
  if (last_step != nullptr) *request.mutable_release_allocation()->mutable_last_step() = *last_step;
  // Tried twice: an allocation left behind holds its nodes until its time limit.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto response = CallController(request, std::chrono::seconds(10));
    if (response) return;
  }
}

}  // namespace bramble::commands
