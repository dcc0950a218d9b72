#include "stepd/descendants.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

namespace bramble::stepd {
namespace {

bool Alive(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

pid_t ParentPid(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  size_t close = text.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(text.substr(close + 1));
  char state = 0;
  pid_t ppid = -1;
  rest >> state >> ppid;
  return ppid;
}

// A process that double-forks: its child reports the grandchild's pid and
// exits, leaving the grandchild an orphan, which a subreaper inherits.
pid_t StartOrphan() {
  int fds[2];
  if (::pipe(fds) != 0) return -1;
  pid_t child = ::fork();
  if (child == 0) {
    pid_t grandchild = ::fork();
    if (grandchild == 0) {
      ::close(fds[1]);
      ::pause();
      ::_exit(0);
    }
    ssize_t ignored = ::write(fds[1], &grandchild, sizeof grandchild);
    (void)ignored;
    ::_exit(0);
  }
  ::close(fds[1]);
  pid_t grandchild = -1;
  if (::read(fds[0], &grandchild, sizeof grandchild) != sizeof grandchild) grandchild = -1;
  ::close(fds[0]);
  ::waitpid(child, nullptr, 0);
  return grandchild;
}

TEST(KillAllChildren, KillsOrphansTheSubreaperInherited) {
  BecomeSubreaper();
  pid_t orphan = StartOrphan();
  ASSERT_GT(orphan, 0);
  // Reparenting happens as its parent exits, which waitpid has seen.
  EXPECT_EQ(ParentPid(orphan), ::getpid());
  KillAllChildren();
  EXPECT_FALSE(Alive(orphan));  // killed and reaped: the pid is gone
}

TEST(KillAllChildren, KillsChildrenOfEveryThread) {
  // The kernel lists a child under the thread that forked it.
  std::mutex mu;
  std::condition_variable cv;
  pid_t child = 0;
  bool release = false;
  std::thread forker([&] {
    pid_t pid = ::fork();
    if (pid == 0) {
      ::pause();
      ::_exit(0);
    }
    std::unique_lock<std::mutex> lock(mu);
    child = pid;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });  // stays alive while the children are killed
  });
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return child != 0; });
  }
  ASSERT_GT(child, 0);
  KillAllChildren();
  EXPECT_FALSE(Alive(child));
  {
    std::lock_guard<std::mutex> lock(mu);
    release = true;
  }
  cv.notify_all();
  forker.join();
}

}  // namespace
}  // namespace bramble::stepd
