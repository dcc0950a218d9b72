#include "cli/sinfo_format.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace bramble::cli {
namespace {

constexpr int64_t kReasonTime = 1795273381;  // 2026-11-21T15:03:01 UTC

proto::NodeInfo Node(const std::string& name, const std::string& state, uint32_t cpus = 4) {
  proto::NodeInfo node;
  node.set_name(name);
  node.set_state(state);
  node.set_cpus(cpus);
  node.set_real_memory_mb(1000);
  if (state == "ALLOCATED") node.set_alloc_cpus(cpus);
  if (state == "MIXED") node.set_alloc_cpus(1);
  return node;
}

proto::PartitionInfo Partition(const std::string& name, std::vector<std::string> nodes, bool is_default,
                               int64_t max_time_s) {
  proto::PartitionInfo p;
  p.set_name(name);
  for (const auto& n : nodes) p.add_nodes(n);
  p.set_is_default(is_default);
  p.set_max_time_s(max_time_s);
  p.set_default_time_s(-1);
  p.set_state("UP");
  return p;
}

class SinfoFormatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
  }

  // debug* (no limit): pi1 idle, pi2 alloc, pi3 mixed, pi4 drained;
  // long (1 day): pi3, pi4.
  static proto::NodesReply Cluster() {
    proto::NodesReply c;
    *c.add_nodes() = Node("pi1", "IDLE");
    *c.add_nodes() = Node("pi2", "ALLOCATED");
    *c.add_nodes() = Node("pi3", "MIXED");
    proto::NodeInfo drained = Node("pi4", "IDLE");
    drained.set_drain(true);
    drained.set_reason("bad fan");
    drained.set_reason_user("root");
    drained.set_reason_time(kReasonTime);
    *c.add_nodes() = drained;
    *c.add_partitions() = Partition("debug", {"pi1", "pi2", "pi3", "pi4"}, true, -1);
    *c.add_partitions() = Partition("long", {"pi3", "pi4"}, false, 86400);
    return c;
  }

  static proto::NodesReply IdleCluster() {
    proto::NodesReply c;
    for (const char* name : {"pi1", "pi2", "pi3", "pi4"}) *c.add_nodes() = Node(name, "IDLE");
    *c.add_partitions() = Partition("debug", {"pi1", "pi2", "pi3", "pi4"}, true, 1800);
    return c;
  }

  static std::string Run(const proto::NodesReply& c, const std::string& format, bool node_oriented = false,
                         bool header = true) {
    SinfoView view;
    view.format = format;
    view.node_oriented = node_oriented;
    view.header = header;
    return FormatSinfo(c, view);
  }
};

TEST_F(SinfoFormatTest, DefaultSummaryMergesNodesInOneState) {
  EXPECT_EQ(Run(IdleCluster(), kSinfoDefaultFormat),
            "PARTITION AVAIL  TIMELIMIT  NODES  STATE NODELIST\n"
            "debug*       up      30:00      4   idle pi[1-4]\n");
}

TEST_F(SinfoFormatTest, DefaultSummaryOneLinePerPartitionAndState) {
  EXPECT_EQ(Run(Cluster(), kSinfoDefaultFormat),
            "PARTITION AVAIL  TIMELIMIT  NODES  STATE NODELIST\n"
            "debug*       up   infinite      1  drain pi4\n"
            "debug*       up   infinite      1    mix pi3\n"
            "debug*       up   infinite      1  alloc pi2\n"
            "debug*       up   infinite      1   idle pi1\n"
            "long         up 1-00:00:00      1  drain pi4\n"
            "long         up 1-00:00:00      1    mix pi3\n");
}

TEST_F(SinfoFormatTest, PartitionColumnGrowsWithLongNames) {
  proto::NodesReply c = IdleCluster();
  c.mutable_partitions(0)->set_name("interactive");
  EXPECT_EQ(Run(c, "%#P|%P|%5P|", false, true),
            "PARTITION   |PARTITION|PARTI|\n"
            "interactive*|interactive*|inte*|\n");
}

TEST_F(SinfoFormatTest, NotRespondingAndDrainingStates) {
  proto::NodesReply c;
  proto::NodeInfo down = Node("n1", "DOWN");
  down.set_not_responding(true);
  proto::NodeInfo draining = Node("n2", "ALLOCATED");
  draining.set_drain(true);
  proto::NodeInfo unknown = Node("n3", "UNKNOWN");
  unknown.set_not_responding(true);
  proto::NodeInfo drained_dead = Node("n4", "IDLE");
  drained_dead.set_drain(true);
  drained_dead.set_not_responding(true);
  for (const auto& n : {down, draining, unknown, drained_dead}) *c.add_nodes() = n;
  *c.add_partitions() = Partition("p", {"n1", "n2", "n3", "n4"}, false, -1);
  EXPECT_EQ(Run(c, "%N %t %T", false, false),
            "n4 drain* drained*\n"
            "n1 down* down*\n"
            "n3 unk* unknown*\n"
            "n2 drng draining\n");
  EXPECT_EQ(NodeStateCompact(Node("x", "FUTURE")), "futr");
  EXPECT_EQ(NodeStateLong(Node("x", "MIXED")), "mixed");
  EXPECT_EQ(NodeStateLong(Node("x", "ALLOCATED")), "allocated");
}

