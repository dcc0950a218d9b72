// Whole PMI-1 exchanges as MPICH 4.0's simple PMI client makes them
// (COMPAT 3.4, 3.5), two local tasks plus a second node simulated through
// FenceDone, with every request split at every position.
#include "pmi/node_server.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pmi/test_client.h"

namespace bramble::pmi {
namespace {

using testing::Closes;
using testing::FeedCut;
using testing::MakeServer;
using testing::WrittenTo;

struct Exchange {
  std::string request;
  std::string reply;
};

std::string Card(uint32_t rank) { return "description#n1$port#" + std::to_string(4000 + rank) + "$ifname#10.0.0.1$"; }

std::string PutRequest(uint32_t rank) {
  return "cmd=put kvsname=42.0 key=bc-" + std::to_string(rank) + " value=" + Card(rank) + "\n";
}

std::string GetRequest(std::string_view key) { return "cmd=get kvsname=42.0 key=" + std::string(key) + "\n"; }

// MPI_Init up to the barrier, for the task of `rank`.
std::vector<Exchange> Startup(uint32_t rank) {
  return {
      {"cmd=init pmi_version=1 pmi_subversion=1\n", "cmd=response_to_init rc=0 pmi_version=1 pmi_subversion=1\n"},
      {"cmd=get_maxes\n", "cmd=maxes rc=0 kvsname_max=256 keylen_max=64 vallen_max=1024\n"},
      {"cmd=get_appnum\n", "cmd=appnum rc=0 appnum=0\n"},
      {"cmd=get_my_kvsname\n", "cmd=my_kvsname rc=0 kvsname=42.0\n"},
      {GetRequest("PMI_process_mapping"), "cmd=get_result rc=0 value=(vector,(0,2,2))\n"},
      {PutRequest(rank), "cmd=put_result rc=0\n"},
  };
}

KeyValueMap AllCards() {
  KeyValueMap cards;
  for (uint32_t rank = 0; rank < 4; ++rank) cards["bc-" + std::to_string(rank)] = Card(rank);
  return cards;
}

void RunExchange(size_t cut) {
  SCOPED_TRACE("every request cut at byte " + std::to_string(cut));
  NodeServer server = MakeServer();
  for (size_t task = 0; task < 2; ++task) {
    for (const Exchange& exchange : Startup(static_cast<uint32_t>(task))) {
      std::vector<Action> actions = FeedCut(server, task, exchange.request, cut);
      EXPECT_EQ(WrittenTo(actions, task), exchange.reply) << exchange.request;
    }
  }

  std::vector<Action> first_in = FeedCut(server, 0, "cmd=barrier_in\n", cut);
  EXPECT_TRUE(first_in.empty()) << "the fence must wait for task 1";
  std::vector<Action> second_in = FeedCut(server, 1, "cmd=barrier_in\n", cut);
  std::vector<FenceReady> ready = ActionsOf<FenceReady>(second_in);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].puts, KeyValueMap({{"bc-0", Card(0)}, {"bc-1", Card(1)}}));
  EXPECT_TRUE(ActionsOf<WriteToTask>(second_in).empty()) << "barrier_out before srun answered";

  std::vector<Action> done = server.FenceDone(AllCards());
  EXPECT_EQ(WrittenTo(done, 0), "cmd=barrier_out rc=0\n");
  EXPECT_EQ(WrittenTo(done, 1), "cmd=barrier_out rc=0\n");

  for (size_t task = 0; task < 2; ++task) {
    for (uint32_t rank = 0; rank < 4; ++rank) {
      std::string key = "bc-" + std::to_string(rank);
      std::vector<Action> actions = FeedCut(server, task, GetRequest(key), cut);
      EXPECT_EQ(WrittenTo(actions, task), "cmd=get_result rc=0 value=" + Card(rank) + "\n") << key;
    }
    std::vector<Action> finalize = FeedCut(server, task, "cmd=finalize\n", cut);
    EXPECT_EQ(WrittenTo(finalize, task), "cmd=finalize_ack rc=0\n");
    EXPECT_TRUE(Closes(finalize, task));
  }
  EXPECT_TRUE(server.Closed(0).empty());
  EXPECT_TRUE(server.Closed(1).empty());
  EXPECT_FALSE(server.aborted());
}

