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
TEST(SplitListTest, AnySeparatorAndJoinBack) {
  using Items = std::vector<std::string>;
  EXPECT_EQ(SplitList("MaxJobs=3  GrpTRES=cpu=4 ", ' '), (Items{"MaxJobs=3", "GrpTRES=cpu=4"}));
  EXPECT_EQ(SplitList("", ' '), Items{});
  EXPECT_EQ(JoinList({"a", "b", "c"}, " "), "a b c");
  EXPECT_EQ(JoinList({}, ","), "");
  for (const Items& items : {Items{"x"}, Items{"a", "bb", "c=d"}, Items{"1", "2", "3", "4"}}) {
    EXPECT_EQ(SplitList(JoinList(items, " "), ' '), items);
  }
}

}  // namespace bramble
