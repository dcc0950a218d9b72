#include "local/daemon_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace bramble::local {
namespace {

namespace fs = std::filesystem;

// A child running a private copy of sleep, so the test can delete its binary.
class SleepingCopy : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(testing::TempDir() + "/live_pid_" + std::to_string(::getpid())).lexically_normal().string();
    fs::create_directories(dir_);
    exe_ = dir_ + "/sleeper";
    fs::copy_file("/bin/sleep", exe_, fs::copy_options::overwrite_existing);
    fs::permissions(exe_, fs::perms::owner_all);
    pid_ = ::fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
      ::execl(exe_.c_str(), "sleeper", "30", nullptr);
      ::_exit(127);
    }
    // Bounded wait until the child has exec'd (its exe is the copy).
    for (int i = 0; i < 500 && fs::read_symlink("/proc/" + std::to_string(pid_) + "/exe", ec_) != exe_; ++i) {
      ::usleep(10000);
    }
    pid_file_ = dir_ + "/sleeper.pid";
    std::ofstream(pid_file_) << pid_ << "\n";
  }
  void TearDown() override {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    fs::remove_all(dir_, ec_);
  }
  std::string dir_, exe_, pid_file_;
  pid_t pid_ = -1;
  std::error_code ec_;
};

TEST_F(SleepingCopy, TheSameBinaryIsLive) { EXPECT_EQ(LivePid(pid_file_, exe_), pid_); }

// `bramble up` starts node daemons with `bramble node`, which hands over to
// bramble-node: `down` must still find them. (A renamed binary's process
// shows the new name in /proc/PID/exe.)
TEST_F(SleepingCopy, TheNodeBinaryBesideItIsLive) {
  fs::rename(exe_, dir_ + "/bramble-node");
  EXPECT_EQ(LivePid(pid_file_, dir_ + "/bramble"), pid_);
  EXPECT_EQ(LivePid(pid_file_, dir_ + "/other/bramble"), 0);
}

TEST_F(SleepingCopy, AnotherBinaryIsNot) { EXPECT_EQ(LivePid(pid_file_, "/bin/sleep"), 0); }

// `down` after a rebuild: the daemon's binary was replaced, and it is still ours.
TEST_F(SleepingCopy, ABinaryReplacedSinceStartIsStillLive) {
  fs::remove(exe_);
  fs::copy_file("/bin/sleep", exe_);
  EXPECT_EQ(LivePid(pid_file_, exe_), pid_);
}

TEST_F(SleepingCopy, AnEndedProcessIsNot) {
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  EXPECT_EQ(LivePid(pid_file_, exe_), 0);
  pid_ = -1;
}

}  // namespace
}  // namespace bramble::local
