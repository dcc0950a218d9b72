// GRES specifications and gres.conf; see gres_config.h.
//
// gres.conf shares slurm.conf's syntax (Key=Value tokens, '#' comments, '\'
// continuations), so it goes through the same tokenizer (config_parser.h).
// Each line is one GRES record for the nodes it names. Counts are checked
// against the device files for every GRES but mps and shard: for those Slurm
// reads Count= as shares spread over the files, so any count goes.
#include "common/gres_config.h"

#include <algorithm>
#include <map>
#include <optional>

#include "common/config.h"
#include "common/config_parser.h"
#include "common/hostlist.h"

namespace bramble {
namespace {

using config_internal::KeyIn;
using config_internal::ParseState;
using config_internal::Token;

// gres.conf(5) keys that Bramble ignores with a warning.
const std::vector<std::string_view> kUnusedGresKeys = {"AutoDetect", "Cores", "CPUs",
                                                       "Flags",      "Links", "MultipleFiles"};

// "gpu" or "gpu:a100", for messages.
std::string Label(std::string_view name, std::string_view type) {
  return type.empty() ? std::string(name) : std::string(name) + ":" + std::string(type);
}

std::vector<std::string_view> SplitColons(std::string_view text) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t colon = text.find(':', start);
    fields.push_back(text.substr(start, colon - start));
    if (colon == std::string_view::npos) return fields;
    start = colon + 1;
  }
}

// Applies one gres.conf key to `line`; nullopt when Bramble does not use it.
std::optional<Status> ApplyGresKey(const ParseState& state, const Token& token, GresConfLine& line,
                                   bool& count_set) {
  const std::string& key = token.lower_key;
  if (key == "nodename") {
    Result<std::vector<std::string>> nodes = ExpandHostlist(token.value);
    if (!nodes) return state.Error("bad " + token.key + ": " + nodes.error().message());
    line.nodes = std::move(*nodes);
  } else if (key == "name") {
    if (token.value.empty()) return state.Error("empty " + token.key);
    line.name = token.value;
  } else if (key == "type") {
    line.type = token.value;
  } else if (key == "file") {
    Result<std::vector<std::string>> files = ExpandHostlist(token.value);
    if (!files) return state.Error("bad " + token.key + ": " + files.error().message());
    line.files = std::move(*files);
  } else if (key == "count") {
    Result<uint64_t> count = ParseGresCount(token.value);
    if (!count) return state.Error("bad number for " + token.key + ": '" + token.value + "'");
    line.count = *count;
    count_set = true;
  } else {
    return std::nullopt;
  }
  return Status::Ok();
}

// Parses one gres.conf line; nullopt for a line that describes no GRES
// (empty, or only NodeName= and ignored keys such as AutoDetect=).
Result<std::optional<GresConfLine>> ParseGresLine(ParseState& state,
                                                  const std::vector<Token>& tokens) {
  GresConfLine line;
  line.line = state.line;
  bool count_set = false;
  bool describes = false;  // a key other than NodeName= and ignored ones
  for (const Token& token : tokens) {
    std::optional<Status> status = ApplyGresKey(state, token, line, count_set);
    if (!status) {
      state.WarnIgnored(token, KeyIn(token.lower_key, kUnusedGresKeys));
      continue;
    }
    BRAMBLE_RETURN_IF_ERROR(*status);
    describes = describes || token.lower_key != "nodename";
  }
  if (!describes) return std::optional<GresConfLine>();
  if (line.name.empty()) return state.Error("missing Name=");
  bool shares = line.name == "mps" || line.name == "shard";
  if (count_set && !line.files.empty() && !shares && line.count != line.files.size()) {
    return state.Error("Count=" + std::to_string(line.count) + " but File= names " +
                       std::to_string(line.files.size()) + " devices");
  }
  if (!count_set) line.count = line.files.empty() ? 1 : line.files.size();
  return std::optional<GresConfLine>(std::move(line));
}

// The index of the entry of `gres` that a gres.conf line for `name` and
// `type` describes, or -1: the entry with that name and type, else the only
// entry of that name when either side gives no type.
int MatchEntry(const std::vector<GresConfig>& gres, const std::string& name,
               const std::string& type) {
  int loose = -1;
  int loose_count = 0;
  for (size_t i = 0; i < gres.size(); ++i) {
    if (gres[i].name != name) continue;
    if (gres[i].type == type) return static_cast<int>(i);
    if (gres[i].type.empty() || type.empty()) {
      loose = static_cast<int>(i);
      ++loose_count;
    }
  }
  return loose_count == 1 ? loose : -1;
}

// Where one node entry's gres.conf devices came from.
struct Tally {
  uint64_t count = 0;
  int last_line = 0;
};

Status Located(std::string_view origin, int line, const std::string& what) {
  return InvalidArgument(std::string(origin) + ":" + std::to_string(line) + ": " + what);
}

