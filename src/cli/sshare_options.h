// sshare's command line (sshare(1), src/sshare/sshare.c).
//
// Without -a or -u only the calling user's lines are shown (with every
// account line); "-u -1" means all users. -o may be repeated, its lists add
// up. --help and --usage both print the usage text, as Slurm's sshare does;
// -e/--helpformat lists the field names. Usage errors are getopt's text
// followed by "Try \"sshare --help\" for more information", exit 1.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "cli/sshare_format.h"

namespace bramble::cli {

struct SshareOptions {
  bool usage = false;        // --help, --usage
  bool version = false;      // -V, --version
  bool help_format = false;  // -e
  bool all_users = false;    // -a, or -u -1
  std::vector<std::string> users;     // -u, names or numeric uids; empty = the caller
  std::vector<std::string> accounts;  // -A
  bool users_only = false;   // -U
  bool long_format = false;  // -l
  bool no_header = false;    // -n
  SshareStyle style = SshareStyle::kAligned;  // -p, -P
  std::string fields;        // -o lists joined by ','; empty = the default
  int verbose = 0;
};

// Parses argv (args[0] is the program name). Fails with kInvalidArgument
// whose message is the complete text for stderr.
Result<SshareOptions> ParseSshareOptions(const std::vector<std::string>& args);

std::string SshareUsage();

}  // namespace bramble::cli
