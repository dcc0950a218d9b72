// Tests for PMI-2 length fields, bodies (escaping, MPICH 4.0's padding) and
// formatting.
#include "pmi/pmi2_codec.h"

#include <gtest/gtest.h>

#include "pmi/test_client.h"

namespace bramble::pmi {
namespace {

// Parses as from a client known to declare exact lengths.
Result<WireMessage> Parse(std::string_view body) {
  Pmi2Padding padding = Pmi2Padding::kExact;
  return ParsePmi2Body(body, padding);
}

TEST(ParsePmi2Length, LeftAndRightJustified) {
  EXPECT_EQ(*ParsePmi2Length("52    "), 52u);   // MPICH 4.0, Slurm: %-6d
  EXPECT_EQ(*ParsePmi2Length("    52"), 52u);   // MPICH >= 4.1: %6u
  EXPECT_EQ(*ParsePmi2Length("65536 "), 65536u);
  EXPECT_EQ(*ParsePmi2Length("000012"), 12u);
}

TEST(ParsePmi2Length, Rejects) {
  EXPECT_FALSE(ParsePmi2Length("      ").has_value());
  EXPECT_FALSE(ParsePmi2Length("0     ").has_value());
  EXPECT_FALSE(ParsePmi2Length("65537 ").has_value());
  EXPECT_FALSE(ParsePmi2Length("999999").has_value());
  EXPECT_FALSE(ParsePmi2Length("1 2   ").has_value());
  EXPECT_FALSE(ParsePmi2Length("-5    ").has_value());
  EXPECT_FALSE(ParsePmi2Length("12ab  ").has_value());
  EXPECT_FALSE(ParsePmi2Length(std::string_view("12\0\0\0\0", 6)).has_value());
  EXPECT_FALSE(ParsePmi2Length("12").has_value());
}

TEST(ParsePmi2Body, PairsInOrder) {
  Result<WireMessage> message = Parse("cmd=kvs-put;key=bc-0;value=a=b;");
  ASSERT_TRUE(message.has_value()) << message.status().message();
  EXPECT_EQ(message->command, "kvs-put");
  ASSERT_EQ(message->pairs.size(), 2u);
  EXPECT_EQ(message->pairs[0], KeyValue("key", "bc-0"));
  EXPECT_EQ(message->pairs[1], KeyValue("value", "a=b"));
}

TEST(ParsePmi2Body, DoubledSemicolonIsPartOfTheValue) {
  Result<WireMessage> message = Parse("cmd=kvs-put;key=k;value=a;;b;;;;c;");
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(*message->Find("value"), "a;b;;c");
  message = Parse("cmd=kvs-put;key=k;value=;;;");
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(*message->Find("value"), ";");
}

TEST(ParsePmi2Body, EmptyValue) {
  Result<WireMessage> message = Parse("cmd=abort;isworld=TRUE;msg=;");
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(*message->Find("msg"), "");
}

TEST(ParsePmi2Body, Rejects) {
  EXPECT_FALSE(Parse("cmd=kvs-fence").has_value());          // no final ';'
  EXPECT_FALSE(Parse("key=a;cmd=kvs-get;").has_value());     // cmd not first
  EXPECT_FALSE(Parse("cmd=kvs-get;;").has_value());          // ";;" escapes, so unterminated
  EXPECT_FALSE(Parse("cmd=kvs-get;=v;").has_value());        // empty key
  EXPECT_FALSE(Parse("cmd=kvs-get;a b=v;").has_value());     // space in key
  EXPECT_FALSE(Parse(std::string(70, 'k') + "=v;").has_value());
  EXPECT_FALSE(Parse("\x01\x02\x03\x04\x05\x06\x07\x08").has_value());
}

TEST(ParsePmi2Body, Mpich40PaddingIsIgnoredAndLearned) {
  // ParsePmi2Body sees the declared length: the body plus 6 junk bytes.
  std::string body = "cmd=fullinit;pmijobid=42.0;pmirank=1;threaded=FALSE;";
  Pmi2Padding padding = Pmi2Padding::kUnknown;
  Result<WireMessage> message = ParsePmi2Body(body + std::string(6, '\0'), padding);
  ASSERT_TRUE(message.has_value()) << message.status().message();
  EXPECT_EQ(message->command, "fullinit");
  EXPECT_EQ(*message->Find("threaded"), "FALSE");
  EXPECT_EQ(message->pairs.size(), 3u);
  EXPECT_EQ(padding, Pmi2Padding::kSixExtra);
}

TEST(ParsePmi2Body, Mpich40JunkThatLooksLikeTextIsIgnored) {
  for (std::string junk : {"y=a;va", "xxxxxx", ";;;;;;", "\xff\xfe=;;a", ";k=v;z"}) {
    Pmi2Padding padding = Pmi2Padding::kUnknown;
    Result<WireMessage> message = ParsePmi2Body("cmd=kvs-get;jobid=42.0;srcid=-1;key=bc-3;" + junk, padding);
    ASSERT_TRUE(message.has_value()) << Printable(junk) << ": " << message.status().message();
    EXPECT_EQ(*message->Find("key"), "bc-3") << Printable(junk);
    EXPECT_EQ(message->pairs.size(), 3u) << Printable(junk);
  }
}

TEST(ParsePmi2Body, LearnedPaddingDecidesAmbiguousMessages) {
  // "ab=cd;" parses as a pair, so alone this body reads either way.
  std::string ambiguous = "cmd=kvs-get;jobid=42.0;srcid=-1;key=bc-3;ab=cd;";
  Pmi2Padding padding = Pmi2Padding::kSixExtra;
  Result<WireMessage> message = ParsePmi2Body(ambiguous, padding);
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->Find("ab"), nullptr);

