// Framing and envelopes; see frame.h.
#include "net/frame.h"

namespace bramble::net {

std::string EncodeFrame(std::string_view payload) {
  std::string out;
  out.reserve(kFrameHeaderBytes + payload.size());
  uint32_t n = static_cast<uint32_t>(payload.size());
  out.push_back(static_cast<char>((n >> 24) & 0xff));
  out.push_back(static_cast<char>((n >> 16) & 0xff));
  out.push_back(static_cast<char>((n >> 8) & 0xff));
  out.push_back(static_cast<char>(n & 0xff));
  out.append(payload);
  return out;
}

Result<uint32_t> DecodeFrameLength(const unsigned char header[kFrameHeaderBytes]) {
  uint32_t n = (uint32_t{header[0]} << 24) | (uint32_t{header[1]} << 16) |
               (uint32_t{header[2]} << 8) | uint32_t{header[3]};
  if (n > kMaxFrameBytes) {
    return InvalidArgument("frame of " + std::to_string(n) + " bytes exceeds the " +
                           std::to_string(kMaxFrameBytes) + "-byte limit");
  }
  return n;
}

std::string SealEnvelope(std::string_view body, const proto::Credential* credential) {
  proto::Envelope envelope;
  envelope.set_version(proto::WIRE_VERSION_CURRENT);
  if (credential != nullptr) *envelope.mutable_credential() = *credential;
  envelope.set_body(std::string(body));
  return envelope.SerializeAsString();
}

Result<proto::Envelope> OpenEnvelope(std::string_view payload) {
  proto::Envelope envelope;
  if (!envelope.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
    return InvalidArgument("malformed envelope");
  }
  if (envelope.version() != proto::WIRE_VERSION_CURRENT) {
    return InvalidArgument("unsupported wire version " + std::to_string(envelope.version()));
  }
  return envelope;
}

std::string SerializeRequest(const proto::Request& request) { return request.SerializeAsString(); }

Result<proto::Request> ParseRequest(std::string_view body) {
  proto::Request request;
  if (!request.ParseFromArray(body.data(), static_cast<int>(body.size())) ||
      request.kind_case() == proto::Request::KIND_NOT_SET) {
    return InvalidArgument("malformed request");
  }
  return request;
}

Result<proto::Response> ParseResponse(std::string_view body) {
  proto::Response response;
  if (!response.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
    return InvalidArgument("malformed response");
  }
  return response;
}

proto::Response ErrorResponse(Code code, const std::string& message) {
  proto::Response response;
  response.set_code(static_cast<int>(code));
  response.set_error(message);
  return response;
}

}  // namespace bramble::net
