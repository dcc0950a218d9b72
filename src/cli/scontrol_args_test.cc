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
    EXPECT_EQ(c.kind, UpdateKind::kJob);
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
  EXPECT_EQ(Fail({"jobid=12", "qos=high"}), "Update of this parameter is not supported: qos=high\nRequest aborted");
  EXPECT_EQ(Fail({"jobid=12", "numnodes=0"}), "scontrol: error: Invalid NumNodes value: 0");
  EXPECT_EQ(Fail({"jobid=12", "NumNodes=2-4"}), "scontrol: error: Invalid NumNodes value: 2-4");
  EXPECT_EQ(Fail({"jobid=12", "numcpus=lots"}), "scontrol: error: Invalid NumCPUs value: lots");
  EXPECT_EQ(Fail({"jobid=12", "nice=3000000000"}),
            "scontrol: error: Nice value out of range (+/- 2147483645). Value ignored");
  EXPECT_EQ(Fail({"jobid=12", "numnode=3"}), "Update of this parameter is not supported: numnode=3\nRequest aborted");
  EXPECT_EQ(Fail({"partition=p"}),
            "No valid entity in update command\nInput line must include \"NodeName\" or \"JobId\"");
}

TEST(ParseUpdateTest, JobFields) {
  UpdateCommand c = Ok({"JobId=7", "Partition=gpu,cpu", "NumNodes=3", "NumCPUs=8", "Nice=-20"});
  EXPECT_EQ(c.kind, UpdateKind::kJob);
  EXPECT_EQ(c.job.job_id(), 7u);
  EXPECT_EQ(c.job.partition(), "gpu,cpu");
  EXPECT_EQ(c.job.num_nodes(), 3u);
  EXPECT_EQ(c.job.num_cpus(), 8u);
  EXPECT_EQ(c.job.nice(), -20);
  EXPECT_FALSE(c.job.has_time_limit_s());
  EXPECT_FALSE(c.job.requeue());
  // Slurm's shortest prefixes: Partition 2, NumCPUs 6, NumNodes all 8, Nice 2.
  UpdateCommand short_forms = Ok({"job=7", "pa=debug", "numcpu=2", "reqnodes=1", "ni=5"});
  EXPECT_EQ(short_forms.job.partition(), "debug");
  EXPECT_EQ(short_forms.job.num_cpus(), 2u);
  EXPECT_EQ(short_forms.job.num_nodes(), 1u);
  EXPECT_EQ(short_forms.job.nice(), 5);
  // A bare Nice is Nice=100; strtoll ignores what follows the number.
  EXPECT_EQ(Ok({"jobid=7", "Nice"}).job.nice(), 100);
  EXPECT_EQ(Ok({"jobid=7", "nice=12x"}).job.nice(), 12);
  UpdateCommand untouched = Ok({"jobid=7", "timelimit=5"});
  EXPECT_FALSE(untouched.job.has_partition());
  EXPECT_FALSE(untouched.job.has_num_nodes());
  EXPECT_FALSE(untouched.job.has_num_cpus());
  EXPECT_FALSE(untouched.job.has_nice());
}

TEST(ParseUpdateTest, UserAndGroupLimits) {
  UpdateCommand c = Ok({"UserLimits=alice", "MaxJobs=4", "GrpTRES=cpu=8,mem=4G", "MaxWall=2-0"});
  EXPECT_EQ(c.kind, UpdateKind::kLimits);
  EXPECT_EQ(c.limits.kind(), "user");
  EXPECT_EQ(c.limits.name(), "alice");
  EXPECT_EQ(std::vector<std::string>(c.limits.settings().begin(), c.limits.settings().end()),
            (Args{"MaxJobs=4", "GrpTRES=cpu=8,mem=4G", "MaxWall=2-0"}));
  UpdateCommand group = Ok({"maxsubmitjobs=10", "grouplimits=students"});
  EXPECT_EQ(group.limits.kind(), "group");
  EXPECT_EQ(group.limits.name(), "students");
  EXPECT_EQ(group.limits.settings_size(), 1);
  EXPECT_EQ(Ok({"UserLimits=DEFAULT", "MaxJobs=-1"}).limits.name(), "DEFAULT");
}

TEST(ParseUpdateTest, LimitErrors) {
  EXPECT_EQ(Fail({"UserLimits=alice"}), "scontrol: error: No changes specified");
  EXPECT_EQ(Fail({"UserLimits=", "MaxJobs=1"}), "scontrol: error: No user name specified");
  EXPECT_EQ(Fail({"GroupLimits=", "MaxJobs=1"}), "scontrol: error: No group name specified");
  EXPECT_EQ(Fail({"UserLimits=alice", "MaxJobs=x"}).rfind("scontrol: error: ", 0), 0u);
  EXPECT_NE(Fail({"UserLimits=alice", "MaxJobs=x"}).find("MaxJobs"), std::string::npos);
  EXPECT_NE(Fail({"UserLimits=alice", "Weight=3"}).find("Weight"), std::string::npos);
  EXPECT_NE(Fail({"UserLimits=alice", "GrpTRES=node=2"}).find("node"), std::string::npos);
  EXPECT_EQ(Fail({"UserLimits=alice", "MaxJobs"}), "Invalid input: MaxJobs\nRequest aborted");
}

TEST(ParseRequeueTest, IdsAndErrors) {
  EXPECT_EQ(*ParseRequeue({"12"}), std::vector<uint32_t>{12});
  EXPECT_EQ(*ParseRequeue({"12,13", "JobId=14", "job=15,16"}), (std::vector<uint32_t>{12, 13, 14, 15, 16}));
  EXPECT_EQ(ParseRequeue({}).error().message(), "too few arguments for keyword:requeue");
  EXPECT_EQ(ParseRequeue({"abc"}).error().message(), "Invalid job id specified for job abc");
  EXPECT_EQ(ParseRequeue({"12", "jobid=x"}).error().message(), "Invalid job id specified for job x");
  EXPECT_EQ(ParseRequeue({","}).error().message(), "Invalid job id specified for job ,");
}

TEST(ParseUpdateTest, NodeStates) {
  UpdateCommand c = Ok({"nodename=pi[1-2]", "state=drain", "reason=maint work"});
  EXPECT_EQ(c.kind, UpdateKind::kNode);
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
  for (const char* word : {"show job", "ping", "update JobId", "hold", "requeue", "UserLimits"}) {
    EXPECT_NE(help.find(word), std::string::npos) << word;
  }
}

}  // namespace
}  // namespace bramble::cli
