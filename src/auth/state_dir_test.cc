// Tests for the state directory's checks: made private, tightened when only
// readable by others, refused when writable by others or not ours.
#include "auth/state_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace bramble::auth {
namespace {

class StateDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "bramble-state-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    base_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(base_); }

  static mode_t Mode(const std::string& path) {
    struct stat sb;
    EXPECT_EQ(stat(path.c_str(), &sb), 0) << path;
    return sb.st_mode & 07777;
  }

  std::string base_;
};

TEST_F(StateDirTest, CreatedPrivateWithItsParents) {
  std::string dir = base_ + "/var/spool/state";
  Result<std::string> warning = SecureStateDir(dir);
  ASSERT_TRUE(warning) << warning.error().message();
  EXPECT_EQ(*warning, "");
  EXPECT_EQ(Mode(dir), 0700u);
}

TEST_F(StateDirTest, PrivateDirectoryIsLeftAlone) {
  ASSERT_EQ(mkdir((base_ + "/s").c_str(), 0700), 0);
  Result<std::string> warning = SecureStateDir(base_ + "/s");
  ASSERT_TRUE(warning);
  EXPECT_EQ(*warning, "");
}

TEST_F(StateDirTest, ReadableByOthersIsTightenedWithAWarning) {
  std::string dir = base_ + "/s";
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  ASSERT_EQ(chmod(dir.c_str(), 0755), 0);
  Result<std::string> warning = SecureStateDir(dir);
  ASSERT_TRUE(warning) << warning.error().message();
  EXPECT_EQ(*warning, "state directory " + dir + " was accessible to others (mode 0755); changed it to 0700");
  EXPECT_EQ(Mode(dir), 0700u);
}

TEST_F(StateDirTest, WritableByOthersIsRefusedAndNotChanged) {
  for (mode_t mode : {0777, 0770, 0702, 0720}) {
    std::string dir = base_ + "/s" + std::to_string(mode);
    ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
    ASSERT_EQ(chmod(dir.c_str(), mode), 0);
    Result<std::string> warning = SecureStateDir(dir);
    ASSERT_FALSE(warning) << std::oct << mode;
    EXPECT_EQ(warning.error().code(), Code::kPermissionDenied);
    EXPECT_NE(warning.error().message().find("is writable by others"), std::string::npos)
        << warning.error().message();
    EXPECT_EQ(Mode(dir), mode) << "a refused directory is left as it was";
  }
}

TEST_F(StateDirTest, AFileIsNotADirectory) {
  std::string path = base_ + "/file";
  std::ofstream(path) << "x";
  Result<std::string> warning = SecureStateDir(path);
  ASSERT_FALSE(warning);
  EXPECT_EQ(warning.error().code(), Code::kPermissionDenied);
  EXPECT_EQ(warning.error().message(), "state directory " + path + " is not a directory");
}

TEST_F(StateDirTest, SomeoneElsesDirectoryIsRefused) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to give a directory away";
  std::string dir = base_ + "/s";
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  ASSERT_EQ(chown(dir.c_str(), 65534, 65534), 0);
  Result<std::string> warning = SecureStateDir(dir);
  ASSERT_FALSE(warning);
  EXPECT_EQ(warning.error().message(), "state directory " + dir + " is owned by uid 65534, not by this daemon's uid 0");
}

// A node daemon's spool: searchable by users (their batch scripts run from
// it), never writable by them.
TEST_F(StateDirTest, SpoolIsMadeSearchableAndKeptSo) {
  std::string dir = base_ + "/spool/node01";
  Result<std::string> warning = SecureDaemonDir(dir, 0755, "spool");
  ASSERT_TRUE(warning) << warning.error().message();
  EXPECT_EQ(*warning, "");
  EXPECT_EQ(Mode(dir), 0755u);
  warning = SecureDaemonDir(dir, 0755, "spool");  // as found at the next start
  ASSERT_TRUE(warning);
  EXPECT_EQ(*warning, "");
  EXPECT_EQ(Mode(dir), 0755u);
}

TEST_F(StateDirTest, SpoolIsSearchableWhateverTheUmask) {
  mode_t saved = umask(077);
  std::string dir = base_ + "/d/node01";
  Result<std::string> warning = SecureDaemonDir(dir, 0755, "spool");
  umask(saved);
  ASSERT_TRUE(warning) << warning.error().message();
  EXPECT_EQ(Mode(dir), 0755u);
  EXPECT_EQ(Mode(base_ + "/d"), 0755u) << "users pass through its parent too";
}

TEST_F(StateDirTest, PrivateSpoolIsOpenedForItsUsers) {
  std::string dir = base_ + "/spool";
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  Result<std::string> warning = SecureDaemonDir(dir, 0755, "spool");
  ASSERT_TRUE(warning) << warning.error().message();
  EXPECT_EQ(*warning, "");
  EXPECT_EQ(Mode(dir), 0755u);
}

TEST_F(StateDirTest, SpoolWritableByOthersIsRefused) {
  std::string dir = base_ + "/spool";
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  ASSERT_EQ(chmod(dir.c_str(), 01777), 0);  // like /tmp: anyone could have planted a stepd.pid
  Result<std::string> warning = SecureDaemonDir(dir, 0755, "spool");
  ASSERT_FALSE(warning);
  EXPECT_EQ(warning.error().code(), Code::kPermissionDenied);
  EXPECT_EQ(warning.error().message(),
            "spool " + dir + " is writable by others (mode 1777); check its files, then chmod 755 it");
  EXPECT_EQ(Mode(dir), 01777u);
}

TEST_F(StateDirTest, SpoolSetgidBitIsLeftAlone) {
  std::string dir = base_ + "/spool";
  ASSERT_EQ(mkdir(dir.c_str(), 0755), 0);
  ASSERT_EQ(chmod(dir.c_str(), 02755), 0);
  Result<std::string> warning = SecureDaemonDir(dir, 0755, "spool");
  ASSERT_TRUE(warning) << warning.error().message();
  EXPECT_EQ(Mode(dir), 02755u) << "only permission bits beyond 0755 are taken away";
}

}  // namespace
}  // namespace bramble::auth
