// sinfo: ask the controller for nodes and partitions, filter and print them.
//
// A transport failure prints
// "slurm_load_partitions: Unable to contact slurm controller (connect failure)"
// (or "Socket timed out on send/recv operation") on stderr and exits 1, as
// Slurm's slurm_perror("slurm_load_partitions") does.
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "cli/format_engine.h"
#include "cli/sinfo_format.h"
#include "cli/sinfo_options.h"
#include "commands/call_errors.h"
#include "commands/client.h"
#include "commands/commands.h"
#include "commands/environment.h"

namespace bramble::commands {

int SinfoMain(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  Result<cli::SinfoOptions> parsed = cli::ParseSinfoOptions(args, GetEnv);
  if (!parsed) {
    std::fprintf(stderr, "%s\n", parsed.error().message().c_str());
    return 1;
  }
  const cli::SinfoOptions& options = *parsed;
  if (options.help || options.usage) {
    std::printf("%s\n", options.help ? cli::SinfoHelp().c_str() : cli::SinfoUsage().c_str());
    return 0;
  }
  if (options.version) {
    std::printf("%s\n", kVersion);
    return 0;
  }
  for (const std::string& warning : options.warnings) std::fprintf(stderr, "%s\n", warning.c_str());

  proto::Request request;
  request.mutable_query_nodes();
  Result<proto::Response> response = CallController(request);
  if (ReportLoadFailure(response, "slurm_load_partitions", "sinfo")) return 1;
  proto::NodesReply cluster = cli::FilterCluster(response->nodes(), options);
  if (options.long_format && options.view.header) {
    int64_t now = cluster.now() != 0 ? cluster.now() : static_cast<int64_t>(std::time(nullptr));
    std::printf("%s\n", cli::FormatDateLine(now).c_str());
  }
  std::fputs(cli::FormatSinfo(cluster, options.view).c_str(), stdout);
  return 0;
}

}  // namespace bramble::commands
