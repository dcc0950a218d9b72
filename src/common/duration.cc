// Time limits and time printing; see duration.h.
//
// ParseTimeLimit follows Slurm's time_str2secs: an optional "days-" part, then
// one to three colon fields whose meaning depends on whether days were given
// ("5:30" is minutes:seconds, "2-5:30" is days-hours:minutes). Fields are
// plain digits and are not range-checked ("90" minutes is fine), as in Slurm.
// A total of zero means no limit, as sbatch --time=0 does.
#include "common/duration.h"

#include <cstdio>
#include <vector>

namespace bramble {
namespace {

// 9 digits per field keep any combination far below int64 overflow
// (999999999 days is 8.6e13 seconds).
constexpr size_t kMaxFieldDigits = 9;

bool ParseField(std::string_view text, int64_t* value) {
  if (text.empty() || text.size() > kMaxFieldDigits) return false;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *value = v;
  return true;
}

// Splits "a:b:c" into numbers; false on a bad field or more than 3 fields.
bool ParseFields(std::string_view text, std::vector<int64_t>* fields) {
  size_t start = 0;
  while (true) {
    size_t colon = text.find(':', start);
    int64_t value = 0;
    if (!ParseField(text.substr(start, colon - start), &value)) return false;
    fields->push_back(value);
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  return fields->size() <= 3;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

// Seconds from fields; `with_days` selects the days-hours[:min[:sec]] reading.
int64_t Combine(int64_t days, const std::vector<int64_t>& f, bool with_days) {
  int64_t seconds = days * 86400;
  if (with_days) {
    seconds += f[0] * 3600;
    if (f.size() > 1) seconds += f[1] * 60;
    if (f.size() > 2) seconds += f[2];
  } else if (f.size() == 1) {
    seconds += f[0] * 60;
  } else if (f.size() == 2) {
    seconds += f[0] * 60 + f[1];
  } else {
    seconds += f[0] * 3600 + f[1] * 60 + f[2];
  }
  return seconds;
}

// snprintf with every argument passed as long long.
template <typename... Args>
std::string Printf(const char* format, Args... args) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), format, static_cast<long long>(args)...);
  return buffer;
}

}  // namespace

Result<int64_t> ParseTimeLimit(std::string_view text) {
  if (EqualsIgnoreCase(text, "infinite") || EqualsIgnoreCase(text, "unlimited")) {
    return kNoTimeLimit;
  }
  Status bad = InvalidArgument("invalid time limit '" + std::string(text) + "'");
  size_t dash = text.find('-');
  int64_t days = 0;
  std::string_view rest = text;
  if (dash != std::string_view::npos) {
    if (!ParseField(text.substr(0, dash), &days)) return bad;
    rest = text.substr(dash + 1);
  }
  std::vector<int64_t> fields;
  if (!ParseFields(rest, &fields)) return bad;
  int64_t seconds = Combine(days, fields, dash != std::string_view::npos);
  return seconds == 0 ? kNoTimeLimit : seconds;
}

// A non-negative duration as days, hours, minutes, seconds.
struct Parts {
  long long days, hours, minutes, secs;
  explicit Parts(int64_t s) : days(s / 86400), hours(s / 3600 % 24), minutes(s / 60 % 60), secs(s % 60) {}
};

std::string FormatDuration(int64_t seconds) {
  if (seconds < 0) return "UNLIMITED";
  Parts p(seconds);
  if (p.days > 0) return Printf("%lld-%02lld:%02lld:%02lld", p.days, p.hours, p.minutes, p.secs);
  if (p.hours > 0) return Printf("%lld:%02lld:%02lld", p.hours, p.minutes, p.secs);
  return Printf("%lld:%02lld", p.minutes, p.secs);
}

std::string FormatDurationLong(int64_t seconds) {
  if (seconds < 0) return "UNLIMITED";
  Parts p(seconds);
  if (p.days > 0) return Printf("%lld-%02lld:%02lld:%02lld", p.days, p.hours, p.minutes, p.secs);
  return Printf("%02lld:%02lld:%02lld", p.hours, p.minutes, p.secs);
}

std::string FormatTimestamp(int64_t unix_seconds) {
  if (unix_seconds == 0) return "Unknown";
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm local{};
  if (localtime_r(&t, &local) == nullptr) return "Unknown";
  char buffer[64];
  if (std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%S", &local) == 0) return "Unknown";
  return buffer;
}

}  // namespace bramble
