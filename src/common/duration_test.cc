// Tests for Slurm time-limit parsing and duration/timestamp printing.
#include "common/duration.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>

namespace bramble {
namespace {

int64_t Parse(std::string_view text) {
  Result<int64_t> seconds = ParseTimeLimit(text);
  EXPECT_TRUE(seconds.has_value()) << text << ": " << seconds.status().message();
  return seconds ? *seconds : -2;
}

TEST(ParseTimeLimit, EverySlurmFormat) {
  EXPECT_EQ(Parse("5"), 300);                          // minutes
  EXPECT_EQ(Parse("5:30"), 330);                       // minutes:seconds
  EXPECT_EQ(Parse("1:00:00"), 3600);                   // hours:minutes:seconds
  EXPECT_EQ(Parse("1:02:03"), 3723);
  EXPECT_EQ(Parse("2-0"), 2 * 86400);                  // days-hours
  EXPECT_EQ(Parse("2-3"), 2 * 86400 + 3 * 3600);
  EXPECT_EQ(Parse("2-3:04"), 2 * 86400 + 3 * 3600 + 4 * 60);           // days-hours:minutes
  EXPECT_EQ(Parse("2-03:04:05"), 2 * 86400 + 3 * 3600 + 4 * 60 + 5);   // days-hours:min:sec
}

TEST(ParseTimeLimit, FieldsAreNotRangeChecked) {
  EXPECT_EQ(Parse("90"), 90 * 60);
  EXPECT_EQ(Parse("0:90"), 90);
  EXPECT_EQ(Parse("1440"), 86400);
}

TEST(ParseTimeLimit, NoLimit) {
  EXPECT_EQ(Parse("INFINITE"), kNoTimeLimit);
  EXPECT_EQ(Parse("UNLIMITED"), kNoTimeLimit);
  EXPECT_EQ(Parse("infinite"), kNoTimeLimit);
  EXPECT_EQ(Parse("Unlimited"), kNoTimeLimit);
  EXPECT_EQ(Parse("0"), kNoTimeLimit);
  EXPECT_EQ(Parse("0:00"), kNoTimeLimit);
  EXPECT_EQ(Parse("0-0"), kNoTimeLimit);
}

TEST(ParseTimeLimit, Rejects) {
  for (const char* bad : {"", "abc", "1:2:3:4", "-5", "1-", "-", ":", "1:", ":5", "1-2-3",
                          "1-1:2:3:4", "5m", " 5", "5 ", "+5", "1.5", "infinity", "1234567890"}) {
    Result<int64_t> seconds = ParseTimeLimit(bad);
    EXPECT_FALSE(seconds.has_value()) << "'" << bad << "' parsed as " << (seconds ? *seconds : 0);
    if (!seconds) {
      EXPECT_EQ(seconds.error().code(), Code::kInvalidArgument);
    }
  }
}

TEST(FormatDuration, SqueueStyle) {
  EXPECT_EQ(FormatDuration(0), "0:00");
  EXPECT_EQ(FormatDuration(7), "0:07");
  EXPECT_EQ(FormatDuration(65), "1:05");
  EXPECT_EQ(FormatDuration(3599), "59:59");
  EXPECT_EQ(FormatDuration(3600), "1:00:00");
  EXPECT_EQ(FormatDuration(3723), "1:02:03");
  EXPECT_EQ(FormatDuration(86399), "23:59:59");
  EXPECT_EQ(FormatDuration(86400), "1-00:00:00");
  EXPECT_EQ(FormatDuration(90061), "1-01:01:01");
  EXPECT_EQ(FormatDuration(2 * 86400 + 3 * 3600 + 4 * 60 + 5), "2-03:04:05");
  EXPECT_EQ(FormatDuration(-1), "UNLIMITED");
  EXPECT_EQ(FormatDuration(kNoTimeLimit), "UNLIMITED");
}

TEST(FormatDurationLong, ScontrolStyle) {
  EXPECT_EQ(FormatDurationLong(0), "00:00:00");
  EXPECT_EQ(FormatDurationLong(300), "00:05:00");
  EXPECT_EQ(FormatDurationLong(3723), "01:02:03");
  EXPECT_EQ(FormatDurationLong(86400), "1-00:00:00");
  EXPECT_EQ(FormatDurationLong(90061), "1-01:01:01");
  EXPECT_EQ(FormatDurationLong(-1), "UNLIMITED");
}

TEST(FormatDuration, RoundTripsThroughParse) {
  for (int64_t seconds : {65, 3600, 3723, 86400, 90061, 1000000}) {
    EXPECT_EQ(Parse(FormatDuration(seconds)), seconds);
    EXPECT_EQ(Parse(FormatDurationLong(seconds)), seconds);
  }
}

TEST(FormatTimestamp, ZeroIsUnknown) { EXPECT_EQ(FormatTimestamp(0), "Unknown"); }

TEST(FormatTimestamp, LocalTime) {
  const char* old_tz = std::getenv("TZ");
  std::string saved = old_tz ? old_tz : "";
  setenv("TZ", "UTC", 1);
  tzset();
  EXPECT_EQ(FormatTimestamp(1700000000), "2023-11-14T22:13:20");
  EXPECT_EQ(FormatTimestamp(86400), "1970-01-02T00:00:00");
  setenv("TZ", "UTC-2", 1);  // POSIX sign: two hours east of UTC
  tzset();
  EXPECT_EQ(FormatTimestamp(1700000000), "2023-11-15T00:13:20");
  if (old_tz) {
    setenv("TZ", saved.c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
}

}  // namespace
}  // namespace bramble
