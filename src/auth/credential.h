// Signed credentials: who sent a request, vouched for by the cluster secret
// (docs/auth.md). A credential binds uid, gid, issue time, a random nonce,
// the SHA-256 of the request body and the signing node's name under one
// HMAC-SHA256, so it cannot be altered, moved onto another request, or (with
// a ReplayCache) used twice.
//
// Entry points: SignCredential (the node daemon's signer, or a daemon signing
// for itself), VerifyCredential (every receiving daemon), Sha256.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::auth {

// How long a credential is accepted after it was issued: munge's default.
inline constexpr int64_t kCredentialTtlMs = 300'000;
// How far a credential's issue time may lie ahead of the verifier's clock:
// tolerates modest clock skew between hosts without NTP-perfect clocks.
inline constexpr int64_t kCredentialMaxFutureMs = 60'000;
// 128 random bits: collisions are negligible among all credentials ever made.
inline constexpr size_t kNonceBytes = 16;

// The raw 32-byte SHA-256 digest of `data`.
std::string Sha256(std::string_view data);

// Returns a credential for uid/gid issued at `now_ms` (Unix epoch ms), with
// a fresh random nonce, covering `payload_sha256` (the SHA-256 of the request
// body) and `node_name` ("" when signing for a user). Aborts the process if
// the system random generator fails: a predictable nonce is never acceptable.
proto::Credential SignCredential(std::string_view secret, uint32_t uid, uint32_t gid,
                                 std::string_view node_name, std::string_view payload_sha256,
                                 int64_t now_ms);

// Nonces of accepted credentials, kept until the credentials expire. Bounded:
// expired entries are evicted on every insert, and once `max_entries` live
// nonces are held further credentials are refused rather than a nonce
// forgotten early (which would re-open a replay window). Thread-safe.
class ReplayCache {
 public:
  // 1M entries is ~3,300 credentials a second for a whole TTL, far above what
  // one controller serves; at ~100 bytes an entry it caps memory near 100 MB.
  static constexpr size_t kDefaultMaxEntries = 1'000'000;

  explicit ReplayCache(size_t max_entries = kDefaultMaxEntries) : max_entries_(max_entries) {}

  // Remembers `nonce` until `expires_at_ms`. Unauthenticated "replayed
  // credential" when it is already held; Unavailable when the cache is full
  // of unexpired nonces. Entries with expires_at_ms < now_ms are dropped first.
  Status Insert(std::string_view nonce, int64_t expires_at_ms, int64_t now_ms);
  // The number of nonces held (expired ones not yet evicted included).
  size_t size() const;

 private:
  using Entry = std::pair<int64_t, std::string>;  // expiry, nonce

  mutable std::mutex mu_;
  size_t max_entries_;
  std::unordered_map<std::string, int64_t> expiry_by_nonce_;  // guarded by mu_
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> by_expiry_;  // guarded by mu_
};

// Checks `cred` against the secret, the expected body hash and the clock:
// the MAC (in constant time), the payload hash, issued_at within
// [now - kCredentialTtlMs, now + kCredentialMaxFutureMs], and, when `replay`
// is not null, that the nonce was not seen before (it is then recorded).
// Every failure is kUnauthenticated: "bad credential signature", "credential
// is for another request", "credential expired", "credential issued in the
// future", "replayed credential", "malformed credential"; a full replay cache
// is kUnavailable. Pass replay = nullptr only for daemon-to-daemon replies
// to a request the verifier itself sent on a connection it opened.
Status VerifyCredential(std::string_view secret, const proto::Credential& cred,
                        std::string_view payload_sha256, int64_t now_ms, ReplayCache* replay);

}  // namespace bramble::auth
