// sprio's command line; see sprio_options.h. The option table mirrors
// sprio's own (src/sprio/opts.c).
#include "cli/sprio_options.h"

#include <algorithm>

#include "cli/getopt_runner.h"
#include "common/split.h"

namespace bramble::cli {
namespace {

enum LongOnly : int {
  kHelp = 0x100,
  kUsage,
  kLocal,
  kSibling,
  kFederation,
};

constexpr OptionSpec kOptions[] = {
    {"cluster", required_argument, 'M'},
    {"clusters", required_argument, 'M'},
    {"federation", no_argument, kFederation},
    {"format", required_argument, 'o'},
    {"help", no_argument, kHelp},
    {"jobs", optional_argument, 'j'},
    {"local", no_argument, kLocal},
    {"long", no_argument, 'l'},
    {"noheader", no_argument, 'h'},
    {"norm", no_argument, 'n'},
    {"partition", required_argument, 'p'},
    {"sib", no_argument, kSibling},
    {"sibling", no_argument, kSibling},
    {"sort", required_argument, 'S'},
    {"usage", no_argument, kUsage},
    {"user", required_argument, 'u'},
    {"users", required_argument, 'u'},
    {"verbose", no_argument, 'v'},
    {"version", no_argument, 'V'},
    {"weights", no_argument, 'w'},
};

// "12", "12,13", "12_3" (array task: its array's job id, as Slurm's sprio
// takes it).
Result<std::vector<uint32_t>> ParseJobList(const std::string& list) {
  std::vector<uint32_t> ids;
  for (const std::string& item : SplitCommaList(list)) {
    size_t digits = item.find_first_not_of("0123456789");
    std::string id_text = item.substr(0, digits);
    bool rest_ok = digits == std::string::npos || (item[digits] == '_' && digits + 1 < item.size());
    if (id_text.empty() || id_text.size() > 10 || !rest_ok) {
      return InvalidArgument("sprio: error: Invalid job id: " + item);
    }
    long long id = std::stoll(id_text);
    if (id <= 0 || id > 0xffffffffLL) return InvalidArgument("sprio: error: Invalid job id: " + item);
    ids.push_back(static_cast<uint32_t>(id));
  }
  return ids;
}

Status ApplyOption(const ParsedOption& option, SprioOptions& opts, bool& format_given) {
  const std::string arg = option.value.value_or("");
  switch (option.id) {
    case kHelp: opts.help = true; break;
    case kUsage: opts.usage = true; break;
    case 'V': opts.version = true; break;
    case 'h': opts.no_header = true; break;
    case 'l': opts.long_format = true; break;
    case 'n': opts.normalized = true; break;
    case 'w': opts.weights = true; break;
    case 'v': ++opts.verbose; break;
    case 'o': opts.format = arg; format_given = true; break;
    case 'p': opts.partitions = SplitCommaList(arg); break;
    case 'u': opts.users = SplitCommaList(arg); break;
    case 'S': opts.sort = arg; break;
    case 'j':
      opts.job_flag = true;
      if (option.value) {
        Result<std::vector<uint32_t>> ids = ParseJobList(arg);
        if (!ids) return ids.error();
        opts.job_ids = *ids;
      }
      break;
    case 'M':  // one cluster: accepted and ignored
    case kLocal:
    case kSibling:
    case kFederation: break;
    default: return Internal("unhandled sprio option");
  }
  return Status::Ok();
}

}  // namespace

Result<SprioOptions> ParseSprioOptions(const std::vector<std::string>& args, const SprioEnv& env) {
  std::vector<std::string> words(args.begin() + (args.empty() ? 0 : 1), args.end());
  Result<GetoptOutput> line = RunGetopt("sprio", kOptions, words, ArgOrder::kPermute);
  if (!line) return line.error();
  SprioOptions opts;
  bool format_given = false;
  for (const ParsedOption& option : line->options) {
    BRAMBLE_RETURN_IF_ERROR(ApplyOption(option, opts, format_given));
  }
  if (opts.help || opts.usage || opts.version) return opts;
  if (opts.long_format && format_given) {
    return InvalidArgument(
        "sprio: fatal: Options -o(--format) and -l(--long) are mutually exclusive. "
        "Please remove one and retry.");
  }
  if (!format_given && !opts.long_format) {
    if (std::optional<std::string> value = env("SPRIO_FORMAT")) opts.format = *value;
  }
  std::vector<std::string> rest = line->operands;
  if (!rest.empty() && opts.job_flag) {
    Result<std::vector<uint32_t>> ids = ParseJobList(rest.front());
    if (!ids) return ids.error();
    opts.job_ids = *ids;
    rest.erase(rest.begin());
  }
  if (!rest.empty()) {
    return InvalidArgument("sprio: error: Unrecognized option: " + rest.front() + "\n" + SprioUsage());
  }
  return opts;
}

std::string SprioUsage() {
  return "Usage: sprio [-j jid[s]] [-u user_name[s]] [-o format] [-p partitions]\n"
         "             [-S sort] [--usage] [-hlnvw]";
}

std::string SprioHelp() {
  return "Usage: sprio [OPTIONS]\n"
         "  -h, --noheader                  print no header line\n"
         "  -j, --jobs[=job(s)]             comma separated list of job ids to show,\n"
         "                                  default is every pending job\n"
         "  -l, --long                      every factor, with user, nice and TRES\n"
         "  -M, --clusters=cluster_name     accepted and ignored (one cluster)\n"
         "  -n, --norm                      show the factors before weighting\n"
         "  -o, --format=format             format specification\n"
         "  -p, --partition=partition(s)    comma separated list of partitions to show\n"
         "  -S, --sort=fields               sort order, e.g. \"-y\" (default \"i\")\n"
         "  -u, --user=user_name(s)         comma separated list of users to show\n"
         "  -v, --verbose                   verbosity level\n"
         "  -w, --weights                   show the weight of each factor\n"
         "\nHelp options:\n"
         "      --help                      show this help message\n"
         "      --usage                     display a brief summary of sprio options";
}

}  // namespace bramble::cli
