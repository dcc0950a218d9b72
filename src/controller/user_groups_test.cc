#include "controller/user_groups.h"

#include <unistd.h>

#include <algorithm>

#include <gtest/gtest.h>

namespace bramble::controller {
namespace {

// The job's gid (sbatch --gid, or the submitter's) leads, whatever the
// user's primary group in the passwd entry.
TEST(UserGroups, HoldTheJobsGroup) {
  auto groups = UserGroups(::getuid(), 4321);
  ASSERT_FALSE(groups.empty());
  EXPECT_NE(std::find(groups.begin(), groups.end(), 4321u), groups.end());
}

TEST(UserGroups, AnUnknownUserHasOnlyThePrimaryGroup) {
  // No account has this uid (Debian's dynamic ranges end far below).
  EXPECT_EQ(UserGroups(4000000123u, 4321), std::vector<gid_t>{4321});
}

}  // namespace
}  // namespace bramble::controller