// Attaches the lines that apply to `node` to its entries; checks the counts.
Status ApplyToNode(const GresConf& conf, std::string_view origin, NodeConfig& node) {
  std::map<int, Tally> tallies;  // entry index -> what gres.conf gave it
  for (const GresConfLine& line : conf.lines) {
    bool named = !line.nodes.empty();
    if (named && std::find(line.nodes.begin(), line.nodes.end(), node.name) == line.nodes.end()) {
      continue;
    }
    int index = MatchEntry(node.gres, line.name, line.type);
    if (index < 0) {
      if (!named) continue;  // a line for every node: only those with this GRES
      return Located(origin, line.line,
                     "node " + node.name + " has no GRES " + Label(line.name, line.type) +
                         " in slurm.conf Gres=");
    }
    GresConfig& entry = node.gres[static_cast<size_t>(index)];
    entry.files.insert(entry.files.end(), line.files.begin(), line.files.end());
    tallies[index].count += line.count;
    tallies[index].last_line = line.line;
  }
  for (const auto& [index, tally] : tallies) {
    const GresConfig& entry = node.gres[static_cast<size_t>(index)];
    if (tally.count == entry.count) continue;
    return Located(origin, tally.last_line,
                   "node " + node.name + " has " + std::to_string(tally.count) + " " +
                       Label(entry.name, entry.type) + " in gres.conf but " +
                       std::to_string(entry.count) + " in slurm.conf (Gres=" +
                       Label(entry.name, entry.type) + ":" + std::to_string(entry.count) + ")");
  }
  return Status::Ok();
}

}  // namespace

Result<uint64_t> ParseGresCount(std::string_view text) {
  Status bad = InvalidArgument("bad count '" + std::string(text) + "'");
  uint64_t value = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    uint64_t digit = static_cast<uint64_t>(text[i] - '0');
    if (value > (UINT64_MAX - digit) / 10) return bad;
    value = value * 10 + digit;
  }
  if (i == 0 || text.size() - i > 1) return bad;
  if (i == text.size()) return value;
  static constexpr std::string_view kSuffixes = "KMGTP";
  char suffix = text[i] >= 'a' && text[i] <= 'z' ? static_cast<char>(text[i] - 'a' + 'A') : text[i];
  size_t power = kSuffixes.find(suffix);
  if (power == std::string_view::npos) return bad;
  for (size_t p = 0; p <= power; ++p) {
    if (value > UINT64_MAX / 1024) return bad;
    value *= 1024;
  }
  return value;
}

Result<std::vector<GresConfig>> ParseGresSpec(std::string_view text) {
  std::vector<GresConfig> gres;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = std::min(text.find(',', start), text.size());
    std::string_view item = text.substr(start, comma - start);
    start = comma + 1;
    if (item.empty()) continue;
    std::vector<std::string_view> fields = SplitColons(item);
    Status bad = InvalidArgument("'" + std::string(item) + "' is not name[:type][:count]");
    if (fields.size() > 3) return bad;
    for (std::string_view field : fields) {
      if (field.empty()) return bad;
    }
    GresConfig entry;
    entry.name = std::string(fields[0]);
    if (fields.size() == 3) entry.type = std::string(fields[1]);
    if (fields.size() >= 2) {
      // name:x is a count when x is one (as in Slurm), else a type.
      Result<uint64_t> count = ParseGresCount(fields.back());
      if (count) {
        entry.count = *count;
      } else if (fields.size() == 3) {
        return InvalidArgument("bad count '" + std::string(fields[2]) + "' in '" +
                               std::string(item) + "'");
      } else {
        entry.type = std::string(fields[1]);
      }
    }
    for (const GresConfig& other : gres) {
      if (other.name == entry.name && other.type == entry.type) {
        return InvalidArgument(Label(entry.name, entry.type) + " is given twice");
      }
    }
    gres.push_back(std::move(entry));
  }
  return gres;
}

Result<GresConf> ParseGresConfig(std::string_view text, std::string_view origin) {
  ParseState state;
  state.origin = std::string(origin);
  GresConf conf;
  for (const auto& [number, text_line] : config_internal::LogicalLines(text)) {
    state.line = number;
    Result<std::vector<Token>> tokens = config_internal::Tokenize(state, text_line);
    if (!tokens) return tokens.error();
    Result<std::optional<GresConfLine>> line = ParseGresLine(state, *tokens);
    if (!line) return line.error();
    if (*line) conf.lines.push_back(std::move(**line));
  }
  conf.warnings = std::move(state.config.warnings);
  return conf;
}

Status ApplyGresConf(const GresConf& conf, std::string_view origin, std::vector<NodeConfig>& nodes,
                     std::vector<std::string>& warnings) {
  std::vector<std::string> new_warnings;
  for (const GresConfLine& line : conf.lines) {
    std::vector<std::string> unknown;
    for (const std::string& name : line.nodes) {
      bool known = std::any_of(nodes.begin(), nodes.end(),
                               [&](const NodeConfig& node) { return node.name == name; });
      if (!known) unknown.push_back(name);
    }
    if (!unknown.empty()) {
      new_warnings.push_back(std::string(origin) + ":" + std::to_string(line.line) + ": node " +
                             CompressHostlist(unknown) + " is not defined in slurm.conf, ignored");
    }
  }
  std::vector<NodeConfig> updated = nodes;
  for (NodeConfig& node : updated) BRAMBLE_RETURN_IF_ERROR(ApplyToNode(conf, origin, node));
  nodes = std::move(updated);
  warnings.insert(warnings.end(), new_warnings.begin(), new_warnings.end());
  return Status::Ok();
}

}  // namespace bramble
