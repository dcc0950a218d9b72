// Tests for GRES specifications, gres.conf, and LoadConfig reading gres.conf
// beside slurm.conf.
#include "common/gres_config.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/config.h"
#include "common/config_testing.h"

namespace bramble {
namespace {

using config_testing::Names;
using config_testing::TempDir;
using Gres = std::vector<GresConfig>;

GresConf ParseGres(std::string_view text) {
  Result<GresConf> conf = ParseGresConfig(text, "gres.conf");
  EXPECT_TRUE(conf.has_value()) << conf.status().message();
  return conf ? *conf : GresConf();
}

std::string GresError(std::string_view text) {
  Result<GresConf> conf = ParseGresConfig(text, "gres.conf");
  EXPECT_FALSE(conf.has_value()) << text;
  if (conf) return "";
  EXPECT_EQ(conf.error().code(), Code::kInvalidArgument);
  return conf.error().message();
}

NodeConfig Node(std::string name, Gres gres) {
  NodeConfig node;
  node.name = std::move(name);
  node.gres = std::move(gres);
  return node;
}

// The error ApplyGresConf gives for `gres_conf` on `nodes`; the nodes must
// come back unchanged.
std::string ApplyError(std::string_view gres_conf, const std::vector<NodeConfig>& nodes) {
  std::vector<NodeConfig> copy = nodes;
  std::vector<std::string> warnings;
  Status status = ApplyGresConf(ParseGres(gres_conf), "gres.conf", copy, warnings);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(copy.size(), nodes.size());
  for (size_t i = 0; i < copy.size() && i < nodes.size(); ++i)
    EXPECT_EQ(copy[i].gres, nodes[i].gres);
  return status.message();
}

TEST(ParseGresCount, DigitsAndSuffixes) {
  EXPECT_EQ(*ParseGresCount("0"), 0u);
  EXPECT_EQ(*ParseGresCount("12"), 12u);
  EXPECT_EQ(*ParseGresCount("2K"), 2048u);
  EXPECT_EQ(*ParseGresCount("1m"), 1048576u);
  EXPECT_EQ(*ParseGresCount("1G"), 1073741824u);
  EXPECT_EQ(*ParseGresCount("1T"), 1099511627776u);
  EXPECT_EQ(*ParseGresCount("1P"), 1125899906842624u);
  EXPECT_FALSE(ParseGresCount("").has_value());
  EXPECT_FALSE(ParseGresCount("K").has_value());
  EXPECT_FALSE(ParseGresCount("2KB").has_value());
  EXPECT_FALSE(ParseGresCount("2X").has_value());
  EXPECT_FALSE(ParseGresCount("-1").has_value());
  EXPECT_FALSE(ParseGresCount("18446744073709551616").has_value());
  EXPECT_FALSE(ParseGresCount("16384P").has_value());
}

TEST(ParseGresSpec, Forms) {
  EXPECT_EQ(*ParseGresSpec("gpu"), Gres({{"gpu", "", 1, {}}}));
  EXPECT_EQ(*ParseGresSpec("gpu:2"), Gres({{"gpu", "", 2, {}}}));
  EXPECT_EQ(*ParseGresSpec("gpu:a100"), Gres({{"gpu", "a100", 1, {}}}));
  EXPECT_EQ(*ParseGresSpec("gpu:a100:2"), Gres({{"gpu", "a100", 2, {}}}));
  EXPECT_EQ(*ParseGresSpec("gpu:a100:1,gpu:v100:1"),
            Gres({{"gpu", "a100", 1, {}}, {"gpu", "v100", 1, {}}}));
  EXPECT_EQ(*ParseGresSpec("mps:4K"), Gres({{"mps", "", 4096, {}}}));
  EXPECT_EQ(*ParseGresSpec(""), Gres());
}

TEST(ParseGresSpec, Errors) {
  EXPECT_EQ(ParseGresSpec(":2").error().message(), "':2' is not name[:type][:count]");
  EXPECT_EQ(ParseGresSpec("gpu:").error().message(), "'gpu:' is not name[:type][:count]");
  EXPECT_EQ(ParseGresSpec("gpu:a:b:c").error().message(), "'gpu:a:b:c' is not name[:type][:count]");
  EXPECT_EQ(ParseGresSpec("gpu:a100:x").error().message(), "bad count 'x' in 'gpu:a100:x'");
  EXPECT_EQ(ParseGresSpec("gpu:a100:1,gpu:a100:2").error().message(), "gpu:a100 is given twice");
}

TEST(ParseGresConfig, Lines) {
  GresConf conf = ParseGres(
      "# GPUs of the two workstations\n"
      "NodeName=ws[1-2] Name=gpu Type=a100 File=/dev/nvidia[0-1]\n"
      "Name=gpu File=/dev/nvidia0,/dev/nvidia2\n"
      "nodename=ws3 name=mps count=2K file=/dev/nvidia0\n"
      "NodeName=ws4 Name=shard Count=8\n"
      "NodeName=ws5 Name=gpu\n");
  ASSERT_EQ(conf.lines.size(), 5u);
  const GresConfLine& first = conf.lines[0];
  EXPECT_EQ(first.line, 2);
  EXPECT_EQ(first.nodes, Names({"ws1", "ws2"}));
  EXPECT_EQ(first.name, "gpu");
  EXPECT_EQ(first.type, "a100");
  EXPECT_EQ(first.count, 2u);
  EXPECT_EQ(first.files, Names({"/dev/nvidia0", "/dev/nvidia1"}));
  EXPECT_TRUE(conf.lines[1].nodes.empty());  // every node
  EXPECT_EQ(conf.lines[1].files, Names({"/dev/nvidia0", "/dev/nvidia2"}));
  EXPECT_EQ(conf.lines[2].count, 2048u);  // mps: shares, not devices
  EXPECT_EQ(conf.lines[3].count, 8u);
  EXPECT_TRUE(conf.lines[3].files.empty());
  EXPECT_EQ(conf.lines[4].count, 1u);
  EXPECT_TRUE(conf.warnings.empty());
}

TEST(ParseGresConfig, AutoDetectAndOtherKeysWarn) {
  GresConf conf = ParseGres(
      "AutoDetect=nvml\n"
      "NodeName=ws1 AutoDetect=off Name=gpu File=/dev/nvidia0 Cores=0-3 Colour=green\n");
  ASSERT_EQ(conf.lines.size(), 1u);
  EXPECT_EQ(conf.lines[0].files, Names({"/dev/nvidia0"}));
  EXPECT_EQ(conf.warnings, Names({"gres.conf:1: AutoDetect is not used by Bramble, ignored",
                                  "gres.conf:2: AutoDetect is not used by Bramble, ignored",
                                  "gres.conf:2: Cores is not used by Bramble, ignored",
                                  "gres.conf:2: unknown key Colour, ignored"}));
}

TEST(ParseGresConfig, Errors) {
  EXPECT_EQ(GresError("\nNodeName=ws1 File=/dev/nvidia0\n"), "gres.conf:2: missing Name=");
  EXPECT_EQ(GresError("Name=gpu Count=3 File=/dev/nvidia[0-1]\n"),
            "gres.conf:1: Count=3 but File= names 2 devices");
  EXPECT_EQ(GresError("Name=gpu Count=many\n"), "gres.conf:1: bad number for Count: 'many'");
  EXPECT_EQ(GresError("Name=gpu File=/dev/nvidia[1-0]\n").rfind("gres.conf:1: bad File: ", 0), 0u);
  EXPECT_EQ(GresError("NodeName=ws[ Name=gpu\n").rfind("gres.conf:1: bad NodeName: ", 0), 0u);
  EXPECT_EQ(GresError("Name= File=/dev/nvidia0\n"), "gres.conf:1: empty Name");
  EXPECT_EQ(GresError("Name=gpu junk\n"), "gres.conf:1: expected Key=Value, got 'junk'");
}

TEST(ApplyGresConf, AttachesFilesInOrder) {
  std::vector<NodeConfig> nodes = {
      Node("ws1", {{"gpu", "a100", 1, {}}, {"gpu", "v100", 2, {}}}),
      Node("ws2", {{"gpu", "", 3, {}}}),
      Node("pi1", {}),
  };
  GresConf conf = ParseGres(
      "NodeName=ws1 Name=gpu Type=v100 File=/dev/nvidia[1-2]\n"
      "NodeName=ws1 Name=gpu Type=a100 File=/dev/nvidia0\n"
      "NodeName=ws2 Name=gpu Type=a100 File=/dev/nvidia2\n"  // typed line, untyped entry
      "NodeName=ws2 Name=gpu File=/dev/nvidia[0-1]\n"
      "Name=mps Count=100\n");  // every node, but none has mps
  std::vector<std::string> warnings;
  Status status = ApplyGresConf(conf, "gres.conf", nodes, warnings);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(nodes[0].gres[0].files, Names({"/dev/nvidia0"}));
  EXPECT_EQ(nodes[0].gres[1].files, Names({"/dev/nvidia1", "/dev/nvidia2"}));
  EXPECT_EQ(nodes[1].gres[0].files, Names({"/dev/nvidia2", "/dev/nvidia0", "/dev/nvidia1"}));
  EXPECT_TRUE(nodes[2].gres.empty());
  EXPECT_TRUE(warnings.empty());
}

TEST(ApplyGresConf, UntypedLineMatchesTheOnlyTypedEntry) {
  std::vector<NodeConfig> nodes = {Node("ws1", {{"gpu", "a100", 2, {}}})};
  std::vector<std::string> warnings;
  ASSERT_TRUE(
      ApplyGresConf(ParseGres("Name=gpu File=/dev/nvidia[0-1]\n"), "gres.conf", nodes, warnings)
          .ok());
  EXPECT_EQ(nodes[0].gres[0].files, Names({"/dev/nvidia0", "/dev/nvidia1"}));
}

TEST(ApplyGresConf, EntriesWithoutLinesKeepNoFiles) {
  std::vector<NodeConfig> nodes = {Node("ws1", {{"gpu", "", 2, {}}, {"mps", "", 100, {}}})};
  std::vector<std::string> warnings;
  ASSERT_TRUE(
      ApplyGresConf(ParseGres("Name=gpu File=/dev/nvidia[0-1]\n"), "gres.conf", nodes, warnings)
          .ok());
  EXPECT_EQ(nodes[0].gres[0].files.size(), 2u);
  EXPECT_TRUE(nodes[0].gres[1].files.empty());
}

TEST(ApplyGresConf, CountMismatchNamesBothFiles) {
  std::vector<NodeConfig> nodes = {Node("ws1", {{"gpu", "a100", 2, {}}})};
  EXPECT_EQ(ApplyError("\nNodeName=ws1 Name=gpu Type=a100 File=/dev/nvidia[0-2]\n", nodes),
            "gres.conf:2: node ws1 has 3 gpu:a100 in gres.conf but 2 in slurm.conf "
            "(Gres=gpu:a100:2)");
  EXPECT_EQ(ApplyError("Name=gpu File=/dev/nvidia0\n", nodes),
            "gres.conf:1: node ws1 has 1 gpu:a100 in gres.conf but 2 in slurm.conf "
            "(Gres=gpu:a100:2)");
}

TEST(ApplyGresConf, NamedNodeWithoutThatGresIsAnError) {
  std::vector<NodeConfig> nodes = {Node("ws1", {{"gpu", "a100", 1, {}}}), Node("pi1", {})};
  EXPECT_EQ(ApplyError("NodeName=ws1,pi1 Name=gpu Type=a100 File=/dev/nvidia0\n", nodes),
            "gres.conf:1: node pi1 has no GRES gpu:a100 in slurm.conf Gres=");
  EXPECT_EQ(ApplyError("NodeName=ws1 Name=gpu Type=v100 File=/dev/nvidia0\n", nodes),
            "gres.conf:1: node ws1 has no GRES gpu:v100 in slurm.conf Gres=");
}

TEST(ApplyGresConf, UnknownNodesWarn) {
  std::vector<NodeConfig> nodes = {Node("ws1", {{"gpu", "", 1, {}}})};
  std::vector<std::string> warnings = {"earlier"};
  GresConf conf = ParseGres("NodeName=ws[1-3] Name=gpu File=/dev/nvidia0\n");
  ASSERT_TRUE(ApplyGresConf(conf, "/etc/bramble/gres.conf", nodes, warnings).ok());
  EXPECT_EQ(
      warnings,
      Names({"earlier",
             "/etc/bramble/gres.conf:1: node ws[2-3] is not defined in slurm.conf, ignored"}));
  EXPECT_EQ(nodes[0].gres[0].files, Names({"/dev/nvidia0"}));
}

// slurm.conf of Raspberry Pis and a GPU box, with gres.conf beside it.
const char kSlurmConf[] =
    "ClusterName=bramble-lab\n"
    "SlurmctldHost=pi1\n"
    "GresTypes=gpu\n"
    "NodeName=pi[1-4] CPUs=4 RealMemory=3800 Weight=10\n"
    "NodeName=gpubox CPUs=16 RealMemory=64000 Weight=100 Gres=gpu:rtx3090:2\n"
    "PartitionName=pi Nodes=pi[1-4] Default=YES\n"
    "PartitionName=gpu Nodes=gpubox\n";

TEST(LoadConfig, ReadsGresConfBesideSlurmConf) {
  TempDir dir;
  std::string path = dir.Write("slurm.conf", kSlurmConf);
  std::string gres_path =
      dir.Write("gres.conf",
                "AutoDetect=off\n"
                "NodeName=gpubox Name=gpu Type=rtx3090 File=/dev/nvidia[0-1]\n");
  Result<Config> config = LoadConfig(path);
  ASSERT_TRUE(config.has_value()) << config.status().message();
  EXPECT_EQ(config->gres_conf_path, gres_path);
  const NodeConfig* box = config->FindNode("gpubox");
  ASSERT_NE(box, nullptr);
  EXPECT_EQ(box->gres, Gres({{"gpu", "rtx3090", 2, {"/dev/nvidia0", "/dev/nvidia1"}}}));
  EXPECT_TRUE(config->FindNode("pi2")->gres.empty());
  EXPECT_EQ(config->warnings,
            Names({gres_path + ":1: AutoDetect is not used by Bramble, ignored"}));
}

TEST(LoadConfig, WithoutGresConfNodesKeepTheirCounts) {
  TempDir dir;
  Result<Config> config = LoadConfig(dir.Write("slurm.conf", kSlurmConf));
  ASSERT_TRUE(config.has_value()) << config.status().message();
  EXPECT_EQ(config->gres_conf_path, "");
  EXPECT_EQ(config->FindNode("gpubox")->gres, Gres({{"gpu", "rtx3090", 2, {}}}));
}

TEST(LoadConfig, GresConfErrorsFailTheLoad) {
  TempDir dir;
  std::string path = dir.Write("slurm.conf", kSlurmConf);
  std::string gres_path = dir.Write("gres.conf", "NodeName=gpubox Name=gpu File=/dev/nvidia0\n");
  Result<Config> config = LoadConfig(path);
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().message(),
            gres_path +
                ":1: node gpubox has 1 gpu:rtx3090 in gres.conf but 2 in slurm.conf "
                "(Gres=gpu:rtx3090:2)");
  dir.Write("gres.conf", "Name=gpu Count=x\n");
  config = LoadConfig(path);
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().message(), gres_path + ":1: bad number for Count: 'x'");
}

TEST(LoadConfig, UnreadableGresConf) {
  TempDir dir;
  std::string path = dir.Write("slurm.conf", kSlurmConf);
  std::filesystem::create_directory(dir.path() + "/gres.conf");
  Result<Config> config = LoadConfig(path);
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().code(), Code::kIo);
  EXPECT_EQ(config.error().message(), "cannot read " + dir.path() + "/gres.conf: Is a directory");
}

}  // namespace
}  // namespace bramble
