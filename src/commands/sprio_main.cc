// sprio: ask the controller for the priority factors of pending jobs and
// print them (formatting in cli/sprio_format.h).
//
// Like Slurm's sprio: with priority/basic configured it says that only
// priority/multifactor is supported and exits 1; a failed call prints
// "Couldn't get priority factors from controller: <reason>" and exits 1;
// -j ids that match no pending job print
// "Unable to find jobs matching user/id(s) specified" and exit 0.
#include <pwd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/sprio_format.h"
#include "cli/sprio_options.h"
#include "commands/call_errors.h"
#include "commands/client.h"
#include "commands/commands.h"
#include "commands/environment.h"

namespace bramble::commands {
namespace {

// -u takes names or numeric uids; rows carry names.
std::vector<std::string> UserNames(const std::vector<std::string>& users) {
  std::vector<std::string> names;
  for (const std::string& user : users) {
    bool numeric = !user.empty() && user.find_first_not_of("0123456789") == std::string::npos;
    struct passwd* pw = numeric && user.size() <= 10 ? ::getpwuid(static_cast<uid_t>(std::stoull(user))) : nullptr;
    names.push_back(pw != nullptr ? pw->pw_name : user);
  }
  return names;
}

}  // namespace

int SprioMain(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  Result<cli::SprioOptions> parsed = cli::ParseSprioOptions(args, GetEnv);
  if (!parsed) {
    std::fprintf(stderr, "%s\n", parsed.error().message().c_str());
    return 1;
  }
  const cli::SprioOptions& options = *parsed;
  if (options.help || options.usage) {
    std::printf("%s\n", options.help ? cli::SprioHelp().c_str() : cli::SprioUsage().c_str());
    return 0;
  }
  if (options.version) {
    std::printf("%s\n", kVersion);
    return 0;
  }

  uint32_t weight_qos = 0;
  if (Result<Config> config = LoadClientConfig()) {
    if (config->priority_type == "priority/basic") {
      std::fprintf(stderr,
                   "You are not running a supported priority plugin\n(%s).\n"
                   "Only 'priority/multifactor' is supported.\n",
                   config->priority_type.c_str());
      return 1;
    }
    weight_qos = config->priority_weight_qos;
  }

  proto::Request request;
  for (uint32_t id : options.job_ids) request.mutable_query_priority()->add_job_ids(id);
  if (options.job_ids.empty()) request.mutable_query_priority();
  Result<proto::Response> response = CallController(request);
  if (ReportLoadFailure(response, "Couldn't get priority factors from controller", "sprio")) return 1;
  const proto::PriorityReply& reply = response->priority();

  std::vector<proto::PriorityRow> rows =
      cli::FilterPriorityRows(reply, UserNames(options.users), options.partitions);
  if (Status sorted = cli::SortPriorityRows(rows, options.sort); !sorted.ok()) {
    std::fprintf(stderr, "%s\n", sorted.message().c_str());
    return 1;
  }
  cli::SprioWeights weights = cli::WeightsOf(reply, weight_qos);
  std::string format = options.format.empty() ? cli::SprioDefaultFormat(options.normalized, options.long_format,
                                                                         !options.users.empty(), weights)
                                              : options.format;
  for (char type : cli::InvalidSprioFields(format)) {
    std::fprintf(stderr, "sprio: error: Invalid job format specification: %c\n", type);
  }
  if (!options.job_ids.empty() && rows.empty()) {
    std::printf("Unable to find jobs matching user/id(s) specified\n");
    return 0;
  }
  std::fputs(cli::FormatSprio(rows, weights, format, !options.no_header, options.weights).c_str(), stdout);
  return 0;
}

}  // namespace bramble::commands
