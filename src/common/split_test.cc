// Comma lists.
#include "common/split.h"

#include <gtest/gtest.h>

namespace bramble {
namespace {

TEST(SplitCommaListTest, DropsEmptyItems) {
  EXPECT_EQ(SplitCommaList("a,,b,"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(SplitCommaList(",x"), (std::vector<std::string>{"x"}));
  EXPECT_TRUE(SplitCommaList("").empty());
  EXPECT_TRUE(SplitCommaList(",,").empty());
}

TEST(SplitCommaListTest, KeepsOrderAndSpaces) {
  EXPECT_EQ(SplitCommaList("PD,R, CG"), (std::vector<std::string>{"PD", "R", " CG"}));
}

}  // namespace
}  // namespace bramble
