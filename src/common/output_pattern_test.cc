// File name patterns as sbatch documents them.
#include "common/output_pattern.h"

#include <gtest/gtest.h>

namespace bramble {
namespace {

PatternValues Values() {
  PatternValues v;
  v.job_id = 12;
  v.job_name = "mytestjob";
  v.user = "alice";
  v.node = "pi1";
  return v;
}

TEST(OutputPatternTest, ExpandsEachCode) {
  EXPECT_EQ(ExpandOutputPattern("slurm-%j.out", Values(), "/home/a"), "/home/a/slurm-12.out");
  EXPECT_EQ(ExpandOutputPattern("%x-%u-%N.log", Values(), "/w"), "/w/mytestjob-alice-pi1.log");
  EXPECT_EQ(ExpandOutputPattern("/abs/%J_%A.txt", Values(), "/w"), "/abs/12_12.txt");
  EXPECT_EQ(ExpandOutputPattern("100%%-%s", Values(), "/w"), "/w/100%-batch");
}

TEST(OutputPatternTest, JoinsTheWorkDirOnce) {
  EXPECT_EQ(ExpandOutputPattern("o-%j", Values(), "/w/"), "/w/o-12");
  EXPECT_EQ(ExpandOutputPattern("o-%j", Values(), ""), "o-12");
}

TEST(OutputPatternTest, ZeroPadsToTheGivenWidth) {
  EXPECT_EQ(ExpandOutputPattern("out-%4j", Values(), "/w"), "/w/out-0012");
  EXPECT_EQ(ExpandOutputPattern("t%3t", Values(), "/w"), "/w/t000");
}

TEST(OutputPatternTest, KeepsUnknownCodesAndTrailingPercent) {
  EXPECT_EQ(ExpandOutputPattern("a%qb%", Values(), "/w"), "/w/a%qb%");
}

}  // namespace
}  // namespace bramble
