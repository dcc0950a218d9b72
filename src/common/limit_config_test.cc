// Tests for the limit keys (limit_config.h) and the UserLimits= and
// GroupLimits= lines of slurm.conf (config_limits.cc).
#include "common/limit_config.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "common/config.h"
#include "common/config_testing.h"

namespace bramble {
namespace {

using config_testing::Names;
using config_testing::Parse;
using config_testing::ParseError;
using Tokens = std::vector<std::string>;

LimitConfig Named(std::string kind, std::string name) {
  LimitConfig limits;
  limits.kind = std::move(kind);
  limits.name = std::move(name);
  return limits;
}

LimitConfig Update(const LimitConfig& current, const Tokens& tokens) {
  Result<LimitConfig> limits = ParseLimitUpdate(current, tokens);
  EXPECT_TRUE(limits.has_value()) << limits.status().message();
  return limits ? *limits : LimitConfig();
}

std::string UpdateError(const Tokens& tokens) {
  Result<LimitConfig> limits = ParseLimitUpdate(LimitConfig(), tokens);
  EXPECT_FALSE(limits.has_value());
  if (limits) return "";
  EXPECT_EQ(limits.error().code(), Code::kInvalidArgument);
  return limits.error().message();
}

TEST(ParseLimitUpdate, EveryKey) {
  LimitConfig limits =
      Update(Named("user", "alice"),
             {"MaxJobs=3", "MaxSubmitJobs=10", "MaxWall=1-0", "GrpTRES=cpu=4,mem=2G,gres/gpu=1"});
  EXPECT_EQ(limits.kind, "user");
  EXPECT_EQ(limits.name, "alice");
  EXPECT_EQ(limits.max_jobs, 3u);
  EXPECT_EQ(limits.max_submit_jobs, 10u);
  EXPECT_EQ(limits.max_wall_s, 86400);
  EXPECT_EQ(limits.grp_cpus, 4u);
  EXPECT_EQ(limits.grp_mem_mb, 2048);
  EXPECT_EQ(limits.grp_gpus, 1u);
}

TEST(ParseLimitUpdate, StartsWithNoLimits) {
  LimitConfig none;
  EXPECT_EQ(none.max_jobs, std::nullopt);
  EXPECT_EQ(none.max_submit_jobs, std::nullopt);
  EXPECT_EQ(none.max_wall_s, std::nullopt);
  EXPECT_EQ(none.grp_cpus, std::nullopt);
  EXPECT_EQ(none.grp_mem_mb, std::nullopt);
  EXPECT_EQ(none.grp_gpus, std::nullopt);
  EXPECT_EQ(Update(none, {}), none);
}

TEST(ParseLimitUpdate, ChangesOnlyWhatItNames) {
  LimitConfig current = Update({}, {"MaxJobs=2", "GrpTRES=cpu=8,mem=4096,gres/gpu=2"});
  LimitConfig changed = Update(current, {"maxjobs=3", "GrpTRES=cpu=4"});
  EXPECT_EQ(changed.max_jobs, 3u);
  EXPECT_EQ(changed.grp_cpus, 4u);
  EXPECT_EQ(changed.grp_mem_mb, 4096);  // untouched
  EXPECT_EQ(changed.grp_gpus, 2u);
  EXPECT_EQ(current.max_jobs, 2u);  // the input is a copy
}

TEST(ParseLimitUpdate, MinusOneAndUnlimitedLiftALimit) {
  LimitConfig current =
      Update({}, {"MaxJobs=2", "MaxSubmitJobs=5", "MaxWall=60", "GrpTRES=cpu=8,mem=1G,gres/gpu=2"});
  LimitConfig lifted = Update(current, {"MaxJobs=-1", "MaxSubmitJobs=UNLIMITED", "MaxWall=INFINITE",
                                        "GrpTRES=cpu=-1,mem=-1,gres/gpu=-1"});
  EXPECT_EQ(lifted, LimitConfig());
  EXPECT_EQ(Update(current, {"MaxWall=-1"}).max_wall_s, std::nullopt);
  EXPECT_EQ(Update(current, {"MaxWallDurationPerJob=2:00:00"}).max_wall_s, 7200);
}

TEST(ParseLimitUpdate, Errors) {
  EXPECT_EQ(UpdateError({"MaxJobs=many"}), "bad number for MaxJobs: 'many'");
  EXPECT_EQ(UpdateError({"MaxSubmitJobs=4294967296"}),
            "bad number for MaxSubmitJobs: '4294967296'");
  EXPECT_EQ(UpdateError({"MaxJobs=-2"}), "bad number for MaxJobs: '-2'");
  EXPECT_EQ(UpdateError({"MaxWall=soon"}), "bad time for MaxWall: 'soon'");
  EXPECT_EQ(UpdateError({"GrpTRES=cpu=x"}), "bad number for GrpTRES cpu: 'x'");
  EXPECT_EQ(UpdateError({"GrpTRES=mem=lots"}), "bad number for GrpTRES mem: 'lots'");
  EXPECT_EQ(UpdateError({"GrpTRES=node=2"}),
            "unknown TRES 'node' in GrpTRES (expected cpu, mem, gres/gpu)");
  EXPECT_EQ(UpdateError({"GrpTRES=cpu"}), "bad GrpTRES item 'cpu' (expected name=count)");
  EXPECT_EQ(UpdateError({"GrpTRES="}), "empty GrpTRES");
  EXPECT_EQ(UpdateError({"MaxJob=3"}),
            "unknown limit MaxJob (expected MaxJobs, MaxSubmitJobs, MaxWall, GrpTRES, Fairshare)");
  EXPECT_EQ(UpdateError({"MaxJobs"}), "expected Key=Value, got 'MaxJobs'");
  EXPECT_EQ(UpdateError({"=3"}), "expected Key=Value, got '=3'");
}

TEST(ParseLimitUpdate, FairshareIsAUsersShares) {
  LimitConfig alice = Update(Named("user", "alice"), {"Fairshare=3"});
  EXPECT_EQ(alice.fairshare, 3u);
  EXPECT_EQ(Update(alice, {"shares=5"}).fairshare, 5u);
  EXPECT_EQ(Update(alice, {"Fairshare=-1"}).fairshare, std::nullopt);  // back to one share
  Result<LimitConfig> group = ParseLimitUpdate(Named("group", "staff"), {"Fairshare=2"});
  ASSERT_FALSE(group.has_value());
  EXPECT_EQ(group.error().message(), "Fairshare applies to users only (UserLimits=)");
}

TEST(FormatLimitSettings, PlainValues) {
  EXPECT_EQ(FormatLimitSettings(LimitConfig()), Tokens{});
  LimitConfig limits = Update(Named("user", "alice"), {"MaxJobs=3", "MaxWall=1-2:03:04",
                                                         "GrpTRES=mem=2G,gres/gpu=1", "Shares=4"});
  EXPECT_EQ(FormatLimitSettings(limits),
            (Tokens{"MaxJobs=3", "MaxWall=1-02:03:04", "GrpTRES=mem=2048M,gres/gpu=1", "Fairshare=4"}));
}

// Every combination of set and unset limits, with values from a fixed
// generator, reads back as the same entry.
TEST(FormatLimitSettings, RoundTripsThroughParseLimitUpdate) {
  uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) % 100000;
  };
  for (uint32_t mask = 0; mask < (1u << 7); ++mask) {
    for (int round = 0; round < 20; ++round) {
      LimitConfig limits = Named("user", "u");
      if (mask & 1) limits.max_jobs = next();
      if (mask & 2) limits.max_submit_jobs = next();
      if (mask & 4) limits.max_wall_s = 1 + next() * 7;
      if (mask & 8) limits.grp_cpus = next();
      if (mask & 16) limits.grp_mem_mb = next();
      if (mask & 32) limits.grp_gpus = next();
      if (mask & 64) limits.fairshare = next();
      EXPECT_EQ(Update(Named("user", "u"), FormatLimitSettings(limits)), limits) << "mask " << mask;
    }
  }
}

