// squeue: ask the controller for jobs, filter and print them.
//
// Exit codes and stderr follow Slurm, because clients classify on them
// (COMPAT.md 1.4): a transport failure prints
// "slurm_load_jobs error: Unable to contact slurm controller (connect failure)"
// (or "Socket timed out on send/recv operation") as the first stderr line
// and exits 1; ids asked for with -j that the controller does not know at
// all give "slurm_load_jobs error: Invalid job id specified" and exit 1; a
// known job hidden by the state filter prints nothing and exits 0.
// Pending tasks of an array share one line (squeue_arrays.h) unless -r is
// given or -j names single tasks ("12_3"), which are then shown one each.
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "cli/format_engine.h"
#include "cli/squeue_arrays.h"
#include "cli/squeue_format.h"
#include "cli/squeue_options.h"
#include "commands/call_errors.h"
#include "commands/client.h"
#include "commands/commands.h"
#include "commands/environment.h"

namespace bramble::commands {
namespace {

std::string MyUserName() {
  struct passwd* pw = ::getpwuid(::geteuid());
  return pw != nullptr ? pw->pw_name : std::to_string(::geteuid());
}

// True when no job of the reply has one of the ids `wanted` names, as a job
// or as an array ("12_3" counts as 12: a known array with no task 3 is not
// an error, it is an empty list).
bool NoneKnown(const std::vector<uint32_t>& wanted, const proto::JobsReply& reply) {
  std::vector<cli::JobSelector> ids;
  for (uint32_t id : wanted) ids.push_back({id, std::nullopt});
  return std::none_of(reply.jobs().begin(), reply.jobs().end(),
                      [&ids](const proto::JobRecord& job) { return cli::JobSelected(job, ids); });
}

}  // namespace

int SqueueMain(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  Result<cli::SqueueOptions> parsed = cli::ParseSqueueOptions(args, GetEnv);
  if (!parsed) {
    std::fprintf(stderr, "%s\n", parsed.error().message().c_str());
    return 1;
  }
  const cli::SqueueOptions& options = *parsed;
  if (options.help || options.usage) {
    std::printf("%s\n", options.help ? cli::SqueueHelp().c_str() : cli::SqueueUsage().c_str());
    return 0;
  }
  if (options.version) {
    std::printf("%s\n", kVersion);
    return 0;
  }
  for (const std::string& warning : options.warnings) std::fprintf(stderr, "%s\n", warning.c_str());

  if (options.steps) {  // no job steps are tracked yet: the header alone
    std::fputs(cli::FormatSqueue({}, options.format, !options.no_header, 0).c_str(), stdout);
    return 0;
  }

  proto::Request request;
  for (uint32_t id : options.job_ids) request.mutable_query_jobs()->add_job_ids(id);
  // squeue's default view drops finished jobs (JobStateMatches): then they
  // need not be sent. With -j, a finished job still counts as known.
  if (options.job_ids.empty()) request.mutable_query_jobs()->set_unfinished_only(!options.states.has_value());
  Result<proto::Response> response = CallController(request);
  if (ReportLoadFailure(response, "slurm_load_jobs error", "squeue")) return 1;
  const proto::JobsReply& reply = response->jobs();
  if (!options.job_ids.empty() && NoneKnown(options.job_ids, reply)) {
    std::fprintf(stderr, "slurm_load_jobs error: Invalid job id specified\n");
    return 1;
  }

  // The lines point into the reply: records are neither copied nor moved.
  std::string me = options.me ? MyUserName() : "";
  std::vector<const proto::JobRecord*> jobs = cli::FilterJobs(cli::PointersTo(reply.jobs()), options, me);
  bool per_task = options.array_per_task || cli::SelectsArrayTasks(options.job_selectors);
  std::vector<cli::SqueueLine> lines = cli::CombinePendingArrayTasks(jobs, per_task);
  int64_t now = reply.now() != 0 ? reply.now() : static_cast<int64_t>(std::time(nullptr));
  cli::SortLinesForDisplay(lines);
  if (options.start) cli::SortLinesByStartTime(lines, now);
  if (options.long_format && !options.no_header) std::printf("%s\n", cli::FormatDateLine(now).c_str());
  std::fputs(cli::FormatSqueueLines(lines, options.format, !options.no_header, now).c_str(), stdout);
  return 0;
}

}  // namespace bramble::commands
