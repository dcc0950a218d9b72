// Tests for hostlist expansion, compression and ordering.
#include "common/hostlist.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace bramble {
namespace {

using Names = std::vector<std::string>;

Names Expand(std::string_view expression) {
  Result<Names> names = ExpandHostlist(expression);
  EXPECT_TRUE(names.has_value()) << expression << ": " << names.status().message();
  return names ? *names : Names();
}

TEST(ExpandHostlist, PlainNames) {
  EXPECT_EQ(Expand("login1"), Names({"login1"}));
  EXPECT_EQ(Expand("a,b,c"), Names({"a", "b", "c"}));
  EXPECT_EQ(Expand("10.0.0.1"), Names({"10.0.0.1"}));
}

TEST(ExpandHostlist, Ranges) {
  EXPECT_EQ(Expand("pi[1-4]"), Names({"pi1", "pi2", "pi3", "pi4"}));
  EXPECT_EQ(Expand("lx[15,18,32-33]"), Names({"lx15", "lx18", "lx32", "lx33"}));
  EXPECT_EQ(Expand("n[8-11]"), Names({"n8", "n9", "n10", "n11"}));
  EXPECT_EQ(Expand("n[5]"), Names({"n5"}));
}

TEST(ExpandHostlist, KeepsWrittenOrder) {
  EXPECT_EQ(Expand("n[3,1,2]"), Names({"n3", "n1", "n2"}));
  EXPECT_EQ(Expand("b1,a[2-3],a1"), Names({"b1", "a2", "a3", "a1"}));
}

TEST(ExpandHostlist, ZeroPadding) {
  Names names = Expand("n[01-10]");
  ASSERT_EQ(names.size(), 10u);
  EXPECT_EQ(names.front(), "n01");
  EXPECT_EQ(names[8], "n09");
  EXPECT_EQ(names.back(), "n10");

  names = Expand("linux[0000-1023]");
  ASSERT_EQ(names.size(), 1024u);
  EXPECT_EQ(names.front(), "linux0000");
  EXPECT_EQ(names[7], "linux0007");
  EXPECT_EQ(names.back(), "linux1023");

  EXPECT_EQ(Expand("n[098-101]"), Names({"n098", "n099", "n100", "n101"}));
  EXPECT_EQ(Expand("n[1,02,003]"), Names({"n1", "n02", "n003"}));
}

TEST(ExpandHostlist, SeveralGroupsInOneItem) {
  EXPECT_EQ(Expand("rack[0-1]n[1-2]"), Names({"rack0n1", "rack0n2", "rack1n1", "rack1n2"}));
  EXPECT_EQ(Expand("r[1-2]_b[0-1]x"), Names({"r1_b0x", "r1_b1x", "r2_b0x", "r2_b1x"}));
  EXPECT_EQ(Expand("[1-2]"), Names({"1", "2"}));
}

TEST(ExpandHostlist, CommasInsideAndOutsideBrackets) {
  EXPECT_EQ(Expand("pi[01-02,07],login1"), Names({"pi01", "pi02", "pi07", "login1"}));
  EXPECT_EQ(Expand("a[1,3],b[2]"), Names({"a1", "a3", "b2"}));
}

TEST(ExpandHostlist, Errors) {
  for (const char* bad : {"", "n[3-1]", "n[1-", "n[1-2", "n1-2]", "n]", "n[]", "n[,1]", "n[1,]",
                          "n[a-b]", "n[1-2-3]", "n[-2]", "n[1-]", "a,,b", ",a", "a,", "n[[1]]",
                          "n[1 ,2]", "a b", "n[1234567890123456789]"}) {
    Result<Names> names = ExpandHostlist(bad);
    EXPECT_FALSE(names.has_value()) << "'" << bad << "' expanded";
    if (!names) {
      EXPECT_EQ(names.error().code(), Code::kInvalidArgument);
    }
  }
}

TEST(ExpandHostlist, ErrorNamesTheExpression) {
  Result<Names> names = ExpandHostlist("n[3-1]");
  ASSERT_FALSE(names.has_value());
  EXPECT_NE(names.error().message().find("n[3-1]"), std::string::npos);
}

TEST(ExpandHostlist, TooManyNames) {
  EXPECT_FALSE(ExpandHostlist("n[0-99999999]").has_value());
  EXPECT_FALSE(ExpandHostlist("n[0-65536]").has_value());  // 65537 names
  EXPECT_FALSE(ExpandHostlist("a[0-999]b[0-999]").has_value());  // product 1e6
  EXPECT_FALSE(ExpandHostlist("a[1-40000],b[1-40000]").has_value());  // sum over items
  Result<Names> limit = ExpandHostlist("n[1-65536]");
  ASSERT_TRUE(limit.has_value());
  EXPECT_EQ(limit->size(), kMaxHostlistNames);
}

TEST(CompressHostlist, Empty) { EXPECT_EQ(CompressHostlist({}), ""); }

TEST(CompressHostlist, MergesRuns) {
  EXPECT_EQ(CompressHostlist({"pi1", "pi2", "pi3", "pi7"}), "pi[1-3,7]");
  EXPECT_EQ(CompressHostlist({"node01", "node02"}), "node[01-02]");
  EXPECT_EQ(CompressHostlist({"n1"}), "n1");
  EXPECT_EQ(CompressHostlist({"n9", "n10", "n11"}), "n[9-11]");
  EXPECT_EQ(CompressHostlist({"n09", "n10"}), "n[09-10]");
  EXPECT_EQ(CompressHostlist({"n1", "n3", "n5"}), "n[1,3,5]");
}

TEST(CompressHostlist, KeepsOrder) {
  EXPECT_EQ(CompressHostlist({"n3", "n1", "n2"}), "n[3,1-2]");
  EXPECT_EQ(CompressHostlist({"a1", "b1", "a2"}), "a1,b1,a2");
  EXPECT_EQ(CompressHostlist({"b1", "b2", "a1", "a2"}), "b[1-2],a[1-2]");
}

TEST(CompressHostlist, DifferentWidthsAreNotMerged) {
  EXPECT_EQ(CompressHostlist({"n1", "n01"}), "n1,n01");
  EXPECT_EQ(CompressHostlist({"n01", "n1"}), "n01,n1");
  EXPECT_EQ(CompressHostlist({"n001", "n01", "n02"}), "n001,n[01-02]");
  EXPECT_EQ(CompressHostlist({"n10", "n9"}), "n10,n9");
}

TEST(CompressHostlist, NamesWithoutTrailingDigitsStayAsTheyAre) {
  EXPECT_EQ(CompressHostlist({"login", "pi1", "pi2", "head"}), "login,pi[1-2],head");
  EXPECT_EQ(CompressHostlist({"node1-ib", "node2-ib"}), "node1-ib,node2-ib");
  EXPECT_EQ(CompressHostlist({"123", "124"}), "123,124");  // rule 0.2: start with a letter
}

TEST(CompressHostlist, OneGroupPerItemAtTheEnd) {
  std::string out = CompressHostlist(Expand("rack[0-1]n[1-2]"));
  EXPECT_EQ(out, "rack0n[1-2],rack1n[1-2]");
}

TEST(CompressHostlist, RoundTrips) {
  for (const char* expression :
       {"pi[1-4]", "n[01-10]", "linux[0000-1023]", "n[3,1,2]", "a1,b1,a2", "n1,n01,n001",
        "n[9-11],n[08-12]", "rack[0-1]n[1-2]", "login,head", "n[098-101]", "x[1-3,5,7-9]y",
        "10.0.0.[1-3]", "n[1,1]"}) {
    Names names = Expand(expression);
    Result<Names> again = ExpandHostlist(CompressHostlist(names));
    ASSERT_TRUE(again.has_value()) << expression;
    EXPECT_EQ(*again, names) << expression << " -> " << CompressHostlist(names);
  }
}

TEST(HostnameLess, NumericOrder) {
  EXPECT_TRUE(HostnameLess("n2", "n10"));
  EXPECT_FALSE(HostnameLess("n10", "n2"));
  EXPECT_TRUE(HostnameLess("a10", "b1"));
  EXPECT_TRUE(HostnameLess("n", "n1"));
  EXPECT_FALSE(HostnameLess("n1", "n1"));
  EXPECT_TRUE(HostnameLess("n1", "n01"));  // same value: narrower first, for a strict order
}

TEST(SortHostnames, SortsByPrefixThenNumber) {
  Names names = {"n10", "login", "n2", "m5", "n1", "n02"};
  SortHostnames(names);
  EXPECT_EQ(names, Names({"login", "m5", "n1", "n2", "n02", "n10"}));
}

TEST(SortHostnames, SortedListCompressesToRanges) {
  Names names = {"pi3", "pi1", "pi4", "pi2"};
  SortHostnames(names);
  EXPECT_EQ(CompressHostlist(names), "pi[1-4]");
}

}  // namespace
}  // namespace bramble
