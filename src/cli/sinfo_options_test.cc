#include "cli/sinfo_options.h"

#include <gtest/gtest.h>

#include <map>

namespace bramble::cli {
namespace {

EnvLookup Env(std::map<std::string, std::string> vars = {}) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

Result<SinfoOptions> Parse(std::vector<std::string> args, const EnvLookup& env = Env()) {
  args.insert(args.begin(), "sinfo");
  return ParseSinfoOptions(args, env);
}

std::string ErrorOf(std::vector<std::string> args) {
  Result<SinfoOptions> result = Parse(std::move(args));
  EXPECT_FALSE(result.has_value());
  return result ? "" : result.error().message();
}

TEST(SinfoOptionsTest, FormatPerMode) {
  EXPECT_EQ(Parse({})->view.format, kSinfoDefaultFormat);
  EXPECT_EQ(Parse({"-l"})->view.format, kSinfoLongFormat);
  EXPECT_EQ(Parse({"-N"})->view.format, kSinfoNodeFormat);
  EXPECT_TRUE(Parse({"-N"})->view.node_oriented);
  EXPECT_EQ(Parse({"-N", "-l"})->view.format, kSinfoNodeLongFormat);
  EXPECT_EQ(Parse({"-Nel"})->view.format, kSinfoNodeLongFormat);
  EXPECT_TRUE(Parse({"-Nel"})->view.exact);
  EXPECT_EQ(Parse({"-R"})->view.format, kSinfoReasonsFormat);
  EXPECT_EQ(Parse({"--list-reasons", "--long"})->view.format, kSinfoReasonsLongFormat);
  EXPECT_EQ(Parse({"-s"})->view.format, kSinfoSummarizeFormat);
  EXPECT_EQ(Parse({"-o", "%P"})->view.format, "%P");
  EXPECT_EQ(Parse({"-l", "-o", "%P"})->view.format, "%P");  // -l is ignored with -o
  EXPECT_EQ(Parse({}, Env({{"SINFO_FORMAT", "%N"}}))->view.format, "%N");
  EXPECT_EQ(Parse({"--format=%D"}, Env({{"SINFO_FORMAT", "%N"}}))->view.format, "%D");
  EXPECT_FALSE(Parse({"-h"})->view.header);
  EXPECT_TRUE(Parse({})->view.header);
}

TEST(SinfoOptionsTest, FiltersAndLists) {
  Result<SinfoOptions> o = Parse({"-p", "debug,long", "-n", "pi[1-3]", "-t", "idle,drain&alloc", "-r"});
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->partitions, (std::vector<std::string>{"debug", "long"}));
  EXPECT_EQ(o->nodes, (std::vector<std::string>{"pi1", "pi2", "pi3"}));
  ASSERT_EQ(o->states.size(), 2u);
  EXPECT_EQ(o->states[1], (std::vector<std::string>{"drain", "alloc"}));
  EXPECT_TRUE(o->responding_only);
  EXPECT_TRUE(Parse({"-V"})->version);
  EXPECT_TRUE(Parse({"--version"})->version);
  EXPECT_EQ(Parse({}, Env({{"SINFO_PARTITION", "gpu"}}))->partitions, std::vector<std::string>{"gpu"});
}

TEST(SinfoOptionsTest, Errors) {
  EXPECT_EQ(ErrorOf({"--x"}), "sinfo: unrecognized option '--x'\nTry \"sinfo --help\" for more information");
  EXPECT_EQ(ErrorOf({"-t", "sleepy"}), "sinfo: error: Invalid node state specified: sleepy");
  EXPECT_EQ(ErrorOf({"-O", "all"}), "sinfo: error: -O/--Format is not supported yet; use -o/--format");
  EXPECT_EQ(ErrorOf({"-n", "pi[3-1]"}), "sinfo: error: Invalid node name specified: pi[3-1]");
  EXPECT_EQ(ErrorOf({"extra"}).rfind("sinfo: error: Unrecognized option: extra\nUsage: sinfo", 0), 0u);
  EXPECT_TRUE(Parse({"-a", "-M", "c1", "--sort=P", "-v", "--noconvert"}).has_value());
  Result<SinfoOptions> warn = Parse({"-o", "%P %q"});
  ASSERT_TRUE(warn.has_value());
  EXPECT_EQ(warn->warnings, std::vector<std::string>{"sinfo: error: Invalid node format specification: q"});
}

proto::NodeInfo Node(const std::string& name, const std::string& state, bool drain = false, bool dead = false) {
  proto::NodeInfo node;
  node.set_name(name);
  node.set_state(state);
  node.set_drain(drain);
  node.set_not_responding(dead);
  node.set_cpus(4);
  return node;
}

TEST(NodeInStateTest, BaseStatesAndFlags) {
  EXPECT_TRUE(NodeInState(Node("n", "IDLE"), "idle"));
  EXPECT_TRUE(NodeInState(Node("n", "ALLOCATED"), "ALLOC"));
  EXPECT_TRUE(NodeInState(Node("n", "ALLOCATED"), "allocated"));
  EXPECT_TRUE(NodeInState(Node("n", "MIXED"), "mix"));
  EXPECT_FALSE(NodeInState(Node("n", "MIXED"), "idle"));
  EXPECT_TRUE(NodeInState(Node("n", "IDLE", true), "drain"));
  EXPECT_TRUE(NodeInState(Node("n", "IDLE", true), "drained"));
  EXPECT_FALSE(NodeInState(Node("n", "IDLE", true), "draining"));
  EXPECT_TRUE(NodeInState(Node("n", "MIXED", true), "drng"));
  EXPECT_FALSE(NodeInState(Node("n", "MIXED", true), "drained"));
  EXPECT_TRUE(NodeInState(Node("n", "DOWN", false, true), "no_respond"));
  EXPECT_TRUE(NodeInState(Node("n", "UNKNOWN"), "unk"));
  EXPECT_FALSE(NodeInState(Node("n", "IDLE"), "maint"));
  EXPECT_TRUE(IsNodeStateName("MAINT"));
  EXPECT_FALSE(IsNodeStateName("sleepy"));
}

class FilterClusterTest : public ::testing::Test {
 protected:
  static proto::NodesReply Cluster() {
    proto::NodesReply c;
    *c.add_nodes() = Node("pi1", "IDLE");
    *c.add_nodes() = Node("pi2", "ALLOCATED");
    *c.add_nodes() = Node("pi3", "DOWN", false, true);
    *c.add_nodes() = Node("pi4", "IDLE", true);
    proto::PartitionInfo* debug = c.add_partitions();
    debug->set_name("debug");
    for (const char* n : {"pi1", "pi2", "pi3", "pi4"}) debug->add_nodes(n);
    proto::PartitionInfo* gpu = c.add_partitions();
    gpu->set_name("gpu");
    gpu->add_nodes("pi4");
    proto::PartitionInfo* empty = c.add_partitions();
    empty->set_name("empty");
    return c;
  }

