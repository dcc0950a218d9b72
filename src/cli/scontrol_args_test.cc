#include "cli/scontrol_args.h"

#include <gtest/gtest.h>

namespace bramble::cli {
namespace {

using Args = std::vector<std::string>;

TEST(KeywordMatchesTest, CaseAndPrefix) {
  EXPECT_TRUE(KeywordMatches("JobId", "JobId", 3));
  EXPECT_TRUE(KeywordMatches("jobid", "JobId", 3));
  EXPECT_TRUE(KeywordMatches("job", "JobId", 3));
  EXPECT_FALSE(KeywordMatches("jo", "JobId", 3));
  EXPECT_FALSE(KeywordMatches("jobidx", "JobId", 3));
  EXPECT_FALSE(KeywordMatches("", "JobId", 0));
  EXPECT_TRUE(KeywordMatches("ping", "ping", 10));
  EXPECT_TRUE(KeywordMatches("hostn", "hostnames", 5));
  EXPECT_FALSE(KeywordMatches("host", "hostnames", 5));
}

UpdateCommand Ok(const Args& args) {
  auto result = ParseUpdate(args);
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message());
  return result ? *result : UpdateCommand{};
}

std::string Fail(const Args& args) {
  auto result = ParseUpdate(args);
  EXPECT_FALSE(result.has_value());
  return result ? "" : result.error().message();
}

TEST(ParseUpdateTest, JobTimeLimit) {
  for (const Args& args : {Args{"jobid=12", "timelimit=30"}, Args{"JobId=12", "TimeLimit=30"},
                           Args{"TimeLimit=0:30:00", "job=12"}}) {
    UpdateCommand c = Ok(args);
    EXPECT_TRUE(c.is_job);
    EXPECT_EQ(c.job.job_id(), 12u);
    ASSERT_TRUE(c.job.has_time_limit_s());
    EXPECT_EQ(c.job.time_limit_s(), 1800);
    EXPECT_FALSE(c.job.has_hold());
  }
  EXPECT_EQ(Ok({"jobid=3", "timelimit=UNLIMITED"}).job.time_limit_s(), -1);
}

TEST(ParseUpdateTest, JobErrors) {
  EXPECT_EQ(Fail({"jobid=12", "timelimit=soon"}), "scontrol: error: Invalid TimeLimit value");
  EXPECT_EQ(Fail({"jobid=x", "timelimit=5"}), "scontrol: error: Invalid job id specified: x");
  EXPECT_EQ(Fail({"jobid=12", "partition=p"}),
            "Update of this parameter is not supported: partition=p\nRequest aborted");
}

TEST(ParseUpdateTest, NodeStates) {
  UpdateCommand c = Ok({"nodename=pi[1-2]", "state=drain", "reason=maint work"});
  EXPECT_FALSE(c.is_job);
  EXPECT_EQ(c.node.nodes(), "pi[1-2]");
  EXPECT_EQ(c.node.state(), "DRAIN");
  EXPECT_EQ(c.node.reason(), "maint work");
  EXPECT_EQ(Ok({"NodeName=pi1", "State=RESUME"}).node.state(), "RESUME");
  EXPECT_EQ(Ok({"node=pi1", "state=idle"}).node.state(), "IDLE");
  EXPECT_EQ(Ok({"nodename=pi1", "state=undrain"}).node.state(), "UNDRAIN");
  EXPECT_EQ(Ok({"nodename=pi1", "state=down", "reason=dead"}).node.state(), "DOWN");
}

TEST(ParseUpdateTest, NodeErrors) {
  const std::string no_reason =
      "scontrol: error: You must specify a reason when DOWNING or DRAINING a node. Request denied";
  EXPECT_EQ(Fail({"nodename=pi1", "state=drain"}), no_reason);
  EXPECT_EQ(Fail({"nodename=pi1", "state=DOWN"}), no_reason);
  EXPECT_EQ(Fail({"nodename=pi1", "state=sleepy"}),
            "Invalid input: state=sleepy\nRequest aborted\nValid states are: DOWN DRAIN IDLE RESUME UNDRAIN");
  EXPECT_EQ(Fail({"nodename=pi1", "weight=3"}), "Update of this parameter is not supported: weight=3\nRequest aborted");
}

TEST(ParseUpdateTest, NoEntity) {
  EXPECT_EQ(Fail({"timelimit=5"}),
            "No valid entity in update command\nInput line must include \"NodeName\" or \"JobId\"");
  EXPECT_EQ(Fail({}), "No valid entity in update command\nInput line must include \"NodeName\" or \"JobId\"");
  EXPECT_EQ(Fail({"jobid"}), "Invalid input: jobid\nRequest aborted");
}

TEST(OneLinerTest, FoldsBlock) {
  EXPECT_EQ(OneLiner("JobId=1 JobName=x\n   UserId=a(1)\n   State=R\n\n"), "JobId=1 JobName=x UserId=a(1) State=R\n");
  EXPECT_EQ(OneLiner("A=1"), "A=1\n");
}

TEST(ScontrolHelpTextTest, ListsCommands) {
  std::string help = ScontrolHelpText();
  for (const char* word : {"show job", "ping", "update JobId", "hold"}) EXPECT_NE(help.find(word), std::string::npos);
}

}  // namespace
}  // namespace bramble::cli
