// getopt_long behind an option table; see getopt_runner.h.
#include "cli/getopt_runner.h"

namespace bramble::cli {
namespace {

const OptionSpec* FindSpec(std::span<const OptionSpec> table, std::string_view name) {
  for (const OptionSpec& spec : table) {
    if (name == spec.name) return &spec;
  }
  return nullptr;
}

// The long option the user meant by `typed` (a name or an unambiguous
// prefix) that has id `id`; falls back to `typed`.
std::string LongName(std::span<const OptionSpec> table, std::string_view typed, int id) {
  if (FindSpec(table, typed)) return std::string(typed);
  for (const OptionSpec& spec : table) {
    if (spec.id == id && std::string_view(spec.name).substr(0, typed.size()) == typed) return spec.name;
  }
  return std::string(typed);
}

// glibc's message for a long option `arg` that matches no option or, as
// an abbreviation, several different ones.
std::string UnknownLongError(const std::string& prog, std::span<const OptionSpec> table, std::string_view typed,
                             std::string_view arg) {
  std::vector<const OptionSpec*> matches;
  for (const OptionSpec& spec : table) {
    if (std::string_view(spec.name).substr(0, typed.size()) != typed) continue;
    bool same = false;
    for (const OptionSpec* m : matches) same = same || (m->id == spec.id && m->has_arg == spec.has_arg);
    if (!same) matches.push_back(&spec);
  }
  if (matches.size() <= 1) return prog + ": unrecognized option '" + std::string(arg) + "'";
  std::string message = prog + ": option '" + std::string(arg) + "' is ambiguous; possibilities:";
  for (const OptionSpec& spec : table) {
    if (std::string_view(spec.name).substr(0, typed.size()) != typed) continue;
    message += " '--" + std::string(spec.name) + "'";
  }
  return message;
}

// glibc's getopt message for the error getopt_long just reported as `c`
// ('?' or ':') with `bad` in optopt; `arg` is argv[optind - 1].
std::string GetoptError(std::string_view program, std::span<const OptionSpec> table, int c, int bad,
                        std::string_view arg) {
  std::string prog(program);
  bool is_long = arg.substr(0, 2) == "--";
  std::string_view typed;  // the long name as typed, without "--" and "=value"
  if (is_long) typed = arg.substr(2, arg.find('=') == std::string_view::npos ? arg.npos : arg.find('=') - 2);
  if (c == ':') {
    if (is_long) return prog + ": option '--" + LongName(table, typed, bad) + "' requires an argument";
    return prog + ": option requires an argument -- '" + static_cast<char>(bad) + "'";
  }
  if (bad == 0) return UnknownLongError(prog, table, typed, arg);
  // A short option's error leaves optind on its own word unless it ends the
  // word, so `arg` may be an earlier long option: only a known id makes
  // this a long option given an argument it does not take.
  bool known_short = false;
  if (bad > 0 && bad < 0x100) {
    for (const OptionSpec& spec : table) known_short = known_short || spec.id == bad;
  }
  if (is_long && (bad >= 0x100 || known_short)) {
    return prog + ": option '--" + LongName(table, typed, bad) + "' doesn't allow an argument";
  }
  return prog + ": invalid option -- '" + static_cast<char>(bad) + "'";
}

// getopt_long's short option string for `table`, after `prefix`.
std::string ShortOptions(std::span<const OptionSpec> table, const std::string& prefix) {
  std::string short_options = prefix;
  for (const OptionSpec& spec : table) {
    bool is_short = spec.id > ' ' && spec.id < 0x7f && spec.id != ':' && spec.id != '-' && spec.id != '+';
    if (is_short && short_options.find(static_cast<char>(spec.id), prefix.size()) == std::string::npos) {
      short_options += static_cast<char>(spec.id);
      if (spec.has_arg == required_argument) short_options += ":";
      if (spec.has_arg == optional_argument) short_options += "::";
    }
  }
  return short_options;
}

}  // namespace

Result<GetoptOutput> RunGetopt(std::string_view program, std::span<const OptionSpec> table,
                               const std::vector<std::string>& args, ArgOrder order, unsigned command) {
  std::vector<OptionSpec> accepted;
  std::vector<option> long_options;
  for (const OptionSpec& spec : table) {
    if ((spec.commands & command) == 0) continue;
    accepted.push_back(spec);
    long_options.push_back(option{spec.name, spec.has_arg, nullptr, spec.id});
  }
  long_options.push_back(option{nullptr, 0, nullptr, 0});
  // '+' stops at the first operand; '-' returns operands in place as id 1;
  // ':' makes a missing argument return ':' instead of '?'.
  std::string short_options = ShortOptions(accepted, order == ArgOrder::kPermute ? "-:" : "+:");

  std::vector<std::string> storage;
  storage.reserve(args.size() + 1);
  storage.emplace_back(program);
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(storage.size());

  GetoptOutput out;
  optind = 0;  // glibc: 0 re-initialises getopt's internal state
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv.data(), short_options.c_str(), long_options.data(), nullptr)) != -1) {
    if (c == 1) {
      out.operands.emplace_back(optarg);
    } else if (c == '?' || c == ':') {
      return InvalidArgument(GetoptError(program, accepted, c, optopt, argv[optind - 1]) + "\nTry \"" +
                             std::string(program) + " --help\" for more information");
    } else {
      out.options.push_back(ParsedOption{c, optarg ? std::optional<std::string>(optarg) : std::nullopt});
    }
  }
  for (int i = optind; i < argc; ++i) out.operands.emplace_back(argv[i]);
  return out;
}

}  // namespace bramble::cli
