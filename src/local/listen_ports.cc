// Listening ports for `bramble up`; see listen_ports.h.
#include "local/listen_ports.h"

#include <asio.hpp>
#include <fstream>
#include <random>

namespace bramble::local {
namespace {

// Below this are the well-known services a machine may start later.
constexpr uint32_t kLowestPort = 10000;

// Whether a listener could bind 127.0.0.1:port now (with SO_REUSEADDR, as the
// daemons bind, so a connection in TIME_WAIT does not count as taken).
bool CanBind(asio::io_context& io, uint16_t port) {
  asio::ip::tcp::acceptor acceptor(io);
  asio::error_code ec;
  acceptor.open(asio::ip::tcp::v4(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(asio::ip::tcp::endpoint(asio::ip::address_v4::loopback(), port), ec);
  return !ec;
}

}  // namespace

std::pair<uint16_t, uint16_t> EphemeralPortRange(const std::string& path) {
  std::ifstream in(path);
  uint32_t low = 0, high = 0;
  if (in >> low >> high && low >= 1 && low <= high && high <= 65535) {
    return {static_cast<uint16_t>(low), static_cast<uint16_t>(high)};
  }
  return {32768, 60999};
}

Result<std::vector<uint16_t>> PickListenPorts(size_t count) {
  auto [ephemeral_low, ephemeral_high] = EphemeralPortRange();
  // Every port outside the ephemeral range and above the well-known ones.
  std::vector<uint16_t> candidates;
  for (uint32_t p = kLowestPort; p <= 65535; ++p) {
    if (p < ephemeral_low || p > ephemeral_high) candidates.push_back(static_cast<uint16_t>(p));
  }
  asio::io_context io;
  std::vector<uint16_t> ports;
  if (!candidates.empty()) {
    std::random_device random;
    size_t start = std::uniform_int_distribution<size_t>(0, candidates.size() - 1)(random);
    for (size_t i = 0; i < candidates.size() && ports.size() < count; ++i) {
      uint16_t port = candidates[(start + i) % candidates.size()];
      if (CanBind(io, port)) ports.push_back(port);
    }
  }
  if (ports.size() == count) return ports;
  // The ephemeral range covers (nearly) every port: let the kernel choose,
  // which risks the race above but is the best this machine allows.
  // All are held open until the last is bound, so that they differ.
  ports.clear();
  std::vector<asio::ip::tcp::acceptor> held;
  for (size_t i = 0; i < count; ++i) {
    asio::error_code ec;
    held.emplace_back(io);
    held.back().open(asio::ip::tcp::v4(), ec);
    if (!ec) held.back().bind(asio::ip::tcp::endpoint(asio::ip::address_v4::loopback(), 0), ec);
    if (ec) return IoError("cannot bind a port on 127.0.0.1: " + ec.message());
    ports.push_back(held.back().local_endpoint().port());
  }
  return ports;
}

}  // namespace bramble::local
