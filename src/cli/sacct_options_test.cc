#include "cli/sacct_options.h"

#include <gtest/gtest.h>

namespace bramble::cli {
namespace {

using Args = std::vector<std::string>;

const FixedOffsetZone kUtc(0);
// 2026-11-21T10:30:00Z
constexpr int64_t kNow = 1795257000;
JobClock Clock() { return JobClock{kNow, &kUtc}; }

SacctOptions Ok(Args args) {
  args.insert(args.begin(), "sacct");
  auto result = ParseSacct(args, Clock());
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message());
  return result ? *result : SacctOptions{};
}

std::string Fail(Args args) {
  args.insert(args.begin(), "sacct");
  auto result = ParseSacct(args, Clock());
  EXPECT_FALSE(result.has_value());
  return result ? "" : result.error().message();
}

std::vector<std::string> Names(const SacctOptions& o) {
  std::vector<std::string> names;
  for (const auto& column : o.columns) names.push_back(column.name);
  return names;
}

TEST(ParseSacctTest, DefaultsStartAtMidnightWithDefaultColumns) {
  SacctOptions o = Ok({});
  EXPECT_EQ(Names(o), (std::vector<std::string>{"JobID", "JobName", "Partition", "Account", "AllocCPUS",
                                                "State", "ExitCode"}));
  EXPECT_EQ(o.query.start_time(), kNow - kNow % 86400);
  EXPECT_EQ(o.query.end_time(), 0);
  EXPECT_FALSE(o.query.all_users());
}

TEST(ParseSacctTest, SubmititLine) {
  SacctOptions o = Ok({"-o", "JobID,State,NodeList", "--parsable2", "-j", "12", "-j", "13,14"});
  EXPECT_TRUE(o.parsable2);
  EXPECT_EQ(Names(o), (std::vector<std::string>{"JobID", "State", "NodeList"}));
  EXPECT_EQ(std::vector<uint32_t>(o.query.job_ids().begin(), o.query.job_ids().end()),
            (std::vector<uint32_t>{12, 13, 14}));
  EXPECT_EQ(o.query.start_time(), 0);  // -j: from the epoch
}

TEST(ParseSacctTest, SnakemakeLine) {
  SacctOptions o = Ok({"-X", "--parsable2", "--clusters", "all", "--noheader", "--format=JobIdRaw,State",
                       "--starttime", "2026-11-19T10:00", "--endtime", "now", "--name", "abc-uuid"});
  EXPECT_TRUE(o.allocations);
  EXPECT_TRUE(o.no_header);
  EXPECT_EQ(Names(o), (std::vector<std::string>{"JobIDRaw", "State"}));
  EXPECT_EQ(o.query.start_time(), kNow - 2 * 86400 - 1800);
  EXPECT_EQ(o.query.end_time(), kNow);
  ASSERT_EQ(o.query.names_size(), 1);
  EXPECT_EQ(o.query.names(0), "abc-uuid");
}

TEST(ParseSacctTest, StepSelectors) {
  SacctOptions o = Ok({"-j", "12.batch,12.0,7_3,7_3.1"});
  ASSERT_EQ(o.selectors.size(), 4u);
  EXPECT_EQ(o.selectors[0].step, "batch");
  EXPECT_EQ(o.selectors[1].step, "0");
  EXPECT_EQ(o.selectors[2].array_task, 3u);
  EXPECT_FALSE(o.selectors[2].step.has_value());
  EXPECT_EQ(o.selectors[3].step, "1");
  EXPECT_NE(Fail({"-j", "12.x"}).find("Invalid job id"), std::string::npos);
}

TEST(ParseSacctTest, WidthsAndJustification) {
  SacctOptions o = Ok({"-o", "jobid%20,nodelist%-256,state"});
  ASSERT_EQ(o.columns.size(), 3u);
  EXPECT_EQ(o.columns[0].width, 20);
  EXPECT_FALSE(o.columns[0].left);
  EXPECT_EQ(o.columns[1].name, "NodeList");
  EXPECT_EQ(o.columns[1].width, 256);
  EXPECT_TRUE(o.columns[1].left);
  EXPECT_EQ(o.columns[2].width, 10);
  EXPECT_EQ(Fail({"-o", "JobID,Bogus"}), "sacct: error: Invalid field requested: \"Bogus\"");
}

TEST(ParseSacctTest, UnknownArgumentsAndOptionsFail) {
  EXPECT_EQ(Fail({"-nu", "root", "-o", "Account%256", "|", "tail"}), "sacct: error: Unknown arguments: | tail");
  EXPECT_NE(Fail({"--bogus"}).find("unrecognized option"), std::string::npos);
  EXPECT_NE(Fail({"-nu", "root", "|", "tail", "-1"}).find("invalid option"), std::string::npos);
}

TEST(ParseSacctTest, StatesUsersAndBrief) {
  SacctOptions o = Ok({"-s", "CD,failed", "-u", "0", "-a", "-b"});
  ASSERT_EQ(o.query.states_size(), 2);
  EXPECT_EQ(o.query.states(0), proto::COMPLETED);
  EXPECT_EQ(o.query.states(1), proto::FAILED);
  ASSERT_EQ(o.query.uids_size(), 1);
  EXPECT_EQ(o.query.uids(0), 0u);
  EXPECT_TRUE(o.query.all_users());
  EXPECT_EQ(Names(o), (std::vector<std::string>{"JobID", "State", "ExitCode"}));
  EXPECT_NE(Fail({"-s", "nope"}).find("Invalid state"), std::string::npos);
}

}  // namespace
}  // namespace bramble::cli
