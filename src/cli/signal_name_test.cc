#include "cli/signal_name.h"

#include <gtest/gtest.h>

#include <csignal>

namespace bramble::cli {
namespace {

TEST(ParseSignalTest, NamesWithAndWithoutPrefix) {
  EXPECT_EQ(*ParseSignal("TERM"), SIGTERM);
  EXPECT_EQ(*ParseSignal("SIGTERM"), SIGTERM);
  EXPECT_EQ(*ParseSignal("USR1"), SIGUSR1);
  EXPECT_EQ(*ParseSignal("SIGUSR2"), SIGUSR2);
  EXPECT_EQ(*ParseSignal("KILL"), SIGKILL);
  EXPECT_EQ(*ParseSignal("CONT"), SIGCONT);
}

TEST(ParseSignalTest, CaseInsensitive) {
  EXPECT_EQ(*ParseSignal("sigterm"), SIGTERM);
  EXPECT_EQ(*ParseSignal("usr1"), SIGUSR1);
  EXPECT_EQ(*ParseSignal("Hup"), SIGHUP);
}

TEST(ParseSignalTest, Numbers) {
  EXPECT_EQ(*ParseSignal("15"), 15);
  EXPECT_EQ(*ParseSignal("9"), 9);
  EXPECT_EQ(*ParseSignal("64"), 64);
}

TEST(ParseSignalTest, Rejects) {
  for (const char* bad : {"", "0", "65", "1000", "-1", "FOO", "SIG", "SIGFOO", "TERM ", "15x", "USR3"}) {
    auto result = ParseSignal(bad);
    EXPECT_FALSE(result.has_value()) << bad;
    if (!result) {
      EXPECT_EQ(result.error().code(), Code::kInvalidArgument);
    }
  }
}

TEST(SignalNameTest, RoundTrip) {
  EXPECT_EQ(SignalName(SIGTERM), "TERM");
  EXPECT_EQ(SignalName(SIGKILL), "KILL");
  EXPECT_EQ(SignalName(40), "40");
  for (const char* name : {"HUP", "INT", "USR1", "USR2", "TERM", "KILL", "CONT", "STOP"}) {
    EXPECT_EQ(SignalName(*ParseSignal(name)), name);
  }
}

}  // namespace
}  // namespace bramble::cli
