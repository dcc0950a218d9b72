// See hmac.h. Nettle (GnuTLS's crypto library) rather than OpenSSL: these
// two primitives are all Bramble needs, and OpenSSL's HMAC goes through its
// provider framework, which pulled 2.2 MB of unrelated algorithms into the
// binary and cost each process about 1.5 ms to set up at first use
// (docs/performance.md).
#include "auth/hmac.h"

#include <nettle/hmac.h>
#include <nettle/memops.h>

namespace bramble::auth {

std::string HmacSha256(std::string_view secret, std::string_view data) {
  hmac_sha256_ctx context;
  hmac_sha256_set_key(&context, secret.size(), reinterpret_cast<const uint8_t*>(secret.data()));
  hmac_sha256_update(&context, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
  std::string mac(SHA256_DIGEST_SIZE, '\0');
  hmac_sha256_digest(&context, mac.size(), reinterpret_cast<uint8_t*>(mac.data()));
  return mac;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && memeql_sec(a.data(), b.data(), a.size()) != 0;
}

}  // namespace bramble::auth
