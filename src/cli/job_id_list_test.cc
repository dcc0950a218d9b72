#include "cli/job_id_list.h"

#include <gtest/gtest.h>

namespace bramble::cli {
namespace {

TEST(ParseJobIdTest, Accepts) {
  EXPECT_EQ(*ParseJobId("12"), 12u);
  EXPECT_EQ(*ParseJobId("4294967295"), 4294967295u);
}

TEST(ParseJobIdTest, Rejects) {
  for (const char* bad : {"", "0", "x", "12_3", "12.0", "-1", "4294967296", "99999999999", " 1", "1 "}) {
    auto id = ParseJobId(bad);
    EXPECT_FALSE(id.has_value()) << bad;
    if (!id.has_value()) {
      EXPECT_EQ(id.error().message(), bad);
    }
  }
}

TEST(ParseJobIdListTest, ArgumentsAndCommas) {
  EXPECT_EQ(*ParseJobIdList({"1", "2,3", "4,,5,"}), (std::vector<uint32_t>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(ParseJobIdList({})->empty());
  auto bad = ParseJobIdList({"1", "2,x"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message(), "x");
}

}  // namespace
}  // namespace bramble::cli
