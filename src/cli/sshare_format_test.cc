#include "cli/sshare_format.h"

#include <gtest/gtest.h>

#include "cli/sshare_options.h"

namespace bramble::cli {
namespace {

proto::SharesReply Reply() {
  proto::SharesReply reply;
  proto::ShareRow* root = reply.add_rows();
  root->set_account("root");
  root->set_norm_shares(1.0);
  root->set_raw_usage(3600.7);
  root->set_effective_usage(1.0);
  root->set_fair_share(1.0);
  proto::ShareRow* alice = reply.add_rows();
  alice->set_account("root");
  alice->set_user("alice");
  alice->set_raw_shares(1);
  alice->set_norm_shares(0.5);
  alice->set_raw_usage(3600.7);
  alice->set_effective_usage(1.0);
  alice->set_fair_share(0.5);
  proto::ShareRow* bob = reply.add_rows();
  bob->set_account("root");
  bob->set_user("bob");
  bob->set_raw_shares(1);
  bob->set_norm_shares(0.5);
  bob->set_fair_share(1.0);
  return reply;
}

std::vector<SshareColumn> Columns(const std::string& list) {
  Result<std::vector<SshareColumn>> columns = ParseSshareFields(list);
  EXPECT_TRUE(columns.has_value()) << list;
  return columns ? *columns : std::vector<SshareColumn>{};
}

std::string Render(const std::string& fields, bool header, SshareStyle style = SshareStyle::kAligned,
                   bool users_only = false) {
  std::vector<proto::ShareRow> rows = FilterShareRows(Reply(), true, {}, {}, users_only);
  return FormatSshare(rows, Columns(fields), header, style);
}

TEST(SshareFormatTest, DefaultLayout) {
  EXPECT_EQ(Render(DefaultSshareFields(false), true),
            "Account                    User  RawShares  NormShares    RawUsage  EffectvUsage  FairShare \n"
            "-------------------- ---------- ---------- ----------- ----------- ------------- ---------- \n"
            "root                                          1.000000        3600      1.000000            \n"
            " root                     alice          1    0.500000        3600      1.000000   0.500000 \n"
            " root                       bob          1    0.500000           0      0.000000   1.000000 \n");
}

TEST(SshareFormatTest, SnakemakeAccountQuery) {
  // `sshare -U --format Account%256 --noheader`: user lines only, the
  // account right-justified in 256 columns; without the root line above
  // them the users' account is not indented (as in Slurm).
  std::string line = std::string(252, ' ') + "root \n";
  EXPECT_EQ(Render("Account%256,", false, SshareStyle::kAligned, true), line + line);
  EXPECT_EQ(Render("Account%256", true, SshareStyle::kAligned, true).substr(0, 258),
            std::string(249, ' ') + "Account \n");
}

TEST(SshareFormatTest, ParsableStyles) {
  EXPECT_EQ(Render("Account,User,RawShares,FairShare", true, SshareStyle::kParsable2),
            "Account|User|RawShares|FairShare\n"
            "root|||\n"
            " root|alice|1|0.500000\n"
            " root|bob|1|1.000000\n");
  EXPECT_EQ(Render("A,U", true, SshareStyle::kParsable), "Account|User|\nroot||\n root|alice|\n root|bob|\n");
}

TEST(SshareFormatTest, WidthsCutsAndJustification) {
  EXPECT_EQ(Render("User%4,Account%-6,NormShares%12,RawUsage%-5", false),
            "     root       1.000000 3600  \n"
            "ali+  root      0.500000 3600  \n"
            " bob  root      0.500000 0     \n");
  // A ratio too wide for its column falls back to Slurm's "%*.*e" with the
  // precision shrunk (to below zero here, which printf reads as the default).
  EXPECT_EQ(Render("User%2,Eff%4", true, SshareStyle::kAligned, true),
            "Us Effe \n-- ---- \na+ 1.000000e+00 \nb+ 0.000000e+00 \n");
}

TEST(SshareFormatTest, LongLayoutAndLevelFs) {
  EXPECT_EQ(DefaultSshareFields(true),
            "A,User,RawShares,NormShares,RawUsage,NormUsage,Eff,Fairshare,LevelFS,GrpTRESMins,TRESRunMins");
  EXPECT_EQ(Render("U,NormUsage,LevelFS,Cluster,ID,GrpTRESMins", false, SshareStyle::kParsable2),
            "|1.000000||||\nalice|1.000000|0.500000|||\nbob|0.000000|inf|||\n");
  std::vector<SshareColumn> long_columns = Columns(DefaultSshareFields(true));
  EXPECT_EQ(long_columns.size(), 11u);
}

TEST(SshareFormatTest, FieldNamesArePrefixes) {
  std::vector<SshareColumn> columns = Columns("a,Raw,rawu,Eff,F,LevelFS%-12,user,User");
  ASSERT_EQ(columns.size(), 7u);  // "User" repeats "user" (case-insensitive) and is dropped
  EXPECT_EQ(Render("a,Raw,rawu", true, SshareStyle::kParsable2).substr(0, 27), "Account|RawShares|RawUsage\n");
  EXPECT_EQ(columns[5].width, -12);
  Result<std::vector<SshareColumn>> bad = ParseSshareFields("Account,Bogus%5");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message(), "sshare: error: Invalid field requested: \"Bogus\"");
}

TEST(SshareFormatTest, RowFilters) {
  auto users_of = [](const std::vector<proto::ShareRow>& rows) {
    std::string out;
    for (const auto& row : rows) out += (row.user().empty() ? "<" + row.account() + ">" : row.user()) + " ";
    return out;
  };
  EXPECT_EQ(users_of(FilterShareRows(Reply(), false, {"bob"}, {}, false)), "<root> bob ");
  EXPECT_EQ(users_of(FilterShareRows(Reply(), false, {"bob"}, {}, true)), "bob ");
  EXPECT_EQ(users_of(FilterShareRows(Reply(), true, {}, {}, false)), "<root> alice bob ");
  EXPECT_EQ(users_of(FilterShareRows(Reply(), true, {}, {"other"}, false)), "");
}

TEST(SshareFormatTest, FieldList) {
  std::string list = SshareFieldList();
  EXPECT_EQ(list.substr(0, 72), "Account           Cluster           EffectvUsage      FairShare        \n");
  EXPECT_EQ(list.back(), '\n');
}

TEST(SshareOptionsTest, Options) {
  auto parse = [](std::vector<std::string> args) {
    args.insert(args.begin(), "sshare");
    return ParseSshareOptions(args);
  };
  Result<SshareOptions> snakemake = parse({"-U", "--format", "Account%256", "--noheader"});
  ASSERT_TRUE(snakemake.has_value());
  EXPECT_TRUE(snakemake->users_only);
  EXPECT_TRUE(snakemake->no_header);
  EXPECT_EQ(snakemake->fields, "Account%256,");
  EXPECT_FALSE(snakemake->all_users);
  EXPECT_TRUE(snakemake->users.empty());
  Result<SshareOptions> many = parse({"-o", "A", "-oUser", "-u", "bob,carol", "-A", "x", "-l", "-P"});
  ASSERT_TRUE(many.has_value());
  EXPECT_EQ(many->fields, "A,User,");
  EXPECT_EQ(many->users, (std::vector<std::string>{"bob", "carol"}));
  EXPECT_EQ(many->accounts, std::vector<std::string>{"x"});
  EXPECT_TRUE(many->long_format);
  EXPECT_EQ(many->style, SshareStyle::kParsable2);
  EXPECT_TRUE(parse({"-u", "-1"})->all_users);
  EXPECT_TRUE(parse({"-u", "bob", "-a"})->users.empty());  // as in Slurm, the later of -a and -u wins
  EXPECT_FALSE(parse({"-a", "-u", "bob"})->all_users);
  EXPECT_EQ(parse({"-p"})->style, SshareStyle::kParsable);
  EXPECT_TRUE(parse({"--help"})->usage);
  EXPECT_TRUE(parse({"--usage"})->usage);
  EXPECT_TRUE(parse({"-e"})->help_format);
  Result<SshareOptions> bad = parse({"--bogus"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message(), "sshare: unrecognized option '--bogus'\nTry \"sshare --help\" for more information");
}

}  // namespace
}  // namespace bramble::cli
