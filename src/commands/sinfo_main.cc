// sinfo: ask the controller for nodes and partitions, filter and print them.
//
// A transport failure prints
// "slurm_load_partitions: Unable to contact slurm controller (connect failure)"
// (or "Socket timed out on send/recv operation") on stderr and exits 1, as
// Slurm's slurm_perror("slurm_load_partitions") does.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "cli/format_engine.h"
#include "cli/sinfo_format.h"
#include "cli/sinfo_options.h"
#include "commands/client.h"
#include "commands/commands.h"

namespace bramble::commands {
namespace {

std::optional<std::string> GetEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

int ReportLoadFailure(const Status& status) {
  std::string first;
  if (status.code() == Code::kUnavailable) {
    first = "Unable to contact slurm controller (connect failure)";
  } else if (status.code() == Code::kDeadlineExceeded) {
    first = "Socket timed out on send/recv operation";
  } else {
    first = status.message();
  }
  std::fprintf(stderr, "slurm_load_partitions: %s\n", first.c_str());
  if (first != status.message()) std::fprintf(stderr, "sinfo: error: %s\n", status.message().c_str());
  return 1;
}

}  // namespace

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
  for (const std::string& warning : options.warnings) std::fprintf(stderr, "%s\n", warning.c_str());

  proto::Request request;
  request.mutable_query_nodes();
  Result<proto::Response> response = CallController(request);
  if (!response) return ReportLoadFailure(response.error());
  if (response->code() != 0) {
    std::fprintf(stderr, "slurm_load_partitions: %s\n", response->error().c_str());
    return 1;
  }
  proto::NodesReply cluster = cli::FilterCluster(response->nodes(), options);
  if (options.long_format && options.view.header) {
    int64_t now = cluster.now() != 0 ? cluster.now() : static_cast<int64_t>(std::time(nullptr));
    std::printf("%s\n", cli::FormatDateLine(now).c_str());
  }
  std::fputs(cli::FormatSinfo(cluster, options.view).c_str(), stdout);
  return 0;
}

}  // namespace bramble::commands
