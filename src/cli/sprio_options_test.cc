#include "cli/sprio_options.h"

#include <gtest/gtest.h>

#include <map>

namespace bramble::cli {
namespace {

Result<SprioOptions> Parse(std::vector<std::string> args, std::map<std::string, std::string> vars = {}) {
  args.insert(args.begin(), "sprio");
  return ParseSprioOptions(args, [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  });
}

std::string ErrorOf(std::vector<std::string> args) {
  Result<SprioOptions> result = Parse(std::move(args));
  EXPECT_FALSE(result.has_value());
  return result ? "" : result.error().message();
}

TEST(SprioOptionsTest, Defaults) {
  Result<SprioOptions> o = Parse({});
  ASSERT_TRUE(o.has_value());
  EXPECT_FALSE(o->no_header || o->long_format || o->normalized || o->weights || o->job_flag);
  EXPECT_TRUE(o->format.empty());
  EXPECT_TRUE(o->job_ids.empty());
}

TEST(SprioOptionsTest, JobListForms) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"-j", "12,13"}, {"-j12,13"}, {"--jobs=12,13"}, {"12,13", "-j"}, {"-j", "12_4,13"}}) {
    Result<SprioOptions> o = Parse(args);
    ASSERT_TRUE(o.has_value()) << args[0];
    EXPECT_TRUE(o->job_flag);
    EXPECT_EQ(o->job_ids, (std::vector<uint32_t>{12, 13})) << args[0];
  }
  EXPECT_EQ(ErrorOf({"-j", "x1"}), "sprio: error: Invalid job id: x1");
  EXPECT_EQ(ErrorOf({"-j", "0"}), "sprio: error: Invalid job id: 0");
  EXPECT_EQ(ErrorOf({"-j", "12_"}), "sprio: error: Invalid job id: 12_");
  EXPECT_EQ(ErrorOf({"-j", "1", "2"}).rfind("sprio: error: Unrecognized option: 2\nUsage: sprio", 0), 0u);
}

TEST(SprioOptionsTest, Flags) {
  Result<SprioOptions> o = Parse({"-h", "-l", "-n", "-w", "-u", "alice,bob", "-p", "debug", "-S", "-y", "-v"});
  ASSERT_TRUE(o.has_value());
  EXPECT_TRUE(o->no_header && o->long_format && o->normalized && o->weights);
  EXPECT_EQ(o->users, (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(o->partitions, std::vector<std::string>{"debug"});
  EXPECT_EQ(o->sort, "-y");
  EXPECT_EQ(o->verbose, 1);
  EXPECT_TRUE(Parse({"--noheader", "--long", "--norm", "--weights", "--user=x", "--partition=p"})->weights);
  EXPECT_TRUE(Parse({"--help"})->help);
  EXPECT_TRUE(Parse({"--usage"})->usage);
  EXPECT_TRUE(Parse({"-V"})->version);
  EXPECT_TRUE(Parse({"--version"})->version);
  EXPECT_TRUE(Parse({"-M", "c1", "--local", "--sibling", "--federation"}).has_value());
}

TEST(SprioOptionsTest, FormatSources) {
  EXPECT_EQ(Parse({"-o", "%i %Y"})->format, "%i %Y");
  EXPECT_EQ(Parse({}, {{"SPRIO_FORMAT", "%i"}})->format, "%i");
  EXPECT_EQ(Parse({"--format=%u"}, {{"SPRIO_FORMAT", "%i"}})->format, "%u");
  EXPECT_TRUE(Parse({"-l"}, {{"SPRIO_FORMAT", "%i"}})->format.empty());
  EXPECT_EQ(ErrorOf({"-l", "-o", "%i"}),
            "sprio: fatal: Options -o(--format) and -l(--long) are mutually exclusive. Please remove one and retry.");
}

TEST(SprioOptionsTest, UnknownOptionsUseGetoptWording) {
  EXPECT_EQ(ErrorOf({"--bogus"}), "sprio: unrecognized option '--bogus'\nTry \"sprio --help\" for more information");
  EXPECT_EQ(ErrorOf({"-x"}), "sprio: invalid option -- 'x'\nTry \"sprio --help\" for more information");
  EXPECT_EQ(ErrorOf({"-o"}), "sprio: option requires an argument -- 'o'\nTry \"sprio --help\" for more information");
}

}  // namespace
}  // namespace bramble::cli
