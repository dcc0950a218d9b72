// Whole PMI-2 exchanges as MPICH's simple PMI-2 client makes them
// (COMPAT 3.4, 3.6): MPICH 4.0's padded lengths with assorted junk, MPICH
// 4.1's exact ones, every request split at every position, two local tasks
// plus a second node simulated through FenceDone; then thrid echo, node
// attributes, job attributes, abort.
#include "pmi/node_server.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pmi/test_client.h"

namespace bramble::pmi {
namespace {

using testing::Closes;
using testing::FeedCut;
using testing::Framed;
using testing::MakeServer;
using testing::Mpich40Message;
using testing::Mpich41Message;
using testing::WrittenTo;

constexpr std::string_view kInit = "cmd=init pmi_version=2 pmi_subversion=0\n";
constexpr std::string_view kInitReply = "cmd=response_to_init rc=0 pmi_version=2 pmi_subversion=0\n";

// What MPICH 4.0 leaves in its buffer after a body: anything at all.
const std::vector<std::string> kJunk = {
    std::string(6, '\0'), "y=a;va", ";;;;;;", "ab=cd;", "\xff\xfe\xfd\xfc\xfb\xfa", "=;=;=;",
};

enum class Client { kMpich40, kMpich41 };

struct Encoder {
  Client client;
  size_t junk_index;
  std::string operator()(std::string_view body) const {
    if (client == Client::kMpich41) return Mpich41Message(body);
    return Mpich40Message(body, kJunk[junk_index % kJunk.size()]);
  }
};

std::string Card(uint32_t rank) { return "description#n1$port#" + std::to_string(4000 + rank) + "$ifname#10.0.0.1$"; }

std::string Get(std::string_view key) { return "cmd=kvs-get;jobid=42.0;srcid=-1;key=" + std::string(key) + ";"; }

struct Exchange {
  std::string request;  // body
  std::string reply;    // body
};

std::vector<Exchange> Startup(uint32_t rank) {
  std::string r = std::to_string(rank);
  return {
      {"cmd=fullinit;pmijobid=42.0;pmirank=" + r + ";threaded=FALSE;",
       "cmd=fullinit-response;rc=0;pmi-version=2;pmi-subversion=0;rank=" + r +
           ";size=4;appnum=0;debugged=FALSE;pmiverbose=FALSE;"},
      {"cmd=job-getid;", "cmd=job-getid-response;rc=0;jobid=42.0;"},
      {"cmd=info-getjobattr;key=PMI_process_mapping;",
       "cmd=info-getjobattr-response;rc=0;found=TRUE;value=(vector,(0,2,2));"},
      {"cmd=kvs-put;key=bc-" + r + ";value=" + Card(rank) + ";", "cmd=kvs-put-response;rc=0;"},
  };
}

KeyValueMap AllCards() {
  KeyValueMap cards;
  for (uint32_t rank = 0; rank < 4; ++rank) cards["bc-" + std::to_string(rank)] = Card(rank);
  return cards;
}

void RunExchange(Client client, size_t cut) {
  SCOPED_TRACE("every request cut at byte " + std::to_string(cut));
  NodeServer server = MakeServer();
  Encoder encode{client, cut};
  for (size_t task = 0; task < 2; ++task) {
    EXPECT_EQ(WrittenTo(FeedCut(server, task, kInit, cut), task), kInitReply);
    for (const Exchange& exchange : Startup(static_cast<uint32_t>(task))) {
      std::vector<Action> actions = FeedCut(server, task, encode(exchange.request), cut);
      EXPECT_EQ(WrittenTo(actions, task), Framed(exchange.reply)) << exchange.request;
    }
  }

  EXPECT_TRUE(FeedCut(server, 0, encode("cmd=kvs-fence;"), cut).empty());
  std::vector<Action> second_in = FeedCut(server, 1, encode("cmd=kvs-fence;"), cut);
  std::vector<FenceReady> ready = ActionsOf<FenceReady>(second_in);
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].puts, KeyValueMap({{"bc-0", Card(0)}, {"bc-1", Card(1)}}));
  EXPECT_TRUE(ActionsOf<WriteToTask>(second_in).empty());

  std::vector<Action> done = server.FenceDone(AllCards());
  EXPECT_EQ(WrittenTo(done, 0), Framed("cmd=kvs-fence-response;rc=0;"));
  EXPECT_EQ(WrittenTo(done, 1), Framed("cmd=kvs-fence-response;rc=0;"));

