#include "pam/access_decision.h"

#include <gtest/gtest.h>
#include <syslog.h>

namespace bramble::pam {
namespace {

// A query that answers `answer` and counts its calls.
struct FakeQuery {
  Result<std::vector<uint32_t>> answer = std::vector<uint32_t>{};
  int calls = 0;
  uint32_t asked_uid = 0;
  uint32_t adopted = 0;
  std::string adopt_error = "no job of uid 1001 holds this node";
  LocalJobsQuery Fn() {
    return [this](uint32_t uid) -> Result<LocalJobs> {
      ++calls;
      asked_uid = uid;
      if (!answer) return answer.status();
      return LocalJobs{*answer, adopted, adopt_error};
    };
  }
};

bool Logged(const AccessDecision& d, int priority, const std::string& part) {
  for (const auto& line : d.log) {
    if (line.priority == priority && line.text.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST(DecideAccess, RootIsAllowedWithoutAsking) {
  FakeQuery query;
  query.answer = Unavailable("no daemon");
  AccessDecision d = DecideAccess("root", 0, ModuleArgs{}, query.Fn());
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(query.calls, 0);
  EXPECT_TRUE(d.user_message.empty());
}

TEST(DecideAccess, UserWithAJobHereIsAllowed) {
  FakeQuery query;
  query.answer = std::vector<uint32_t>{12, 15};
  AccessDecision d = DecideAccess("alice", 1001, ModuleArgs{}, query.Fn());
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(query.asked_uid, 1001u);
  EXPECT_TRUE(d.user_message.empty());
  EXPECT_TRUE(Logged(d, LOG_INFO, "access granted for alice (uid 1001): job 12,15 runs here"));
}

TEST(DecideAccess, UserWithoutAJobIsDeniedWithSlurmsReason) {
  FakeQuery query;
  AccessDecision d = DecideAccess("bob", 1002, ModuleArgs{}, query.Fn());
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.user_message, "Access denied by pam_bramble: you have no active job on this node");
  EXPECT_TRUE(Logged(d, LOG_NOTICE, "access denied for bob (uid 1002): no active job on this node"));
}

TEST(DecideAccess, UnreachableDaemonDeniesAndSaysSo) {
  FakeQuery query;
  query.answer = Unavailable("connect /run/bramble/node.sock: No such file or directory");
  AccessDecision d = DecideAccess("alice", 1001, ModuleArgs{}, query.Fn());
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.user_message, "Access denied by pam_bramble: cannot reach the node daemon on this node");
  EXPECT_TRUE(Logged(d, LOG_ERR, "No such file or directory"));
}

TEST(DecideAccess, AnAdoptionIsLogged) {
  FakeQuery query;
  query.answer = std::vector<uint32_t>{7, 9};
  query.adopted = 9;
  ModuleArgs args;
  args.adopt = true;
  AccessDecision d = DecideAccess("alice", 1001, args, query.Fn());
  EXPECT_TRUE(d.allowed);
  EXPECT_TRUE(Logged(d, LOG_INFO, "adopted the session of alice into job 9"));
}

TEST(DecideAccess, AFailedAdoptionStillLetsTheUserIn) {
  FakeQuery query;
  query.answer = std::vector<uint32_t>{7};
  query.adopt_error = "this node has no cgroups to adopt into";
  ModuleArgs args;
  args.adopt = true;
  AccessDecision d = DecideAccess("alice", 1001, args, query.Fn());
  EXPECT_TRUE(d.allowed);
  EXPECT_TRUE(Logged(d, LOG_WARNING, "adopt failed: this node has no cgroups to adopt into"));
  EXPECT_TRUE(Logged(d, LOG_WARNING, "outside job 7"));
}

TEST(DecideAccess, ArgumentWarningsAreLogged) {
  FakeQuery query;
  ModuleArgs args;
  args.warnings.push_back("unknown argument 'x' ignored");
  AccessDecision d = DecideAccess("root", 0, args, query.Fn());
  EXPECT_TRUE(Logged(d, LOG_WARNING, "unknown argument 'x' ignored"));
}

}  // namespace
}  // namespace bramble::pam
