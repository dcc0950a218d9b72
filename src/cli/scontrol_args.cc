// scontrol keyword matching and update parsing; see scontrol_args.h.
#include "cli/scontrol_args.h"

#include "cli/job_id_list.h"
#include "common/duration.h"

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

Result<UpdateCommand> ParseJobUpdate(const std::vector<KeyValue>& pairs, const std::vector<std::string>& words) {
  UpdateCommand command;
  command.is_job = true;
  bool have_id = false;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const KeyValue& kv = pairs[i];
    if (KeywordMatches(kv.key, "JobId", 3)) {
      auto id = ParseJobId(kv.value);
      if (!id) return InvalidArgument("scontrol: error: Invalid job id specified: " + kv.value);
      command.job.set_job_id(*id);
      have_id = true;
    } else if (KeywordMatches(kv.key, "TimeLimit", 5)) {
      auto seconds = ParseTimeLimit(kv.value);
      if (!seconds) return InvalidArgument("scontrol: error: Invalid TimeLimit value");
      command.job.set_time_limit_s(*seconds);
    } else {
      return NotSupported(words[i]);
    }
  }
  if (!have_id) return InvalidArgument("scontrol: error: No job id specified");
  return command;
}

Result<UpdateCommand> ParseNodeUpdate(const std::vector<KeyValue>& pairs, const std::vector<std::string>& words) {
  UpdateCommand command;
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
  for (const std::string& word : args) {
    KeyValue kv = SplitKeyValue(word);
    if (!kv.has_value) return InvalidArgument("Invalid input: " + word + "\nRequest aborted");
    job = job || KeywordMatches(kv.key, "JobId", 3);
    node = node || KeywordMatches(kv.key, "NodeName", 3);
    pairs.push_back(std::move(kv));
  }
  if (job) return ParseJobUpdate(pairs, args);
  if (node) return ParseNodeUpdate(pairs, args);
  return InvalidArgument(
      "No valid entity in update command\n"
      "Input line must include \"NodeName\" or \"JobId\"");
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
         "  update JobId=<id> TimeLimit=<time>\n"
         "  update NodeName=<nodes> State=DRAIN|RESUME|IDLE|DOWN|UNDRAIN [Reason=<text>]\n"
         "  hold <job_list> | release <job_list>\n"
         "  version\n";
}

}  // namespace bramble::cli
