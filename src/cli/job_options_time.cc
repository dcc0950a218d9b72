// The time side of the job options (job_options.h): Slurm's parse_time
// grammar for --begin, and the time zones it reads local dates through.
//
// ParseBeginTime follows src/common/parse_time.c token by token: blanks,
// '-' and 'T' separate tokens; each token sets a date, a time of day, or
// both ("now"); what is missing is filled in at the end, always looking
// forward from `now` (a time already past today means tomorrow, a date
// already past this year means next year).
#include <cctype>
#include <ctime>
#include <optional>
#include <string>

#include "cli/job_options.h"

namespace bramble::cli {
namespace {

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Whether `text` has `word` at `pos`, ignoring case.
bool HasWordAt(std::string_view text, size_t pos, std::string_view word) {
  if (pos > text.size() || text.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (Lower(text[pos + i]) != Lower(word[i])) return false;
  }
  return true;
}

bool IsDigit(std::string_view text, size_t pos) {
  return pos < text.size() && text[pos] >= '0' && text[pos] <= '9';
}

// The fields a --begin text sets; -1 = not given.
struct BeginFields {
  int year = -1;
  int month = -1;
  int day = -1;
  int hour = -1;
  int minute = -1;
  int second = 0;
};

// One pass over a --begin text. Each Take* reads one token at pos_ and
// moves past it, or returns false with pos_ at the bad field.
class BeginParser {
 public:
  BeginParser(std::string_view text, int64_t now, const TimeZone& zone)
      : text_(text), now_(now), zone_(zone), today_(zone.ToLocal(now)) {}

  Result<int64_t> Parse();

 private:
  bool TakeToken();
  bool TakeKeyword();
  bool TakeNow();
  bool TakeDelta(int64_t* delta);
  bool TakeTimeOfDay();
  bool TakeDate();
  // Reads one or two digits; false when there is none.
  bool TakeSmall(int* value);
  void SetDate(const LocalTime& day);
  Status Invalid() const {
    return InvalidArgument("Invalid time specification (pos=" + std::to_string(pos_) + "): " + std::string(text_));
  }

