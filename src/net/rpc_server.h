// A frame server over Asio: accepts TCP or unix-socket connections on the
// daemon's event loop, reads one request frame at a time, authenticates it,
// hands it to the daemon's handler and writes the response frame.
//
// Bad input never stops the server: an oversized or malformed frame is
// logged and answered with an error (when a reply is possible), then the
// connection is closed. A connection idle for kIdleTimeout is closed.
#pragma once

#include <sys/types.h>

#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "base/status.h"
#include "net/reply.h"
#include "proto/bramble.pb.h"

namespace bramble::net {

// What the server knows about a caller.
struct CallContext {
  std::string peer;                    // "127.0.0.1:40112" or "unix"
  std::optional<uint32_t> peer_uid;    // unix sockets: from SO_PEERCRED
  std::optional<uint32_t> peer_gid;
  proto::Credential credential;        // as verified by the Authenticator
};

// Checks an envelope (its credential against its body) and may fill ctx.
// A failure is answered with Code::kUnauthenticated and logged.
using Authenticator = std::function<Status(const proto::Envelope&, CallContext&)>;
// Runs on the event-loop thread; returns the response to send.
using Handler = std::function<Reply(const CallContext&, const proto::Request&)>;

class RpcServer {
 public:
  RpcServer(asio::io_context& io, std::string name, Authenticator authenticate, Handler handler);

  // Listens on addr:port (port 0 = any; BoundPort() tells which).
  Status ListenTcp(const std::string& addr, uint16_t port);
  // Listens on a unix socket at path with the given mode (replacing a stale file).
  Status ListenUnix(const std::string& path, mode_t mode);
  uint16_t BoundPort() const { return bound_port_; }

  // A whole frame (not just its first byte) must arrive within this.
  static constexpr std::chrono::seconds kIdleTimeout{60};
  // Payloads are read in chunks of this size: memory follows the bytes a
  // peer actually sent, not the length it claimed (up to kMaxFrameBytes).
  static constexpr size_t kReadChunkBytes = 64 * 1024;

 private:
  template <typename Acceptor>
  asio::awaitable<void> AcceptLoop(Acceptor acceptor);
  template <typename Socket>
  asio::awaitable<void> Serve(Socket socket, CallContext ctx);
  // Sets refused when the message was not let through to the handler.
  Reply Dispatch(const std::string& payload, CallContext& ctx, bool& refused);

  asio::io_context& io_;
  std::string name_;
  Authenticator authenticate_;
  Handler handler_;
  uint16_t bound_port_ = 0;
};

}  // namespace bramble::net
