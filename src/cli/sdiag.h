// sdiag (sdiag(1), src/sdiag/sdiag.c): its command line and its report.
//
// The report keeps Slurm's layout and wording for what Bramble has: the
// header with the report's and the counters' times, the job counters, and
// "Main schedule statistics (microseconds)" (tools such as monitoring
// exporters read these lines by their labels). Bramble has no separate
// backfill thread, no agent queue and no RPC table, so those sections are
// left out rather than printed as zeros. -a/--all is the default; -r/--reset
// resets the counters (operators only); -i/-s/-t sort the RPC table that is
// not printed and are accepted for scripts that pass them.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

struct SdiagOptions {
  bool reset = false;  // -r, --reset
  bool usage = false;  // -h, --help, --usage
  bool version = false;
};

// Parses argv (args[0] is the program name). Fails with kInvalidArgument
// whose message is the complete text for stderr.
Result<SdiagOptions> ParseSdiagOptions(const std::vector<std::string>& args);

std::string SdiagUsage();

// The report, each time also as Unix seconds, as sdiag prints them.
std::string FormatSdiag(const proto::DiagnosticsReply& reply);

}  // namespace bramble::cli
