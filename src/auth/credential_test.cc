// Tests for credential signing, verification and the replay cache.
#include "auth/credential.h"

#include <gtest/gtest.h>

#include <functional>

namespace bramble::auth {
namespace {

const std::string kSecret(32, 'k');
constexpr int64_t kNow = 1'700'000'000'000;

class CredentialTest : public ::testing::Test {
 protected:
  std::string payload_ = Sha256("request body");
  proto::Credential cred_ = SignCredential(kSecret, 1000, 100, "node01", payload_, kNow);
};

TEST(Sha256Test, KnownDigest) {
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  std::string digest = Sha256("abc");
  ASSERT_EQ(digest.size(), 32u);
  EXPECT_EQ(static_cast<unsigned char>(digest[0]), 0xba);
  EXPECT_EQ(static_cast<unsigned char>(digest[31]), 0xad);
}

TEST_F(CredentialTest, SignFillsFields) {
  EXPECT_EQ(cred_.uid(), 1000u);
  EXPECT_EQ(cred_.gid(), 100u);
  EXPECT_EQ(cred_.issued_at_ms(), kNow);
  EXPECT_EQ(cred_.node_name(), "node01");
  EXPECT_EQ(cred_.nonce().size(), kNonceBytes);
  EXPECT_EQ(cred_.mac().size(), 32u);
  proto::Credential other = SignCredential(kSecret, 1000, 100, "node01", payload_, kNow);
  EXPECT_NE(other.nonce(), cred_.nonce());
}

TEST_F(CredentialTest, RoundTrip) {
  ReplayCache replay;
  EXPECT_TRUE(VerifyCredential(kSecret, cred_, payload_, kNow, &replay).ok());
  EXPECT_TRUE(VerifyCredential(kSecret, cred_, payload_, kNow + 1000, nullptr).ok());
}

TEST_F(CredentialTest, SurvivesSerialization) {
  proto::Credential parsed;
  ASSERT_TRUE(parsed.ParseFromString(cred_.SerializeAsString()));
  EXPECT_TRUE(VerifyCredential(kSecret, parsed, payload_, kNow, nullptr).ok());
}

TEST_F(CredentialTest, TamperedFieldsRejected) {
  std::vector<std::pair<const char*, std::function<void(proto::Credential*)>>> tamperings = {
      {"uid", [](proto::Credential* c) { c->set_uid(0); }},
      {"gid", [](proto::Credential* c) { c->set_gid(0); }},
      {"time", [](proto::Credential* c) { c->set_issued_at_ms(c->issued_at_ms() + 1); }},
      {"nonce", [](proto::Credential* c) { (*c->mutable_nonce())[0] ^= 1; }},
      {"payload", [](proto::Credential* c) { (*c->mutable_payload_sha256())[0] ^= 1; }},
      {"node_name", [](proto::Credential* c) { c->set_node_name("node02"); }},
      {"node_name moved", [](proto::Credential* c) { c->set_node_name(""); }},
      {"mac", [](proto::Credential* c) { (*c->mutable_mac())[31] ^= 1; }},
  };
  for (const auto& [what, tamper] : tamperings) {
    proto::Credential bad = cred_;
    tamper(&bad);
    // Verify against the tampered payload too, so only the MAC can catch it.
    Status st = VerifyCredential(kSecret, bad, bad.payload_sha256(), kNow, nullptr);
    EXPECT_EQ(st.code(), Code::kUnauthenticated) << what;
    EXPECT_EQ(st.message(), "bad credential signature") << what;
  }
}

TEST_F(CredentialTest, WrongPayloadRejected) {
  Status st = VerifyCredential(kSecret, cred_, Sha256("another body"), kNow, nullptr);
  EXPECT_EQ(st.code(), Code::kUnauthenticated);
  EXPECT_EQ(st.message(), "credential is for another request");
}

TEST_F(CredentialTest, WrongSecretRejected) {
  Status st = VerifyCredential(std::string(32, 'x'), cred_, payload_, kNow, nullptr);
  EXPECT_EQ(st.code(), Code::kUnauthenticated);
  EXPECT_EQ(st.message(), "bad credential signature");
}

TEST_F(CredentialTest, MalformedRejected) {
  proto::Credential bad = cred_;
  bad.mutable_mac()->pop_back();
  EXPECT_EQ(VerifyCredential(kSecret, bad, payload_, kNow, nullptr).message(),
            "malformed credential");
  EXPECT_EQ(VerifyCredential(kSecret, proto::Credential(), payload_, kNow, nullptr).code(),
            Code::kUnauthenticated);
}

TEST_F(CredentialTest, ExpiredRejected) {
  EXPECT_TRUE(VerifyCredential(kSecret, cred_, payload_, kNow + kCredentialTtlMs, nullptr).ok());
  Status st = VerifyCredential(kSecret, cred_, payload_, kNow + kCredentialTtlMs + 1, nullptr);
  EXPECT_EQ(st.code(), Code::kUnauthenticated);
  EXPECT_NE(st.message().find("credential expired"), std::string::npos) << st.message();
}

TEST_F(CredentialTest, FutureDatedRejected) {
  EXPECT_TRUE(
      VerifyCredential(kSecret, cred_, payload_, kNow - kCredentialMaxFutureMs, nullptr).ok());
  Status st =
      VerifyCredential(kSecret, cred_, payload_, kNow - kCredentialMaxFutureMs - 1, nullptr);
  EXPECT_EQ(st.code(), Code::kUnauthenticated);
  EXPECT_NE(st.message().find("in the future"), std::string::npos) << st.message();
}

TEST_F(CredentialTest, ReplayRejected) {
  ReplayCache replay;
  ASSERT_TRUE(VerifyCredential(kSecret, cred_, payload_, kNow, &replay).ok());
  Status st = VerifyCredential(kSecret, cred_, payload_, kNow + 10, &replay);
  EXPECT_EQ(st.code(), Code::kUnauthenticated);
  EXPECT_EQ(st.message(), "replayed credential");
  // A fresh credential for the same request is fine.
  proto::Credential again = SignCredential(kSecret, 1000, 100, "node01", payload_, kNow);
  EXPECT_TRUE(VerifyCredential(kSecret, again, payload_, kNow + 10, &replay).ok());
}

TEST_F(CredentialTest, RejectedCredentialNotRemembered) {
  ReplayCache replay;
  proto::Credential bad = cred_;
  bad.set_uid(0);
  EXPECT_FALSE(VerifyCredential(kSecret, bad, payload_, kNow, &replay).ok());
  EXPECT_EQ(replay.size(), 0u);
}

TEST(ReplayCacheTest, ForgetsAfterTtl) {
  ReplayCache replay;
  ASSERT_TRUE(replay.Insert("nonce-a", 1000, 0).ok());
  EXPECT_EQ(replay.Insert("nonce-a", 1000, 1000).message(), "replayed credential");
  // An insert after expiry evicts it.
  ASSERT_TRUE(replay.Insert("nonce-b", 2000, 1001).ok());
  EXPECT_EQ(replay.size(), 1u);
  EXPECT_TRUE(replay.Insert("nonce-a", 3000, 1001).ok());
}

TEST(ReplayCacheTest, VerifyForgetsExpiredCredentials) {
  const std::string secret(32, 's');
  const std::string payload = Sha256("x");
  ReplayCache replay;
  for (int i = 0; i < 100; ++i) {
    proto::Credential c = SignCredential(secret, 1, 1, "", payload, kNow + i);
    ASSERT_TRUE(VerifyCredential(secret, c, payload, kNow + i, &replay).ok());
  }
  EXPECT_EQ(replay.size(), 100u);
  proto::Credential late =
      SignCredential(secret, 1, 1, "", payload, kNow + kCredentialTtlMs + 200);
  ASSERT_TRUE(
      VerifyCredential(secret, late, payload, kNow + kCredentialTtlMs + 200, &replay).ok());
  EXPECT_EQ(replay.size(), 1u);
}

TEST(ReplayCacheTest, FullCacheRefusesRatherThanForgets) {
  ReplayCache replay(/*max_entries=*/2);
  ASSERT_TRUE(replay.Insert("a", 100, 0).ok());
  ASSERT_TRUE(replay.Insert("b", 100, 0).ok());
  Status st = replay.Insert("c", 100, 0);
  EXPECT_EQ(st.code(), Code::kUnavailable);
  EXPECT_EQ(replay.Insert("a", 100, 50).message(), "replayed credential");
  // Once entries expire there is room again.
  EXPECT_TRUE(replay.Insert("c", 300, 101).ok());
}

}  // namespace
}  // namespace bramble::auth
