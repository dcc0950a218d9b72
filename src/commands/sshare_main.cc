// sshare: ask the controller for the fair-share tree and print it
// (formatting in cli/sshare_format.h).
//
// Without -a or -u only the calling user's lines are shown, with every
// account line; a failed call prints
// "Couldn't get shares from controller: <reason>" and exits 1, as Slurm's
// sshare does.
#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/sshare_format.h"
#include "cli/sshare_options.h"
#include "commands/call_errors.h"
#include "commands/client.h"
#include "commands/commands.h"

namespace bramble::commands {
namespace {

std::string UserName(uid_t uid) {
  struct passwd* pw = ::getpwuid(uid);
  return pw != nullptr ? pw->pw_name : std::to_string(uid);
}

// -u takes names or numeric uids; rows carry names. No -u: the caller.
std::vector<std::string> WantedUsers(const std::vector<std::string>& users) {
  if (users.empty()) return {UserName(::getuid())};
  std::vector<std::string> names;
  for (const std::string& user : users) {
    bool numeric = !user.empty() && user.size() <= 10 && user.find_first_not_of("0123456789") == std::string::npos;
    names.push_back(numeric ? UserName(static_cast<uid_t>(std::stoull(user))) : user);
  }
  return names;
}

}  // namespace

int SshareMain(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  Result<cli::SshareOptions> parsed = cli::ParseSshareOptions(args);
  if (!parsed) {
    std::fprintf(stderr, "%s\n", parsed.error().message().c_str());
    return 1;
  }
  const cli::SshareOptions& options = *parsed;
  if (options.usage) {
    std::printf("%s\n", cli::SshareUsage().c_str());
    return 0;
  }
  if (options.version) {
    std::printf("%s\n", kVersion);
    return 0;
  }
  if (options.help_format) {
    std::fputs(cli::SshareFieldList().c_str(), stdout);
    return 0;
  }
  std::string fields = options.fields.empty() ? cli::DefaultSshareFields(options.long_format) : options.fields;
  Result<std::vector<cli::SshareColumn>> columns = cli::ParseSshareFields(fields);
  if (!columns) {
    std::fprintf(stderr, "%s\n", columns.error().message().c_str());
    return 1;
  }

  proto::Request request;
  request.mutable_query_shares();
  Result<proto::Response> response = CallController(request);
  if (ReportLoadFailure(response, "Couldn't get shares from controller", "sshare")) return 1;
  std::vector<proto::ShareRow> rows =
      cli::FilterShareRows(response->shares(), options.all_users, WantedUsers(options.users), options.accounts,
                           options.users_only);
  std::fputs(cli::FormatSshare(rows, *columns, !options.no_header, options.style).c_str(), stdout);
  return 0;
}

}  // namespace bramble::commands
