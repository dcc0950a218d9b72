// Hostlist expressions; see hostlist.h.
//
// Expansion reads one comma item at a time (commas inside brackets belong to
// the group). An item is literal text and bracket groups; its names are the
// cartesian product of the groups with the leftmost group varying slowest,
// as Slurm does: rack[0-1]n[1-2] -> rack0n1 rack0n2 rack1n1 rack1n2. The
// name count is checked before any name is built.
//
// Compression splits each name into a prefix and a trailing number and merges
// adjacent names whose prefix matches and whose number prints with the
// group's padding width, so that expansion gives back the names in order.
#include "common/hostlist.h"

#include <algorithm>
#include <cstdint>

namespace bramble {
namespace {

// 18 digits always fit in uint64_t; longer numbers are rejected (expansion)
// or treated as plain text (compression).
constexpr size_t kMaxDigits = 18;

// Numbers lo..hi printed zero-padded to `width` digits.
struct Range {
  uint64_t lo = 0;
  uint64_t hi = 0;
  size_t width = 0;
};

// Literal text followed by a bracket group (no group on the last piece).
struct Piece {
  std::string text;
  std::vector<Range> ranges;
  uint64_t count = 1;  // names the group gives (1 without a group)
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Pad(uint64_t value, size_t width) {
  std::string digits = std::to_string(value);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

Status HostlistError(std::string_view expression, const std::string& what) {
  return InvalidArgument("invalid hostlist '" + std::string(expression) + "': " + what);
}

Status TooMany(std::string_view expression) {
  return HostlistError(expression, "more than " + std::to_string(kMaxHostlistNames) + " names");
}

// Parses a run of digits; false when empty, not all digits, or too long.
bool ParseDigits(std::string_view text, uint64_t* value) {
  if (text.empty() || text.size() > kMaxDigits) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (!IsDigit(c)) return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *value = v;
  return true;
}

// Parses the inside of a bracket group: "1-3,07,10-12".
Result<Piece> ParseGroup(std::string_view group, std::string_view expression) {
  Piece piece;
  piece.count = 0;
  size_t start = 0;
  while (start <= group.size()) {
    size_t comma = std::min(group.find(',', start), group.size());
    std::string_view part = group.substr(start, comma - start);
    size_t dash = part.find('-');
    std::string_view lo_text = part.substr(0, dash);
    std::string_view hi_text = dash == std::string_view::npos ? lo_text : part.substr(dash + 1);
    Range range{0, 0, lo_text.size()};
    if (!ParseDigits(lo_text, &range.lo) || !ParseDigits(hi_text, &range.hi)) {
      return HostlistError(expression, "bad range '" + std::string(part) + "'");
    }
    if (range.lo > range.hi) {
      return HostlistError(expression, "reversed range '" + std::string(part) + "'");
    }
    piece.count += range.hi - range.lo + 1;
    if (piece.count > kMaxHostlistNames) {
      return TooMany(expression);
    }
    piece.ranges.push_back(range);
    start = comma + 1;
  }
  return piece;
}

// Splits one comma item into pieces.
Result<std::vector<Piece>> ParseItem(std::string_view item, std::string_view expression) {
  std::vector<Piece> pieces(1);
  for (size_t i = 0; i < item.size(); ++i) {
    if (item[i] == ']') return HostlistError(expression, "unbalanced brackets");
    if (static_cast<unsigned char>(item[i]) <= ' ') {
      return HostlistError(expression, "blank or control character");
    }
    if (item[i] != '[') {
      pieces.back().text.push_back(item[i]);
      continue;
    }
    size_t close = item.find(']', i + 1);
    size_t next_open = item.find('[', i + 1);
    if (close == std::string_view::npos || next_open < close) {
      return HostlistError(expression, "unbalanced brackets");
    }
    Result<Piece> group = ParseGroup(item.substr(i + 1, close - i - 1), expression);
    if (!group) return group.error();
    pieces.back().ranges = std::move(group->ranges);
    pieces.back().count = group->count;
    pieces.emplace_back();
    i = close;
  }
  return pieces;
}

// Appends every name of the pieces from `index` on, each prefixed by `stem`.
void Generate(const std::vector<Piece>& pieces, size_t index, const std::string& stem,
              std::vector<std::string>& out) {
  const Piece& piece = pieces[index];
  std::string base = stem + piece.text;
  if (piece.ranges.empty()) {
    out.push_back(std::move(base));
    return;
  }
  for (const Range& range : piece.ranges) {
    for (uint64_t v = range.lo; v <= range.hi; ++v) {
      Generate(pieces, index + 1, base + Pad(v, range.width), out);
    }
  }
}

// Splits the expression at commas outside brackets.
std::vector<std::string_view> SplitItems(std::string_view expression) {
  std::vector<std::string_view> items;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < expression.size(); ++i) {
    char c = expression[i];
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (c == ',' && depth <= 0) {
      items.push_back(expression.substr(start, i - start));
      start = i + 1;
    }
  }
  items.push_back(expression.substr(start));
  return items;
}

// A name split into text and its trailing number (digits empty if none).
struct SplitName {
  std::string_view prefix;
  std::string_view digits;
  uint64_t value = 0;
};

SplitName Split(std::string_view name) {
  size_t end = name.size();
  while (end > 0 && IsDigit(name[end - 1])) --end;
  SplitName split{name.substr(0, end), name.substr(end), 0};
  if (!ParseDigits(split.digits, &split.value)) split = {name, {}, 0};
  return split;
}

// Names sharing a prefix and a padding width, in input order.
struct Group {
  std::string prefix;
  size_t width = 0;
  std::vector<uint64_t> values;
};

std::string FormatGroup(const Group& group) {
  if (group.values.size() == 1) return group.prefix + Pad(group.values[0], group.width);
  std::string out = group.prefix + "[";
  for (size_t i = 0; i < group.values.size();) {
    size_t j = i;
    while (j + 1 < group.values.size() && group.values[j + 1] == group.values[j] + 1) ++j;
    if (i > 0) out += ",";
    out += Pad(group.values[i], group.width);
    if (j > i) out += "-" + Pad(group.values[j], group.width);
    i = j + 1;
  }
  return out + "]";
}

}  // namespace

Result<std::vector<std::string>> ExpandHostlist(std::string_view expression) {
  if (expression.empty()) return HostlistError(expression, "empty");
  std::vector<std::string> names;
  for (std::string_view item : SplitItems(expression)) {
    if (item.empty()) return HostlistError(expression, "empty item");
    Result<std::vector<Piece>> pieces = ParseItem(item, expression);
    if (!pieces) return pieces.error();
    uint64_t count = 1;
    for (const Piece& piece : *pieces) {
      count *= piece.count;  // each factor <= kMaxHostlistNames: no overflow
      if (names.size() + count > kMaxHostlistNames) {
        return TooMany(expression);
      }
    }
    Generate(*pieces, 0, "", names);
  }
  return names;
}

std::string CompressHostlist(const std::vector<std::string>& names) {
  std::vector<std::string> items;
  Group group;
  auto flush = [&] {
    if (!group.values.empty()) items.push_back(FormatGroup(group));
    group.values.clear();
  };
  for (const std::string& name : names) {
    SplitName split = Split(name);
    if (split.digits.empty() || split.prefix.empty()) {  // plain text, or all digits
      flush();
      items.push_back(name);
      continue;
    }
    bool fits = !group.values.empty() && group.prefix == split.prefix &&
                Pad(split.value, group.width) == split.digits;
    if (!fits) {
      flush();
      group.prefix = std::string(split.prefix);
      group.width = split.digits.size();
    }
    group.values.push_back(split.value);
  }
  flush();
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ",";
    out += item;
  }
  return out;
}

bool HostnameLess(const std::string& a, const std::string& b) {
  SplitName sa = Split(a);
  SplitName sb = Split(b);
  if (sa.prefix != sb.prefix) return sa.prefix < sb.prefix;
  if (sa.digits.empty() != sb.digits.empty()) return sa.digits.empty();
  if (sa.value != sb.value) return sa.value < sb.value;
  if (sa.digits.size() != sb.digits.size()) return sa.digits.size() < sb.digits.size();
  return a < b;
}

void SortHostnames(std::vector<std::string>& names) {
  std::sort(names.begin(), names.end(), HostnameLess);
}

}  // namespace bramble