TEST(NodeServerPmi1, Mpich40ExchangeWithEveryRequestSplitAtEveryPosition) {
  size_t longest = PutRequest(3).size();
  for (size_t cut = 0; cut <= longest; ++cut) RunExchange(cut);
}

TEST(NodeServerPmi1, WholeStartupInOneReadAndByteByByteGiveTheSameReplies) {
  std::string requests;
  std::string replies;
  for (const Exchange& exchange : Startup(0)) {
    requests += exchange.request;
    replies += exchange.reply;
  }
  NodeServer at_once = MakeServer();
  EXPECT_EQ(WrittenTo(at_once.Feed(0, requests), 0), replies);

  NodeServer byte_by_byte = MakeServer();
  std::string written;
  for (char c : requests) written += WrittenTo(byte_by_byte.Feed(0, std::string_view(&c, 1)), 0);
  EXPECT_EQ(written, replies);
}

// Two tasks past init, ready for the requests under test.
NodeServer Initialized() {
  NodeServer server = MakeServer();
  for (size_t task = 0; task < 2; ++task) server.Feed(task, "cmd=init pmi_version=1 pmi_subversion=1\n");
  return server;
}

TEST(NodeServerPmi1, MissingKeyAnswersRc1) {
  NodeServer server = Initialized();
  EXPECT_EQ(WrittenTo(server.Feed(0, GetRequest("bc-9")), 0), "cmd=get_result rc=1\n");
  EXPECT_FALSE(server.aborted());
}

TEST(NodeServerPmi1, LocalPutsAreVisibleBeforeTheFence) {
  NodeServer server = Initialized();
  server.Feed(0, PutRequest(0));
  EXPECT_EQ(WrittenTo(server.Feed(1, GetRequest("bc-0")), 1), "cmd=get_result rc=0 value=" + Card(0) + "\n");
}

TEST(NodeServerPmi1, UniverseSize) {
  NodeServer server = Initialized();
  EXPECT_EQ(WrittenTo(server.Feed(0, "cmd=get_universe_size\n"), 0), "cmd=universe_size rc=0 size=4\n");
}

TEST(NodeServerPmi1, SecondBarrierSendsOnlyTheNewPuts) {
  NodeServer server = Initialized();
  server.Feed(0, PutRequest(0));
  server.Feed(0, "cmd=barrier_in\n");
  ASSERT_EQ(ActionsOf<FenceReady>(server.Feed(1, "cmd=barrier_in\n")).size(), 1u);
  server.FenceDone(AllCards());

  server.Feed(1, "cmd=put kvsname=42.0 key=round value=2\n");
  EXPECT_TRUE(server.Feed(1, "cmd=barrier_in\n").empty());
  std::vector<Action> ready = server.Feed(0, "cmd=barrier_in\n");
  ASSERT_EQ(ActionsOf<FenceReady>(ready).size(), 1u);
  EXPECT_EQ(ActionsOf<FenceReady>(ready)[0].puts, KeyValueMap({{"round", "2"}}));
  std::vector<Action> done = server.FenceDone({{"round", "2"}, {"remote-round", "2"}});
  EXPECT_EQ(WrittenTo(done, 0), "cmd=barrier_out rc=0\n");
  EXPECT_EQ(WrittenTo(done, 1), "cmd=barrier_out rc=0\n");
  EXPECT_EQ(WrittenTo(server.Feed(0, GetRequest("remote-round")), 0), "cmd=get_result rc=0 value=2\n");
}

