// sdiag's command line and report; see sdiag.h.
#include "cli/sdiag.h"

#include <ctime>

#include "cli/getopt_runner.h"

namespace bramble::cli {
namespace {

enum : int { kUsage = 0x100 };

constexpr OptionSpec kOptions[] = {
    {"all", no_argument, 'a'},        {"help", no_argument, 'h'},     {"reset", no_argument, 'r'},
    {"sort-by-id", no_argument, 'i'}, {"sort-by-time", no_argument, 't'}, {"sort-by-time2", no_argument, 'T'},
    {"sort-by-user", no_argument, 'u'},  // Slurm has -u only in later versions; harmless here
    {"usage", no_argument, kUsage},   {"version", no_argument, 'V'},  {"verbose", no_argument, 'v'},
};

// ctime's form without its newline: "Sun Nov 22 05:40:00 2026".
std::string LocalTime(int64_t unix_s) {
  std::time_t t = static_cast<std::time_t>(unix_s);
  std::tm tm{};
  ::localtime_r(&t, &tm);
  char text[64];
  std::strftime(text, sizeof text, "%a %b %d %H:%M:%S %Y", &tm);
  return text;
}

}  // namespace

Result<SdiagOptions> ParseSdiagOptions(const std::vector<std::string>& args) {
  std::vector<std::string> words(args.begin() + (args.empty() ? 0 : 1), args.end());
  Result<GetoptOutput> line = RunGetopt("sdiag", kOptions, words, ArgOrder::kPermute);
  if (!line) return line.error();
  if (!line->operands.empty()) {
    return InvalidArgument("sdiag: unexpected argument '" + line->operands.front() +
                           "'\nTry \"sdiag --help\" for more information");
  }
  SdiagOptions opts;
  for (const ParsedOption& option : line->options) {
    switch (option.id) {
      case 'r': opts.reset = true; break;
      case 'h':
      case kUsage: opts.usage = true; break;
      case 'V': opts.version = true; break;
      default: break;  // -a is the default; the sort orders apply to the RPC table not printed
    }
  }
  return opts;
}

std::string SdiagUsage() {
  return "Usage: sdiag [OPTIONS]\n"
         "  -a, --all               all statistics (the default)\n"
         "  -r, --reset             reset the counters (operators only)\n"
         "  -i, -s, -t              accepted (sort orders of an RPC table Bramble does not print)\n"
         "  -V, --version           print the version\n"
         "  -h, --help, --usage     show this text";
}

std::string FormatSdiag(const proto::DiagnosticsReply& r) {
  std::string out;
  auto line = [&out](const std::string& text) { out += text + "\n"; };
  auto time_of = [](int64_t t) { return LocalTime(t) + " (" + std::to_string(t) + ")"; };
  line("*******************************************************");
  line("sdiag output at " + time_of(r.now()));
  line("Data since      " + time_of(r.since()));
  line("*******************************************************");
  line("Jobs submitted: " + std::to_string(r.jobs_submitted()));
  line("Jobs started:   " + std::to_string(r.jobs_started()));
  line("Jobs completed: " + std::to_string(r.jobs_completed()));
  line("Jobs canceled:  " + std::to_string(r.jobs_canceled()));
  line("Jobs failed:    " + std::to_string(r.jobs_failed()));
  line("");
  line("Job states ts:  " + time_of(r.now()));
  line("Jobs pending:   " + std::to_string(r.jobs_pending()));
  line("Jobs running:   " + std::to_string(r.jobs_running()));
  line("");
  line("Main schedule statistics (microseconds):");
  line("\tLast cycle:   " + std::to_string(r.last_cycle_us()));
  line("\tMax cycle:    " + std::to_string(r.max_cycle_us()));
  line("\tTotal cycles: " + std::to_string(r.cycles()));
  if (r.cycles() > 0) {
    line("\tMean cycle:   " + std::to_string(r.cycle_sum_us() / r.cycles()));
    line("\tMean depth cycle:  " + std::to_string(r.cycle_depth_sum() / r.cycles()));
  }
  int64_t span_s = r.now() - r.since();
  if (span_s > 60) line("\tCycles per minute: " + std::to_string(r.cycles() / static_cast<uint64_t>(span_s / 60)));
  line("\tLast queue length: " + std::to_string(r.last_queue_length()));
  return out;
}

}  // namespace bramble::cli