  std::string_view text_;
  size_t pos_ = 0;
  int64_t now_;
  const TimeZone& zone_;
  LocalTime today_;
  BeginFields f_;
  int tokens_ = 0;
  std::optional<int64_t> relative_;  // set by a now[+-N] token
};

void BeginParser::SetDate(const LocalTime& day) {
  f_.year = day.year;
  f_.month = day.month;
  f_.day = day.day;
}

bool BeginParser::TakeSmall(int* value) {
  if (!IsDigit(text_, pos_)) return false;
  *value = text_[pos_++] - '0';
  if (IsDigit(text_, pos_)) *value = *value * 10 + (text_[pos_++] - '0');
  return true;
}

bool BeginParser::TakeKeyword() {
  struct Keyword {
    const char* word;
    int hour;  // -1: a day, not a time
    int day_offset;
  };
  static constexpr Keyword kKeywords[] = {
      {"today", -1, 0},    {"tomorrow", -1, 1}, {"midnight", 0, 0}, {"noon", 12, 0},
      {"elevenses", 11, 0}, {"fika", 15, 0},     {"teatime", 16, 0},
  };
  for (const Keyword& k : kKeywords) {
    std::string_view word = k.word;
    if (!HasWordAt(text_, pos_, word)) continue;
    pos_ += word.size();
    if (k.hour < 0) {
      SetDate(zone_.ToLocal(now_ + 86400LL * k.day_offset));
    } else {
      f_.hour = k.hour;
      f_.minute = 0;
      f_.second = 0;
    }
    return true;
  }
  return false;
}

// "{+|-}N[unit]" after "now", blanks allowed anywhere; pos_ is at the sign.
bool BeginParser::TakeDelta(int64_t* delta) {
  struct Unit {
    const char* name;
    int64_t seconds;
  };
  static constexpr Unit kUnits[] = {
      {"seconds", 1},     {"second", 1},     {"minutes", 60},     {"minute", 60},      {"hours", 3600},
      {"hour", 3600},     {"days", 86400},   {"day", 86400},      {"weeks", 604800},   {"week", 604800},
  };
  bool negative = text_[pos_] == '-';
  size_t start = pos_++;
  int64_t count = 0;
  int digits = 0;
  int64_t unit = 1;
  while (pos_ < text_.size()) {
    if (text_[pos_] == ' ' || text_[pos_] == '\t') {
      ++pos_;
      continue;
    }
    const Unit* found = nullptr;
    for (const Unit& u : kUnits) {
      if (HasWordAt(text_, pos_, u.name)) {
        found = &u;
        break;
      }
    }
    if (found) {
      pos_ += std::string_view(found->name).size();
      unit = found->seconds;
      break;
    }
    // 12 digits of weeks is already past any representable date.
    if (!IsDigit(text_, pos_) || digits == 12) return false;
    count = count * 10 + (text_[pos_++] - '0');
    ++digits;
  }
  if (digits == 0) {
    pos_ = start;
    return false;
  }
  *delta = (negative ? -count : count) * unit;
  return true;
}

// "now", then blanks, then an optional delta; nothing else may follow
// before the delta.
bool BeginParser::TakeNow() {
  pos_ += 3;
  while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  int64_t delta = 0;
  if (pos_ < text_.size()) {
    if (text_[pos_] != '+' && text_[pos_] != '-') return false;
    if (!TakeDelta(&delta)) return false;
  }
  relative_ = now_ + delta;
  LocalTime at = zone_.ToLocal(*relative_);
  SetDate(at);
  f_.hour = at.hour;
  f_.minute = at.minute;
  f_.second = at.second;
  return true;
}

// "H[H]:MM[:SS] [AM|PM]".
bool BeginParser::TakeTimeOfDay() {
  size_t start = pos_;
  int hour = 0;
  int minute = 0;
  int second = 0;
  TakeSmall(&hour);
  if (hour > 23 || pos_ >= text_.size() || text_[pos_] != ':') {
    pos_ = start;
    return false;
  }
  ++pos_;
  size_t field = pos_;
  if (!IsDigit(text_, pos_) || !IsDigit(text_, pos_ + 1)) return false;
  TakeSmall(&minute);
  if (minute > 59) {
    pos_ = field;
    return false;
  }
  if (pos_ < text_.size() && text_[pos_] == ':') {
    field = ++pos_;
    if (!IsDigit(text_, pos_) || !IsDigit(text_, pos_ + 1)) return false;
    TakeSmall(&second);
    if (second > 59) {
      pos_ = field;
      return false;
    }
  }
  while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  if (HasWordAt(text_, pos_, "pm")) {
    if (hour > 12) return false;
    if (hour < 12) hour += 12;
    pos_ += 2;
  } else if (HasWordAt(text_, pos_, "am")) {
    if (hour > 12) return false;
    if (hour == 12) hour = 0;
    pos_ += 2;
  }
  f_.hour = hour;
  f_.minute = minute;
  f_.second = second;
  return true;
}

// "YYYY-MM-DD", or "MMDD[YY]" with optional '/' or '.' between the parts.
bool BeginParser::TakeDate() {
  int year = -1;
  if (pos_ + 7 < text_.size() && text_[pos_ + 4] == '-' && text_[pos_ + 7] == '-') {
    year = 0;
    for (int i = 0; i < 4; ++i) {
      if (!IsDigit(text_, pos_)) return false;
      year = year * 10 + (text_[pos_++] - '0');
    }
    ++pos_;  // '-'
  }
  bool iso = year >= 0;
  size_t field = pos_;
  int month = 0;
  if (!TakeSmall(&month) || month < 1 || month > 12) {
    pos_ = field;
    return false;
  }
  if (pos_ < text_.size() && (iso ? text_[pos_] == '-' : (text_[pos_] == '/' || text_[pos_] == '.'))) ++pos_;
  field = pos_;
  int day = 0;
  if (!TakeSmall(&day) || day < 1 || day > 31) {
    pos_ = field;
    return false;
  }
  if (!iso) {
    if (pos_ < text_.size() && (text_[pos_] == '/' || text_[pos_] == '.')) ++pos_;
    if (IsDigit(text_, pos_)) {
      if (!IsDigit(text_, pos_ + 1)) return false;
      int yy = 0;
      TakeSmall(&yy);
      year = 2000 + yy;
    }
  }
  f_.year = year;
  f_.month = month;
  f_.day = day;
  return true;
}

bool BeginParser::TakeToken() {
  ++tokens_;
  if (TakeKeyword()) return true;
  if (HasWordAt(text_, pos_, "now")) return TakeNow();
  if (!IsDigit(text_, pos_)) return false;
  bool time = (pos_ + 1 < text_.size() && text_[pos_ + 1] == ':') ||
              (pos_ + 2 < text_.size() && text_[pos_ + 2] == ':');
  return time ? TakeTimeOfDay() : TakeDate();
}

Result<int64_t> BeginParser::Parse() {
  if (HasWordAt(text_, 0, "uts")) {
    std::string digits(text_.substr(3));
    bool ok = !digits.empty() && digits.size() <= 18 && digits.find_first_not_of("0123456789") == std::string::npos;
    int64_t value = ok ? std::stoll(digits) : 0;
    if (!ok || value < 1000000) return Invalid();
    return value;
  }
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == ' ' || c == '\t' || c == '-' || c == 'T') {
      ++pos_;
      continue;
    }
    if (!TakeToken()) return Invalid();
  }
  if (tokens_ == 1 && relative_) return *relative_;
  if (f_.hour == -1 && f_.month == -1) return int64_t{0};
  if (f_.hour == -1) {  // a date alone starts at midnight
    f_.hour = 0;
    f_.minute = 0;
  } else if (f_.month == -1) {  // a time alone: today if still ahead, else tomorrow
    bool ahead = f_.hour > today_.hour || (f_.hour == today_.hour && f_.minute > today_.minute);
    SetDate(ahead ? today_ : zone_.ToLocal(now_ + 86400));
  }
  if (f_.year == -1) {  // no year: this year if still ahead, else next year
    auto key = [](int month, int day, int hour, int minute) {
      return ((month * 32 + day) * 24 + hour) * 60 + minute;
    };
    bool ahead = key(f_.month, f_.day, f_.hour, f_.minute) >
                 key(today_.month, today_.day, today_.hour, today_.minute);
    f_.year = today_.year + (ahead ? 0 : 1);
  }
  auto result = zone_.FromLocal({f_.year, f_.month, f_.day, f_.hour, f_.minute, f_.second});
  if (!result) {
    pos_ = text_.size();
    return Invalid();
  }
  return *result;
}

