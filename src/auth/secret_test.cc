// Tests for the cluster secret file.
#include "auth/secret.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace bramble::auth {
namespace {

class SecretTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "bramble-auth-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static mode_t Mode(const std::string& path) {
    struct stat sb;
    EXPECT_EQ(stat(path.c_str(), &sb), 0) << path;
    return sb.st_mode & 07777;
  }

  std::string dir_;
};

TEST_F(SecretTest, CreatedPrivateAndReused) {
  std::string path = dir_ + "/state/secret";
  Result<std::string> first = LoadOrCreateSecret(path);
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_EQ(first->size(), kSecretBytes);
  EXPECT_EQ(Mode(path), 0600u);
  EXPECT_EQ(Mode(dir_ + "/state"), 0700u);

  Result<std::string> second = LoadOrCreateSecret(path);
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, *first);
  Result<std::string> loaded = LoadSecret(path);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(*loaded, *first);

  // Stored as one line of hex.
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, HexEncode(*first));
  // No temporary files left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_ + "/state"),
                          std::filesystem::directory_iterator()),
            1);
}

TEST_F(SecretTest, DistinctSecrets) {
  Result<std::string> a = LoadOrCreateSecret(dir_ + "/a");
  Result<std::string> b = LoadOrCreateSecret(dir_ + "/b");
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
}

TEST_F(SecretTest, ReadableByOthersRefused) {
  std::string path = dir_ + "/secret";
  ASSERT_TRUE(LoadOrCreateSecret(path));
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  Result<std::string> secret = LoadSecret(path);
  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error().code(), Code::kPermissionDenied);
  EXPECT_EQ(secret.error().message(),
            "secret file " + path + " is readable by others (mode 0644); chmod 600 it");
  EXPECT_FALSE(LoadOrCreateSecret(path));  // never silently replaced

  ASSERT_EQ(chmod(path.c_str(), 0620), 0);
  EXPECT_EQ(LoadSecret(path).error().code(), Code::kPermissionDenied);
}

TEST_F(SecretTest, MissingIsNotFound) {
  Result<std::string> secret = LoadSecret(dir_ + "/none");
  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error().code(), Code::kNotFound);
}

TEST_F(SecretTest, GarbageRefused) {
  std::string path = dir_ + "/secret";
  {
    std::ofstream out(path);
    out << "not hex at all\n";
  }
  ASSERT_EQ(chmod(path.c_str(), 0600), 0);
  Result<std::string> secret = LoadSecret(path);
  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error().code(), Code::kInvalidArgument);

  {
    std::ofstream out(path);
    out << std::string(62, 'a') << "\n";  // 31 bytes: too short
  }
  EXPECT_EQ(LoadSecret(path).error().code(), Code::kInvalidArgument);
  {
    std::ofstream out(path);
    out << std::string(64, 'A') << "\n";  // upper case is fine
  }
  Result<std::string> upper = LoadSecret(path);
  ASSERT_TRUE(upper);
  EXPECT_EQ(*upper, std::string(32, '\xaa'));
}

TEST_F(SecretTest, DirectoryRefused) {
  ASSERT_EQ(mkdir((dir_ + "/d").c_str(), 0700), 0);
  EXPECT_EQ(LoadSecret(dir_ + "/d").error().code(), Code::kPermissionDenied);
}

TEST(HexTest, RoundTrip) {
  std::string bytes("\x00\x01\xfe\xff", 4);
  EXPECT_EQ(HexEncode(bytes), "0001feff");
  Result<std::string> back = HexDecode("0001FEff");
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, bytes);
  EXPECT_FALSE(HexDecode("abc"));
  EXPECT_FALSE(HexDecode("zz"));
}

}  // namespace
}  // namespace bramble::auth
