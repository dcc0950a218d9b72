// SO_PEERCRED lookup (see peer_cred.h). Linux-only, like the rest of Bramble.
#include "auth/peer_cred.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace bramble::auth {

Result<std::pair<uint32_t, uint32_t>> PeerCredentials(int unix_socket_fd) {
  struct ucred cred {};
  socklen_t len = sizeof cred;
  if (getsockopt(unix_socket_fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
    return IoError(std::string("getsockopt(SO_PEERCRED): ") + std::strerror(errno));
  }
  if (len != sizeof cred) return IoError("getsockopt(SO_PEERCRED): short reply");
  // A socket with no recorded peer (TCP, unconnected) reports uid/gid -1.
  if (cred.uid == static_cast<uid_t>(-1) || cred.gid == static_cast<gid_t>(-1)) {
    return IoError("getsockopt(SO_PEERCRED): no peer credentials (not a connected unix socket)");
  }
  return std::make_pair(static_cast<uint32_t>(cred.uid), static_cast<uint32_t>(cred.gid));
}

}  // namespace bramble::auth
