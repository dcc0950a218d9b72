// Typical job records for the micro-benchmarks: what `sbatch --wrap` sends
// from an interactive shell (a short script, ~40 environment variables of
// ~2.5 KiB in all) and what the controller stores for it once submitted.
#pragma once

#include <string>

#include "proto/bramble.pb.h"

namespace bramble::bench {

// A job spec as sbatch builds it: script, environment, the usual options.
inline proto::JobSpec TypicalSpec(uint32_t n) {
  proto::JobSpec spec;
  spec.set_name("wrap");
  spec.set_script("#!/bin/sh\n# This script was created by sbatch --wrap.\n\nsleep 30\n");
  spec.set_work_dir("/home/alice/project/run" + std::to_string(n % 10));
  spec.set_submit_dir(spec.work_dir());
  spec.set_submit_host("login1");
  spec.set_partition("batch");
  spec.set_time_limit_s(3600);
  spec.set_ntasks(1);
  spec.set_cpus_per_task(1);
  spec.set_umask(022);
  spec.set_hold(true);
  for (int i = 0; i < 40; ++i) {
    spec.add_environment("VARIABLE_NUMBER_" + std::to_string(i) + "=" + std::string(48, 'x'));
  }
  return spec;
}

// The stored record of job `id`: spec plus the controller's fields.
inline proto::JobRecord TypicalRecord(uint32_t id) {
  proto::JobRecord job;
  job.set_job_id(id);
  *job.mutable_spec() = TypicalSpec(id);
  job.set_uid(1000);
  job.set_gid(1000);
  job.set_user("alice");
  job.set_group("alice");
  job.set_state(proto::PENDING);
  job.set_reason("JobHeldUser");
  job.set_submit_time(1'800'000'000 + id);
  job.set_time_limit_s(3600);
  job.set_priority(4294901760u - id);
  job.set_partition("batch");
  return job;
}

}  // namespace bramble::bench
