// sinfo's output; see sinfo_format.h. Header names, "n/a"/"none"/"Unknown"
// placeholders and the cut/no-cut choices follow Slurm's src/sinfo/print.c.
#include "cli/sinfo_format.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <vector>

#include "cli/format_engine.h"
#include "common/duration.h"
#include "common/hostlist.h"

namespace bramble::cli {
namespace {

// Letters that describe the partition; a format with any of them splits
// groups by partition (and drops nodes that are in none).
constexpr std::string_view kPartitionFields = "aBgIhilLMPpRrSs";

bool IsBusy(const proto::NodeInfo& node) { return node.state() == "ALLOCATED" || node.state() == "MIXED"; }

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Slurm's node state number (enum node_states plus the DRAIN and
// NO_RESPOND flag bits), for sinfo's "-t" (decreasing state) order.
int StateNumber(const proto::NodeInfo& node) {
  static const std::map<std::string, int> kBase = {
      {"UNKNOWN", 0}, {"DOWN", 1}, {"IDLE", 2}, {"ALLOCATED", 3}, {"MIXED", 5}, {"FUTURE", 6}};
  auto it = kBase.find(node.state());
  int number = it == kBase.end() ? 0 : it->second;
  if (node.drain()) number |= 0x200;
  if (node.not_responding()) number |= 0x800;
  return number;
}

// One output line: nodes that agree on every field the format shows.
struct Group {
  const proto::PartitionInfo* partition = nullptr;  // null: no partition field, or none
  size_t partition_index = 0;
  std::vector<const proto::NodeInfo*> nodes;
  size_t first_seen = 0;
};

std::string JoinFeatures(const proto::NodeInfo& node) {
  std::string text;
  for (const std::string& feature : node.features()) {
    if (!text.empty()) text += ',';
    text += feature;
  }
  return text.empty() ? "(null)" : text;
}

// The part of a node's grouping key that field `type` contributes.
std::string KeyPart(const proto::NodeInfo& node, char type, const SinfoView& view) {
  switch (type) {
    case 't':
    case 'T': return NodeStateLong(node);
    case 'E': return node.reason();
    case 'u':
    case 'U': return node.reason_user();
    case 'H': return std::to_string(node.reason_time());
    case 'f':
    case 'b': return JoinFeatures(node);
    case 'v': return node.version();
    case 'c':
    case 'X':
    case 'z': return view.exact ? std::to_string(node.cpus()) : "";
    case 'm': return view.exact ? std::to_string(node.real_memory_mb()) : "";
    default: return "";
  }
}

std::string GroupKey(const proto::NodeInfo& node, const ParsedFormat& format, const SinfoView& view) {
  std::string key;
  if (view.node_oriented) key = node.name();
  for (const FormatField& field : format.fields) {
    key += '\x1f';
    key += KeyPart(node, field.type, view);
  }
  return key;
}

const proto::NodeInfo* FindNode(const proto::NodesReply& cluster, const std::string& name) {
  for (const proto::NodeInfo& node : cluster.nodes()) {
    if (node.name() == name) return &node;
  }
  return nullptr;
}

std::vector<Group> BuildGroups(const proto::NodesReply& cluster, const ParsedFormat& format,
                               const SinfoView& view) {
  bool by_partition = std::any_of(format.fields.begin(), format.fields.end(), [](const FormatField& f) {
    return kPartitionFields.find(f.type) != std::string_view::npos;
  });
  std::vector<Group> groups;
  std::map<std::string, size_t> index;  // (partition, key) -> group
  size_t seen = 0;
  auto add = [&](const proto::NodeInfo* node, const proto::PartitionInfo* partition, size_t p) {
    std::string key = std::to_string(p) + '\x1e' + (node ? GroupKey(*node, format, view) : "");
    auto [it, inserted] = index.emplace(key, groups.size());
    if (inserted) groups.push_back(Group{partition, p, {}, seen});
    if (node != nullptr) groups[it->second].nodes.push_back(node);
    ++seen;
  };
  if (by_partition) {
    for (int p = 0; p < cluster.partitions_size(); ++p) {
      const proto::PartitionInfo& partition = cluster.partitions(p);
      if (partition.nodes().empty()) add(nullptr, &partition, p);  // prints "0 ... n/a"
      for (const std::string& name : partition.nodes()) {
        if (const proto::NodeInfo* node = FindNode(cluster, name)) add(node, &partition, p);
      }
    }
  } else {
    for (const proto::NodeInfo& node : cluster.nodes()) add(&node, nullptr, 0);
  }
  return groups;
}

// Partition order, then (when the format shows states) decreasing state
// number, then first appearance; -N sorts by node name first.
void SortGroups(std::vector<Group>& groups, const ParsedFormat& format, const SinfoView& view) {
  bool by_state = std::any_of(format.fields.begin(), format.fields.end(),
                              [](const FormatField& f) { return f.type == 't' || f.type == 'T'; });
  std::stable_sort(groups.begin(), groups.end(), [&view, by_state](const Group& a, const Group& b) {
    if (view.node_oriented && !a.nodes.empty() && !b.nodes.empty() &&
        a.nodes.front()->name() != b.nodes.front()->name()) {
      return HostnameLess(a.nodes.front()->name(), b.nodes.front()->name());
    }
    if (a.partition_index != b.partition_index) return a.partition_index < b.partition_index;
    int sa = a.nodes.empty() || !by_state ? -1 : StateNumber(*a.nodes.front());
    int sb = b.nodes.empty() || !by_state ? -1 : StateNumber(*b.nodes.front());
    if (sa != sb) return sa > sb;
    return a.first_seen < b.first_seen;
  });
}

std::string NodeNames(const Group& group, std::string (*name_of)(const proto::NodeInfo&)) {
  std::vector<std::string> names;
  for (const proto::NodeInfo* node : group.nodes) names.push_back(name_of(*node));
  SortHostnames(names);
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return CompressHostlist(names);
}

// sinfo's min/max summary: "4" when all agree, else "<min>+".
template <typename Get>
std::string MinPlus(const Group& group, Get get) {
  if (group.nodes.empty()) return "0";
  auto [lo, hi] = std::minmax_element(group.nodes.begin(), group.nodes.end(),
                                      [&](const auto* a, const auto* b) { return get(*a) < get(*b); });
  std::string text = std::to_string(get(**lo));
  return get(**lo) == get(**hi) ? text : text + "+";
}

// "allocated/idle/other/total" node counts (%F) or the first two (%A).
std::string NodeCounts(const Group& group, bool all_four) {
  size_t alloc = 0, idle = 0, other = 0;
  for (const proto::NodeInfo* node : group.nodes) {
    bool unusable = node->drain() || node->not_responding() || node->state() == "DOWN" ||
                    node->state() == "UNKNOWN" || node->state() == "FUTURE";
    if (unusable) ++other;
    else if (IsBusy(*node)) ++alloc;
    else ++idle;
  }
  std::string text = std::to_string(alloc) + "/" + std::to_string(idle);
  if (all_four) text += "/" + std::to_string(other) + "/" + std::to_string(group.nodes.size());
  return text;
}

// "allocated/idle/other/total" CPU counts (%C).
std::string CpuCounts(const Group& group) {
  uint64_t alloc = 0, idle = 0, other = 0, total = 0;
  for (const proto::NodeInfo* node : group.nodes) {
    total += node->cpus();
    bool unusable = node->drain() || node->not_responding() || node->state() == "DOWN" ||
                    node->state() == "UNKNOWN" || node->state() == "FUTURE";
    if (unusable) {
      other += node->cpus();
    } else {
      alloc += node->alloc_cpus();
      idle += node->cpus() > node->alloc_cpus() ? node->cpus() - node->alloc_cpus() : 0;
    }
  }
  return std::to_string(alloc) + "/" + std::to_string(idle) + "/" + std::to_string(other) + "/" +
         std::to_string(total);
}

// %P: the name, with '*' for the default partition (replacing the last
// character when the name fills the width, as sinfo does).
std::string PartitionName(const proto::PartitionInfo* partition, int width) {
  if (partition == nullptr) return "n/a";
  std::string name = partition->name();
  if (!partition->is_default()) return name;
  if (width == 0 || static_cast<int>(name.size()) < width) return name + "*";
  name[static_cast<size_t>(width) - 1] = '*';
  return name;
}

std::string PartitionTime(const proto::PartitionInfo* partition, int64_t seconds, const char* unset) {
  if (partition == nullptr) return "n/a";
  return seconds < 0 ? unset : FormatDuration(seconds);
}

// The value of one field for a group whose nodes share the grouped fields.
std::string GroupValue(const Group& group, const FormatField& field) {
  const proto::PartitionInfo* part = group.partition;
  const proto::NodeInfo* node = group.nodes.empty() ? nullptr : group.nodes.front();
  switch (field.type) {
    case 'P': return PartitionName(part, field.auto_width ? 0 : field.width);
    case 'R': return part ? part->name() : "n/a";
    case 'a': return part ? Lower(part->state()) : "n/a";
    case 'l': return PartitionTime(part, part ? part->max_time_s() : 0, "infinite");
    case 'L': return PartitionTime(part, part ? part->default_time_s() : 0, "n/a");
    case 'D': return std::to_string(group.nodes.size());
    case 't': return node ? NodeStateCompact(*node) : "n/a";
    case 'T': return node ? NodeStateLong(*node) : "n/a";
    case 'N': return NodeNames(group, [](const proto::NodeInfo& n) { return n.name(); });
    case 'n': return NodeNames(group, [](const proto::NodeInfo& n) { return n.hostname().empty() ? n.name() : n.hostname(); });
    case 'o': return NodeNames(group, [](const proto::NodeInfo& n) { return n.addr().empty() ? n.name() : n.addr(); });
    case 'c':
    case 'X': return MinPlus(group, [](const proto::NodeInfo& n) { return n.cpus(); });
    case 'm': return MinPlus(group, [](const proto::NodeInfo& n) { return n.real_memory_mb(); });
    case 'z': return MinPlus(group, [](const proto::NodeInfo& n) { return n.cpus(); }) + ":1:1";
    case 'Y':
    case 'Z':
    case 'w':
    case 'p':
    case 'I': return "1";
    case 'd': return "0";
    case 'C': return CpuCounts(group);
    case 'F': return NodeCounts(group, true);
    case 'A': return NodeCounts(group, false);
    case 'E': return node && !node->reason().empty() ? node->reason() : "none";
    case 'u':
    case 'U': return node && !node->reason_user().empty() ? node->reason_user() : "Unknown";
    case 'H': return node && node->reason_time() != 0 ? FormatTimestamp(node->reason_time()) : "Unknown";
    case 'f':
    case 'b': return node ? JoinFeatures(*node) : "(null)";
    case 'v': return node && !node->version().empty() ? node->version() : "N/A";
    case 'e':
    case 'O': return "N/A";
    case 's': return part ? "1-infinite" : "n/a";
    case 'r': return part ? "no" : "n/a";
    case 'h': return "NO";
    case 'g':
    case 'S': return part ? "all" : "n/a";
    case 'i': return "";
    case 'M': return "OFF";
    case 'B': return "UNLIMITED";
    case 'G': return "(null)";
  }
  return "";
}

struct SinfoField {
  char type;
  const char* header;
};

constexpr SinfoField kHeaders[] = {
    {'a', "AVAIL"},         {'A', "NODES(A/I)"},       {'b', "ACTIVE_FEATURES"},
    {'B', "MAX_CPUS_PER_NODE"}, {'c', "CPUS"},          {'C', "CPUS(A/I/O/T)"},
    {'d', "TMP_DISK"},      {'D', "NODES"},            {'e', "FREE_MEM"},
    {'E', "REASON"},        {'f', "AVAIL_FEATURES"},   {'F', "NODES(A/I/O/T)"},
    {'g', "GROUPS"},        {'G', "GRES"},             {'h', "OVERSUBSCRIBE"},
    {'H', "TIMESTAMP"},     {'i', "RESERVATION"},      {'I', "PRIO_JOB_FACTOR"},
    {'l', "TIMELIMIT"},     {'L', "DEFAULTTIME"},      {'m', "MEMORY"},
    {'M', "PREEMPT_MODE"},  {'n', "HOSTNAMES"},        {'N', "NODELIST"},
    {'o', "NODE_ADDR"},     {'O', "CPU_LOAD"},         {'p', "PRIO_TIER"},
    {'P', "PARTITION"},     {'r', "ROOT"},             {'R', "PARTITION"},
    {'s', "JOB_SIZE"},      {'S', "ALLOCNODES"},       {'t', "STATE"},
    {'T', "STATE"},         {'u', "USER"},             {'U', "USER"},
    {'v', "VERSION"},       {'w', "WEIGHT"},           {'X', "SOCKETS"},
    {'Y', "CORES"},         {'z', "S:C:T"},            {'Z', "THREADS"},
};

const char* HeaderFor(char type) {
  for (const SinfoField& field : kHeaders) {
    if (field.type == type) return field.header;
  }
  return nullptr;
}

}  // namespace

std::string NodeStateCompact(const proto::NodeInfo& node) {
  std::string text;
  if (node.drain()) {
    text = IsBusy(node) ? "drng" : "drain";
  } else {
    static const std::map<std::string, std::string> kCompact = {
        {"IDLE", "idle"}, {"ALLOCATED", "alloc"}, {"MIXED", "mix"},
        {"DOWN", "down"}, {"UNKNOWN", "unk"},     {"FUTURE", "futr"}};
    auto it = kCompact.find(node.state());
    text = it == kCompact.end() ? Lower(node.state()) : it->second;
  }
  return node.not_responding() ? text + "*" : text;
}

std::string NodeStateLong(const proto::NodeInfo& node) {
  std::string text;
  if (node.drain()) {
    text = IsBusy(node) ? "draining" : "drained";
  } else {
    text = Lower(node.state());
  }
  return node.not_responding() ? text + "*" : text;
}

std::string FormatSinfo(const proto::NodesReply& cluster, const SinfoView& view) {
  ParsedFormat format = ParseFormat(view.format);
  std::vector<Group> groups = BuildGroups(cluster, format, view);
  SortGroups(groups, format, view);
  auto lookup = [&groups](size_t row, const FormatField& field) -> std::optional<Cell> {
    const char* header = HeaderFor(field.type);
    if (header == nullptr) return std::nullopt;
    bool is_list = field.type == 'N' || field.type == 'n' || field.type == 'o';
    if (row == kHeaderRow) return Cell{header, !is_list};
    return Cell{GroupValue(groups[row], field), true};
  };
  return RenderTable(format, groups.size(), view.header, lookup);
}

}  // namespace bramble::cli
