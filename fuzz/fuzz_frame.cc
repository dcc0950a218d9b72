// Fuzzes what a daemon does with the bytes of one connection before any
// handler sees them: frame lengths, envelopes, credentials and request
// bodies (net/frame.h, auth/credential.h), the path every port exposes to
// anyone who can connect. The input is a byte stream cut into frames as
// the frame server cuts it; each frame is opened, its credential checked
// against a fixed secret (with a replay cache), and its body parsed as a
// Request and as a Response (a client parses what a hostile server sends).
#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "auth/credential.h"
#include "net/frame.h"

namespace {

constexpr std::string_view kSecret = "0123456789abcdef0123456789abcdef";
constexpr int64_t kNowMs = 1'700'000'000'000;

}  // namespace

// libprotobuf logs every string field that is not UTF-8: silence it, or the
// log costs more than the parsing.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bramble;
  std::string_view stream(reinterpret_cast<const char*>(data), size);
  auth::ReplayCache replay(/*max_entries=*/64);
  while (stream.size() >= net::kFrameHeaderBytes) {
    auto length = net::DecodeFrameLength(reinterpret_cast<const unsigned char*>(stream.data()));
    if (!length) return 0;  // the server closes the connection
    stream.remove_prefix(net::kFrameHeaderBytes);
    if (*length > stream.size()) return 0;  // truncated: the server waits, then closes
    std::string_view payload = stream.substr(0, *length);
    stream.remove_prefix(*length);
    auto envelope = net::OpenEnvelope(payload);
    if (!envelope) return 0;
    if (envelope->has_credential()) {
      Status verified = auth::VerifyCredential(kSecret, envelope->credential(), auth::Sha256(envelope->body()),
                                               kNowMs, &replay);
      (void)verified;
    }
    auto request = net::ParseRequest(envelope->body());
    if (request) {
      // What the server sends back must frame again.
      std::string again = net::EncodeFrame(net::SealEnvelope(net::SerializeRequest(*request), nullptr));
      if (again.size() < net::kFrameHeaderBytes) __builtin_trap();
    }
    (void)net::ParseResponse(envelope->body());
  }
  return 0;
}