  for (size_t task = 0; task < 2; ++task) {
    // MPICH's probe after each fence.
    std::vector<Action> probe = FeedCut(server, task, encode(Get("-NONEXIST-KEY")), cut);
    EXPECT_EQ(WrittenTo(probe, task), Framed("cmd=kvs-get-response;rc=0;found=FALSE;"));
    for (uint32_t rank = 0; rank < 4; ++rank) {
      std::vector<Action> actions = FeedCut(server, task, encode(Get("bc-" + std::to_string(rank))), cut);
      EXPECT_EQ(WrittenTo(actions, task), Framed("cmd=kvs-get-response;rc=0;found=TRUE;value=" + Card(rank) + ";"));
    }
    std::vector<Action> finalize = FeedCut(server, task, encode("cmd=finalize;"), cut);
    EXPECT_EQ(WrittenTo(finalize, task), Framed("cmd=finalize-response;rc=0;"));
    EXPECT_TRUE(Closes(finalize, task));
  }
  EXPECT_TRUE(server.Closed(0).empty());
  EXPECT_TRUE(server.Closed(1).empty());
  EXPECT_FALSE(server.aborted());
}

size_t LongestRequest() { return Mpich40Message("cmd=kvs-put;key=bc-0;value=" + Card(0) + ";").size(); }

TEST(NodeServerPmi2, Mpich40ExchangeWithEveryRequestSplitAtEveryPosition) {
  for (size_t cut = 0; cut <= LongestRequest(); ++cut) RunExchange(Client::kMpich40, cut);
}

TEST(NodeServerPmi2, Mpich41ExchangeWithEveryRequestSplitAtEveryPosition) {
  for (size_t cut = 0; cut <= LongestRequest(); ++cut) RunExchange(Client::kMpich41, cut);
}

TEST(NodeServerPmi2, InitAndFullinitInOneRead) {
  NodeServer server = MakeServer();
  std::string bytes = std::string(kInit) + Mpich40Message(Startup(0)[0].request) + Mpich40Message("cmd=job-getid;");
  EXPECT_EQ(WrittenTo(server.Feed(0, bytes), 0),
            std::string(kInitReply) + Framed(Startup(0)[0].reply) + Framed("cmd=job-getid-response;rc=0;jobid=42.0;"));
}

// Both tasks past init (MPICH 4.0 framing from here on).
NodeServer Initialized() {
  NodeServer server = MakeServer();
  for (size_t task = 0; task < 2; ++task) server.Feed(task, kInit);
  return server;
}

std::string Request(std::string_view body) { return Mpich40Message(body); }

TEST(NodeServerPmi2, ThridIsEchoedInEveryReply) {
  NodeServer server = Initialized();
  EXPECT_EQ(WrittenTo(server.Feed(0, Request("cmd=job-getid;thrid=0x7f00aa;")), 0),
            Framed("cmd=job-getid-response;thrid=0x7f00aa;rc=0;jobid=42.0;"));
  // Held replies keep it too.
  server.Feed(0, Request("cmd=kvs-fence;thrid=0x7f00bb;"));
  server.Feed(1, Request("cmd=kvs-fence;"));
  std::vector<Action> done = server.FenceDone({});
  EXPECT_EQ(WrittenTo(done, 0), Framed("cmd=kvs-fence-response;thrid=0x7f00bb;rc=0;"));
  EXPECT_EQ(WrittenTo(done, 1), Framed("cmd=kvs-fence-response;rc=0;"));
}

TEST(NodeServerPmi2, GetNodeAttrWithWaitIsHeldUntilALocalTaskPutsIt) {
  NodeServer server = Initialized();
  EXPECT_TRUE(server.Feed(0, Request("cmd=info-getnodeattr;key=shm;wait=TRUE;thrid=0x1;")).empty());
  std::vector<Action> put = server.Feed(1, Request("cmd=info-putnodeattr;key=shm;value=/dev/shm/seg;"));
  EXPECT_EQ(WrittenTo(put, 1), Framed("cmd=info-putnodeattr-response;rc=0;"));
  EXPECT_EQ(WrittenTo(put, 0), Framed("cmd=info-getnodeattr-response;thrid=0x1;rc=0;found=TRUE;value=/dev/shm/seg;"));
  // Answered once only.
  EXPECT_EQ(WrittenTo(server.Feed(1, Request("cmd=info-putnodeattr;key=shm;value=again;")), 0), "");
}

TEST(NodeServerPmi2, GetNodeAttrWithoutWaitAnswersAtOnce) {
  NodeServer server = Initialized();
  EXPECT_EQ(WrittenTo(server.Feed(0, Request("cmd=info-getnodeattr;key=shm;wait=FALSE;")), 0),
            Framed("cmd=info-getnodeattr-response;rc=0;found=FALSE;"));
  server.Feed(1, Request("cmd=info-putnodeattr;key=shm;value=seg;"));
  EXPECT_EQ(WrittenTo(server.Feed(0, Request("cmd=info-getnodeattr;key=shm;wait=TRUE;")), 0),
            Framed("cmd=info-getnodeattr-response;rc=0;found=TRUE;value=seg;"));
}

