// sacct option parsing; see sacct_options.h.
#include "cli/sacct_options.h"

#include <pwd.h>
#include <strings.h>

#include <algorithm>
#include <cstdlib>

#include "cli/getopt_runner.h"
#include "cli/job_id_list.h"
#include "common/split.h"
#include "proto/job_state.h"

namespace bramble::cli {
namespace {

enum : int { kOptName = 0x100, kOptUsage, kOptHelpFormat, kOptNoConvert, kOptDelimiter };

constexpr OptionSpec kSacctTable[] = {
    {"allusers", no_argument, 'a'},
    {"accounts", required_argument, 'A'},
    {"brief", no_argument, 'b'},
    {"duplicates", no_argument, 'D'},
    {"endtime", required_argument, 'E'},
    {"helpformat", no_argument, 'e'},
    {"help", no_argument, 'h'},
    {"jobs", required_argument, 'j'},
    {"long", no_argument, 'l'},
    {"cluster", required_argument, 'M'},
    {"clusters", required_argument, 'M'},
    {"noheader", no_argument, 'n'},
    {"format", required_argument, 'o'},
    {"parsable", no_argument, 'p'},
    {"parsable2", no_argument, 'P'},
    {"partition", required_argument, 'r'},
    {"state", required_argument, 's'},
    {"starttime", required_argument, 'S'},
    {"truncate", no_argument, 'T'},
    {"user", required_argument, 'u'},
    {"uid", required_argument, 'u'},
    {"usage", no_argument, kOptUsage},
    {"verbose", no_argument, 'v'},
    {"version", no_argument, 'V'},
    {"allocations", no_argument, 'X'},
    {"name", required_argument, kOptName},
    {"noconvert", no_argument, kOptNoConvert},
    {"delimiter", required_argument, kOptDelimiter},
};

// sacct's field table: name, width, justification (sacct.c's fields[]; the
// ids are left-justified, everything else right). Lookup is
// case-insensitive, and a prefix selects the first field it begins.
struct FieldSpec {
  const char* name;
  int width;
  bool left;
};
constexpr FieldSpec kFields[] = {
    {"Account", 10, false},   {"AllocCPUS", 10, false}, {"AllocNodes", 10, false},
    {"Cluster", 10, false},   {"Comment", 15, false},   {"CPUTime", 10, false},
    {"CPUTimeRAW", 10, false}, {"Elapsed", 10, false},  {"ElapsedRaw", 10, false},
    {"Eligible", 19, false},  {"End", 19, false},       {"ExitCode", 8, false},
    {"GID", 6, false},        {"Group", 9, false},      {"JobID", 12, true},
    {"JobIDRaw", 12, true},   {"JobName", 10, false},   {"MaxRSS", 10, false},
    {"NCPUS", 10, false},     {"NNodes", 8, false},     {"NodeList", 15, false},
    {"NTasks", 8, false},     {"Partition", 10, false}, {"Reason", 20, false},
    {"ReqMem", 10, false},    {"Start", 19, false},     {"State", 10, false},
    {"Submit", 19, false},    {"SystemCPU", 10, false}, {"Timelimit", 10, false},
    {"TotalCPU", 10, false},  {"UID", 6, false},        {"User", 9, false},
    {"UserCPU", 10, false},   {"WorkDir", 15, false},
};

const char* kDefaultFormat = "JobID,JobName,Partition,Account,AllocCPUS,State,ExitCode";
const char* kBriefFormat = "JobID,State,ExitCode";
const char* kLongFormat =
    "JobID,JobIDRaw,JobName,Partition,MaxRSS,NTasks,AllocCPUS,Elapsed,TotalCPU,UserCPU,SystemCPU,"
    "State,ExitCode,Submit,Start,End,NodeList";

Status SacctError(const std::string& text) { return InvalidArgument("sacct: error: " + text); }

Result<uint32_t> ResolveUser(const std::string& name) {
  if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) {
    return static_cast<uint32_t>(std::strtoul(name.c_str(), nullptr, 10));
  }
  struct passwd* pw = ::getpwnam(name.c_str());
  if (pw == nullptr) return SacctError("Invalid user id: " + name);
  return static_cast<uint32_t>(pw->pw_uid);
}

// One -j item: 12, 12_3, 12.batch, 12.0, 12_3.0.
Result<SacctSelector> ParseSelector(const std::string& item) {
  SacctSelector selector;
  std::string job = item;
  size_t dot = item.find('.');
  if (dot != std::string::npos) {
    std::string step = item.substr(dot + 1);
    job = item.substr(0, dot);
    bool number = !step.empty() && step.find_first_not_of("0123456789") == std::string::npos;
    if (!number && step != "batch" && step != "extern") return SacctError("Invalid job id: " + item);
    selector.step = step;
  }
  size_t underscore = job.find('_');
  auto id = ParseJobId(job.substr(0, underscore));
  if (!id) return SacctError("Invalid job id: " + item);
  selector.job_id = *id;
  if (underscore != std::string::npos) {
    std::string rest = job.substr(underscore + 1);
    if (rest.empty() || rest.find_first_not_of("0123456789") != std::string::npos) {
      return SacctError("Invalid job id: " + item);
    }
    selector.array_task = static_cast<uint32_t>(std::strtoul(rest.c_str(), nullptr, 10));
  }
  return selector;
}

Status AddStates(const std::string& list, proto::QueryAccounting* query) {
  for (const std::string& name : SplitCommaList(list)) {
    auto state = ParseJobState(name);
    if (!state) return SacctError("Invalid state: " + name);
    query->add_states(*state);
  }
  return Status::Ok();
}

struct Pending {
  std::string format = kDefaultFormat;
  std::optional<std::string> start;
  std::optional<std::string> end;
};

Status Apply(const ParsedOption& option, SacctOptions* out, Pending* pending) {
  const std::string value = option.value.value_or("");
  proto::QueryAccounting& query = out->query;
  switch (option.id) {
    case 'a': query.set_all_users(true); break;
    case 'b': pending->format = kBriefFormat; break;
    case 'l': pending->format = kLongFormat; break;
    case 'e': out->action = SacctAction::kHelpFormat; break;
    case 'h': out->action = SacctAction::kHelp; break;
    case kOptUsage: out->action = SacctAction::kUsage; break;
    case 'V': out->action = SacctAction::kVersion; break;
    case 'n': out->no_header = true; break;
    case 'o': pending->format = value; break;
    case 'p': out->parsable = true; break;
    case 'P': out->parsable2 = true; break;
    case 'X': out->allocations = true; break;
    case 'S': pending->start = value; break;
    case 'E': pending->end = value; break;
    case 's': return AddStates(value, &query);
    case kOptName:
      for (const std::string& name : SplitCommaList(value)) query.add_names(name);
      break;
    case 'u':
      for (const std::string& name : SplitCommaList(value)) {
        auto uid = ResolveUser(name);
        if (!uid) return uid.error();
        query.add_uids(*uid);
      }
      break;
    case 'j':
      for (const std::string& item : SplitCommaList(value)) {
        auto selector = ParseSelector(item);
        if (!selector) return selector.error();
        out->selectors.push_back(*selector);
        query.add_job_ids(selector->job_id);
      }
      break;
    default:  // -A -D -M -r -T -v --noconvert --delimiter: accepted, no effect
      break;
  }
  return Status::Ok();
}

// Midnight today in the clock's zone.
int64_t Midnight(const JobClock& clock) {
  LocalTime today = clock.zone->ToLocal(clock.now);
  today.hour = today.minute = today.second = 0;
  auto midnight = clock.zone->FromLocal(today);
  return midnight ? *midnight : clock.now - clock.now % 86400;
}

}  // namespace

