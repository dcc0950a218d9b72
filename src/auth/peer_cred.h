// Who is on the other end of a unix socket, as the kernel saw it at
// connect() time (SO_PEERCRED). The node daemon's signer uses this, never the
// client's own word, to decide which uid/gid to sign for (docs/auth.md).
#pragma once

#include <cstdint>
#include <utility>

#include "base/status.h"

namespace bramble::auth {

// The (uid, gid) of the process that connected `unix_socket_fd` (or created
// the socketpair). kIo when getsockopt fails (e.g. not a unix socket).
Result<std::pair<uint32_t, uint32_t>> PeerCredentials(int unix_socket_fd);

}  // namespace bramble::auth
