// scancel: cancel or signal jobs (COMPAT.md 1.6).
//
// Parsing is cli::ParseScancel; this file resolves --me and numeric -u to a
// user name, array tasks ("12_3") to their job ids through one QueryJobs,
// sends one CancelJobs and reports each job the controller could not
// cancel. Jobs that already ended or are unknown are not errors for a plain
// cancel: the controller returns none for them, as Slurm does. An array
// task that does not exist is one (Slurm's scancel checks those itself).
#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/scancel_options.h"
#include "cli/signal_name.h"
#include "commands/call_errors.h"
#include "commands/client.h"
#include "commands/commands.h"

namespace bramble::commands {
namespace {

// The name of `uid`, or "" when it has none.
std::string UserName(uid_t uid) {
  struct passwd* entry = ::getpwuid(uid);
  return entry ? entry->pw_name : "";
}

// -u takes a name or a uid; the controller matches names.
bool ResolveUser(cli::ScancelOptions* options) {
  std::string& user = *options->request.mutable_user();
  if (options->me) {
    user = UserName(::getuid());
    if (user.empty()) {
      std::fprintf(stderr, "scancel: error: Invalid user id: %u\n", ::getuid());
      return false;
    }
  } else if (!user.empty() && user.find_first_not_of("0123456789") == std::string::npos) {
    std::string name = user.size() <= 10 ? UserName(static_cast<uid_t>(std::stoul(user))) : "";
    if (name.empty()) {
      std::fprintf(stderr, "scancel: error: Invalid user name: %s\n", user.c_str());
      return false;
    }
    user = name;
  }
  return true;
}

void PrintVerbose(const proto::CancelJobs& request) {
  std::vector<uint32_t> ids(request.job_ids().begin(), request.job_ids().end());
  ids.insert(ids.end(), request.task_job_ids().begin(), request.task_job_ids().end());
  for (uint32_t id : ids) {
    if (request.signal() == 0) {
      std::fprintf(stderr, "scancel: Terminating job %u\n", id);
    } else {
      std::fprintf(stderr, "scancel: Signal %d (%s) to job %u\n", request.signal(),
                   cli::SignalName(request.signal()).c_str(), id);
    }
  }
}

// Adds the job ids of the "12_3" / "12_[1-5]" operands to the request and
// prints a line for each task that does not exist. Returns false when the
// lookup itself failed (already reported); *missing says whether a task was
// not found.
bool AddArrayTaskIds(cli::ScancelOptions* options, bool* missing) {
  proto::Request request;
  for (const cli::JobRef& ref : options->array_tasks) request.mutable_query_jobs()->add_job_ids(ref.job_id);
  auto response = CallController(request);
  if (ReportCallFailure(response, "scancel: error")) return false;
  cli::ResolvedTasks resolved = cli::ResolveArrayTasks(options->array_tasks, response->jobs().jobs());
  // Task ids are sent apart: the first task's id is also the array's, which
  // job_ids would expand to every task.
  for (uint32_t id : resolved.job_ids) options->request.add_task_job_ids(id);
  for (const std::string& line : resolved.errors) {
    if (!options->quiet) std::fprintf(stderr, "%s\n", line.c_str());
  }
  *missing = !resolved.errors.empty();
  return true;
}

}  // namespace

int ScancelMain(int argc, char** argv) {
  auto options = cli::ParseScancel(std::vector<std::string>(argv + 1, argv + argc));
  if (!options) {
    std::fprintf(stderr, "%s\n", options.error().message().c_str());
    return 1;
  }
  switch (options->action) {
    case cli::ScancelAction::kHelp: std::fputs(cli::ScancelHelpText().c_str(), stdout); return 0;
    case cli::ScancelAction::kUsage: std::fputs(cli::ScancelUsageText().c_str(), stdout); return 0;
    case cli::ScancelAction::kVersion: std::printf("%s\n", kVersion); return 0;
    case cli::ScancelAction::kCancel: break;
  }
  if (!ResolveUser(&*options)) return 1;
  bool missing = false;
  if (!options->array_tasks.empty()) {
    if (!AddArrayTaskIds(&*options, &missing)) return 1;
    // Every named task was missing: an empty id list would cancel every job
    // the filters match, so send nothing.
    if (options->request.job_ids().empty() && options->request.task_job_ids().empty()) return 1;
  }
  if (options->verbose > 0) PrintVerbose(options->request);

  proto::Request request;
  *request.mutable_cancel_jobs() = options->request;
  auto response = CallController(request);
  if (ReportCallFailure(response, "scancel: error")) return 1;
  int rc = missing ? 1 : 0;
  for (const std::string& line : response->cancel().errors()) {
    std::fprintf(stderr, "scancel: error: %s\n", line.c_str());
    rc = 1;
  }
  return rc;
}

}  // namespace bramble::commands
