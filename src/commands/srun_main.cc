// srun: run a parallel step (COMPAT.md 2.3, 3.3, 7.2).
//
// Parsing is cli::ParseSrun. Inside a job (SLURM_JOB_ID, --jobid) srun asks
// the controller for a step in that allocation; outside one it first gets
// an allocation of its own (commands/allocation.h) and gives it back at the
// end. The step itself runs through commands/step_client.h: srun launches
// it on the nodes with the controller's grant and serves its I/O.
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/srun_options.h"
#include "commands/allocation.h"
#include "commands/client.h"
#include "commands/commands.h"
#include "commands/environment.h"
#include "commands/step_client.h"

namespace bramble::commands {
namespace {

void StopWaiting(int) { g_stop_waiting = true; }

Result<proto::StepGrant> CreateStep(const proto::StepRequest& step) {
  proto::Request request;
  *request.mutable_create_step() = step;
  auto response = CallController(request);
  if (!response) return response.status();
  if (response->code() != 0) return Status(static_cast<Code>(response->code()), response->error());
  return response->create_step().grant();
}

// The step's launch, as far as srun decides it (the grant, srun's address
// and the io key are added when it is sent).
proto::LaunchStep MakeLaunch(const cli::SrunOptions& options, const Config& config) {
  proto::LaunchStep launch;
  for (const auto& arg : options.argv) launch.add_argv(arg);
  for (const auto& entry : cli::ApplyExport(options.export_env, Environment())) launch.add_environment(entry);
  launch.set_work_dir(options.work_dir);
  launch.set_mpi(options.mpi);
  launch.set_input(options.input);
  launch.set_output(options.output);
  launch.set_error(options.error);
  launch.set_pty(options.pty);
  launch.set_umask(CurrentUmask());
  launch.set_open_append(options.open_append);
  launch.set_config_path(config.path);
  launch.set_kill_on_bad_exit(options.kill_on_bad_exit);
  launch.set_cpu_bind(options.cpu_bind);
  if (options.pty) {
    struct winsize size = {};
    if (::ioctl(STDIN_FILENO, TIOCGWINSZ, &size) == 0) {
      launch.set_terminal_rows(size.ws_row);
      launch.set_terminal_cols(size.ws_col);
    }
  }
  return launch;
}

// Tells the controller how the step ended, for sacct. Best effort: a
// controller that cannot be reached closes the step as CANCELLED when the
// job ends, and srun's own exit code does not depend on it.
void ReportStepEnd(const proto::StepComplete& summary) {
  proto::Request request;
  *request.mutable_step_complete() = summary;
  auto response = CallController(request, std::chrono::seconds(10));
  (void)response;
}

}  // namespace

int SrunMain(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto config = LoadClientConfig();
  cli::SrunContext context;
  context.cwd = CurrentDirectory();
  context.hostname = HostName();
  context.umask = CurrentUmask();
  context.clock = cli::SystemClock();
  if (config) context.mpi_default = config->mpi_default;
  auto options = cli::ParseSrun(args, Environment(), context);
  if (!options) {
    std::fprintf(stderr, "%s\n", options.error().message().c_str());
    return 1;
  }
  for (const auto& line : options->warnings) std::fprintf(stderr, "%s\n", line.c_str());
  switch (options->action) {
    case cli::SrunAction::kHelp: std::fputs(cli::SrunHelpText().c_str(), stdout); return 0;
    case cli::SrunAction::kUsage: std::fputs(cli::SrunUsageText().c_str(), stdout); return 0;
    case cli::SrunAction::kVersion: std::printf("%s\n", kVersion); return 0;
    case cli::SrunAction::kMpiList: std::fputs(cli::MpiListText().c_str(), stdout); return 0;
    case cli::SrunAction::kRun: break;
  }
  if (!config) {
    std::fprintf(stderr, "srun: error: %s\n", config.error().message().c_str());
    return 1;
  }

  uint32_t job_id = options->job_id;
  bool own_allocation = job_id == 0;
  FirstStep first{options->step, std::nullopt};
  if (own_allocation) {
    signal(SIGINT, StopWaiting);
    auto job = Allocate(options->allocation, "srun", false, options->quiet, &first);
    if (!job) return 1;
    job_id = job->job_id();
  }
  proto::StepRequest step = options->step;
  step.set_job_id(job_id);
  // Granted with the allocation when it started at once; else asked now
  // (which also tells why a step cannot be laid out).
  Result<proto::StepGrant> grant = first.grant ? Result<proto::StepGrant>(*first.grant) : CreateStep(step);
  if (!grant) {
    std::fprintf(stderr, "srun: error: %s\n", grant.error().message().c_str());
    if (own_allocation) ReleaseAllocation(job_id, 1, 0);
    return 1;
  }
  StepRun run;
  run.grant = *grant;
  run.layout.ParseFromString(grant->layout());
  run.launch = MakeLaunch(*options, *config);
  run.label = options->label;
  run.unbuffered = options->unbuffered;
  run.kill_on_bad_exit = options->kill_on_bad_exit;
  run.wait_s = static_cast<int>(options->wait_s);
  run.quiet = options->quiet;
  run.controller_host = config->controller_addr.empty() ? config->controller_host : config->controller_addr;
  signal(SIGINT, SIG_DFL);
  proto::StepComplete summary;
  int code = RunStepClient(run, &summary);
  if (own_allocation) {
    ReleaseAllocation(job_id, code, 0, &summary);  // the step's end goes with the release
  } else {
    ReportStepEnd(summary);
  }
  return code;
}

}  // namespace bramble::commands
