#include "cli/directives.h"

#include <gtest/gtest.h>

namespace bramble::cli {
namespace {

using Args = std::vector<std::string>;

Args Split(std::string_view text) {
  auto result = SplitDirectiveArguments(text);
  EXPECT_TRUE(result.has_value()) << text;
  return result ? *result : Args{};
}

Args Directives(std::string_view script) {
  auto result = ScriptDirectiveArguments(script);
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message());
  return result ? *result : Args{};
}

TEST(SplitDirectiveArgumentsTest, Whitespace) {
  EXPECT_EQ(Split(" --time=5 -N 2\t--mem 4G "), (Args{"--time=5", "-N", "2", "--mem", "4G"}));
  EXPECT_EQ(Split(""), Args{});
  EXPECT_EQ(Split("   "), Args{});
}

TEST(SplitDirectiveArgumentsTest, Quotes) {
  EXPECT_EQ(Split(R"(--comment="two words" -J 'my job')"), (Args{"--comment=two words", "-J", "my job"}));
  EXPECT_EQ(Split(R"(--comment="it's" -J 'say "hi"')"), (Args{"--comment=it's", "-J", R"(say "hi")"}));
  EXPECT_EQ(Split(R"(--comment="a # not a comment")"), (Args{"--comment=a # not a comment"}));
  EXPECT_EQ(Split(R"(--comment "")"), (Args{"--comment", ""}));
  EXPECT_EQ(Split(R"(a"b c"d)"), (Args{"ab cd"}));
}

TEST(SplitDirectiveArgumentsTest, Escapes) {
  EXPECT_EQ(Split(R"(--comment=\"quoted\")"), (Args{R"(--comment="quoted")"}));
  EXPECT_EQ(Split(R"(--comment=\#1)"), (Args{"--comment=#1"}));
  EXPECT_EQ(Split(R"(a\ b)"), (Args{"a b"}));
  EXPECT_EQ(Split(R"("in \" quotes")"), (Args{R"(in " quotes)"}));
}

TEST(SplitDirectiveArgumentsTest, CommentEndsLine) {
  EXPECT_EQ(Split("--time=5 # five minutes -N 3"), (Args{"--time=5"}));
  EXPECT_EQ(Split("--time=5#comment"), (Args{"--time=5"}));
  EXPECT_EQ(Split("# all comment"), Args{});
}

TEST(SplitDirectiveArgumentsTest, UnmatchedQuote) {
  EXPECT_FALSE(SplitDirectiveArguments(R"(--comment="open)").has_value());
  EXPECT_FALSE(SplitDirectiveArguments("-J 'open").has_value());
}

TEST(ScriptDirectiveArgumentsTest, CollectsUntilFirstCommand) {
  const char* script =
      "#!/bin/bash\n"
      "#SBATCH --job-name=test\n"
      "\n"
      "# a comment\n"
      "   # an indented comment\n"
      "#SBATCH -N 2 --time 10\n"
      "#SLURM --mem=1G\n"
      "echo hello\n"
      "#SBATCH --partition=late\n";
  EXPECT_EQ(Directives(script), (Args{"--job-name=test", "-N", "2", "--time", "10", "--mem=1G"}));
}

TEST(ScriptDirectiveArgumentsTest, ColumnZeroAndWordBoundary) {
  const char* script =
      "#!/bin/sh\n"
      " #SBATCH --job-name=indented\n"
      "#SBATCHX --job-name=glued\n"
      "#sbatch --job-name=lowercase\n"
      "#SBATCH\n"
      "#SBATCH\t-p\tdebug\n";
  EXPECT_EQ(Directives(script), (Args{"-p", "debug"}));
}

TEST(ScriptDirectiveArgumentsTest, SubmititStyle) {
  const char* script =
      "#!/bin/bash\n"
      "\n"
      "# Parameters\n"
      "#SBATCH --comment='my comment'\n"
      "#SBATCH --exclusive\n"
      "#SBATCH --job-name=submitit\n"
      "#SBATCH --signal=USR2@90\n"
      "\n"
      "# command\n"
      "export SUBMITIT_EXECUTOR=slurm\n";
  EXPECT_EQ(Directives(script),
            (Args{"--comment=my comment", "--exclusive", "--job-name=submitit", "--signal=USR2@90"}));
}

TEST(ScriptDirectiveArgumentsTest, NoTrailingNewline) {
  EXPECT_EQ(Directives("#!/bin/sh\n#SBATCH -J x"), (Args{"-J", "x"}));
}

TEST(ScriptDirectiveArgumentsTest, UnmatchedQuoteNamesLine) {
  auto result = ScriptDirectiveArguments("#!/bin/sh\n#SBATCH -J x\n#SBATCH --comment=\"oops\n");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().message(), "line 3: Unmatched `\"` in [#SBATCH --comment=\"oops]");
}

TEST(CheckBatchScriptTest, Accepts) {
  EXPECT_TRUE(CheckBatchScript("#!/bin/sh\necho hi\n").ok());
  EXPECT_TRUE(CheckBatchScript("#!/usr/bin/env python3\n").ok());
}

TEST(CheckBatchScriptTest, RequiresShebang) {
  Status status = CheckBatchScript("echo hi\n");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            "This does not look like a batch script.  The first line must start with #! followed by the path to "
            "an interpreter.\nFor instance: #!/bin/sh");
  EXPECT_FALSE(CheckBatchScript(" #!/bin/sh\n").ok());
}

TEST(CheckBatchScriptTest, RejectsEmptyNulAndDos) {
  EXPECT_EQ(CheckBatchScript("").message(), "Batch script is empty!");
  EXPECT_EQ(CheckBatchScript(" \n\n").message(), "Batch script contains only whitespace!");
  EXPECT_FALSE(CheckBatchScript(std::string_view("#!/bin/sh\n\0\n", 12)).ok());
  EXPECT_EQ(CheckBatchScript("#!/bin/sh\r\necho\r\n").message(),
            "Batch script contains DOS line breaks (\\r\\n)\ninstead of expected UNIX line breaks (\\n).");
}

}  // namespace
}  // namespace bramble::cli
