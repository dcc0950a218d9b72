// scontrol keyword matching and update parsing; see scontrol_args.h.
#include "cli/scontrol_args.h"

#include <cstdlib>
#include <optional>

#include "cli/job_id_list.h"
#include "common/duration.h"
#include "common/limit_config.h"

namespace bramble::cli {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

struct KeyValue {
  std::string key;
  std::string value;
  bool has_value = false;
};

KeyValue SplitKeyValue(const std::string& word) {
  size_t eq = word.find('=');
  if (eq == std::string::npos) return {word, "", false};
  return {word.substr(0, eq), word.substr(eq + 1), true};
}

Status NotSupported(const std::string& word) {
  return InvalidArgument("Update of this parameter is not supported: " + word + "\nRequest aborted");
}

// Node states `scontrol update nodename=... state=` takes so far.
constexpr std::string_view kNodeStates[] = {"DOWN", "DRAIN", "IDLE", "RESUME", "UNDRAIN"};

// Slurm's NICE_OFFSET - 3: the largest |Nice| scontrol accepts.
constexpr long long kMaxNice = 2147483645;

// A positive count for NumNodes= or NumCPUs=; nullopt on anything else.
// (Slurm also takes "min-max" ranges; UpdateJob carries one count.)
std::optional<uint32_t> ParseCount(const std::string& text) {
  bool digits = !text.empty() && text.size() <= 9 && text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits || std::stoul(text) == 0) return std::nullopt;
  return static_cast<uint32_t>(std::stoul(text));
}

// Applies one JobId= update word other than JobId itself. Returns nullopt
// when the key is not one Bramble can change.
std::optional<Status> ApplyJobKey(const KeyValue& kv, proto::UpdateJob* job) {
  if (KeywordMatches(kv.key, "TimeLimit", 5)) {
    auto seconds = ParseTimeLimit(kv.value);
    if (!seconds) return InvalidArgument("scontrol: error: Invalid TimeLimit value");
    job->set_time_limit_s(*seconds);
  } else if (KeywordMatches(kv.key, "Partition", 2)) {
    job->set_partition(kv.value);
  } else if (KeywordMatches(kv.key, "NumNodes", 8) || KeywordMatches(kv.key, "ReqNodes", 8)) {
    auto count = ParseCount(kv.value);
    if (!count) return InvalidArgument("scontrol: error: Invalid NumNodes value: " + kv.value);
    job->set_num_nodes(*count);
  } else if (KeywordMatches(kv.key, "NumCPUs", 6)) {
    auto count = ParseCount(kv.value);
    if (!count) return InvalidArgument("scontrol: error: Invalid NumCPUs value: " + kv.value);
    job->set_num_cpus(*count);
  } else if (KeywordMatches(kv.key, "Nice", 2)) {
    // strtoll, as Slurm: trailing text is ignored; a bare "Nice" is 100.
    long long nice = kv.has_value ? std::strtoll(kv.value.c_str(), nullptr, 10) : 100;
    if (std::llabs(nice) > kMaxNice) {
      return InvalidArgument("scontrol: error: Nice value out of range (+/- " + std::to_string(kMaxNice) +
                             "). Value ignored");
    }
    job->set_nice(static_cast<int32_t>(nice));
  } else {
    return std::nullopt;
  }
  return Status::Ok();
}

Result<UpdateCommand> ParseJobUpdate(const std::vector<KeyValue>& pairs, const std::vector<std::string>& words) {
  UpdateCommand command;
  command.kind = UpdateKind::kJob;
  bool have_id = false;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const KeyValue& kv = pairs[i];
    if (KeywordMatches(kv.key, "JobId", 3)) {
      auto id = ParseJobId(kv.value);
      if (!id) return InvalidArgument("scontrol: error: Invalid job id specified: " + kv.value);
      command.job.set_job_id(*id);
      have_id = true;
      continue;
    }
    std::optional<Status> applied = ApplyJobKey(kv, &command.job);
    if (!applied) return NotSupported(words[i]);
    if (!applied->ok()) return *applied;
  }
  if (!have_id) return InvalidArgument("scontrol: error: No job id specified");
  return command;
}

// UserLimits=<user> or GroupLimits=<group>, then the limit words.
Result<UpdateCommand> ParseLimitsUpdate(const std::vector<KeyValue>& pairs, const std::vector<std::string>& words) {
  UpdateCommand command;
  command.kind = UpdateKind::kLimits;
  proto::UpdateLimits& limits = command.limits;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const KeyValue& kv = pairs[i];
    bool user = KeywordMatches(kv.key, "UserLimits", 5);
    if (limits.kind().empty() && (user || KeywordMatches(kv.key, "GroupLimits", 5))) {
      limits.set_kind(user ? "user" : "group");
      if (kv.value.empty()) {
        return InvalidArgument(std::string("scontrol: error: No ") + (user ? "user" : "group") + " name specified");
      }
      limits.set_name(kv.value);
      continue;
    }
    limits.add_settings(words[i]);
  }
  if (limits.settings().empty()) return InvalidArgument("scontrol: error: No changes specified");
  // The controller parses the settings the same way; checking here gives
  // the error before anything is sent.
  std::vector<std::string> settings(limits.settings().begin(), limits.settings().end());
  auto parsed = ParseLimitUpdate(LimitConfig{}, settings);
  if (!parsed) return InvalidArgument("scontrol: error: " + parsed.error().message());
  return command;
}

