// sdiag: the controller's job counters and scheduling-pass times
// (cli/sdiag.h). A failed call prints "slurm_get_statistics: <reason>" and
// exits 1, as Slurm's sdiag does.
#include <cstdio>

#include "cli/sdiag.h"
#include "commands/client.h"
#include "commands/commands.h"

namespace bramble::commands {

int SdiagMain(int argc, char** argv) {
  Result<cli::SdiagOptions> options = cli::ParseSdiagOptions(std::vector<std::string>(argv, argv + argc));
  if (!options) {
    std::fprintf(stderr, "%s\n", options.error().message().c_str());
    return 1;
  }
  if (options->usage) {
    std::printf("%s\n", cli::SdiagUsage().c_str());
    return 0;
  }
  if (options->version) {
    std::printf("%s\n", kVersion);
    return 0;
  }
  proto::Request request;
  request.mutable_query_diagnostics()->set_reset(options->reset);
  Result<proto::Response> response = CallController(request);
  std::string error = !response ? response.error().message() : response->code() != 0 ? response->error() : "";
  if (!error.empty()) {
    std::fprintf(stderr, "%s: %s\n", options->reset ? "slurm_reset_statistics" : "slurm_get_statistics", error.c_str());
    return 1;
  }
  if (options->reset) {
    std::printf("Reset scheduling statistics\n");
    return 0;
  }
  std::fputs(cli::FormatSdiag(response->diagnostics()).c_str(), stdout);
  return 0;
}

}  // namespace bramble::commands
