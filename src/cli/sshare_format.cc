// sshare's output; see sshare_format.h. Widths, names and the number and
// string formats follow Slurm's src/sshare/process.c and
// src/common/print_fields.c.
#include "cli/sshare_format.h"

#include <strings.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>

#include "common/split.h"

namespace bramble::cli {
namespace {

enum class Kind {
  kAccount, kCluster, kEffectvUsage, kFairShare, kGrpTresMins, kGrpTresRaw, kId, kLevelFs,
  kNormShares, kNormUsage, kPartition, kRawShares, kRawUsage, kTresRunMins, kUser,
};

struct FieldDef {
  const char* name;
  int width;
  Kind kind;
};

// In Slurm's order, which decides what a prefix matches.
constexpr FieldDef kFields[] = {
    {"Account", -20, Kind::kAccount},     {"Cluster", 10, Kind::kCluster},
    {"EffectvUsage", 13, Kind::kEffectvUsage}, {"FairShare", 10, Kind::kFairShare},
    {"GrpTRESMins", 30, Kind::kGrpTresMins}, {"GrpTRESRaw", 30, Kind::kGrpTresRaw},
    {"ID", 6, Kind::kId},                 {"LevelFS", 10, Kind::kLevelFs},
    {"NormShares", 11, Kind::kNormShares}, {"NormUsage", 11, Kind::kNormUsage},
    {"Partition", 12, Kind::kPartition},  {"RawShares", 10, Kind::kRawShares},
    {"RawUsage", 11, Kind::kRawUsage},    {"TRESRunMins", 30, Kind::kTresRunMins},
    {"User", 10, Kind::kUser},
};

// One value: a string (cut with '+' when aligned), an integer (never cut),
// a ratio ("%f"), or blank (Slurm's NULL / NO_VAL). `text` is what -p/-P
// print.
struct Value {
  enum Type { kBlank, kString, kInteger, kRatio } type = kBlank;
  std::string text;
  double ratio = 0;
};

Value Blank() { return {}; }
Value String(std::string text) { return {Value::kString, std::move(text), 0}; }
Value Integer(uint64_t value) { return {Value::kInteger, std::to_string(value), 0}; }

std::string Printf(const char* format, int width, int precision, double value) {
  char buffer[512];
  std::snprintf(buffer, sizeof(buffer), format, width, precision, value);
  return buffer;
}

Value Ratio(double value) {
  char buffer[512];
  std::snprintf(buffer, sizeof(buffer), "%f", value);
  return {Value::kRatio, buffer, value};
}

// A ratio in an aligned column: "%f" padded, or when that is too wide
// Slurm's fallback to "%*.*e" with the precision shrunk to fit.
std::string AlignedRatio(double value, int width) {
  int abs_width = std::abs(width);
  std::string fixed = Printf("%*.*f", abs_width, 6, value);
  if (static_cast<int>(fixed.size()) <= abs_width) {
    return width < 0 ? Printf("%-*.*f", abs_width, 6, value) : fixed;
  }
  int w = abs_width;
  int exp_length = static_cast<int>(Printf("%*.*e", w, w, value).size());
  if (exp_length > w) w -= exp_length - w;
  return Printf(width < 0 ? "%-*.*e" : "%*.*e", w, w, value);
}

// Each printed account line's indentation, as slurmdb_tree_name_get builds
// it: an account's children one space deeper, users one deeper than their
// account; an account not printed earlier starts at no indentation.
class AccountTree {
 public:
  std::string NameOf(const proto::ShareRow& row) {
    std::string parent = row.user().empty() ? (row.account() == "root" ? "" : "root") : row.account();
    const Entry* parent_entry = nullptr;
    for (const Entry& entry : entries_) {
      if (entry.user) continue;
      if (row.user().empty() && entry.name == row.account()) {
        if (!parent.empty()) return entry.print_name;
        break;
      }
      if (!parent.empty() && entry.name == parent) parent_entry = &entry;
    }
    Entry entry;
    entry.user = !row.user().empty();
    entry.name = entry.user ? "|" + row.user() : row.account();
    entry.spaces = parent_entry != nullptr ? parent_entry->spaces + " " : "";
    entry.print_name = entry.spaces + row.account();
    entries_.push_back(entry);
    return entries_.back().print_name;
  }