TEST(NodeServerPmi1, FinalizedTaskNoLongerCountsForTheFence) {
  NodeServer server = Initialized();
  server.Feed(0, "cmd=finalize\n");
  EXPECT_EQ(ActionsOf<FenceReady>(server.Feed(1, "cmd=barrier_in\n")).size(), 1u);
  std::vector<Action> done = server.FenceDone({});
  EXPECT_EQ(WrittenTo(done, 1), "cmd=barrier_out rc=0\n");
  EXPECT_EQ(WrittenTo(done, 0), "");
}

TEST(NodeServerPmi1, FenceDoneWithoutAFenceInFlightIsIgnored) {
  NodeServer server = Initialized();
  EXPECT_TRUE(server.FenceDone({{"k", "v"}}).empty());
  EXPECT_EQ(WrittenTo(server.Feed(0, GetRequest("k")), 0), "cmd=get_result rc=1\n");
}

TEST(NodeServerPmi1, NameServiceAnswersFail) {
  NodeServer server = Initialized();
  EXPECT_EQ(WrittenTo(server.Feed(0, "cmd=publish_name service=s port=p\n"), 0),
            "cmd=publish_result info=fail msg=name_service_not_supported\n");
  EXPECT_EQ(WrittenTo(server.Feed(0, "cmd=lookup_name service=s\n"), 0),
            "cmd=lookup_result info=fail msg=name_service_not_supported\n");
  EXPECT_EQ(WrittenTo(server.Feed(0, "cmd=unpublish_name service=s\n"), 0),
            "cmd=unpublish_result info=fail msg=name_service_not_supported\n");
  EXPECT_FALSE(server.aborted());
}

TEST(NodeServerPmi1, RefusedCommandsAnswerRcMinusOneWithoutAborting) {
  NodeServer server = Initialized();
  EXPECT_EQ(WrittenTo(server.Feed(0, "cmd=getbyidx kvsname=42.0 idx=0\n"), 0),
            "cmd=getbyidx_results rc=-1 msg=not_supported\n");
  EXPECT_EQ(WrittenTo(server.Feed(0, "cmd=create_kvs\n"), 0), "cmd=newkvs rc=-1 msg=not_supported\n");
  EXPECT_FALSE(server.aborted());
}

TEST(NodeServerPmi1, PutOfAnOverlongKeyFailsTheCallOnly) {
  NodeServer server = Initialized();
  std::string request = "cmd=put kvsname=42.0 key=" + std::string(65, 'k') + " value=v\n";
  EXPECT_EQ(WrittenTo(server.Feed(0, request), 0), "cmd=put_result rc=-1 msg=key_longer_than_64_bytes\n");
  EXPECT_FALSE(server.aborted());
}

TEST(NodeServerPmi1, AbortKillsTheStepWithItsExitCode) {
  NodeServer server = Initialized();
  std::vector<Action> actions = server.Feed(1, "cmd=abort exitcode=7\n");
  std::vector<AbortStep> aborts = ActionsOf<AbortStep>(actions);
  ASSERT_EQ(aborts.size(), 1u);
  EXPECT_EQ(aborts[0].exit_code, 7);
  EXPECT_EQ(aborts[0].message, "task 1 called PMI_Abort with exit code 7");
  EXPECT_TRUE(ActionsOf<WriteToTask>(actions).empty());
  EXPECT_TRUE(server.aborted());
  // Inert from now on: the stepd is killing the tasks.
  EXPECT_TRUE(server.Feed(0, "cmd=get_maxes\n").empty());
  EXPECT_TRUE(server.Closed(0).empty());
}

TEST(NodeServerPmi1, UnknownMappingMakesTheGetFail) {
  StepInfo step = testing::TwoNodeStep();
  step.process_mapping = "";
  NodeServer server = MakeServer(step);
  server.Feed(0, "cmd=init pmi_version=1 pmi_subversion=1\n");
  EXPECT_EQ(WrittenTo(server.Feed(0, GetRequest("PMI_process_mapping")), 0), "cmd=get_result rc=1\n");
}

}  // namespace
}  // namespace bramble::pmi
