// Tests for memory size parsing (Slurm's str_to_mbytes).
#include "common/size.h"

#include <gtest/gtest.h>

namespace bramble {
namespace {

int64_t Mb(std::string_view text) {
  Result<int64_t> mb = ParseMegabytes(text);
  EXPECT_TRUE(mb.has_value()) << text << ": " << mb.status().message();
  return mb ? *mb : -1;
}

TEST(ParseMegabytes, DefaultUnitIsMegabytes) {
  EXPECT_EQ(Mb("100"), 100);
  EXPECT_EQ(Mb("0"), 0);
  EXPECT_EQ(Mb("100M"), 100);
  EXPECT_EQ(Mb("100mb"), 100);
  EXPECT_EQ(Mb("100MB"), 100);
}

TEST(ParseMegabytes, Units) {
  EXPECT_EQ(Mb("1G"), 1024);
  EXPECT_EQ(Mb("1g"), 1024);
  EXPECT_EQ(Mb("2GB"), 2048);
  EXPECT_EQ(Mb("2gb"), 2048);
  EXPECT_EQ(Mb("1T"), 1048576);
  EXPECT_EQ(Mb("1tB"), 1048576);
}

TEST(ParseMegabytes, KilobytesRoundUp) {
  EXPECT_EQ(Mb("512K"), 1);
  EXPECT_EQ(Mb("1024k"), 1);
  EXPECT_EQ(Mb("1025K"), 2);
  EXPECT_EQ(Mb("1536k"), 2);
  EXPECT_EQ(Mb("2048KB"), 2);
  EXPECT_EQ(Mb("0K"), 0);
  EXPECT_EQ(Mb("9223372036854775807K"), 9007199254740992);  // no overflow while rounding
}

TEST(ParseMegabytes, Rejects) {
  for (const char* bad : {"", "1X", "-1", "1.5G", "G", "GB", "100B", "1GBB", "1 G", " 1", "1G ",
                          "+1", "0x10", "1KM"}) {
    Result<int64_t> mb = ParseMegabytes(bad);
    EXPECT_FALSE(mb.has_value()) << "'" << bad << "' parsed as " << (mb ? *mb : 0);
    if (!mb) {
      EXPECT_EQ(mb.error().code(), Code::kInvalidArgument);
    }
  }
}

TEST(ParseMegabytes, Overflow) {
  EXPECT_EQ(Mb("9223372036854775807"), INT64_MAX);
  EXPECT_FALSE(ParseMegabytes("9223372036854775808").has_value());
  EXPECT_FALSE(ParseMegabytes("99999999999999999999999").has_value());
  EXPECT_FALSE(ParseMegabytes("9007199254740992G").has_value());
  EXPECT_EQ(Mb("9007199254740991G"), 9007199254740991 * 1024);
  EXPECT_FALSE(ParseMegabytes("8796093022208T").has_value());
  EXPECT_EQ(Mb("8796093022207T"), 8796093022207 * 1048576);
}

}  // namespace
}  // namespace bramble