TEST(SetLimits, ReplacesTheEntryOfItsKindAndNameOrAppends) {
  std::vector<LimitConfig> entries = {Update(Named("user", "DEFAULT"), {"MaxJobs=1"}),
                                      Update(Named("group", "alice"), {"MaxJobs=2"})};
  EXPECT_EQ(FindLimits(entries, "user", "alice"), &entries[0]);  // DEFAULT
  SetLimits(entries, Update(Named("user", "alice"), {"MaxJobs=3"}));
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(FindLimits(entries, "user", "alice")->max_jobs, 3u);
  SetLimits(entries, Update(Named("user", "alice"), {"MaxJobs=4"}));
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(FindLimits(entries, "user", "alice")->max_jobs, 4u);
  EXPECT_EQ(FindLimits(entries, "group", "alice")->max_jobs, 2u);  // the group of that name is apart
  EXPECT_EQ(FindLimits(entries, "group", "bob"), nullptr);          // no group DEFAULT
}

TEST(LimitLines, UserAndGroupEntries) {
  Config config = Parse(
      "UserLimits=alice MaxJobs=2 MaxWall=30\n"
      "GroupLimits=alice GrpTRES=cpu=16\n");
  ASSERT_EQ(config.limits.size(), 2u);
  EXPECT_EQ(config.limits[0].kind, "user");
  EXPECT_EQ(config.limits[0].name, "alice");
  EXPECT_EQ(config.limits[0].max_jobs, 2u);
  EXPECT_EQ(config.limits[0].max_wall_s, 1800);
  EXPECT_EQ(config.limits[0].grp_cpus, std::nullopt);
  EXPECT_EQ(config.limits[1].kind, "group");
  EXPECT_EQ(config.limits[1].grp_cpus, 16u);
  EXPECT_EQ(config.FindLimits("user", "alice"), &config.limits[0]);
  EXPECT_EQ(config.FindLimits("group", "alice"), &config.limits[1]);
  EXPECT_EQ(config.FindLimits("user", "bob"), nullptr);
  EXPECT_TRUE(config.warnings.empty());
}