Result<UpdateCommand> ParseNodeUpdate(const std::vector<KeyValue>& pairs, const std::vector<std::string>& words) {
  UpdateCommand command;
  command.kind = UpdateKind::kNode;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const KeyValue& kv = pairs[i];
    if (KeywordMatches(kv.key, "NodeName", 3)) {
      command.node.set_nodes(kv.value);
    } else if (KeywordMatches(kv.key, "Reason", 3)) {
      command.node.set_reason(kv.value);
    } else if (KeywordMatches(kv.key, "State", 3)) {
      std::string state;
      for (std::string_view name : kNodeStates) {
        if (KeywordMatches(kv.value, name, 3)) state = name;
      }
      if (state.empty()) {
        std::string valid;
        for (std::string_view name : kNodeStates) valid += " " + std::string(name);
        return InvalidArgument("Invalid input: " + words[i] + "\nRequest aborted\nValid states are:" + valid);
      }
      command.node.set_state(state);
    } else {
      return NotSupported(words[i]);
    }
  }
  if (command.node.nodes().empty()) return InvalidArgument("scontrol: error: No node name specified");
  const std::string& state = command.node.state();
  if ((state == "DOWN" || state == "DRAIN") && command.node.reason().empty()) {
    return InvalidArgument(
        "scontrol: error: You must specify a reason when DOWNING or DRAINING a node. Request denied");
  }
  return command;
}

}  // namespace

bool KeywordMatches(std::string_view word, std::string_view keyword, size_t min_length) {
  if (word.size() > keyword.size()) return false;
  if (word.size() < min_length && word.size() != keyword.size()) return false;
  if (word.empty()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (Lower(word[i]) != Lower(keyword[i])) return false;
  }
  return true;
}

Result<UpdateCommand> ParseUpdate(const std::vector<std::string>& args) {
  std::vector<KeyValue> pairs;
  bool job = false;
  bool node = false;
  bool limits = false;
  for (const std::string& word : args) {
    KeyValue kv = SplitKeyValue(word);
    if (!kv.has_value && !KeywordMatches(kv.key, "Nice", 2)) {
      return InvalidArgument("Invalid input: " + word + "\nRequest aborted");
    }
    job = job || KeywordMatches(kv.key, "JobId", 3);
    node = node || KeywordMatches(kv.key, "NodeName", 3);
    limits = limits || KeywordMatches(kv.key, "UserLimits", 5) || KeywordMatches(kv.key, "GroupLimits", 5);
    pairs.push_back(std::move(kv));
  }
  if (limits) return ParseLimitsUpdate(pairs, args);
  if (job) return ParseJobUpdate(pairs, args);
  if (node) return ParseNodeUpdate(pairs, args);
  return InvalidArgument(
      "No valid entity in update command\n"
      "Input line must include \"NodeName\" or \"JobId\"");
}

Result<std::vector<uint32_t>> ParseRequeue(const std::vector<std::string>& args) {
  if (args.empty()) return InvalidArgument("too few arguments for keyword:requeue");
  std::vector<uint32_t> ids;
  for (const std::string& arg : args) {
    std::string list = arg;
    for (std::string_view prefix : {"jobid=", "job="}) {
      if (KeywordMatches(list.substr(0, prefix.size()), prefix, prefix.size())) {
        list.erase(0, prefix.size());
        break;
      }
    }
    auto parsed = ParseJobIdList({list});
    if (!parsed || parsed->empty()) return InvalidArgument("Invalid job id specified for job " + list);
    ids.insert(ids.end(), parsed->begin(), parsed->end());
  }
  return ids;
}

std::string OneLiner(std::string_view block) {
  std::string line;
  size_t start = 0;
  while (start < block.size()) {
    size_t end = block.find('\n', start);
    if (end == std::string_view::npos) end = block.size();
    std::string_view part = block.substr(start, end - start);
    start = end + 1;
    size_t first = part.find_first_not_of(' ');
    if (first == std::string_view::npos) continue;
    if (!line.empty()) line += ' ';
    line += part.substr(first);
  }
  return line + "\n";
}

std::string ScontrolHelpText() {
  return "Usage: scontrol [-o] [-Q] [-v] [-V] <COMMAND>\n"
         "  show job [<id>] | node [<name>] | partition [<name>] | config\n"
         "  show hostnames [<hostlist>] | hostlist <name,...>\n"
         "  ping\n"
         "  update JobId=<id> [TimeLimit=<time>] [Partition=<name>] [NumNodes=<n>]\n"
         "         [NumCPUs=<n>] [Nice[=<adjustment>]]\n"
         "  update NodeName=<nodes> State=DRAIN|RESUME|IDLE|DOWN|UNDRAIN [Reason=<text>]\n"
         "  update UserLimits=<user>|GroupLimits=<group> [MaxJobs=<n>] [MaxSubmitJobs=<n>]\n"
         "         [MaxWall=<time>] [GrpTRES=cpu=<n>,mem=<size>,gres/gpu=<n>]\n"
         "  hold <job_list> | release <job_list> | requeue <job_list>\n"
         "  version\n";
}

}  // namespace bramble::cli
