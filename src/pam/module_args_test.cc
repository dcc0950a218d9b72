#include "pam/module_args.h"

#include <gtest/gtest.h>

#include <vector>

namespace bramble::pam {
namespace {

ModuleArgs Parse(std::vector<const char*> argv) { return ParseModuleArgs(static_cast<int>(argv.size()), argv.data()); }

TEST(ParseModuleArgs, DefaultsWithoutArguments) {
  ModuleArgs args = Parse({});
  EXPECT_EQ(args.socket_path, "/run/bramble/node.sock");
  EXPECT_FALSE(args.adopt);
  EXPECT_TRUE(args.warnings.empty());
}

TEST(ParseModuleArgs, SocketAndAdopt) {
  ModuleArgs args = Parse({"socket=/tmp/c/run/node01.sock", "adopt"});
  EXPECT_EQ(args.socket_path, "/tmp/c/run/node01.sock");
  EXPECT_TRUE(args.adopt);
  EXPECT_TRUE(args.warnings.empty());
}

TEST(ParseModuleArgs, UnknownArgumentsAreReportedAndIgnored) {
  ModuleArgs args = Parse({"debug", "adopt", "Socket=/x"});
  EXPECT_TRUE(args.adopt);
  EXPECT_EQ(args.socket_path, "/run/bramble/node.sock");
  ASSERT_EQ(args.warnings.size(), 2u);
  EXPECT_EQ(args.warnings[0], "unknown argument 'debug' ignored");
  EXPECT_EQ(args.warnings[1], "unknown argument 'Socket=/x' ignored");
}

// A malformed path is kept, not replaced by the default: the query fails and
// access is denied rather than asking some other daemon.
TEST(ParseModuleArgs, MalformedSocketIsKeptAndReported) {
  for (const char* arg : {"socket=", "socket=run/node.sock"}) {
    ModuleArgs args = Parse({arg});
    EXPECT_EQ(args.socket_path, std::string(arg).substr(7)) << arg;
    ASSERT_EQ(args.warnings.size(), 1u) << arg;
    EXPECT_NE(args.warnings[0].find("absolute path"), std::string::npos) << arg;
  }
}

TEST(ParseModuleArgs, LastSocketWins) {
  EXPECT_EQ(Parse({"socket=/a.sock", "socket=/b.sock"}).socket_path, "/b.sock");
}

TEST(ParseModuleArgs, NullArgumentIsUnknown) {
  ModuleArgs args = Parse({nullptr});
  EXPECT_EQ(args.warnings.size(), 1u);
}

}  // namespace
}  // namespace bramble::pam
