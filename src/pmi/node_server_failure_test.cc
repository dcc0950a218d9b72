// How the node server meets broken tasks: garbage, overlong lines, bad
// length fields, unknown commands, tasks that die inside PMI, and a stepd
// that calls it wrongly. Each ends in at most one AbortStep with a message
// naming the task, and never in a crash or a hang.
#include "pmi/node_server.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pmi/test_client.h"

namespace bramble::pmi {
namespace {

using testing::Closes;
using testing::Framed;
using testing::MakeServer;
using testing::Mpich40Message;
using testing::WrittenTo;

constexpr std::string_view kInit1 = "cmd=init pmi_version=1 pmi_subversion=1\n";
constexpr std::string_view kInit2 = "cmd=init pmi_version=2 pmi_subversion=0\n";

// The single AbortStep in `actions`; fails the test when there is not exactly one.
AbortStep TheAbort(const std::vector<Action>& actions) {
  std::vector<AbortStep> aborts = ActionsOf<AbortStep>(actions);
  EXPECT_EQ(aborts.size(), 1u);
  return aborts.empty() ? AbortStep{0, ""} : aborts[0];
}

TEST(NodeServerFailure, BinaryJunkAsFirstLine) {
  NodeServer server = MakeServer();
  std::vector<Action> actions = server.Feed(1, std::string("\x7f" "ELF\x02\x01\x01\0\n", 9));
  EXPECT_EQ(WrittenTo(actions, 1), "cmd=error rc=-1 msg=first_line_is_not_a_PMI_init:_binary_data_in_a_PMI-1_line\n");
  EXPECT_TRUE(Closes(actions, 1));
  AbortStep abort = TheAbort(actions);
  EXPECT_EQ(abort.exit_code, 1);
  EXPECT_EQ(abort.message, "PMI protocol error from task 1: first line is not a PMI init: binary data in a PMI-1 line");
  EXPECT_TRUE(server.aborted());
}

TEST(NodeServerFailure, FirstCommandMustBeInit) {
  NodeServer server = MakeServer();
  AbortStep abort = TheAbort(server.Feed(0, "cmd=get_maxes\n"));
  EXPECT_EQ(abort.message, "PMI protocol error from task 0: first command is \"get_maxes\", not init");
}

TEST(NodeServerFailure, UnsupportedVersionIsRefusedInTheInitReply) {
  NodeServer server = MakeServer();
  std::vector<Action> actions = server.Feed(0, "cmd=init pmi_version=3 pmi_subversion=0\n");
  EXPECT_EQ(WrittenTo(actions, 0), "cmd=response_to_init rc=-1 pmi_version=1 pmi_subversion=1\n");
  EXPECT_NE(TheAbort(actions).message.find("unsupported pmi_version \"3\""), std::string::npos);
}

TEST(NodeServerFailure, OverlongLineIsCaughtWithoutWaitingForItsEnd) {
  NodeServer server = MakeServer();
  server.Feed(0, kInit1);
  std::vector<Action> actions = server.Feed(0, "cmd=put kvsname=42.0 key=k value=" + std::string(2000, 'v'));
  EXPECT_EQ(WrittenTo(actions, 0), "cmd=error rc=-1 msg=line_longer_than_1024_bytes\n");
  EXPECT_EQ(TheAbort(actions).message, "PMI protocol error from task 0: line longer than 1024 bytes");
}

TEST(NodeServerFailure, EndlessJunkWithoutNewlineStopsAtTheFirstChunk) {
  NodeServer server = MakeServer();
  std::string megabyte(1 << 20, 'x');
  EXPECT_EQ(ActionsOf<AbortStep>(server.Feed(0, megabyte)).size(), 1u);
}

TEST(NodeServerFailure, UnknownPmi1CommandGetsAReadableErrorLine) {
  NodeServer server = MakeServer();
  server.Feed(0, kInit1);
  std::vector<Action> actions = server.Feed(0, "cmd=frobnicate x=1\n");
  EXPECT_EQ(WrittenTo(actions, 0), "cmd=frobnicate rc=-1 msg=unknown_PMI-1_command_\"frobnicate\"\n");
  EXPECT_EQ(TheAbort(actions).message, "PMI protocol error from task 0: unknown PMI-1 command \"frobnicate\"");
}

TEST(NodeServerFailure, MalformedPmi1Line) {
  NodeServer server = MakeServer();
  server.Feed(0, kInit1);
  std::vector<Action> actions = server.Feed(0, "put key=a\n");
  EXPECT_EQ(WrittenTo(actions, 0), "cmd=error rc=-1 msg=\"put\"_is_not_key=value\n");
  EXPECT_EQ(TheAbort(actions).message, "PMI protocol error from task 0: \"put\" is not key=value");
}

TEST(NodeServerFailure, Pmi1SpawnIsRefusedClearly) {
  NodeServer server = MakeServer();
  server.Feed(0, kInit1);
  AbortStep abort = TheAbort(server.Feed(0, "mcmd=spawn\nnprocs=2\nendcmd\n"));
  EXPECT_NE(abort.message.find("PMI_Spawn_multiple"), std::string::npos);
}

TEST(NodeServerFailure, BadPmi2LengthField) {
  NodeServer server = MakeServer();
  server.Feed(0, kInit2);
  std::vector<Action> actions = server.Feed(0, "cmd=fullinit;pmirank=0;\n");
  EXPECT_EQ(WrittenTo(actions, 0), Framed("cmd=error;rc=-1;errmsg=bad length field \"cmd=fu\";"));
  EXPECT_EQ(TheAbort(actions).message, "PMI protocol error from task 0: bad length field \"cmd=fu\"");
}

TEST(NodeServerFailure, OversizedPmi2MessageIsRefusedBeforeItsBody) {
  NodeServer server = MakeServer();
  server.Feed(0, kInit2);
  std::vector<Action> actions = server.Feed(0, "65537 cmd=kvs-put;");
  EXPECT_NE(TheAbort(actions).message.find("over the 64 KiB limit"), std::string::npos);
}

TEST(NodeServerFailure, UnparseablePmi2Body) {
  NodeServer server = MakeServer();
  server.Feed(0, kInit2);
  std::vector<Action> actions = server.Feed(0, Mpich40Message("\x01\x02\x03garbage-without-pairs"));
  EXPECT_EQ(ActionsOf<AbortStep>(actions).size(), 1u);
  EXPECT_TRUE(Closes(actions, 0));
}

TEST(NodeServerFailure, UnknownPmi2Command) {
  NodeServer server = MakeServer();
  server.Feed(0, kInit2);
  std::vector<Action> actions = server.Feed(0, Mpich40Message("cmd=frobnicate;"));
  EXPECT_EQ(WrittenTo(actions, 0),
            Framed("cmd=frobnicate-response;rc=-1;errmsg=unknown PMI-2 command \"frobnicate\";"));
  EXPECT_EQ(TheAbort(actions).message, "PMI protocol error from task 0: unknown PMI-2 command \"frobnicate\"");
}

TEST(NodeServerFailure, FullinitWithAnotherTasksRank) {
  NodeServer server = MakeServer();
  server.Feed(1, kInit2);
  std::vector<Action> actions = server.Feed(1, Mpich40Message("cmd=fullinit;pmijobid=42.0;pmirank=0;threaded=FALSE;"));
  EXPECT_EQ(WrittenTo(actions, 1),
            Framed("cmd=fullinit-response;rc=-1;errmsg=fullinit claims pmirank 0 on the connection of rank 1;"));
  EXPECT_EQ(TheAbort(actions).message,
            "PMI protocol error from task 1: fullinit claims pmirank 0 on the connection of rank 1");
}

TEST(NodeServerFailure, TaskDyingInsidePmiAbortsInsteadOfHangingTheFence) {
  NodeServer server = MakeServer();
  server.Feed(0, kInit1);
  server.Feed(1, kInit1);
  EXPECT_TRUE(server.Feed(0, "cmd=barrier_in\n").empty());
  AbortStep abort = TheAbort(server.Closed(1));
  EXPECT_EQ(abort.message, "task 1 closed its PMI connection before PMI finalize (the task exited or crashed)");
  EXPECT_EQ(abort.exit_code, 1);
}

TEST(NodeServerFailure, TaskThatNeverSpokePmiDoesNotHoldTheFence) {
  NodeServer server = MakeServer();
  server.Feed(0, kInit1);
  EXPECT_TRUE(server.Feed(0, "cmd=barrier_in\n").empty());
  std::vector<Action> closed = server.Closed(1);
  EXPECT_EQ(ActionsOf<AbortStep>(closed).size(), 0u);
  EXPECT_EQ(ActionsOf<FenceReady>(closed).size(), 1u);
  EXPECT_EQ(WrittenTo(server.FenceDone({}), 0), "cmd=barrier_out rc=0\n");
}

TEST(NodeServerFailure, HalfALineThenEofIsADeath) {
  NodeServer server = MakeServer();
  server.Feed(0, "cmd=in");
  EXPECT_EQ(ActionsOf<AbortStep>(server.Closed(0)).size(), 1u);
}

TEST(NodeServerFailure, FenceEnteredTwiceAtOnce) {
  NodeServer server = MakeServer();
  server.Feed(0, kInit1);
  AbortStep abort = TheAbort(server.Feed(0, "cmd=barrier_in\ncmd=barrier_in\n"));
  EXPECT_EQ(abort.message, "PMI protocol error from task 0: entered a fence while already waiting in one");
}

TEST(NodeServerFailure, TooManyHeldNodeAttrGets) {
  NodeServer server = MakeServer();
  server.Feed(0, kInit2);
  std::string requests;
  for (size_t i = 0; i <= kMaxHeldRequestsPerTask; ++i) {
    requests += Mpich40Message("cmd=info-getnodeattr;key=k" + std::to_string(i) + ";wait=TRUE;");
  }
  EXPECT_EQ(ActionsOf<AbortStep>(server.Feed(0, requests)).size(), 1u);
}

TEST(NodeServerFailure, OnlyOneAbortAndThenNothing) {
  NodeServer server = MakeServer();
  server.Feed(0, kInit1);
  server.Feed(1, kInit1);
  EXPECT_EQ(ActionsOf<AbortStep>(server.Feed(0, "cmd=abort exitcode=3\n")).size(), 1u);
  EXPECT_TRUE(server.Feed(1, "garbage\n").empty());
  EXPECT_TRUE(server.Closed(1).empty());
  EXPECT_TRUE(server.FenceDone({}).empty());
}

TEST(NodeServerFailure, BytesAfterFinalizeAreIgnored) {
  NodeServer server = MakeServer();
  server.Feed(0, kInit1);
  server.Feed(0, "cmd=finalize\n");
  EXPECT_TRUE(server.Feed(0, "cmd=get_maxes\n").empty());
  EXPECT_FALSE(server.aborted());
}

TEST(NodeServerFailure, StepdCallingForAConnectionThatDoesNotExist) {
  NodeServer server = MakeServer();
  EXPECT_NE(TheAbort(server.Feed(7, kInit1)).message.find("internal error"), std::string::npos);
}

TEST(NodeServerCreate, RejectsInconsistentSteps) {
  StepInfo step = testing::TwoNodeStep();
  step.local_ranks = {0, 4};
  EXPECT_FALSE(NodeServer::Create(step).has_value());
  step.local_ranks = {1, 1};
  EXPECT_FALSE(NodeServer::Create(step).has_value());
  step.local_ranks = {};
  EXPECT_FALSE(NodeServer::Create(step).has_value());
  step = testing::TwoNodeStep();
  step.size = 0;
  EXPECT_FALSE(NodeServer::Create(step).has_value());
  Result<NodeServer> good = NodeServer::Create(testing::TwoNodeStep());
  ASSERT_TRUE(good.has_value());
  EXPECT_EQ(good->connection_count(), 2u);
}

}  // namespace
}  // namespace bramble::pmi
