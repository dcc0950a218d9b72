// Tests for the NodeName= and PartitionName= keys the scheduler reads:
// node Weight= and Gres=, partition PriorityTier=, PriorityJobFactor=,
// Priority=, MaxNodes= and AllowGroups=.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/config.h"
#include "common/config_testing.h"

namespace bramble {
namespace {

using config_testing::Names;
using config_testing::Parse;
using config_testing::ParseError;

TEST(ParseConfig, NodeWeightDefaultsToOneAndIsRead) {
  Config config = Parse(
      "NodeName=DEFAULT Weight=5\n"
      "NodeName=a\n"
      "NodeName=b Weight=100\n"
      "NodeName=default Weight=1\n"
      "NodeName=c\n");
  EXPECT_EQ(Parse("NodeName=x\n").nodes.at(0).weight, 1u);
  EXPECT_EQ(config.FindNode("a")->weight, 5u);
  EXPECT_EQ(config.FindNode("b")->weight, 100u);
  EXPECT_EQ(config.FindNode("c")->weight, 1u);
  EXPECT_TRUE(config.warnings.empty());
  EXPECT_EQ(ParseError("NodeName=n1 Weight=heavy\n"),
            "slurm.conf:1: bad number for Weight: 'heavy'");
  EXPECT_EQ(ParseError("NodeName=n1 Weight=-1\n"), "slurm.conf:1: bad number for Weight: '-1'");
}

TEST(ParseConfig, NodeGresForms) {
  Config config = Parse(
      "GresTypes=gpu,mps\n"
      "NodeName=a Gres=gpu:2\n"
      "NodeName=b Gres=gpu:a100:2\n"
      "NodeName=c Gres=gpu:a100:1,gpu:v100:1,mps:200\n"
      "NodeName=d Gres=gpu\n"
      "NodeName=e Gres=gpu:1g.5gb\n"
      "NodeName=f\n");
  using Gres = std::vector<GresConfig>;
  EXPECT_EQ(config.FindNode("a")->gres, Gres({{"gpu", "", 2, {}}}));
  EXPECT_EQ(config.FindNode("b")->gres, Gres({{"gpu", "a100", 2, {}}}));
  EXPECT_EQ(config.FindNode("c")->gres,
            Gres({{"gpu", "a100", 1, {}}, {"gpu", "v100", 1, {}}, {"mps", "", 200, {}}}));
  EXPECT_EQ(config.FindNode("d")->gres, Gres({{"gpu", "", 1, {}}}));
  EXPECT_EQ(config.FindNode("e")->gres, Gres({{"gpu", "1g.5gb", 1, {}}}));
  EXPECT_TRUE(config.FindNode("f")->gres.empty());
  EXPECT_TRUE(config.warnings.empty());
}

TEST(ParseConfig, NodeGresComesFromNodeDefaults) {
  Config config = Parse("GresTypes=gpu\nNodeName=DEFAULT Gres=gpu:1\nNodeName=g[1-2]\n");
  ASSERT_EQ(config.nodes.size(), 2u);
  EXPECT_EQ(config.nodes[1].gres, std::vector<GresConfig>({{"gpu", "", 1, {}}}));
}

TEST(ParseConfig, BadGres) {
  EXPECT_EQ(ParseError("NodeName=n1 Gres=gpu::2\n"),
            "slurm.conf:1: bad Gres: 'gpu::2' is not name[:type][:count]");
  EXPECT_EQ(ParseError("NodeName=n1 Gres=gpu:a100:two\n"),
            "slurm.conf:1: bad Gres: bad count 'two' in 'gpu:a100:two'");
  EXPECT_EQ(ParseError("NodeName=n1 Gres=gpu:a:1:2\n"),
            "slurm.conf:1: bad Gres: 'gpu:a:1:2' is not name[:type][:count]");
  EXPECT_EQ(ParseError("ClusterName=x\nNodeName=n1 Gres=gpu:1,gpu:2\n"),
            "slurm.conf:2: bad Gres: gpu is given twice");
}

TEST(ParseConfig, GresMissingFromGresTypesWarnsAtTheNodeLine) {
  Config config = Parse("ClusterName=x\nNodeName=n1 Gres=gpu:1,mps:100\nGresTypes=gpu\n");
  EXPECT_EQ(config.warnings, Names({"slurm.conf:2: GRES mps is not listed in GresTypes"}));
  EXPECT_EQ(config.gres_types, Names({"gpu"}));
}

TEST(ParseConfig, PartitionPriorityDefaults) {
  Config config = Parse("NodeName=n1\nPartitionName=p Nodes=n1\n");
  const PartitionConfig& p = config.partitions.at(0);
  EXPECT_EQ(p.priority_tier, 1u);
  EXPECT_EQ(p.priority_job_factor, 1u);
  EXPECT_EQ(p.max_nodes, -1);
  EXPECT_TRUE(p.allow_groups.empty());
}

TEST(ParseConfig, PartitionPriorityAndLimits) {
  Config config = Parse(
      "NodeName=n[1-4]\n"
      "PartitionName=DEFAULT PriorityTier=3 AllowGroups=staff\n"
      "PartitionName=a Nodes=n1 PriorityJobFactor=7 MaxNodes=2\n"
      "PartitionName=b Nodes=n2 Priority=9 MaxNodes=UNLIMITED AllowGroups=wheel,lab\n"
      "PartitionName=c Nodes=n3 Priority=9 PriorityTier=4 MaxNodes=0 AllowGroups=ALL\n"
      "PartitionName=d Nodes=n4 AllowGroups=lab,all MaxNodes=infinite\n");
  ASSERT_EQ(config.partitions.size(), 4u);
  const PartitionConfig& a = config.partitions[0];
  EXPECT_EQ(a.priority_tier, 3u);
  EXPECT_EQ(a.priority_job_factor, 7u);
  EXPECT_EQ(a.max_nodes, 2);
  EXPECT_EQ(a.allow_groups, Names({"staff"}));
  const PartitionConfig& b = config.partitions[1];
  EXPECT_EQ(b.priority_tier, 9u);  // Priority= sets both
  EXPECT_EQ(b.priority_job_factor, 9u);
  EXPECT_EQ(b.max_nodes, -1);
  EXPECT_EQ(b.allow_groups, Names({"wheel", "lab"}));
  const PartitionConfig& c = config.partitions[2];
  EXPECT_EQ(c.priority_tier, 4u);  // the later key wins
  EXPECT_EQ(c.priority_job_factor, 9u);
  EXPECT_EQ(c.max_nodes, 0);
  EXPECT_TRUE(c.allow_groups.empty());
  EXPECT_TRUE(config.partitions[3].allow_groups.empty());
  EXPECT_EQ(config.partitions[3].max_nodes, -1);
  EXPECT_TRUE(config.warnings.empty());
}

TEST(ParseConfig, PartitionValueErrors) {
  EXPECT_EQ(ParseError("PartitionName=p PriorityTier=65536\n"),
            "slurm.conf:1: bad number for PriorityTier: '65536'");
  EXPECT_EQ(ParseError("PartitionName=p PriorityJobFactor=high\n"),
            "slurm.conf:1: bad number for PriorityJobFactor: 'high'");
  EXPECT_EQ(ParseError("PartitionName=p Priority=-1\n"),
            "slurm.conf:1: bad number for Priority: '-1'");
  EXPECT_EQ(ParseError("ClusterName=x\nPartitionName=p MaxNodes=lots\n"),
            "slurm.conf:2: bad number for MaxNodes: 'lots'");
  EXPECT_EQ(ParseError("PartitionName=p MaxNodes=-1\n"),
            "slurm.conf:1: bad number for MaxNodes: '-1'");
}

TEST(ParseConfig, OverSubscribeStillWarns) {
  Config config = Parse("NodeName=n1\nPartitionName=p Nodes=n1 OverSubscribe=EXCLUSIVE\n");
  EXPECT_EQ(config.warnings,
            Names({"slurm.conf:2: OverSubscribe is not used by Bramble, ignored"}));
}

}  // namespace
}  // namespace bramble