TEST_F(SinfoFormatTest, NodeOrientedOneLinePerNodeAndPartition) {
  EXPECT_EQ(Run(Cluster(), kSinfoNodeFormat, true),
            "NODELIST   NODES PARTITION STATE \n"
            "pi1            1 debug*    idle  \n"
            "pi2            1 debug*    alloc \n"
            "pi3            1 debug*    mix   \n"
            "pi3            1 long      mix   \n"
            "pi4            1 debug*    drain \n"
            "pi4            1 long      drain \n");
}

TEST_F(SinfoFormatTest, NodeOrientedWithoutPartitionFieldIsOneLinePerNode) {
  EXPECT_EQ(Run(Cluster(), "%N %c %m %O", true, false),
            "pi1 4 1000 N/A\npi2 4 1000 N/A\npi3 4 1000 N/A\npi4 4 1000 N/A\n");
}

TEST_F(SinfoFormatTest, ListReasons) {
  proto::NodesReply c = Cluster();
  EXPECT_EQ(Run(c, kSinfoReasonsFormat),
            "REASON               USER      TIMESTAMP           NODELIST\n"
            "none                 Unknown   Unknown             pi[1-3]\n"
            "bad fan              root      2026-11-21T15:03:01 pi4\n");
}

TEST_F(SinfoFormatTest, PartitionListForSnakemake) {
  EXPECT_EQ(Run(Cluster(), "%P"), "PARTITION\ndebug*\nlong\n");
  EXPECT_EQ(Run(Cluster(), "%P", false, false), "debug*\nlong\n");
  EXPECT_EQ(Run(Cluster(), "%R %D"), "PARTITION NODES\ndebug 4\nlong 2\n");
}

TEST_F(SinfoFormatTest, CountsAndSummaries) {
  EXPECT_EQ(Run(Cluster(), kSinfoSummarizeFormat),
            "PARTITION AVAIL  TIMELIMIT   NODES(A/I/O/T)  NODELIST\n"
            "debug*       up   infinite          2/1/1/4  pi[1-4]\n"
            "long         up 1-00:00:00          1/0/1/2  pi[3-4]\n");
  EXPECT_EQ(Run(Cluster(), "%P %C %A", false, false), "debug* 5/7/4/16 2/1\nlong 1/3/4/8 1/0\n");
}

TEST_F(SinfoFormatTest, MixedSizesShowMinimumPlusUnlessExact) {
  proto::NodesReply c = IdleCluster();
  c.mutable_nodes(3)->set_cpus(8);
  EXPECT_EQ(Run(c, "%P %c %D", false, false), "debug* 4+ 4\n");
  SinfoView exact;
  exact.format = "%P %c %D %N";
  exact.header = false;
  exact.exact = true;
  EXPECT_EQ(FormatSinfo(c, exact), "debug* 4 3 pi[1-3]\ndebug* 8 1 pi4\n");
}

TEST_F(SinfoFormatTest, EmptyPartitionAndPartitionFields) {
  proto::NodesReply c = IdleCluster();
  proto::PartitionInfo empty = Partition("empty", {}, false, 300);
  empty.set_state("INACTIVE");
  empty.set_default_time_s(60);
  *c.add_partitions() = empty;
  EXPECT_EQ(Run(c, kSinfoDefaultFormat, false, false),
            "debug*       up      30:00      4   idle pi[1-4]\n"
            "empty     inact       5:00      0    n/a \n");
  EXPECT_EQ(Run(c, "%R %L %s %r %h %g", false, false),
            "debug n/a 1-infinite no NO all\nempty 1:00 1-infinite no NO all\n");
}

TEST_F(SinfoFormatTest, LongFormatHeader) {
  EXPECT_EQ(Run(IdleCluster(), kSinfoLongFormat),
            "PARTITION AVAIL  TIMELIMIT   JOB_SIZE ROOT OVERSUBS     GROUPS  NODES       STATE RESERVATION NODELIST\n"
            "debug*       up      30:00 1-infinite   no       NO        all      4        idle             pi[1-4]\n");
}

TEST_F(SinfoFormatTest, UnknownLetterPrintsLiterally) {
  EXPECT_EQ(Run(IdleCluster(), "%P %q", false, false), "debug* %q\n");
}

}  // namespace
}  // namespace bramble::cli
