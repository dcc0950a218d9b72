#include "local/listen_ports.h"

#include <gtest/gtest.h>

#include <asio.hpp>
#include <cstdio>
#include <fstream>
#include <algorithm>
#include <set>

namespace bramble::local {
namespace {

using Range = std::pair<uint16_t, uint16_t>;

std::string WriteRange(const std::string& text) {
  std::string path = testing::TempDir() + "/port_range";
  std::ofstream(path) << text;
  return path;
}

TEST(EphemeralPortRange, ReadsTheKernelsFormat) {
  EXPECT_EQ(EphemeralPortRange(WriteRange("32768\t60999\n")), Range(32768, 60999));
  EXPECT_EQ(EphemeralPortRange(WriteRange("1024 65535\n")), Range(1024, 65535));
}

TEST(EphemeralPortRange, FallsBackToLinuxsDefaultOnNonsense) {
  Range linux_default(32768, 60999);
  EXPECT_EQ(EphemeralPortRange(WriteRange("")), linux_default);
  EXPECT_EQ(EphemeralPortRange(WriteRange("60999 32768")), linux_default);
  EXPECT_EQ(EphemeralPortRange(WriteRange("1 70000")), linux_default);
  EXPECT_EQ(EphemeralPortRange(testing::TempDir() + "/no_such_file"), linux_default);
}

// The ports must differ, be free, and stay clear of the range the kernel
// takes outgoing connections' local ports from.
TEST(PickListenPorts, DistinctFreePortsOutsideTheEphemeralRange) {
  auto [low, high] = EphemeralPortRange();
  if (low <= 10000 && high == 65535) GTEST_SKIP() << "this machine's ephemeral range leaves no port outside it";
  auto ports = PickListenPorts(300);
  ASSERT_TRUE(ports.has_value()) << ports.status().message();
  ASSERT_EQ(ports->size(), 300u);
  EXPECT_EQ(std::set<uint16_t>(ports->begin(), ports->end()).size(), 300u);
  asio::io_context io;
  for (uint16_t port : *ports) {
    EXPECT_TRUE(port < low || port > high) << port;
    EXPECT_GE(port, 10000) << port;
    asio::ip::tcp::acceptor acceptor(io, asio::ip::tcp::endpoint(asio::ip::address_v4::loopback(), port));
    EXPECT_TRUE(acceptor.is_open()) << port;
  }
}

TEST(PickListenPorts, SkipsAPortSomethingListensOn) {
  asio::io_context io;
  // Take every port outside the range that the first pick returns, then pick again:
  // none of the taken ones may come back.
  auto first = PickListenPorts(50);
  ASSERT_TRUE(first.has_value()) << first.status().message();
  std::vector<asio::ip::tcp::acceptor> taken;
  for (uint16_t port : *first) taken.emplace_back(io, asio::ip::tcp::endpoint(asio::ip::address_v4::loopback(), port));
  auto second = PickListenPorts(50);
  ASSERT_TRUE(second.has_value()) << second.status().message();
  for (uint16_t port : *second) {
    EXPECT_EQ(std::count(first->begin(), first->end(), port), 0) << port;
  }
}

}  // namespace
}  // namespace bramble::local