  padding = Pmi2Padding::kUnknown;
  message = ParsePmi2Body(ambiguous, padding);
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->Find("ab"), nullptr);
  EXPECT_EQ(padding, Pmi2Padding::kUnknown);

  padding = Pmi2Padding::kExact;
  message = ParsePmi2Body(ambiguous, padding);
  ASSERT_TRUE(message.has_value());
  ASSERT_NE(message->Find("ab"), nullptr);
  EXPECT_EQ(*message->Find("ab"), "cd");
}

TEST(ParsePmi2Body, JunkStartingWithSemicolonDoesNotSwallowTheLastValue) {
  // The junk's ';' doubles the body's last ';' when read at the declared
  // length; a connection known to pad must read only the real body.
  Pmi2Padding padding = Pmi2Padding::kSixExtra;
  Result<WireMessage> message = ParsePmi2Body("cmd=kvs-get;jobid=42.0;srcid=-1;key=bc-3;;abcd;", padding);
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(*message->Find("key"), "bc-3");
}

TEST(ParsePmi2Body, UnknownClientMayTrailUpToSixBytes) {
  Pmi2Padding padding = Pmi2Padding::kUnknown;
  Result<WireMessage> message = ParsePmi2Body("cmd=kvs-fence;a b=v;", padding);
  ASSERT_TRUE(message.has_value());
  EXPECT_TRUE(message->pairs.empty());
  EXPECT_EQ(padding, Pmi2Padding::kSixExtra);

  padding = Pmi2Padding::kUnknown;
  EXPECT_FALSE(ParsePmi2Body("cmd=kvs-fence;a b c=v;", padding).has_value());
  EXPECT_EQ(padding, Pmi2Padding::kUnknown);
}

TEST(ParsePmi2Body, LearnedPaddingIsTheOnlyReading) {
  Pmi2Padding padding = Pmi2Padding::kExact;
  EXPECT_FALSE(ParsePmi2Body("cmd=kvs-fence;" + std::string(6, '\0'), padding).has_value());
  padding = Pmi2Padding::kSixExtra;
  EXPECT_FALSE(ParsePmi2Body("cmd=kvs-fence;", padding).has_value());
}

TEST(ParsePmi2Body, ExactClientIsLearned) {
  Pmi2Padding padding = Pmi2Padding::kUnknown;
  ASSERT_TRUE(ParsePmi2Body("cmd=fullinit;pmijobid=42.0;pmirank=0;threaded=FALSE;", padding).has_value());
  EXPECT_EQ(padding, Pmi2Padding::kExact);
  // A 6-byte final pair must not be cut off as if it were padding.
  Result<WireMessage> message = ParsePmi2Body("cmd=kvs-get;jobid=42.0;srcid=-1;key=a;", padding);
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(*message->Find("key"), "a");
}

TEST(FormatPmi2Message, LengthFieldLeftJustifiedAndSemicolonsDoubled) {
  EXPECT_EQ(FormatPmi2Message("kvs-put-response", {{"rc", "0"}}), "26    cmd=kvs-put-response;rc=0;");
  std::string message = FormatPmi2Message("kvs-get-response", {{"rc", "0"}, {"found", "TRUE"}, {"value", "a;b"}});
  EXPECT_EQ(message, testing::Framed("cmd=kvs-get-response;rc=0;found=TRUE;value=a;;b;"));
}

TEST(Pmi2RoundTrip, FormattedMessagesParseBack) {
  std::string message = FormatPmi2Message("kvs-put", {{"key", "k;1"}, {"value", ";x;;"}});
  Result<size_t> length = ParsePmi2Length(std::string_view(message).substr(0, 6));
  ASSERT_TRUE(length.has_value());
  ASSERT_EQ(*length, message.size() - 6);
  Result<WireMessage> parsed = Parse(std::string_view(message).substr(6));
  ASSERT_TRUE(parsed.has_value()) << parsed.status().message();
  EXPECT_EQ(parsed->command, "kvs-put");
  EXPECT_EQ(*parsed->Find("key"), "k;1");
  EXPECT_EQ(*parsed->Find("value"), ";x;;");
}

}  // namespace
}  // namespace bramble::pmi