  static std::string Summary(const proto::NodesReply& c) {
    std::string text;
    for (const auto& n : c.nodes()) text += n.name() + " ";
    text += "|";
    for (const auto& p : c.partitions()) {
      text += " " + p.name() + ":";
      for (const auto& n : p.nodes()) text += n + ",";
    }
    return text;
  }

  static std::string Run(std::vector<std::string> args) {
    Result<SinfoOptions> o = Parse(std::move(args));
    EXPECT_TRUE(o.has_value());
    return o ? Summary(FilterCluster(Cluster(), *o)) : "";
  }
};

TEST_F(FilterClusterTest, NoFiltersKeepsEverything) {
  EXPECT_EQ(Run({}), "pi1 pi2 pi3 pi4 | debug:pi1,pi2,pi3,pi4, gpu:pi4, empty:");
}

TEST_F(FilterClusterTest, PartitionNodeAndStateFilters) {
  EXPECT_EQ(Run({"-p", "gpu"}), "pi4 | gpu:pi4,");
  EXPECT_EQ(Run({"-n", "pi[1-2]"}), "pi1 pi2 | debug:pi1,pi2,");
  EXPECT_EQ(Run({"-t", "idle"}), "pi1 pi4 | debug:pi1,pi4, gpu:pi4,");
  EXPECT_EQ(Run({"-t", "idle&drain"}), "pi4 | debug:pi4, gpu:pi4,");
  EXPECT_EQ(Run({"-r"}), "pi1 pi2 pi4 | debug:pi1,pi2,pi4, gpu:pi4,");
  EXPECT_EQ(Run({"-d"}), "pi3 | debug:pi3,");
  EXPECT_EQ(Run({"-R"}), "pi3 pi4 | debug:pi3,pi4, gpu:pi4,");
}

}  // namespace
}  // namespace bramble::cli
