// The frame server; see rpc_server.h.
#include "net/rpc_server.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "auth/peer_cred.h"
#include "common/log.h"
#include "net/frame.h"

namespace bramble::net {

RpcServer::RpcServer(asio::io_context& io, std::string name, Authenticator authenticate, Handler handler)
    : io_(io), name_(std::move(name)), authenticate_(std::move(authenticate)), handler_(std::move(handler)) {}

Status RpcServer::ListenTcp(const std::string& addr, uint16_t port) {
  asio::error_code ec;
  auto address = asio::ip::make_address(addr, ec);
  if (ec) return InvalidArgument("bad listen address " + addr + ": " + ec.message());
  asio::ip::tcp::acceptor acceptor(io_);
  asio::ip::tcp::endpoint endpoint(address, port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Unavailable("cannot listen on " + addr + ":" + std::to_string(port) + ": " + ec.message());
  bound_port_ = acceptor.local_endpoint().port();
  asio::co_spawn(io_, AcceptLoop(std::move(acceptor)), asio::detached);
  return Status::Ok();
}

Status RpcServer::ListenUnix(const std::string& path, mode_t mode) {
  ::unlink(path.c_str());  // a stale socket from a previous run
  asio::error_code ec;
  asio::local::stream_protocol::acceptor acceptor(io_);
  asio::local::stream_protocol::endpoint endpoint(path);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Unavailable("cannot listen on " + path + ": " + ec.message());
  if (::chmod(path.c_str(), mode) != 0) return IoError("chmod " + path + " failed");
  asio::co_spawn(io_, AcceptLoop(std::move(acceptor)), asio::detached);
  return Status::Ok();
}

template <typename Acceptor>
asio::awaitable<void> RpcServer::AcceptLoop(Acceptor acceptor) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::experimental::as_tuple(asio::use_awaitable));
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      spdlog::warn("{}: accept failed: {}", name_, ec.message());
      continue;
    }
    CallContext ctx;
    if constexpr (std::is_same_v<decltype(socket), asio::ip::tcp::socket>) {
      asio::error_code ep_ec;
      auto remote = socket.remote_endpoint(ep_ec);
      ctx.peer = ep_ec ? "tcp" : remote.address().to_string() + ":" + std::to_string(remote.port());
      socket.set_option(asio::ip::tcp::no_delay(true), ep_ec);
    } else {
      ctx.peer = "unix";
      auto ids = auth::PeerCredentials(socket.native_handle());
      if (ids) {
        ctx.peer_uid = ids->first;
        ctx.peer_gid = ids->second;
      }
    }
    asio::co_spawn(io_, Serve(std::move(socket), std::move(ctx)), asio::detached);
  }
}

template <typename Socket>
asio::awaitable<void> RpcServer::Serve(Socket socket, CallContext ctx) {
  asio::steady_timer idle(io_);
  auto arm = [&] {
    idle.expires_after(kIdleTimeout);
    idle.async_wait([&socket](asio::error_code ec) {
      if (!ec) socket.close();
    });
  };
  for (;;) {
    arm();
    unsigned char header[kFrameHeaderBytes];
    auto [ec1, n1] = co_await asio::async_read(socket, asio::buffer(header), asio::experimental::as_tuple(asio::use_awaitable));
    if (ec1) {
      // A clean close between frames is normal; one inside the header is not.
      if (n1 != 0) spdlog::warn("{}: truncated frame header from {} ({} of {} bytes)", name_, ctx.peer, n1, kFrameHeaderBytes);
      break;
    }
    auto length = DecodeFrameLength(header);
    if (!length) {
      spdlog::warn("{}: refused frame from {}: {}", name_, ctx.peer, length.error().message());
      break;
    }
    // The payload grows as its bytes arrive, so a peer that announces 16 MiB
    // and sends nothing holds one chunk of memory, not the whole frame.
    std::string payload;
    bool complete = true;
    while (payload.size() < *length) {
      size_t have = payload.size();
      size_t want = std::min<size_t>(*length - have, kReadChunkBytes);
      payload.resize(have + want);
      auto [ec2, n2] = co_await asio::async_read(socket, asio::buffer(payload.data() + have, want),
                                                 asio::experimental::as_tuple(asio::use_awaitable));
      if (ec2) {
        spdlog::warn("{}: truncated frame from {} ({} of {} bytes)", name_, ctx.peer, have + n2, *length);
        complete = false;
        break;
      }
    }
    if (!complete) break;
    idle.cancel();
    bool refused = false;
    std::string frame = EncodeFrame(SealEnvelope(Dispatch(payload, ctx, refused).TakeBytes(), nullptr));
    auto [ec3, n3] = co_await asio::async_write(socket, asio::buffer(frame), asio::experimental::as_tuple(asio::use_awaitable));
    if (ec3 || refused) break;  // a peer that sent garbage gets no second chance
  }
  idle.cancel();
  asio::error_code ignored;
  socket.close(ignored);
}

Reply RpcServer::Dispatch(const std::string& payload, CallContext& ctx, bool& refused) {
  refused = true;
  auto envelope = OpenEnvelope(payload);
  if (!envelope) {
    spdlog::warn("{}: refused message from {}: {}", name_, ctx.peer, envelope.error().message());
    return ErrorResponse(Code::kInvalidArgument, envelope.error().message());
  }
  Status auth = authenticate_(*envelope, ctx);
  if (!auth.ok()) {
    spdlog::warn("{}: refused unauthenticated message from {}: {}", name_, ctx.peer, auth.message());
    return ErrorResponse(Code::kUnauthenticated, "Authentication failure: " + auth.message());
  }
  auto request = ParseRequest(envelope->body());
  if (!request) {
    spdlog::warn("{}: refused message from {}: {}", name_, ctx.peer, request.error().message());
    return ErrorResponse(Code::kInvalidArgument, request.error().message());
  }
  refused = false;
  return handler_(ctx, *request);
}

}  // namespace bramble::net
