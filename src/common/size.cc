// Memory sizes; see size.h.
//
// Follows Slurm's str_to_mbytes: digits, then an optional unit letter, then
// an optional 'B' after the unit. A bare 'B' ("100B") is rejected, as Slurm
// rejects it: reading it as megabytes would surprise someone who meant bytes.
#include "common/size.h"

#include <cstdint>
#include <limits>
#include <string>

namespace bramble {

Result<int64_t> ParseMegabytes(std::string_view text) {
  Status bad = InvalidArgument("invalid memory size '" + std::string(text) + "'");
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  size_t i = 0;
  int64_t value = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    int digit = text[i] - '0';
    if (value > (kMax - digit) / 10) return bad;
    value = value * 10 + digit;
  }
  if (i == 0) return bad;
  std::string_view unit = text.substr(i);
  if (unit.size() == 2 && (unit[1] == 'b' || unit[1] == 'B')) unit.remove_suffix(1);
  if (unit.empty()) return value;
  if (unit.size() != 1) return bad;
  switch (unit[0]) {
    case 'k':
    case 'K':
      return value / 1024 + (value % 1024 != 0 ? 1 : 0);  // round up to whole MB
    case 'm':
    case 'M':
      return value;
    case 'g':
    case 'G':
      if (value > kMax / 1024) return bad;
      return value * 1024;
    case 't':
    case 'T':
      if (value > kMax / (1024 * 1024)) return bad;
      return value * 1024 * 1024;
    default:
      return bad;
  }
}

}  // namespace bramble
