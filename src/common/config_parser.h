// Internals of the slurm.conf parser, shared by config.cc (lines, tokens,
// global keys), config_sched.cc (priority and scheduler keys),
// config_entries.cc (NodeName= and PartitionName= lines), config_limits.cc
// (UserLimits= and GroupLimits= lines) and gres_config.cc (which reads
// gres.conf with the same tokenizer). Not for use outside src/common; the
// entry points are in config.h and gres_config.h.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "common/config.h"

namespace bramble::config_internal {

// One Key=Value pair of a line, quotes removed.
struct Token {
  std::string key;        // as written, for messages
  std::string lower_key;  // for matching
  std::string value;
};

// A NodeName= line before its names are expanded; NodeName=DEFAULT keeps one
// of these as the starting point of later lines.
struct NodeLine {
  NodeConfig node;
  bool cpus_set = false;      // CPUs= given; else CPUs come from the topology
  uint32_t boards = 1;        // Boards, Sockets, SocketsPerBoard, CoresPerSocket,
  uint32_t sockets = 0;       // ThreadsPerCore: Slurm's CPUs default is their
  uint32_t sockets_per_board = 1;  // product (sockets 0 = boards x per board)
  uint32_t cores_per_socket = 1;
  uint32_t threads_per_core = 1;
  std::string addr_text;      // NodeAddr, NodeHostname, Port as written: each
  std::string hostname_text;  // one value for every name, or a hostlist with
  std::string port_text;      // one entry per name
};

// A UserLimits= or GroupLimits= line: its keys are applied on top of the
// kind's DEFAULT entry once every line is read (ResolveLimits).
struct LimitLine {
  int line = 0;
  size_t index = 0;  // its entry in config.limits
  std::vector<std::string> keys;  // the limit keys as "Key=Value", in order
};

// What the parser knows about a partition beyond PartitionConfig.
struct PartitionInfo {
  int line = 0;
  bool all_nodes = false;  // Nodes=ALL, resolved once every node is known
};

// The parser's state while it walks the text.
struct ParseState {
  Config config;
  std::string origin;
  int line = 0;  // the logical line being parsed (its first physical line)
  bool controller_set = false;
  NodeLine node_defaults;
  PartitionConfig partition_defaults;
  PartitionInfo partition_info_defaults;
  std::vector<PartitionInfo> partition_info;  // parallel to config.partitions
  std::map<std::string, size_t, std::less<>> node_index;  // name -> config.nodes index
  std::vector<LimitLine> limit_lines;
  std::map<std::string, int, std::less<>> gres_name_lines;  // GRES name -> first Gres= line

  // "<origin>:<line>: what" as an InvalidArgument error.
  Status Error(const std::string& what) const;
  // Adds "<origin>:<line>: what" to config.warnings.
  void Warn(const std::string& what);
  // Warns that `token` is ignored: "is not used by Bramble" when `known`
  // (a Slurm key Bramble has no use for), else "unknown key".
  void WarnIgnored(const Token& token, bool known);
};

std::string Lowercase(std::string_view text);
// True when `lower_key` equals `name` ignoring case.
bool KeyIs(std::string_view lower_key, std::string_view name);
// True when `lower_key` matches one of `keys`, ignoring case.
bool KeyIn(std::string_view lower_key, const std::vector<std::string_view>& keys);
// Parses a decimal integer in [0, max]; error "bad number for <Key>: '<v>'".
Status ParseNumber(const ParseState& state, const Token& token, uint64_t max, uint64_t* out);
Status ParseUint32(const ParseState& state, const Token& token, uint32_t* out);
// YES or NO, any case; error "bad <Key> '<v>' (expected YES or NO)".
Status ParseYesNo(const ParseState& state, const Token& token, bool* out);

// Joins '\'-continued lines and drops '#' comments: (first line number,
// text) pairs.
std::vector<std::pair<int, std::string>> LogicalLines(std::string_view text);
// Splits a logical line into Key=Value tokens at blanks outside double
// quotes; errors name state.line.
Result<std::vector<Token>> Tokenize(const ParseState& state, std::string_view line);

// Applies a priority or scheduler key (config_sched.cc); nullopt when
// `token` is not one.
std::optional<Status> ApplySchedulingKey(ParseState& state, const Token& token);
// After the last line: warns about node GRES names missing from GresTypes.
void CheckGresTypes(ParseState& state);

// Handle one NodeName= or PartitionName= line (tokens[0] is that key).
Status ParseNodeLine(ParseState& state, const std::vector<Token>& tokens);
Status ParsePartitionLine(ParseState& state, const std::vector<Token>& tokens);
// Handle one UserLimits= or GroupLimits= line (config_limits.cc).
Status ParseLimitLine(ParseState& state, const std::vector<Token>& tokens);
// After the last line: applies each named limit line on top of its kind's
// DEFAULT entry. Errors name the limit line.
Status ResolveLimits(ParseState& state);
// After the last line: expands Nodes=ALL and checks every partition's nodes
// exist. Errors name the partition's line.
Status ResolvePartitions(ParseState& state);

}  // namespace bramble::config_internal
