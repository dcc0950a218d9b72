// cgroup.conf: Slurm's keys, Bramble's defaults.
#include "common/cgroup_config.h"

#include <gtest/gtest.h>

namespace bramble {
namespace {

TEST(CgroupConfigTest, DefaultsConstrainWhateverTheBackendCan) {
  auto config = ParseCgroupConfig("", "cgroup.conf");
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->plugin, "autodetect");
  EXPECT_EQ(config->mountpoint, "/sys/fs/cgroup");
  EXPECT_TRUE(config->constrain_ram_space);
  EXPECT_TRUE(config->constrain_cores);
}

TEST(CgroupConfigTest, ReadsSlurmsKeys) {
  auto config = ParseCgroupConfig(
      "CgroupPlugin=cgroup/v1\nCgroupMountpoint=/mnt/cg/\nConstrainRAMSpace=no\nConstrainCores=NO\n"
      "AllowedRAMSpace=150\nConstrainSwapSpace=yes\nFrobnicate=1\n",
      "cgroup.conf");
  ASSERT_TRUE(config.has_value()) << config.error().message();
  EXPECT_EQ(config->plugin, "cgroup/v1");
  EXPECT_EQ(config->mountpoint, "/mnt/cg");
  EXPECT_FALSE(config->constrain_ram_space);
  EXPECT_FALSE(config->constrain_cores);
  EXPECT_DOUBLE_EQ(config->allowed_ram_space, 150.0);
  ASSERT_EQ(config->warnings.size(), 2u);
  EXPECT_NE(config->warnings[0].find("cgroup.conf:6"), std::string::npos);
  EXPECT_NE(config->warnings[1].find("cgroup.conf:7"), std::string::npos);
}

TEST(CgroupConfigTest, BadValuesNameTheLine) {
  auto plugin = ParseCgroupConfig("\nCgroupPlugin=cgroup/v3\n", "cgroup.conf");
  ASSERT_FALSE(plugin.has_value());
  EXPECT_NE(plugin.error().message().find("cgroup.conf:2"), std::string::npos);
  EXPECT_FALSE(ParseCgroupConfig("CgroupMountpoint=relative\n", "cgroup.conf").has_value());
  EXPECT_FALSE(ParseCgroupConfig("AllowedRAMSpace=-5\n", "cgroup.conf").has_value());
  EXPECT_FALSE(ParseCgroupConfig("ConstrainCores=maybe\n", "cgroup.conf").has_value());
}

}  // namespace
}  // namespace bramble
