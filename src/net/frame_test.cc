// Framing and envelopes: round trips, caps, and garbage.
#include "net/frame.h"

#include <gtest/gtest.h>

namespace bramble::net {
namespace {

TEST(FrameTest, HeaderIsBigEndianLength) {
  std::string frame = EncodeFrame("abc");
  ASSERT_EQ(frame.size(), 7u);
  EXPECT_EQ(frame.substr(0, 4), std::string("\0\0\0\3", 4));
  auto length = DecodeFrameLength(reinterpret_cast<const unsigned char*>(frame.data()));
  ASSERT_TRUE(length);
  EXPECT_EQ(*length, 3u);
}

TEST(FrameTest, RefusesFramesOverTheCap) {
  const unsigned char at_cap[4] = {0x01, 0x00, 0x00, 0x00};  // 16 MiB
  const unsigned char over[4] = {0x01, 0x00, 0x00, 0x01};
  EXPECT_TRUE(DecodeFrameLength(at_cap));
  EXPECT_FALSE(DecodeFrameLength(over));
}

TEST(EnvelopeTest, RoundTripsRequestAndCredential) {
  proto::Request request;
  request.mutable_query_jobs()->add_job_ids(7);
  proto::Credential credential;
  credential.set_uid(1001);
  std::string sealed = SealEnvelope(SerializeRequest(request), &credential);
  auto envelope = OpenEnvelope(sealed);
  ASSERT_TRUE(envelope);
  EXPECT_EQ(envelope->credential().uid(), 1001u);
  auto parsed = ParseRequest(envelope->body());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->query_jobs().job_ids(0), 7u);
}

TEST(EnvelopeTest, RefusesGarbageAndOtherVersions) {
  EXPECT_FALSE(OpenEnvelope(std::string("\xff\xff\xff\xff garbage", 12)));
  proto::Envelope other;
  other.set_version(99);
  EXPECT_FALSE(OpenEnvelope(other.SerializeAsString()));
  EXPECT_FALSE(ParseRequest(""));  // a request must name its kind
}

}  // namespace
}  // namespace bramble::net
