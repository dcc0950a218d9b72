#include "cli/getopt_runner.h"

#include <gtest/gtest.h>

namespace bramble::cli {
namespace {

using Args = std::vector<std::string>;

enum : int { kOptLongOnly = 0x100 };

// A small table with every kind of row: required, optional and no argument,
// two long names for one id, a long-only option and one for another command.
constexpr OptionSpec kTable[] = {
    {"signal", required_argument, 's', 1},
    {"batch", no_argument, 'b', 1},
    {"jobs", optional_argument, 'j', 1},
    {"node", required_argument, 'w', 1},
    {"nodelist", required_argument, 'w', 1},
    {"noheader", no_argument, 'h', 1},
    {"long-only", no_argument, kOptLongOnly, 1},
    {"srun-only", no_argument, 0x300, 2},
};

std::string ErrorOf(const Args& args) {
  auto out = RunGetopt("scancel", kTable, args, ArgOrder::kPermute, 1);
  EXPECT_FALSE(out.has_value());
  return out ? "" : out.error().message();
}

TEST(GetoptRunnerTest, PermuteCollectsOperandsAnywhere) {
  auto out = RunGetopt("scancel", kTable, {"12", "--signal", "USR1", "13", "-b", "--", "-14"}, ArgOrder::kPermute, 1);
  ASSERT_TRUE(out.has_value()) << out.error().message();
  EXPECT_EQ(out->operands, (Args{"12", "13", "-14"}));
  ASSERT_EQ(out->options.size(), 2u);
  EXPECT_EQ(out->options[0].id, 's');
  EXPECT_EQ(*out->options[0].value, "USR1");
  EXPECT_EQ(out->options[1].id, 'b');
  EXPECT_FALSE(out->options[1].value.has_value());
  auto other = RunGetopt("scancel", kTable, {"--srun-only"}, ArgOrder::kPermute, 1);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().message(),
            "scancel: unrecognized option '--srun-only'\nTry \"scancel --help\" for more information");
}

TEST(GetoptRunnerTest, StopAtFirstOperand) {
  auto out = RunGetopt("sbatch", kTable, {"-b", "script.sh", "-s", "USR1"}, ArgOrder::kStopAtFirstOperand);
  ASSERT_TRUE(out.has_value()) << out.error().message();
  ASSERT_EQ(out->options.size(), 1u);
  EXPECT_EQ(out->options[0].id, 'b');
  EXPECT_EQ(out->operands, (Args{"script.sh", "-s", "USR1"}));
}

TEST(GetoptRunnerTest, OptionForms) {
  auto out = RunGetopt("squeue", kTable, {"-j", "5", "-j6", "--jobs=7", "--sig=TERM", "-bh", "--long-only"},
                       ArgOrder::kPermute);
  ASSERT_TRUE(out.has_value()) << out.error().message();
  ASSERT_EQ(out->options.size(), 7u);
  EXPECT_FALSE(out->options[0].value.has_value());  // an optional argument must be attached
  EXPECT_EQ(*out->options[1].value, "6");
  EXPECT_EQ(*out->options[2].value, "7");
  EXPECT_EQ(out->options[3].id, 's');
  EXPECT_EQ(*out->options[3].value, "TERM");
  EXPECT_EQ(out->options[4].id, 'b');
  EXPECT_EQ(out->options[5].id, 'h');
  EXPECT_EQ(out->options[6].id, kOptLongOnly);
  EXPECT_EQ(out->operands, (Args{"5"}));
}

TEST(GetoptRunnerTest, GlibcMessages) {
  const std::string try_help = "\nTry \"scancel --help\" for more information";
  EXPECT_EQ(ErrorOf({"--foo=bar"}), "scancel: unrecognized option '--foo=bar'" + try_help);
  EXPECT_EQ(ErrorOf({"-z"}), "scancel: invalid option -- 'z'" + try_help);
  EXPECT_EQ(ErrorOf({"-bz"}), "scancel: invalid option -- 'z'" + try_help);
  EXPECT_EQ(ErrorOf({"-s"}), "scancel: option requires an argument -- 's'" + try_help);
  EXPECT_EQ(ErrorOf({"--sig"}), "scancel: option '--signal' requires an argument" + try_help);
  EXPECT_EQ(ErrorOf({"--batch=1"}), "scancel: option '--batch' doesn't allow an argument" + try_help);
  EXPECT_EQ(ErrorOf({"--long-only=1"}), "scancel: option '--long-only' doesn't allow an argument" + try_help);
  // An abbreviation is named in full; one of several options is ambiguous,
  // named as typed, "=value" included.
  EXPECT_EQ(ErrorOf({"--nodel"}), "scancel: option '--nodelist' requires an argument" + try_help);
  std::string ambiguous = ErrorOf({"--no=x"});
  EXPECT_EQ(ambiguous.rfind("scancel: option '--no=x' is ambiguous; possibilities: '--node'", 0), 0u) << ambiguous;
  EXPECT_NE(ambiguous.find(" '--noheader'"), std::string::npos) << ambiguous;
  // An unknown short option inside a word is reported as such, even when
  // the word before it is a long option.
  EXPECT_EQ(ErrorOf({"--noheader", "-zb"}), "scancel: invalid option -- 'z'" + try_help);
}

TEST(GetoptRunnerTest, ReusableAfterAnError) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(RunGetopt("scancel", kTable, {"-bz"}, ArgOrder::kPermute).has_value());
    auto out = RunGetopt("scancel", kTable, {"-bs9", "x"}, ArgOrder::kPermute);
    ASSERT_TRUE(out.has_value()) << out.error().message();
    ASSERT_EQ(out->options.size(), 2u);
    EXPECT_EQ(*out->options[1].value, "9");
  }
}

}  // namespace
}  // namespace bramble::cli
