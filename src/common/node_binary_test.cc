#include "common/node_binary.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace bramble {
namespace {

namespace fs = std::filesystem;

class BinDir : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/node-binary-test-XXXXXX";
    ASSERT_NE(::mkdtemp(name), nullptr);
    dir_ = name;
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, mode_t mode) {
    std::ofstream(dir_ + "/" + name) << "#!/bin/sh\n";
    ASSERT_EQ(::chmod((dir_ + "/" + name).c_str(), mode), 0);
  }
  std::string dir_;
};

TEST_F(BinDir, FindsTheExecutableBesideBramble) {
  Write("bramble-node", 0755);
  EXPECT_EQ(NodeBinaryBeside(dir_ + "/bramble"), dir_ + "/bramble-node");
}

TEST_F(BinDir, NoneWhenMissing) { EXPECT_EQ(NodeBinaryBeside(dir_ + "/bramble"), ""); }

TEST_F(BinDir, NoneWhenNotExecutable) {
  // No x bit at all: refused even to root.
  Write("bramble-node", 0644);
  EXPECT_EQ(NodeBinaryBeside(dir_ + "/bramble"), "");
}

// bramble-node itself does not hand over to itself.
TEST_F(BinDir, NotItself) {
  Write("bramble-node", 0755);
  EXPECT_EQ(NodeBinaryBeside(dir_ + "/bramble-node"), "");
}

}  // namespace
}  // namespace bramble
