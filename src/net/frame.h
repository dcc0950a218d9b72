// Framing: a 4-byte big-endian length, then that many bytes of a serialized
// proto::Envelope. docs/wire.md describes the whole protocol.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::net {

// Frame cap 16 MiB: a squeue reply of 10,000 jobs without scripts is about
// 3 MiB; a batch script with its environment is well under 1 MiB.
inline constexpr uint32_t kMaxFrameBytes = 16u << 20;
inline constexpr size_t kFrameHeaderBytes = 4;

// Header + payload.
std::string EncodeFrame(std::string_view payload);
// The payload length from a 4-byte header; fails when over kMaxFrameBytes.
Result<uint32_t> DecodeFrameLength(const unsigned char header[kFrameHeaderBytes]);

// Serialized Envelope{version, credential (if any), body}.
std::string SealEnvelope(std::string_view body, const proto::Credential* credential);
// Parses and checks the version; fails on garbage or another version.
Result<proto::Envelope> OpenEnvelope(std::string_view payload);

// Request/Response bodies. Parse failures are kInvalidArgument.
std::string SerializeRequest(const proto::Request& request);
Result<proto::Request> ParseRequest(std::string_view body);
Result<proto::Response> ParseResponse(std::string_view body);

// A Response carrying only an error.
proto::Response ErrorResponse(Code code, const std::string& message);

}  // namespace bramble::net