TEST(NodeServerPmi2, NodeAttrsStayOnTheNode) {
  NodeServer server = Initialized();
  server.Feed(0, Request("cmd=info-putnodeattr;key=shm;value=seg;"));
  server.Feed(0, Request("cmd=kvs-fence;"));
  std::vector<FenceReady> ready = ActionsOf<FenceReady>(server.Feed(1, Request("cmd=kvs-fence;")));
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_TRUE(ready[0].puts.empty());
}

TEST(NodeServerPmi2, JobAttributes) {
  NodeServer server = Initialized();
  EXPECT_EQ(WrittenTo(server.Feed(0, Request("cmd=info-getjobattr;key=universeSize;")), 0),
            Framed("cmd=info-getjobattr-response;rc=0;found=TRUE;value=4;"));
  EXPECT_EQ(WrittenTo(server.Feed(0, Request("cmd=info-getjobattr;key=mpi_reserved_ports;")), 0),
            Framed("cmd=info-getjobattr-response;rc=0;found=FALSE;"));
}

TEST(NodeServerPmi2, UnknownMappingIsNotFound) {
  StepInfo step = testing::TwoNodeStep();
  step.process_mapping = "";
  NodeServer server = MakeServer(step);
  server.Feed(0, kInit);
  EXPECT_EQ(WrittenTo(server.Feed(0, Request("cmd=info-getjobattr;key=PMI_process_mapping;")), 0),
            Framed("cmd=info-getjobattr-response;rc=0;found=FALSE;"));
}

TEST(NodeServerPmi2, ValuesWithSemicolonsSurviveTheRoundTrip) {
  NodeServer server = Initialized();
  server.Feed(0, Request("cmd=kvs-put;key=k;value=a;;b;"));
  EXPECT_EQ(WrittenTo(server.Feed(1, Request(Get("k"))), 1),
            Framed("cmd=kvs-get-response;rc=0;found=TRUE;value=a;;b;"));
}

TEST(NodeServerPmi2, AbortIsWorldKillsTheStep) {
  NodeServer server = Initialized();
  std::vector<Action> actions = server.Feed(0, Request("cmd=abort;isworld=TRUE;msg=rank 0 gave up;"));
  std::vector<AbortStep> aborts = ActionsOf<AbortStep>(actions);
  ASSERT_EQ(aborts.size(), 1u);
  EXPECT_EQ(aborts[0].exit_code, 1);
  EXPECT_EQ(aborts[0].message, "task 0 called PMI2_Abort: rank 0 gave up");
  EXPECT_TRUE(ActionsOf<WriteToTask>(actions).empty());
}

TEST(NodeServerPmi2, AbortOfOneTaskWaitsForItsExit) {
  NodeServer server = Initialized();
  EXPECT_TRUE(server.Feed(0, Request("cmd=abort;isworld=FALSE;msg=;")).empty());
  EXPECT_FALSE(server.aborted());
  EXPECT_EQ(ActionsOf<AbortStep>(server.Closed(0)).size(), 1u);
}

TEST(NodeServerPmi2, OptionalCommandsFailTheCallOnly) {
  NodeServer server = Initialized();
  EXPECT_EQ(WrittenTo(server.Feed(0, Request("cmd=name-publish;name=svc;port=p;thrid=0x9;")), 0),
            Framed("cmd=name-publish-response;thrid=0x9;rc=-1;errmsg=name-publish is not supported by Bramble;"));
  EXPECT_EQ(WrittenTo(server.Feed(0, Request("cmd=spawn;ncmds=1;")), 0),
            Framed("cmd=spawn-response;rc=-1;errmsg=spawn is not supported by Bramble;"));
  EXPECT_FALSE(server.aborted());
}

TEST(NodeServerPmi2, MixedPmi1AndPmi2TasksShareTheFence) {
  NodeServer server = MakeServer();
  server.Feed(0, "cmd=init pmi_version=1 pmi_subversion=1\n");
  server.Feed(1, kInit);
  server.Feed(0, "cmd=put kvsname=42.0 key=from1 value=x\n");
  server.Feed(1, Mpich41Message("cmd=kvs-put;key=from2;value=y;"));
  EXPECT_TRUE(server.Feed(0, "cmd=barrier_in\n").empty());
  std::vector<FenceReady> ready = ActionsOf<FenceReady>(server.Feed(1, Mpich41Message("cmd=kvs-fence;")));
  ASSERT_EQ(ready.size(), 1u);
  EXPECT_EQ(ready[0].puts, KeyValueMap({{"from1", "x"}, {"from2", "y"}}));
  std::vector<Action> done = server.FenceDone(ready[0].puts);
  EXPECT_EQ(WrittenTo(done, 0), "cmd=barrier_out rc=0\n");
  EXPECT_EQ(WrittenTo(done, 1), Framed("cmd=kvs-fence-response;rc=0;"));
}

}  // namespace
}  // namespace bramble::pmi
