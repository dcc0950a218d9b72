// Blocking calls with a deadline: one request frame out, one response frame
// back, over TCP or a unix socket. Used by the CLI and by daemons' worker
// threads (never on an event-loop thread).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::net {

// Sends a sealed envelope (net/frame.h SealEnvelope) and returns the parsed
// response. Errors: kUnavailable when the peer cannot be reached or closes
// early, kDeadlineExceeded when the whole exchange overruns `deadline`,
// kInvalidArgument for a malformed answer.
Result<proto::Response> CallTcp(const std::string& host, uint16_t port, const std::string& envelope,
                                std::chrono::milliseconds deadline);
Result<proto::Response> CallUnix(const std::string& path, const std::string& envelope,
                                 std::chrono::milliseconds deadline);
// As CallUnix, but nullopt when nobody could be reached at `path` (no such
// socket, refused, not allowed, a path too long for a socket): nothing was
// sent then, so the caller may safely go another way.
std::optional<Result<proto::Response>> CallUnixIfListening(const std::string& path, const std::string& envelope,
                                                           std::chrono::milliseconds deadline);

}  // namespace bramble::net
