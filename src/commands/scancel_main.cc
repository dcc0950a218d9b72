// scancel: cancel or signal jobs (COMPAT.md 1.6).
//
// Parsing is cli::ParseScancel; this file resolves --me and numeric -u to a
// user name, sends one CancelJobs and reports each job the controller could
// not cancel. Jobs that already ended or are unknown are not errors for a
// plain cancel: the controller returns none for them, as Slurm does.
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
  for (uint32_t id : request.job_ids()) {
    if (request.signal() == 0) {
      std::fprintf(stderr, "scancel: Terminating job %u\n", id);
    } else {
      std::fprintf(stderr, "scancel: Signal %d (%s) to job %u\n", request.signal(),
                   cli::SignalName(request.signal()).c_str(), id);
    }
  }
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
  if (options->verbose > 0) PrintVerbose(options->request);

  proto::Request request;
  *request.mutable_cancel_jobs() = options->request;
  auto response = CallController(request);
  if (ReportCallFailure(response, "scancel: error")) return 1;
  int rc = 0;
  for (const std::string& line : response->cancel().errors()) {
    std::fprintf(stderr, "scancel: error: %s\n", line.c_str());
    rc = 1;
  }
  return rc;
}

}  // namespace bramble::commands
