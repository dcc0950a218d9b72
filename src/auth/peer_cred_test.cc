// Tests for SO_PEERCRED lookup.
#include "auth/peer_cred.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bramble::auth {
namespace {

TEST(PeerCredentialsTest, SocketPair) {
  int fds[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  auto ids = PeerCredentials(fds[0]);
  ASSERT_TRUE(ids) << ids.error().message();
  EXPECT_EQ(ids->first, getuid());
  EXPECT_EQ(ids->second, getgid());
  close(fds[0]);
  close(fds[1]);
}

TEST(PeerCredentialsTest, NotASocket) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  auto ids = PeerCredentials(fds[0]);
  EXPECT_FALSE(ids);
  EXPECT_EQ(ids.error().code(), Code::kIo);
  close(fds[0]);
  close(fds[1]);
}

}  // namespace
}  // namespace bramble::auth
