// Credential signing and verification (see credential.h, docs/auth.md).
//
// The MAC covers a canonical byte string, not the protobuf serialization
// (which does not promise one encoding per message):
//   "bramble-credential-v1" 0x00
//   uid u32 BE | gid u32 BE | issued_at_ms i64 BE (two's complement)
//   len u32 BE | nonce | len u32 BE | payload_sha256 | len u32 BE | node_name
// Fixed-width integers and length-prefixed byte fields make the encoding
// injective: no two distinct credentials share a MAC input.
#include "auth/credential.h"

#include "auth/hmac.h"
#include "auth/random_bytes.h"

#include <nettle/sha2.h>

#include <cstdio>
#include <cstdlib>

namespace bramble::auth {
namespace {

constexpr size_t kMacBytes = 32;     // HMAC-SHA256
constexpr size_t kDigestBytes = 32;  // SHA-256
constexpr char kDomainTag[] = "bramble-credential-v1";  // sizeof includes the NUL

void PutU32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

void PutU64(std::string* out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

void PutBytes(std::string* out, std::string_view bytes) {
  PutU32(out, static_cast<uint32_t>(bytes.size()));
  out->append(bytes);
}

std::string CanonicalInput(uint32_t uid, uint32_t gid, int64_t issued_at_ms,
                           std::string_view nonce, std::string_view payload_sha256,
                           std::string_view node_name) {
  std::string out(kDomainTag, sizeof kDomainTag);
  PutU32(&out, uid);
  PutU32(&out, gid);
  PutU64(&out, static_cast<uint64_t>(issued_at_ms));
  PutBytes(&out, nonce);
  PutBytes(&out, payload_sha256);
  PutBytes(&out, node_name);
  return out;
}

std::string MacOf(std::string_view secret, const proto::Credential& cred) {
  return HmacSha256(secret, CanonicalInput(cred.uid(), cred.gid(), cred.issued_at_ms(), cred.nonce(),
                                    cred.payload_sha256(), cred.node_name()));
}

}  // namespace

std::string Sha256(std::string_view data) {
  sha256_ctx context;
  sha256_init(&context);
  sha256_update(&context, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
  std::string digest(SHA256_DIGEST_SIZE, '\0');
  sha256_digest(&context, digest.size(), reinterpret_cast<uint8_t*>(digest.data()));
  return digest;
}

proto::Credential SignCredential(std::string_view secret, uint32_t uid, uint32_t gid,
                                 std::string_view node_name, std::string_view payload_sha256,
                                 int64_t now_ms) {
  unsigned char nonce[kNonceBytes];
  if (!FillRandom(nonce, sizeof nonce).ok()) {
    std::fprintf(stderr, "bramble: getrandom failed; cannot make a credential nonce\n");
    std::abort();
  }
  proto::Credential cred;
  cred.set_uid(uid);
  cred.set_gid(gid);
  cred.set_issued_at_ms(now_ms);
  cred.set_nonce(reinterpret_cast<char*>(nonce), sizeof nonce);
  cred.set_payload_sha256(payload_sha256.data(), payload_sha256.size());
  cred.set_node_name(node_name.data(), node_name.size());
  cred.set_mac(MacOf(secret, cred));
  return cred;
}

Status ReplayCache::Insert(std::string_view nonce, int64_t expires_at_ms, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  while (!by_expiry_.empty() && by_expiry_.top().first < now_ms) {
    expiry_by_nonce_.erase(by_expiry_.top().second);
    by_expiry_.pop();
  }
  std::string key(nonce);
  if (expiry_by_nonce_.count(key) != 0) return Unauthenticated("replayed credential");
  if (expiry_by_nonce_.size() >= max_entries_) {
    return Unavailable("replay cache full (" + std::to_string(max_entries_) +
                       " live credentials); try again later");
  }
  expiry_by_nonce_.emplace(key, expires_at_ms);
  by_expiry_.emplace(expires_at_ms, std::move(key));
  return Status::Ok();
}

size_t ReplayCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return expiry_by_nonce_.size();
}

Status VerifyCredential(std::string_view secret, const proto::Credential& cred,
                        std::string_view payload_sha256, int64_t now_ms, ReplayCache* replay) {
  if (secret.empty()) return Internal("no cluster secret loaded");
  if (cred.nonce().size() != kNonceBytes || cred.mac().size() != kMacBytes ||
      cred.payload_sha256().size() != kDigestBytes) {
    return Unauthenticated("malformed credential");
  }
  if (!ConstantTimeEqual(MacOf(secret, cred), cred.mac())) {
    return Unauthenticated("bad credential signature");
  }
  if (!ConstantTimeEqual(cred.payload_sha256(), payload_sha256)) {
    return Unauthenticated("credential is for another request");
  }
  // Whole seconds first, so the difference cannot overflow whatever was signed.
  int64_t age_s = now_ms / 1000 - cred.issued_at_ms() / 1000;
  if (cred.issued_at_ms() < now_ms - kCredentialTtlMs) {
    return Unauthenticated("credential expired (issued " + std::to_string(age_s) +
                           " s ago; check clocks)");
  }
  if (cred.issued_at_ms() > now_ms + kCredentialMaxFutureMs) {
    return Unauthenticated("credential issued in the future (" + std::to_string(-age_s) +
                           " s ahead; check clocks)");
  }
  if (replay != nullptr) {
    return replay->Insert(cred.nonce(), cred.issued_at_ms() + kCredentialTtlMs, now_ms);
  }
  return Status::Ok();
}

}  // namespace bramble::auth
