#include "controller/user_directory.h"

#include <unistd.h>

#include <gtest/gtest.h>

namespace bramble::controller {
namespace {

// Lookups that count their calls; uid 1000 is "ann" in groups 100 and 27,
// uid 2000 is unknown until `ben_exists`.
struct CountingLookups {
  int users = 0, group_names = 0, groups = 0;
  bool ben_exists = false;

  UserDirectory::Lookups Make() {
    UserDirectory::Lookups lookups;
    lookups.user_name = [this](uid_t uid) -> std::optional<std::string> {
      ++users;
      if (uid == 1000) return "ann";
      if (uid == 2000 && ben_exists) return "ben";
      return std::nullopt;
    };
    lookups.group_name = [this](gid_t gid) -> std::optional<std::string> {
      ++group_names;
      if (gid == 100) return "users";
      return std::nullopt;
    };
    lookups.groups = [this](uid_t, gid_t gid) {
      ++groups;
      return std::vector<gid_t>{gid, 27};
    };
    return lookups;
  }
};

TEST(UserDirectory, AnswersFromMemoryWithinTheTtl) {
  CountingLookups counts;
  UserDirectory directory(counts.Make(), 60);
  EXPECT_EQ(directory.UserName(1000, 5000), "ann");
  EXPECT_EQ(directory.UserName(1000, 5059), "ann");
  EXPECT_EQ(counts.users, 1);
  EXPECT_EQ(directory.GroupName(100, 5000), "users");
  EXPECT_EQ(directory.GroupName(100, 5030), "users");
  EXPECT_EQ(counts.group_names, 1);
  EXPECT_EQ(directory.Groups(1000, 100, 5000), (std::vector<gid_t>{100, 27}));
  EXPECT_EQ(directory.Groups(1000, 100, 5010), (std::vector<gid_t>{100, 27}));
  EXPECT_EQ(counts.groups, 1);
  // Another primary group is another list.
  EXPECT_EQ(directory.Groups(1000, 300, 5010), (std::vector<gid_t>{300, 27}));
  EXPECT_EQ(counts.groups, 2);
}

TEST(UserDirectory, AsksAgainOnceTheAnswerIsOld) {
  CountingLookups counts;
  UserDirectory directory(counts.Make(), 60);
  directory.UserName(1000, 5000);
  directory.Groups(1000, 100, 5000);
  EXPECT_EQ(directory.UserName(1000, 5060), "ann");
  EXPECT_EQ(counts.users, 2);
  directory.Groups(1000, 100, 5060);
  EXPECT_EQ(counts.groups, 2);
  // A clock set back does not keep an answer forever either.
  directory.UserName(1000, 4000);
  EXPECT_EQ(counts.users, 3);
}

TEST(UserDirectory, AnUnknownAccountIsAskedForEachTime) {
  CountingLookups counts;
  UserDirectory directory(counts.Make(), 60);
  EXPECT_EQ(directory.UserName(2000, 5000), std::nullopt);
  EXPECT_EQ(directory.Groups(2000, 500, 5000), std::vector<gid_t>{500});
  EXPECT_EQ(counts.groups, 0);  // no list for a user NSS does not know
  counts.ben_exists = true;     // the account is made: it works at once
  EXPECT_EQ(directory.UserName(2000, 5001), "ben");
  EXPECT_EQ(directory.Groups(2000, 500, 5001), (std::vector<gid_t>{500, 27}));
  EXPECT_EQ(directory.GroupName(999, 5001), std::nullopt);
  EXPECT_EQ(directory.GroupName(999, 5002), std::nullopt);
  EXPECT_EQ(counts.group_names, 2);
}

TEST(UserDirectory, SystemLookupsKnowThisProcesssUser) {
  UserDirectory directory;
  auto name = directory.UserName(::getuid(), 1);
  ASSERT_TRUE(name.has_value());
  EXPECT_FALSE(name->empty());
  auto groups = directory.Groups(::getuid(), 4321, 1);
  EXPECT_EQ(groups.front(), 4321u);
}

}  // namespace
}  // namespace bramble::controller
