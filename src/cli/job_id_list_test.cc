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

TEST(ParseJobRefTest, PlainAndArrayForms) {
  auto plain = ParseJobRef("12");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->job_id, 12u);
  EXPECT_FALSE(plain->tasks.has_value());
  auto one = ParseJobRef("12_3");
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->job_id, 12u);
  EXPECT_EQ(*one->tasks, std::vector<uint32_t>{3});
  auto range = ParseJobRef("12_[5,1-3,2]");
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(*range->tasks, (std::vector<uint32_t>{1, 2, 3, 5}));
  EXPECT_EQ(*ParseJobRef("12_1-2")->tasks, (std::vector<uint32_t>{1, 2}));
}

TEST(ParseJobRefTest, Rejects) {
  for (const char* bad : {"", "_1", "0_1", "12_", "12_[]", "12_[2-1]", "12_x", "12.0", "12_3_4", "x_1", "12_[1"}) {
    auto ref = ParseJobRef(bad);
    EXPECT_FALSE(ref.has_value()) << bad;
    if (!ref.has_value()) {
      EXPECT_EQ(ref.error().message(), bad);
    }
  }
}

}  // namespace
}  // namespace bramble::cli
