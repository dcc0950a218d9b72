// Tests for PMI-1 line parsing and formatting.
#include "pmi/pmi1_codec.h"

#include <gtest/gtest.h>

namespace bramble::pmi {
namespace {

TEST(ParsePmi1Line, CommandAndPairsInOrder) {
  Result<WireMessage> message = ParsePmi1Line("cmd=put kvsname=42.0 key=bc-0 value=port#1$host#n1$");
  ASSERT_TRUE(message.has_value()) << message.status().message();
  EXPECT_EQ(message->command, "put");
  ASSERT_EQ(message->pairs.size(), 3u);
  EXPECT_EQ(message->pairs[0], KeyValue("kvsname", "42.0"));
  EXPECT_EQ(*message->Find("value"), "port#1$host#n1$");
  EXPECT_EQ(message->Find("missing"), nullptr);
}

TEST(ParsePmi1Line, KeyEndsAtTheFirstEquals) {
  Result<WireMessage> message = ParsePmi1Line("cmd=put key=a value=x=y==");
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(*message->Find("value"), "x=y==");
}

TEST(ParsePmi1Line, EmptyValueAndExtraSpaces) {
  Result<WireMessage> message = ParsePmi1Line("cmd=put  key=a value= ");
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(*message->Find("value"), "");
  EXPECT_EQ(*message->Find("key"), "a");
}

TEST(ParsePmi1Line, CommandOnly) {
  Result<WireMessage> message = ParsePmi1Line("cmd=barrier_in");
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->command, "barrier_in");
  EXPECT_TRUE(message->pairs.empty());
}

TEST(ParsePmi1Line, Rejects) {
  EXPECT_FALSE(ParsePmi1Line("").has_value());
  EXPECT_FALSE(ParsePmi1Line("   ").has_value());
  EXPECT_FALSE(ParsePmi1Line("key=a cmd=put").has_value());
  EXPECT_FALSE(ParsePmi1Line("cmd=put key").has_value());
  EXPECT_FALSE(ParsePmi1Line("cmd=put =value").has_value());
  EXPECT_FALSE(ParsePmi1Line(std::string("cmd=put key=a\0b", 15)).has_value());
  EXPECT_FALSE(ParsePmi1Line("cmd=get key=a\r").has_value());
  EXPECT_FALSE(ParsePmi1Line("cmd=get key=\xff").has_value());
}

TEST(FormatPmi1Line, WritesCmdFirstAndEndsWithNewline) {
  EXPECT_EQ(FormatPmi1Line("get_result", {{"rc", "0"}, {"value", "v"}}), "cmd=get_result rc=0 value=v\n");
  EXPECT_EQ(FormatPmi1Line("barrier_out", {}), "cmd=barrier_out\n");
}

TEST(Pmi1Word, ReplacesSpacesAndControlBytes) {
  EXPECT_EQ(Pmi1Word("key too long"), "key_too_long");
  EXPECT_EQ(Pmi1Word(std::string("a\nb\0", 4)), "a?b?");
}

TEST(Pmi1RoundTrip, FormattedLinesParseBack) {
  std::string line = FormatPmi1Line("maxes", {{"rc", "0"}, {"kvsname_max", "256"}});
  line.pop_back();  // the '\n' is framing
  Result<WireMessage> message = ParsePmi1Line(line);
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->command, "maxes");
  EXPECT_EQ(*message->Find("kvsname_max"), "256");
}

}  // namespace
}  // namespace bramble::pmi
