// Blocking calls with a deadline; see rpc_client.h. Each call runs its own
// small io_context for at most the deadline, so nothing can hang a caller.
#include "net/rpc_client.h"

#include <sys/un.h>

#include <asio.hpp>

#include "net/frame.h"

namespace bramble::net {
namespace {

// Writes the frame, reads the reply frame, all under one deadline.
template <typename Socket>
Result<proto::Response> Exchange(asio::io_context& io, Socket& socket, const std::string& envelope,
                                 std::chrono::steady_clock::time_point deadline) {
  std::string frame = EncodeFrame(envelope);
  unsigned char header[kFrameHeaderBytes];
  std::string payload;
  asio::error_code result = asio::error::would_block;
  asio::async_write(socket, asio::buffer(frame), [&](asio::error_code ec, size_t) {
    if (ec) {
      result = ec;
      return;
    }
    asio::async_read(socket, asio::buffer(header), [&](asio::error_code ec2, size_t) {
      if (ec2) {
        result = ec2;
        return;
      }
      auto length = DecodeFrameLength(header);
      if (!length) {
        result = asio::error::message_size;
        return;
      }
      payload.resize(*length);
      asio::async_read(socket, asio::buffer(payload), [&](asio::error_code ec3, size_t) {
        result = ec3 ? ec3 : asio::error_code();
      });
    });
  });
  io.restart();
  io.run_until(deadline);
  if (result == asio::error::would_block) {
    return Status(Code::kDeadlineExceeded, "Socket timed out on send/recv operation");
  }
  if (result == asio::error::message_size) return InvalidArgument("oversized response");
  if (result) return Unavailable("Unable to contact slurm controller (connect failure)");
  auto opened = OpenEnvelope(payload);
  if (!opened) return opened.status();
  return ParseResponse(opened->body());
}

// not_reached, when given, is set when the connection failed (not timed out):
// nothing was sent.
template <typename Socket, typename Endpoints>
Result<proto::Response> ConnectAndExchange(Endpoints endpoints, const std::string& envelope,
                                           std::chrono::milliseconds timeout, bool* not_reached = nullptr) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  asio::io_context io;
  Socket socket(io);
  asio::error_code connect_result = asio::error::would_block;
  asio::async_connect(socket, endpoints, [&](asio::error_code ec, const auto&) { connect_result = ec; });
  io.run_until(deadline);
  if (connect_result == asio::error::would_block) {
    return Status(Code::kDeadlineExceeded, "Socket timed out on send/recv operation");
  }
  if (connect_result) {
    if (not_reached != nullptr) *not_reached = true;
    return Unavailable("Unable to contact slurm controller (connect failure)");
  }
  return Exchange(io, socket, envelope, deadline);
}

}  // namespace

Result<proto::Response> CallTcp(const std::string& host, uint16_t port, const std::string& envelope,
                                std::chrono::milliseconds deadline) {
  asio::io_context resolver_io;
  asio::ip::tcp::resolver resolver(resolver_io);
  asio::error_code ec;
  auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) return Unavailable("Unable to contact slurm controller (connect failure)");
  return ConnectAndExchange<asio::ip::tcp::socket>(endpoints, envelope, deadline);
}

Result<proto::Response> CallUnix(const std::string& path, const std::string& envelope,
                                 std::chrono::milliseconds deadline) {
  if (auto result = CallUnixIfListening(path, envelope, deadline)) return *result;
  return Unavailable("Unable to contact slurm controller (connect failure)");
}

std::optional<Result<proto::Response>> CallUnixIfListening(const std::string& path, const std::string& envelope,
                                                           std::chrono::milliseconds deadline) {
  if (path.empty() || path.size() >= sizeof(sockaddr_un::sun_path)) return std::nullopt;
  std::vector<asio::local::stream_protocol::endpoint> endpoints{asio::local::stream_protocol::endpoint(path)};
  bool not_reached = false;
  auto result = ConnectAndExchange<asio::local::stream_protocol::socket>(endpoints, envelope, deadline, &not_reached);
  if (not_reached) return std::nullopt;
  return result;
}

}  // namespace bramble::net
