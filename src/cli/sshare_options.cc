// sshare's command line; see sshare_options.h. The option table mirrors
// sshare's own (src/sshare/sshare.c).
#include "cli/sshare_options.h"

#include "cli/getopt_runner.h"
#include "common/split.h"

namespace bramble::cli {
namespace {

enum LongOnly : int {
  kHelp = 0x100,
  kUsage,
};

constexpr OptionSpec kOptions[] = {
    {"accounts", required_argument, 'A'},
    {"all", no_argument, 'a'},
    {"cluster", required_argument, 'M'},
    {"clusters", required_argument, 'M'},
    {"format", required_argument, 'o'},
    {"help", no_argument, kHelp},
    {"helpformat", no_argument, 'e'},
    {"long", no_argument, 'l'},
    {"noheader", no_argument, 'n'},
    {"parsable", no_argument, 'p'},
    {"parsable2", no_argument, 'P'},
    {"partition", no_argument, 'm'},
    {"usage", no_argument, kUsage},
    {"users", required_argument, 'u'},
    {"Users", no_argument, 'U'},
    {"verbose", no_argument, 'v'},
    {"version", no_argument, 'V'},
};

void ApplyOption(const ParsedOption& option, SshareOptions& opts) {
  const std::string arg = option.value.value_or("");
  switch (option.id) {
    case kHelp:
    case kUsage: opts.usage = true; break;
    case 'e': opts.help_format = true; break;
    case 'V': opts.version = true; break;
    case 'a': opts.all_users = true; break;
    case 'A':
      for (const std::string& account : SplitCommaList(arg)) opts.accounts.push_back(account);
      break;
    case 'u':
      if (arg == "-1") {
        opts.all_users = true;
        break;
      }
      opts.all_users = false;
      for (const std::string& user : SplitCommaList(arg)) opts.users.push_back(user);
      break;
    case 'U': opts.users_only = true; break;
    case 'l': opts.long_format = true; break;
    case 'n': opts.no_header = true; break;
    case 'p': opts.style = SshareStyle::kParsable; break;
    case 'P': opts.style = SshareStyle::kParsable2; break;
    case 'o': opts.fields += arg + ","; break;
    case 'v': ++opts.verbose; break;
    default: break;  // -M (one cluster), -m (no partition associations)
  }
}

}  // namespace

Result<SshareOptions> ParseSshareOptions(const std::vector<std::string>& args) {
  std::vector<std::string> words(args.begin() + (args.empty() ? 0 : 1), args.end());
  Result<GetoptOutput> line = RunGetopt("sshare", kOptions, words, ArgOrder::kPermute);
  if (!line) return line.error();
  SshareOptions opts;
  for (const ParsedOption& option : line->options) ApplyOption(option, opts);
  if (opts.all_users) opts.users.clear();
  return opts;
}

std::string SshareUsage() {
  return "Usage: sshare [OPTION]\n"
         "  -a, --all               every user's associations\n"
         "  -A, --accounts=list     only these accounts (comma separated)\n"
         "  -e, --helpformat        list the fields --format accepts\n"
         "  -l, --long              also NormUsage, LevelFS and the TRES columns\n"
         "  -m, --partition         accepted (no partition associations)\n"
         "  -M, --clusters=names    accepted and ignored (one cluster)\n"
         "  -n, --noheader          no header lines\n"
         "  -o, --format=fields     comma separated fields, each as Field[%width]\n"
         "  -p, --parsable          '|' after every field\n"
         "  -P, --parsable2         '|' between fields\n"
         "  -u, --users=list        these users (comma separated; -1 = all)\n"
         "  -U, --Users             user lines only\n"
         "  -v, --verbose           more messages\n"
         "      --help, --usage     show this text";
}

}  // namespace bramble::cli