 private:
  struct Entry {
    std::string name;
    std::string spaces;
    std::string print_name;
    bool user = false;
  };
  std::vector<Entry> entries_;
};

Value LevelFs(const proto::ShareRow& row) {
  if (row.user().empty()) return Blank();
  if (row.effective_usage() <= 0) {
    return Ratio(row.norm_shares() > 0 ? std::numeric_limits<double>::infinity() : 0.0);
  }
  return Ratio(row.norm_shares() / row.effective_usage());
}

Value ValueOf(Kind kind, const proto::ShareRow& row, const std::string& account_name) {
  bool user_line = !row.user().empty();
  switch (kind) {
    case Kind::kAccount: return String(account_name);
    case Kind::kEffectvUsage: return Ratio(row.effective_usage());
    case Kind::kFairShare: return user_line ? Ratio(row.fair_share()) : Blank();
    case Kind::kLevelFs: return LevelFs(row);
    case Kind::kNormShares: return Ratio(row.norm_shares());
    case Kind::kNormUsage: return Ratio(row.effective_usage());  // one level: the same ratio
    case Kind::kRawShares: return user_line || row.raw_shares() != 0 ? Integer(row.raw_shares()) : Blank();
    case Kind::kRawUsage: {
      double usage = std::isfinite(row.raw_usage()) ? std::max(row.raw_usage(), 0.0) : 0.0;
      return Integer(static_cast<uint64_t>(std::min(usage, 1.8e19)));
    }
    case Kind::kUser: return user_line ? String(row.user()) : Blank();
    default: return Blank();  // cluster, id, partition, TRES
  }
}

// One aligned cell with its trailing space.
std::string AlignedCell(const Value& value, int width) {
  if (value.type == Value::kRatio) return AlignedRatio(value.ratio, width) + " ";
  int abs_width = std::abs(width);
  std::string text = value.text;
  if (value.type == Value::kString && static_cast<int>(text.size()) > abs_width) {
    text.resize(abs_width);
    if (abs_width > 0) text.back() = '+';
  }
  std::string pad(text.size() < static_cast<size_t>(abs_width) ? abs_width - text.size() : 0, ' ');
  return (width < 0 ? text + pad : pad + text) + " ";
}

std::string HeaderCell(const FieldDef& def, int width) {
  int abs_width = std::abs(width);
  std::string name = std::string(def.name).substr(0, abs_width);
  std::string pad(name.size() < static_cast<size_t>(abs_width) ? abs_width - name.size() : 0, ' ');
  return (width < 0 ? name + pad : pad + name) + " ";
}

// Joins parsable cells: -p ends each with '|', -P puts '|' between them.
std::string ParsableLine(const std::vector<std::string>& cells, SshareStyle style) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    line += cells[i];
    if (style == SshareStyle::kParsable || i + 1 < cells.size()) line += '|';
  }
  return line + "\n";
}

}  // namespace

std::string DefaultSshareFields(bool long_format) {
  return long_format ? "A,User,RawShares,NormShares,RawUsage,NormUsage,Eff,Fairshare,LevelFS,GrpTRESMins,TRESRunMins"
                     : "A,User,RawShares,NormShares,RawUsage,Eff,Fairshare";
}

Result<std::vector<SshareColumn>> ParseSshareFields(const std::string& list) {
  std::vector<SshareColumn> columns;
  std::vector<std::string> seen;
  for (const std::string& item : SplitCommaList(list)) {
    bool repeated = std::any_of(seen.begin(), seen.end(),
                                [&item](const std::string& s) { return strcasecmp(s.c_str(), item.c_str()) == 0; });
    if (repeated) continue;
    seen.push_back(item);
    size_t percent = item.find('%');
    std::string name = item.substr(0, percent);
    int width = percent == std::string::npos ? 0 : std::atoi(item.c_str() + percent + 1);
    int found = -1;
    for (size_t i = 0; i < std::size(kFields) && found < 0; ++i) {
      if (strncasecmp(kFields[i].name, name.c_str(), name.size()) == 0) found = static_cast<int>(i);
    }
    if (found < 0) return InvalidArgument("sshare: error: Invalid field requested: \"" + name + "\"");
    columns.push_back({found, width != 0 ? width : kFields[found].width});
  }
  return columns;
}

std::vector<proto::ShareRow> FilterShareRows(const proto::SharesReply& reply, bool all_users,
                                             const std::vector<std::string>& users,
                                             const std::vector<std::string>& accounts, bool users_only) {
  auto contains = [](const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
  };
  std::vector<proto::ShareRow> rows;
  for (const proto::ShareRow& row : reply.rows()) {
    bool user_line = !row.user().empty();
    if (!user_line && users_only) continue;
    if (user_line && !all_users && !contains(users, row.user())) continue;
    if (!accounts.empty() && !contains(accounts, row.account())) continue;
    rows.push_back(row);
  }
  return rows;
}

std::string FormatSshare(const std::vector<proto::ShareRow>& rows, const std::vector<SshareColumn>& columns,
                         bool header, SshareStyle style) {
  std::string out;
  bool aligned = style == SshareStyle::kAligned;
  if (header) {
    std::vector<std::string> names;
    std::string line;
    std::string dashes;
    for (const SshareColumn& column : columns) {
      names.push_back(kFields[column.field].name);
      line += HeaderCell(kFields[column.field], column.width);
      dashes += std::string(std::abs(column.width), '-') + " ";
    }
    out += aligned ? line + "\n" + dashes + "\n" : ParsableLine(names, style);
  }
  AccountTree tree;
  for (const proto::ShareRow& row : rows) {
    std::string account = tree.NameOf(row);
    std::vector<std::string> cells;
    std::string line;
    for (const SshareColumn& column : columns) {
      Value value = ValueOf(kFields[column.field].kind, row, account);
      if (aligned) {
        line += AlignedCell(value, column.width);
      } else {
        cells.push_back(value.text);
      }
    }
    out += aligned ? line + "\n" : ParsableLine(cells, style);
  }
  return out;
}

std::string SshareFieldList() {
  std::string out;
  for (size_t i = 0; i < std::size(kFields); ++i) {
    if (i % 4 != 0) {
      out += ' ';
    } else if (i != 0) {
      out += '\n';
    }
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), "%-17s", kFields[i].name);
    out += buffer;
  }
  return out + "\n";
}

}  // namespace bramble::cli