class SystemZone final : public TimeZone {
 public:
  LocalTime ToLocal(int64_t unix_seconds) const override {
    ::tzset();
    time_t t = static_cast<time_t>(unix_seconds);
    struct tm tm {};
    ::localtime_r(&t, &tm);
    return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec};
  }
  Result<int64_t> FromLocal(const LocalTime& local) const override {
    struct tm tm {};
    tm.tm_year = local.year - 1900;
    tm.tm_mon = local.month - 1;
    tm.tm_mday = local.day;
    tm.tm_hour = local.hour;
    tm.tm_min = local.minute;
    tm.tm_sec = local.second;
    tm.tm_isdst = -1;
    time_t t = ::mktime(&tm);
    if (t == static_cast<time_t>(-1)) return InvalidArgument("time out of range");
    return static_cast<int64_t>(t);
  }
};

// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12), by
// counting whole 400-year eras from March of year 0.
int64_t DaysFromCivil(int64_t year, int64_t month, int64_t day) {
  year -= month <= 2 ? 1 : 0;
  int64_t era = (year >= 0 ? year : year - 399) / 400;
  int64_t year_of_era = year - era * 400;
  int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// The date DaysFromCivil maps to `days`.
void CivilFromDays(int64_t days, LocalTime* out) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t day_of_era = days - era * 146097;
  int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t month_index = (5 * day_of_year + 2) / 153;  // 0 = March
  out->day = static_cast<int>(day_of_year - (153 * month_index + 2) / 5 + 1);
  out->month = static_cast<int>(month_index < 10 ? month_index + 3 : month_index - 9);
  out->year = static_cast<int>(year_of_era + era * 400 + (out->month <= 2 ? 1 : 0));
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0); }

}  // namespace

const TimeZone& SystemTimeZone() {
  static const SystemZone zone;
  return zone;
}

LocalTime FixedOffsetZone::ToLocal(int64_t unix_seconds) const {
  int64_t local = unix_seconds + offset_s_;
  int64_t days = FloorDiv(local, 86400);
  int64_t seconds = local - days * 86400;
  LocalTime out;
  CivilFromDays(days, &out);
  out.hour = static_cast<int>(seconds / 3600);
  out.minute = static_cast<int>(seconds / 60 % 60);
  out.second = static_cast<int>(seconds % 60);
  return out;
}

Result<int64_t> FixedOffsetZone::FromLocal(const LocalTime& local) const {
  // Months past 12 (or below 1) roll into the year; days, hours, minutes
  // and seconds past their range simply add up.
  int64_t month_index = static_cast<int64_t>(local.year) * 12 + (local.month - 1);
  int64_t days = DaysFromCivil(FloorDiv(month_index, 12), month_index - FloorDiv(month_index, 12) * 12 + 1, 1) +
                 (local.day - 1);
  return days * 86400 + local.hour * 3600LL + local.minute * 60LL + local.second - offset_s_;
}

JobClock SystemClock() { return JobClock{static_cast<int64_t>(std::time(nullptr)), &SystemTimeZone()}; }

Result<int64_t> ParseBeginTime(std::string_view text, int64_t now, const TimeZone& zone) {
  return BeginParser(text, now, zone).Parse();
}

}  // namespace bramble::cli