Result<std::vector<SacctColumn>> ParseSacctFormat(const std::string& list) {
  std::vector<SacctColumn> columns;
  for (const std::string& item : SplitCommaList(list)) {
    std::string name = item;
    std::optional<int> width;
    bool left = false;
    size_t percent = item.find('%');
    if (percent != std::string::npos) {
      name = item.substr(0, percent);
      std::string number = item.substr(percent + 1);
      if (!number.empty() && number[0] == '-') {
        left = true;
        number.erase(0, 1);
      }
      width = std::atoi(number.c_str());
    }
    const FieldSpec* found = nullptr;
    for (const FieldSpec& field : kFields) {
      if (strcasecmp(field.name, name.c_str()) == 0) found = &field;
    }
    for (const FieldSpec& field : kFields) {
      if (found == nullptr && !name.empty() && strncasecmp(field.name, name.c_str(), name.size()) == 0) {
        found = &field;
      }
    }
    if (found == nullptr) return SacctError("Invalid field requested: \"" + name + "\"");
    SacctColumn column{found->name, found->width, found->left};
    if (width && *width > 0) {
      column.width = *width;
      column.left = left;
    }
    columns.push_back(column);
  }
  return columns;
}

Result<SacctOptions> ParseSacct(const std::vector<std::string>& args, const JobClock& clock) {
  std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
  auto parsed = RunGetopt("sacct", kSacctTable, rest, ArgOrder::kPermute);
  if (!parsed) return parsed.error();
  SacctOptions out;
  Pending pending;
  for (const ParsedOption& option : parsed->options) {
    BRAMBLE_RETURN_IF_ERROR(Apply(option, &out, &pending));
  }
  if (out.action != SacctAction::kQuery) return out;
  if (!parsed->operands.empty()) {
    std::string text = "sacct: error: Unknown arguments:";
    for (const std::string& operand : parsed->operands) text += " " + operand;
    return InvalidArgument(text);
  }
  auto columns = ParseSacctFormat(pending.format);
  if (!columns) return columns.error();
  out.columns = *columns;
  int64_t start = out.selectors.empty() ? Midnight(clock) : 0;
  if (pending.start) {
    auto t = ParseBeginTime(*pending.start, clock.now, *clock.zone);
    if (!t || *t == 0) return SacctError("Invalid time specification: " + *pending.start);
    start = *t;
  }
  int64_t end = 0;
  if (pending.end) {
    auto t = ParseBeginTime(*pending.end, clock.now, *clock.zone);
    if (!t || *t == 0) return SacctError("Invalid time specification: " + *pending.end);
    end = *t;
  }
  out.query.set_start_time(start);
  out.query.set_end_time(end);
  return out;
}

std::string SacctHelpFormatText() {
  std::string text;
  int column = 0;
  for (const FieldSpec& field : kFields) {
    std::string name = field.name;
    name.resize(std::max<size_t>(name.size(), 20), ' ');
    text += name;
    if (++column % 4 == 0) text += "\n";
  }
  if (column % 4 != 0) text += "\n";
  return text;
}

std::string SacctUsageText() {
  return "Usage: sacct [-a] [-b] [-E endtime] [-j job(.step)] [-l] [-n] [-o format] [-p|-P]\n"
         "             [-s state] [-S starttime] [-u user] [-X] [--name=names] [-M clusters]\n";
}

}  // namespace bramble::cli
