#include "stepd/user_groups.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace bramble::stepd {
namespace {

class UserGroupsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/user-groups-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_.path = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_.path); }

  JobDir dir_;
};

TEST_F(UserGroupsTest, TheNodeDaemonsFileIsReadBack) {
  ASSERT_TRUE(WriteGroupsFile(dir_, {4242, 17, 9}).ok());
  // Not what a lookup would give (no user "nobody-here" has these): read from the file.
  EXPECT_EQ(GroupsFor(dir_, "nobody-here", 4242), (std::vector<gid_t>{4242, 17, 9}));
}

TEST_F(UserGroupsTest, WithoutTheFileTheyAreLookedUp) {
  std::vector<gid_t> groups = GroupsFor(dir_, "root", 0);
  EXPECT_NE(std::find(groups.begin(), groups.end(), 0u), groups.end());
  EXPECT_EQ(groups, SupplementaryGroups("root", 0));
}

TEST_F(UserGroupsTest, AFileWithoutThePrimaryGroupOrWithGarbageIsNotTrusted) {
  ASSERT_TRUE(WriteGroupsFile(dir_, {17, 9}).ok());
  EXPECT_EQ(GroupsFor(dir_, "root", 0), SupplementaryGroups("root", 0));
  std::ofstream(dir_.groups()) << "0 x1 9";
  EXPECT_EQ(GroupsFor(dir_, "root", 0), SupplementaryGroups("root", 0));
}

TEST(SupplementaryGroups, AnUnknownUserHasItsPrimaryGroupOnly) {
  EXPECT_EQ(SupplementaryGroups("no-such-user-bramble", 4242), (std::vector<gid_t>{4242}));
}

}  // namespace
}  // namespace bramble::stepd