TEST(LimitLines, NamedLinesStartFromDefaultWhereverItIsWritten) {
  Config config = Parse(
      "UserLimits=alice MaxJobs=8 GrpTRES=mem=-1\n"
      "UserLimits=DEFAULT MaxJobs=2 MaxSubmitJobs=10 GrpTRES=cpu=4,mem=4G\n"
      "UserLimits=bob\n"
      "GroupLimits=DEFAULT MaxJobs=20\n");
  const LimitConfig* alice = config.FindLimits("user", "alice");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->name, "alice");
  EXPECT_EQ(alice->max_jobs, 8u);
  EXPECT_EQ(alice->max_submit_jobs, 10u);
  EXPECT_EQ(alice->grp_cpus, 4u);
  EXPECT_EQ(alice->grp_mem_mb, std::nullopt);  // -1 lifts DEFAULT's limit
  const LimitConfig* bob = config.FindLimits("user", "bob");
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(bob->name, "bob");
  EXPECT_EQ(bob->max_jobs, 2u);
  const LimitConfig* carol = config.FindLimits("user", "carol");
  ASSERT_NE(carol, nullptr);
  EXPECT_EQ(carol->name, "DEFAULT");
  EXPECT_EQ(carol->grp_mem_mb, 4096);
  const LimitConfig* group = config.FindLimits("group", "physics");
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(group->max_jobs, 20u);
  EXPECT_EQ(group->grp_cpus, std::nullopt);  // user DEFAULT does not reach groups
}

TEST(LimitLines, LowerCaseDefaultIsAUserName) {
  Config config = Parse("UserLimits=DEFAULT MaxJobs=2\nUserLimits=default MaxJobs=5\n");
  EXPECT_EQ(config.FindLimits("user", "default")->max_jobs, 5u);
  EXPECT_EQ(config.FindLimits("user", "other")->max_jobs, 2u);
}

TEST(LimitLines, Duplicates) {
  EXPECT_EQ(ParseError("UserLimits=alice MaxJobs=1\nUserLimits=alice MaxJobs=2\n"),
            "slurm.conf:2: duplicate UserLimits alice");
  EXPECT_EQ(ParseError("GroupLimits=DEFAULT\nClusterName=x\nGroupLimits=DEFAULT MaxJobs=2\n"),
            "slurm.conf:3: duplicate GroupLimits DEFAULT");
}

TEST(LimitLines, BadLines) {
  EXPECT_EQ(ParseError("ClusterName=x\nUserLimits=alice MaxJobs=lots\n"),
            "slurm.conf:2: bad number for MaxJobs: 'lots'");
  EXPECT_EQ(ParseError("GroupLimits=lab GrpTRES=gres/gpu=x\n"),
            "slurm.conf:1: bad number for GrpTRES gres/gpu: 'x'");
  EXPECT_EQ(ParseError("UserLimits=alice GrpTRES=billing=10\n"),
            "slurm.conf:1: unknown TRES 'billing' in GrpTRES (expected cpu, mem, gres/gpu)");
  EXPECT_EQ(ParseError("UserLimits=bob MaxWall=1:2:3:4\n"),
            "slurm.conf:1: bad time for MaxWall: '1:2:3:4'");
  EXPECT_EQ(ParseError("UserLimits= MaxJobs=1\n"), "slurm.conf:1: empty UserLimits");
  EXPECT_EQ(ParseError("UserLimits=alice,bob MaxJobs=1\n"),
            "slurm.conf:1: one name per UserLimits line, got 'alice,bob'");
  EXPECT_EQ(ParseError("ClusterName=x UserLimits=alice\n"),
            "slurm.conf:1: UserLimits= must start its line");
}

TEST(LimitLines, UnknownAndUnusedKeysWarn) {
  Config config = Parse("UserLimits=alice MaxJobs=1 GrpJobs=4 Colour=red\n");
  EXPECT_EQ(config.warnings, Names({"slurm.conf:1: GrpJobs is not used by Bramble, ignored",
                                    "slurm.conf:1: unknown key Colour, ignored"}));
  EXPECT_EQ(config.FindLimits("user", "alice")->max_jobs, 1u);
}

}  // namespace
}  // namespace bramble
