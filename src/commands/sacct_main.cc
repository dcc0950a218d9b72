// sacct: ask the controller for accounting records and print them
// (COMPAT.md 5, 6.1, 8.3; docs/accounting.md).
//
// Parsing is cli::ParseSacct, the filters run on the controller
// (QueryAccounting), the lines and columns are cli::SacctLines and
// cli::RenderSacct. A transport failure prints Slurm's
// "sacct: error: Problem talking to the database: ..." line and exits 1;
// clients (submitit, snakemake) then retry.
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "cli/sacct_format.h"
#include "cli/sacct_options.h"
#include "commands/client.h"
#include "commands/commands.h"

namespace bramble::commands {

int SacctMain(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  auto options = cli::ParseSacct(args, cli::SystemClock());
  if (!options) {
    std::fprintf(stderr, "%s\n", options.error().message().c_str());
    return 1;
  }
  switch (options->action) {
    case cli::SacctAction::kHelp:
    case cli::SacctAction::kUsage: std::fputs(cli::SacctUsageText().c_str(), stdout); return 0;
    case cli::SacctAction::kHelpFormat: std::fputs(cli::SacctHelpFormatText().c_str(), stdout); return 0;
    case cli::SacctAction::kVersion: std::printf("%s\n", kVersion); return 0;
    case cli::SacctAction::kQuery: break;
  }
  proto::Request request;
  *request.mutable_query_accounting() = options->query;
  auto response = CallController(request);
  if (!response) {
    std::fprintf(stderr, "sacct: error: Problem talking to the database: %s\n", response.error().message().c_str());
    return 1;
  }
  if (response->code() != 0) {
    std::fprintf(stderr, "sacct: error: %s\n", response->error().c_str());
    return 1;
  }
  const proto::AccountingReply& reply = response->accounting();
  std::vector<proto::JobRecord> jobs(reply.jobs().begin(), reply.jobs().end());
  int64_t now = reply.now() != 0 ? reply.now() : static_cast<int64_t>(std::time(nullptr));
  std::vector<cli::SacctLine> lines = cli::SacctLines(jobs, *options);
  std::fputs(cli::RenderSacct(lines, *options, now, cli::SystemTimeZone()).c_str(), stdout);
  return 0;
}

}  // namespace bramble::commands
